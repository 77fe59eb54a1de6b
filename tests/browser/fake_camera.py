"""A fake camera for Chromium: a YUV4MPEG2 video whose frames show a QR code."""

from pathlib import Path

import qrcode
from PIL import Image

WIDTH, HEIGHT = 640, 480


def qr_frame(payload: str, width: int = WIDTH, height: int = HEIGHT) -> Image.Image:
    """Return a greyscale frame with the QR code centred on white, as a phone would see it."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(payload)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white").convert("L")
    side = min(width, height) - 40
    image = image.resize((side, side), Image.NEAREST)
    frame = Image.new("L", (width, height), 255)
    frame.paste(image, ((width - side) // 2, (height - side) // 2))
    return frame


def write_y4m(path: Path, payload: str, frames: int = 10) -> Path:
    """Write a 4:2:0 Y4M video of `frames` identical frames showing `payload` as a QR code."""
    frame = qr_frame(payload)
    luma = frame.tobytes()
    # Grey has no colour: both chroma planes sit at the neutral 128, at quarter resolution.
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)
    return path
