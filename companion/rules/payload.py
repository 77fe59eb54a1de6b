"""Classify and parse whatever a QR code held: vCard, MECARD, LinkedIn profile, link or text.

Scanned content is untrusted. Everything returned is plain text for the caller to show as
text; only http(s) addresses ever come back as `url` or `linkedin`. This is the reference
parser: static/js/rules/payload.js is its JavaScript twin, which parses offline in the phone's
scanner, and tests/payload_cases.py holds the cases both must agree on, so a change here needs
the same change there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from .codes import au_card, bizcard, bookmark, compose_name, mecard, plain_contact, split_unescaped
from .links import http_url, linkedin_url, trim, web_link

__all__ = ["PayloadError", "Scanned", "parse_scanned", "name_from_slug"]

MAX_CHARS = 4096  # a version 40 QR holds at most 2953 bytes; anything longer is not a badge
MAX_LINES = 200
_SLUG_SUFFIX = re.compile(r"(?=[a-z]*[0-9])[0-9a-z]{5,}", re.IGNORECASE | re.ASCII)


class PayloadError(ValueError):
    """Scanned or uploaded contact data that is refused; the message is for the user."""


# ---------------------------------------------------------------- vCard

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_C1 = re.compile(r"[\x80-\x9f]")
# Gmail and Apple's Address Book write \" for a quote; RFC 2426 and 6350 escape the rest.
_ESCAPED = re.compile(r"\\([\\,;:nN\"])")
# vCard 2.1 escapes only inside values of several parts (N, ORG), and never writes \n: a
# backslash in its FN or NOTE is the text itself (Android's importer reads it so).
_ESCAPED_21 = re.compile(r"\\([\\,;:])")
_QP_BYTE = re.compile(r"(=[0-9A-Fa-f]{2})")
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
# The charsets vCard 2.1 exporters really write (Latin-1 is read as windows-1252, as WHATWG
# does), named as the JavaScript twin names them for TextDecoder. Any other label is read as
# UTF-8 on both sides, so the twins never disagree over a charset only one of them knows.
_CHARSETS = {
    **dict.fromkeys(("utf-8", "utf8"), "utf-8"),
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
                     "windows-1252", "cp1252"), "windows-1252"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "ms_kanji"),
                    "shift_jis"),
}


def unescape(value: str) -> str:
    """Undo vCard backslash escapes; unknown ones are kept as written."""
    return _ESCAPED.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def _unescape_21(value: str) -> str:
    return _ESCAPED_21.sub(lambda m: m[1], value)


_CONTROLS = "This code contains control characters and was refused."


def check_text(value: str) -> str:
    """Return value, or raise PayloadError when it holds control characters."""
    if _CONTROL.search(value):
        raise PayloadError(_CONTROLS)
    return value


def _split_property(line: str) -> tuple[str, str] | None:
    """Split a content line at its first colon outside double quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1:]
    return None


def logical_lines(text: str) -> list[str]:
    """Unfold text into content lines: 3.0/4.0 folding, 2.1 folding and QP soft breaks."""
    lines: list[str] = []
    legacy = False  # vCard 2.1 keeps the whitespace of a fold; 3.0 and 4.0 drop one character
    for physical in LINE_BREAK.split(text):
        if lines and lines[-1].endswith("=") and "QUOTED-PRINTABLE" in (
            _split_property(lines[-1]) or ("",)
        )[0].upper():
            lines[-1] = lines[-1][:-1] + physical  # quoted-printable soft line break
        elif lines and physical[:1] in (" ", "\t"):
            lines[-1] += physical if legacy else physical[1:]
        else:
            if lines:
                previous = lines[-1].upper()
                if previous.startswith("BEGIN:VCARD"):
                    legacy = False
                elif re.fullmatch(r"VERSION:[ \t]*2\.1[ \t]*", previous):
                    legacy = True
            lines.append(physical)
    return lines


