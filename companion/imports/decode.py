"""Turn uploaded bytes into text, or say in one sentence why they are not a text file."""

import codecs
import re
import unicodedata

from .model import ImportProblem

# Longest signatures first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SAVE_AS_CSV = "save it as CSV (File › Save As › CSV UTF-8) and import that file"
_NOT_TEXT = (
    (b"PK\x03\x04", f"This is an Excel workbook (.xlsx) or another zip archive; {_SAVE_AS_CSV}."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", f"This is an old Excel workbook (.xls); {_SAVE_AS_CSV}."),
    (b"%PDF", "This is a PDF, not a CSV file; export the attendee list as CSV instead."),
    (b"\x89PNG", "This is an image (PNG), not a CSV file; export the attendee list as CSV."),
    (b"\xff\xd8\xff", "This is an image (JPEG), not a CSV file; export the attendee list as CSV."),
    (b"GIF8", "This is an image (GIF), not a CSV file; export the attendee list as CSV."),
    (b"\x1f\x8b", "This is a compressed (gzip) file; unpack it and import the CSV inside."),
)
_BINARY = "This file is not text (it looks binary); export the attendee list as a CSV file."

# C0 and C1 control characters other than tab, newlines and form feed: text never has many.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SNIFF_CHARS = 65536


def decode(data: bytes, max_bytes: int) -> str:
    """Return the text of an uploaded file, raising ImportProblem when it is not usable text."""
    if len(data) > max_bytes:
        raise ImportProblem(
            f"The file is {_size(len(data))}, over the import limit of {_size(max_bytes)}."
        )
    text = _decode_text(data)
    if not text or text.isspace():
        raise ImportProblem("The file is empty: no attendees found.")
    sample = text[:_SNIFF_CHARS]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ImportProblem(_BINARY)
    return compose(text)


def compose(text: str) -> str:
    """Return text in NFC, so "é" typed as "e" + combining accent (as macOS writes it) matches."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _decode_text(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, start=len(bom))
    for signature, message in _NOT_TEXT:
        if data.startswith(signature):
            raise ImportProblem(message)
    if b"\x00" in data:
        return _strict(data, _utf16_without_bom(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five bytes are undefined in cp1252; Latin-1 maps every byte, so it always succeeds.
        return data.decode("latin-1")


def _utf16_without_bom(data: bytes) -> str:
    """Name the UTF-16 byte order whose NUL pattern the data shows, else call it binary."""
    # Latin text in UTF-16 has a NUL in every other byte: odd positions for LE, even for BE.
    sample = data[: 4096 & ~1]
    pairs = len(sample) // 2
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls >= pairs * 0.4 and even_nuls <= pairs * 0.05:
        return "utf-16-le"
    if even_nuls >= pairs * 0.4 and odd_nuls <= pairs * 0.05:
        return "utf-16-be"
    raise ImportProblem(_BINARY)


def _strict(data: bytes, encoding: str, start: int = 0) -> str:
    try:
        return data[start:].decode(encoding)
    except UnicodeDecodeError as error:
        name = "-".join(encoding.split("-")[:2]).upper()
        raise ImportProblem(
            f"The file is not valid {name} text (it breaks at byte {start + error.start}); "
            "export it again as CSV UTF-8."
        ) from None


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} bytes"
