"""Draw the app icons with Pillow; `python -m companion.shell.icons` regenerates static/icons/."""

from pathlib import Path

from PIL import Image, ImageDraw

from ..config import app_files

ICON_DIR = app_files()["static"] / "icons"

BACKGROUND = (18, 38, 58, 255)  # #12263a, the manifest's theme colour
BACK_BUBBLE = (46, 196, 182, 255)  # teal
FRONT_BUBBLE = (255, 183, 3, 255)  # amber
SUPERSAMPLE = 4  # draw large, then shrink: Pillow's shapes have no anti-aliasing of their own
PALETTE_COLOURS = 64

# name -> (size in px, full bleed). Full-bleed icons are cropped by the platform (maskable
# circles, iOS rounded squares), so they fill every pixel and keep the mark in the safe zone.
ICONS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, True),
}


def bubble(draw: ImageDraw.ImageDraw, box, tail_left: bool, fill, outline, width: int) -> None:
    """Draw a rounded speech bubble with a tail at its lower left or lower right corner."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    tail_x = x0 + w * 0.22 if tail_left else x1 - w * 0.22
    tip_x = x0 + w * 0.08 if tail_left else x1 - w * 0.08
    root = y1 - h * 0.2
    tail = [(tail_x - w * 0.1, root), (tail_x + w * 0.1, root), (tip_x, y1 + h * 0.28)]
    # The outline is the background colour drawn wider first, so the front bubble reads as
    # sitting on top of the back one instead of merging with it.
    if width:
        draw.polygon(tail, fill=outline, outline=outline, width=width * 2)
        draw.rounded_rectangle(box, radius=h * 0.42, fill=outline, outline=outline, width=width)
    draw.polygon(tail, fill=fill)
    draw.rounded_rectangle(box, radius=h * 0.42, fill=fill)


def render_icon(size: int, full_bleed: bool) -> Image.Image:
    """Return the Companion mark (two overlapping speech bubbles) as a square RGBA image."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if full_bleed:
        draw.rectangle((0, 0, big, big), fill=BACKGROUND)
        inset = big * 0.2  # maskable safe zone: the central 80% circle
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=BACKGROUND)
        inset = big * 0.14
    span = big - 2 * inset

    def box(*fractions: float) -> tuple[float, ...]:
        """Map (left, top, right, bottom) fractions of the mark's area to pixels."""
        return tuple(inset + span * fraction for fraction in fractions)

    bubble(draw, box(0.02, 0.08, 0.70, 0.52), True, BACK_BUBBLE, BACKGROUND, 0)
    bubble(draw, box(0.30, 0.40, 0.98, 0.84), False, FRONT_BUBBLE, BACKGROUND, int(big * 0.025))
    # Three dots in the front bubble: a conversation under way.
    radius = span * 0.045
    for i in range(3):
        cx, cy = inset + span * (0.48 + i * 0.16), inset + span * 0.62
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=BACKGROUND)
    icon = image.resize((size, size), Image.Resampling.LANCZOS)
    # iOS shows transparency as black; the Apple icon and the maskable one have none.
    return icon.convert("RGB") if full_bleed else icon


def with_palette(icon: Image.Image) -> Image.Image:
    """Return `icon` with a palette of PALETTE_COLOURS: a third of the bytes, the same look.

    The mark has four flat colours; the rest are the anti-aliased edges between them, which 64
    shades render as smoothly as thousands. The Apple icon is precached with the app shell, so
    its bytes count against every install.
    """
    paletted = icon.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE,
                             dither=Image.Dither.NONE)
    # The quantizer rounds each colour a little; the flat areas must keep the exact brand
    # colours (the background is the manifest's theme colour, seen beside the icon).
    mode = paletted.palette.mode
    flat = paletted.getpalette(rawmode=mode)
    entries = [flat[i:i + len(mode)] for i in range(0, len(flat), len(mode))]
    for colour in (BACKGROUND, BACK_BUBBLE, FRONT_BUBBLE):
        wanted = list(colour[:len(mode)])
        nearest = min(range(len(entries)), key=lambda i: sum(
            (have - want) ** 2 for have, want in zip(entries[i], wanted, strict=True)))
        entries[nearest] = wanted
    paletted.putpalette([value for entry in entries for value in entry], rawmode=mode)
    return paletted


def write_icons(directory: Path = ICON_DIR) -> list[Path]:
    """Render every icon into `directory` and return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (size, full_bleed) in ICONS.items():
        path = directory / name
        with_palette(render_icon(size, full_bleed)).save(path, optimize=True)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_icons():
        print(written_path)