def _parameters(head: str) -> tuple[str, dict[str, list[str]]]:
    """Return the upper-case property name (group dropped) and its parameters."""
    parts = split_unescaped(head, ";")  # quoted parameter values never hold ';' in practice
    name = trim(parts[0].rsplit(".", 1)[-1]).upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, sep, raw = part.partition("=")
        if not sep:  # vCard 2.1 bare parameter: TEL;CELL;PREF or NOTE;QUOTED-PRINTABLE
            bare = trim(key).upper()
            key = "ENCODING" if bare in {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT"} else "TYPE"
            raw = bare
        values = [trim(v).strip('"') for v in raw.split(",")]
        params.setdefault(trim(key).upper(), []).extend(values)
    return name, params


def _decode_quoted_printable(value: str, charset: str) -> str:
    """Decode QP octets in the given charset, the way browsers' TextDecoder would."""
    data = b"".join(
        bytes([int(part[1:], 16)]) if _QP_BYTE.fullmatch(part) else part.encode("utf-8")
        for part in _QP_BYTE.split(value)
    )
    encoding = _CHARSETS.get(trim(charset).lower(), "utf-8")
    if encoding == "windows-1252":
        return _windows_1252(data)
    if encoding == "shift_jis":
        return shift_jis(data, strict=False)
    return data.decode("utf-8", errors="replace")


def _text_values(value: str, params: dict[str, list[str]]) -> str | None:
    """Return the raw value decoded from its transfer encoding; None for binary values."""
    encoding = [v.upper() for v in params.get("ENCODING", [])]
    if "B" in encoding or "BASE64" in encoding:
        return None
    charset = (params.get("CHARSET") or [""])[0]
    if "QUOTED-PRINTABLE" in encoding:
        value = _decode_quoted_printable(value, charset or "utf-8")
    else:
        value = _eight_bit(value, charset)
    return check_text(value).replace("\r\n", "\n").replace("\r", "\n")


def _eight_bit(value: str, charset: str) -> str:
    """Read a value whose bytes reached us one character each, in its CHARSET.

    A code whose bytes are not UTF-8 (an old Japanese phone's Shift_JIS card) reaches the
    parser with each byte as one character (the scanner reads such bytes as Latin-1). Those
    bytes are decoded in the charset the property names, when they are valid in it. With no
    charset named the value stays as it came (it may be text a person typed, "Â¡" included),
    but for the C1 range, which Windows' Latin-1 uses for “quotes” and dashes. Text already
    decoded (any character past U+00FF) stays.
    """
    if value.isascii() or any(ord(char) > 0xFF for char in value):
        return value
    data = value.encode("latin-1")
    named = _CHARSETS.get(trim(charset).lower()) if charset else None
    if named is None:
        return _windows_1252(data) if _C1.search(value) else value
    try:
        return _decode_strict(data, named)
    except UnicodeDecodeError:
        return value


def _decode_strict(data: bytes, encoding: str) -> str:
    if encoding == "windows-1252":
        return _windows_1252(data)
    return shift_jis(data) if encoding == "shift_jis" else data.decode("utf-8")


def shift_jis(data: bytes, *, strict: bool = True) -> str:
    """Decode Shift_JIS as browsers do (WHATWG's decoder), pairs looked up in Python's cp932.

    cp932 alone differs from TextDecoder at the edges: it gives 0xA0 and 0xFD-0xFF characters
    of their own, and after a bad pair it keeps the second byte; the twin must not differ.
    """
    out: list[str] = []
    index = 0
    while index < len(data):
        byte = data[index]
        if byte <= 0x80:
            out.append(chr(byte))
        elif 0xA1 <= byte <= 0xDF:
            out.append(chr(0xFF61 - 0xA1 + byte))  # halfwidth katakana
        elif (0x81 <= byte <= 0x9F or 0xE0 <= byte <= 0xFC) and index + 1 < len(data):
            trail = data[index + 1]
            try:
                if not (0x40 <= trail <= 0x7E or 0x80 <= trail <= 0xFC):
                    raise UnicodeDecodeError("shift_jis", data, index, index + 2, "bad trail")
                out.append(data[index:index + 2].decode("cp932"))
                index += 1
            except UnicodeDecodeError:
                if strict:
                    raise
                out.append("\ufffd")
                if trail >= 0x80:  # an ASCII second byte is read again on its own
                    index += 1
        elif strict:
            raise UnicodeDecodeError("shift_jis", data, index, index + 1, "not Shift_JIS")
        else:
            out.append("\ufffd")
        index += 1
    return "".join(out)


def _windows_1252(data: bytes) -> str:
    # WHATWG's windows-1252 maps the five bytes cp1252 leaves undefined to C1 controls.
    return "".join(chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252")
                   for b in data)


def _pick(values: list[tuple[str, bool]]) -> str:
    """Return the preferred value (TYPE=PREF, PREF=n), else the first; '' when none."""
    for value, preferred in values:
        if preferred:
            return value
    return values[0][0] if values else ""


# The properties a card's fields come from. The others are never decoded: a stray control
# character in one (Outlook 2003's quoted-printable FBURL) cannot refuse the card.
_USED = frozenset({"FN", "N", "ORG", "TITLE", "ROLE", "TEL", "EMAIL", "URL", "NOTE",
                   "X-SOCIALPROFILE", "SOCIALPROFILE"})


def _version(lines: list[str]) -> str:
    for line in lines:
        split = _split_property(line)
        if split and trim(split[0]).upper() == "VERSION":
            return trim(split[1])
    return ""


def _card(lines: list[str]) -> dict[str, str]:
    """Collect one card's fields from its content lines."""
    found: dict[str, list[str]] = {}
    phones: list[tuple[str, bool]] = []
    emails: list[tuple[str, bool]] = []
    legacy = _version(lines) == "2.1"
    text, part = (trim, _unescape_21) if legacy else (unescape, unescape)
    for line in lines:
        split = _split_property(line)
        if split is None:
            continue  # not a content line; phones skip these too
        name, params = _parameters(split[0])
        if name not in _USED:
            continue
        raw = _text_values(split[1], params)
        if raw is None:
            continue
        types = {v.upper() for v in params.get("TYPE", [])}
        preferred = "PREF" in types or "PREF" in params
        if name == "N":
            parts = [
                " ".join(trim(part(v)) for v in split_unescaped(piece, ",") if trim(v))
                for piece in split_unescaped(raw, ";")
            ]
            found.setdefault("N", []).append(compose_name(*(parts + [""] * 5)[:5]))
        elif name == "ORG":
            units = [trim(part(piece)) for piece in split_unescaped(raw, ";")]
            found.setdefault("ORG", []).append(", ".join(unit for unit in units if unit))
        elif name == "TEL":
            value = re.sub(r"^tel:", "", trim(text(raw)), flags=re.IGNORECASE)
            phones.append((value.replace(";ext=", " ext. "), preferred))
        elif name == "EMAIL":
            value = re.sub(r"^mailto:", "", trim(text(raw)), flags=re.IGNORECASE)
            emails.append((value, preferred))
        elif name in {"X-SOCIALPROFILE", "SOCIALPROFILE"}:
            user = (params.get("X-USER") or [""])[0]
            profile = linkedin_url(trim(text(raw)))
            if not profile and "LINKEDIN" in types:
                profile = linkedin_url("linkedin.com/in/" + user) if user else None
            if profile:
                found.setdefault("LINKEDIN", []).append(profile)
        else:
            found.setdefault(name, []).append(trim(text(raw)))
    return _fields(found, phones, emails)


def _fields(found: dict[str, list[str]], phones: list[tuple[str, bool]],
            emails: list[tuple[str, bool]]) -> dict[str, str]:
    """Turn collected property values into the result keys; refuse a card without a name."""
    def first(prop: str) -> str:
        return next((value for value in found.get(prop, []) if value), "")

    name = first("FN") or first("N")
    if not name:
        raise PayloadError("This contact card has no name.")
    links = [trim(value) for value in found.get("URL", [])]
    profiles = found.get("LINKEDIN", []) + [p for p in map(linkedin_url, links) if p]
    websites = [w for u in links if not linkedin_url(u) and (w := web_link(u))]
    return {
        "name": name,
        "title": first("TITLE") or first("ROLE"),
        "company": first("ORG"),
        "email": _pick([(v, p) for v, p in emails if v]),
        "phone": _pick([(v, p) for v, p in phones if v]),
        "url": websites[0] if websites else "",
        "linkedin": profiles[0] if profiles else "",
        "note": "\n".join(value for value in found.get("NOTE", []) if value),
    }


_OUTSIDE = "This contact card has text outside BEGIN:VCARD … END:VCARD."
_SEVERAL = "This code holds several contact cards"
_ONE_AT_A_TIME = "; scan one at a time."


def parse_vcard(text: str) -> list[dict[str, str]]:
    """Return every card in text as a dict (name, title, company, email, phone, url, linkedin,
    note); raise PayloadError when the text is malformed."""
    cards: list[dict[str, str]] = []
    current: list[str] | None = None
    stray = False  # text seen outside a card: a missing BEGIN if an END follows, else junk
    for line in logical_lines(text):
        marker = trim(line).upper()
        if not marker:
            continue
        if marker == "END:VCARD" and current is None:
            raise PayloadError("This contact card has no BEGIN:VCARD line.")
        if marker == "END:VCARD":
            cards.append(_card(current))
            current = None
        elif current is not None and marker == "BEGIN:VCARD":
            raise PayloadError(_SEVERAL + " (one inside another)" + _ONE_AT_A_TIME)
        elif current is not None:
            current.append(line)
        elif marker != "BEGIN:VCARD":
            stray = True
        elif stray:
            raise PayloadError(_OUTSIDE)
        else:
            current = []
    if current is not None:
        raise PayloadError("This contact card is cut off (no END:VCARD line).")
    if stray:
        raise PayloadError(_OUTSIDE)
    if not cards:
        raise PayloadError("No contact card found.")
    return cards


# ---------------------------------------------------------------- what a code holds


@dataclass(frozen=True)
class Scanned:
    """What a scanned code held, as plain text fields ('' when absent)."""

    # "vcard" | "mecard" | "bizcard" | "au" | "contact" (plain lines) | "linkedin" | "url" |
    # "text"
    kind: str
    name: str = ""
    title: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""
    linkedin: str = ""
    note: str = ""
    raw: str = ""


def name_from_slug(slug: str) -> str:
    """Return the name a LinkedIn slug clearly spells ("zoe-muller-4b2a1c" -> "Zoe Muller").

    Only two or three letter-only words count, after LinkedIn's disambiguating suffix (five
    or more letters and digits, at least one digit) is dropped; "jdoe", "pm-jobs-2024" or
    "the-best-product-manager-ever" give "".
    """
    try:
        words = unquote(slug, errors="strict").split("-")
    except UnicodeDecodeError:
        return ""
    if len(words) > 2 and _SLUG_SUFFIX.fullmatch(words[-1]):
        words.pop()
    if not 2 <= len(words) <= 3 or not all(word.isalpha() for word in words):
        return ""
    if len(words[0]) < 2 or len(words[-1]) < 2:
        return ""
    return " ".join(word[0].upper() + word[1:].lower() for word in words)


def _is_vcard(lines: list[str]) -> bool:
    return any(trim(line).upper() in ("BEGIN:VCARD", "END:VCARD") for line in lines)


def parse_scanned(text: str) -> Scanned:
    """Return what a scanned payload holds; raise PayloadError with a message when refused."""
    if not isinstance(text, str):
        raise PayloadError("This code holds no text.")
    if len(text) > MAX_CHARS:
        raise PayloadError(f"This code holds too much data (over {MAX_CHARS} characters).")
    body = trim(text)
    lines = LINE_BREAK.split(body)
    if len(lines) > MAX_LINES:
        raise PayloadError(f"This code has too many lines (over {MAX_LINES}).")
    if _is_vcard(lines):
        # A card's values are checked one by one once decoded (payload bytes that are not
        # UTF-8 reach us as Latin-1, C1 range included); NUL is never part of one.
        if "\x00" in text:
            raise PayloadError(_CONTROLS)
        cards = parse_vcard(body)
        if len(cards) > 1:
            raise PayloadError(_SEVERAL + _ONE_AT_A_TIME)
        return Scanned(kind="vcard", **cards[0], raw=text)
    check_text(text)
    if not body:
        raise PayloadError("This code is empty.")
    prefix = body.split(":", 1)[0].upper()
    if prefix in _CODES:
        kind, read = _CODES[prefix]
        return _named(kind, read(body[len(prefix) + 1:]), text)
    if prefix == "MEBKM":
        if link := bookmark(body[6:]):
            return _link(link, text)
        return Scanned(kind="text", raw=text)
    if (profile := linkedin_url(body)) or http_url(body) or (
            body[:4].lower() == "www." and web_link(body)):
        return _link(profile or http_url(body) or web_link(body), text)
    for kind, read in (("au", au_card), ("contact", plain_contact)):
        if (fields := read(lines)) is not None:
            return _named(kind, fields, text)
    return Scanned(kind="text", raw=text)


_CODES = {"MECARD": ("mecard", mecard), "BIZCARD": ("bizcard", bizcard)}


def _named(kind: str, fields: dict[str, str], raw: str) -> Scanned:
    if not fields["name"]:
        raise PayloadError("This contact card has no name.")
    return Scanned(kind=kind, **fields, raw=raw)


def _link(link: str, raw: str) -> Scanned:
    """Return a LinkedIn profile (with the name its slug spells) or another http(s) link."""
    if profile := linkedin_url(link):
        slug = profile.rsplit("/", 1)[1]
        return Scanned(kind="linkedin", name=name_from_slug(slug), linkedin=profile, raw=raw)
    return Scanned(kind="url", url=link, raw=raw)
