"""Draw a printable name badge: the card's QR code with name, title and company beside it."""

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from .qrcodes import qr_version, render_png

# A standard 4 x 3 inch badge-holder insert at 300 dpi.
DPI = 300
SIZE = (4 * DPI, 3 * DPI)
MARGIN = 60
QR_BORDER = 2
INK, PAPER, MUTED = (17, 24, 39), (255, 255, 255), (75, 85, 99)
FONT_FILES = (
    # A CJK-capable font first where the server has one (Debian: fonts-noto-cjk); it also
    # covers Latin. Without one, names in other scripts need the HTML print page.
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Return a system font when one is installed, else Pillow's built-in one."""
    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def fit(draw: ImageDraw.ImageDraw, text: str, width: int, size: int, smallest: int):
    """Return (font, lines) for text in `width`: shrink first, then wrap in two, then shorten."""
    text = " ".join((text or "").split())
    if not text:
        return font(smallest), []
    candidates = [[text], wrap(text)]
    for lines in candidates:
        for points in range(size, smallest - 1, -4):
            face = font(points)
            if all(draw.textlength(line, font=face) <= width for line in lines):
                return face, lines
    face, lines = font(smallest), candidates[-1]
    return face, [shorten(draw, line, face, width) for line in lines]


def shorten(draw, line: str, face, width: int) -> str:
    while len(line) > 1 and draw.textlength(line + "…", font=face) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def wrap(text: str) -> list[str]:
    """Split text at the space nearest its middle."""
    spaces = [index for index, char in enumerate(text) if char == " "]
    if not spaces:
        return [text]
    middle = min(spaces, key=lambda index: abs(index - len(text) / 2))
    return [text[:middle], text[middle + 1:]]


def render_badge(name: str, title: str, company: str, payload: str) -> bytes:
    """Return the badge as a PNG: the person across the top, the QR code below."""
    badge = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(badge)
    width = SIZE[0] - 2 * MARGIN
    y = MARGIN
    for text, size, smallest, colour in (
        (name, 96, 52, INK), (title, 48, 30, MUTED), (company, 48, 30, MUTED),
    ):
        face, lines = fit(draw, text, width, size, smallest)
        for line in lines:
            draw.text((MARGIN, y), line, font=face, fill=colour)
            y += round(face.size * 1.2)
    room = SIZE[1] - MARGIN - (y + 20)
    # Whole pixels per module keep every module the same size, which scanners rely on.
    modules = 17 + 4 * qr_version(payload, "H") + 2 * QR_BORDER
    png = render_png(payload, error="H", box_size=max(1, room // modules), border=QR_BORDER)
    qr = Image.open(io.BytesIO(png)).convert("RGB")
    badge.paste(qr, ((SIZE[0] - qr.width) // 2, y + 20))
    out = io.BytesIO()
    badge.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()
