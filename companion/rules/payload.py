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

from .links import http_url, linkedin_url, trim
from .vcard import is_cjk

__all__ = ["PayloadError", "Scanned", "parse_scanned", "name_from_slug"]

MAX_CHARS = 4096  # a version 40 QR holds at most 2953 bytes; anything longer is not a badge
MAX_LINES = 200
_MECARD_ESCAPED = re.compile(r"\\([\\;:,\"])")
_SLUG_SUFFIX = re.compile(r"(?=[a-z]*[0-9])[0-9a-z]{5,}", re.IGNORECASE | re.ASCII)


class PayloadError(ValueError):
    """Scanned or uploaded contact data that is refused; the message is for the user."""


def compose_name(family: str, given: str, additional: str = "", prefix: str = "",
                 suffix: str = "") -> str:
    """Return a display name from N's components, CJK names family-first without a space."""
    if family and given and is_cjk(family) and is_cjk(given) and not (additional or prefix):
        return family + given + (" " + suffix if suffix else "")
    return " ".join(part for part in (prefix, given, additional, family, suffix) if part)


# ---------------------------------------------------------------- vCard

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ESCAPED = re.compile(r"\\([\\,;:nN])")
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


def split_unescaped(value: str, separator: str) -> list[str]:
    """Split value at every separator not preceded by a backslash escape (escapes kept)."""
    parts, current, index = [], "", 0
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value):
            current += value[index:index + 2]
            index += 2
            continue
        if char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
        index += 1
    parts.append(current)
    return parts


def check_text(value: str) -> str:
    """Return value, or raise PayloadError when it holds control characters."""
    if _CONTROL.search(value):
        raise PayloadError("This code contains control characters and was refused.")
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
        # WHATWG's windows-1252 maps the five bytes cp1252 leaves undefined to C1 controls.
        return "".join(chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252")
                       for b in data)
    return data.decode("cp932" if encoding == "shift_jis" else "utf-8", errors="replace")


def _text_values(value: str, params: dict[str, list[str]]) -> str | None:
    """Return the raw value decoded from its transfer encoding; None for binary values."""
    encoding = [v.upper() for v in params.get("ENCODING", [])]
    if "B" in encoding or "BASE64" in encoding:
        return None
    if "QUOTED-PRINTABLE" in encoding:
        value = _decode_quoted_printable(value, (params.get("CHARSET") or ["utf-8"])[0])
    return check_text(value).replace("\r\n", "\n").replace("\r", "\n")


def _pick(values: list[tuple[str, bool]]) -> str:
    """Return the preferred value (TYPE=PREF, PREF=n), else the first; '' when none."""
    for value, preferred in values:
        if preferred:
            return value
    return values[0][0] if values else ""


def _card(lines: list[str]) -> dict[str, str]:
    """Collect one card's fields from its content lines."""
    found: dict[str, list[str]] = {}
    phones: list[tuple[str, bool]] = []
    emails: list[tuple[str, bool]] = []
    for line in lines:
        split = _split_property(line)
        if split is None:
            continue  # not a content line; phones skip these too
        name, params = _parameters(split[0])
        raw = _text_values(split[1], params)
        if raw is None:
            continue
        types = {v.upper() for v in params.get("TYPE", [])}
        preferred = "PREF" in types or "PREF" in params
        if name == "N":
            parts = [
                " ".join(trim(unescape(v)) for v in split_unescaped(part, ",") if trim(v))
                for part in split_unescaped(raw, ";")
            ]
            found.setdefault("N", []).append(compose_name(*(parts + [""] * 5)[:5]))
        elif name == "ORG":
            units = [trim(unescape(part)) for part in split_unescaped(raw, ";")]
            found.setdefault("ORG", []).append(", ".join(unit for unit in units if unit))
        elif name == "TEL":
            value = re.sub(r"^tel:", "", trim(unescape(raw)), flags=re.IGNORECASE)
            phones.append((value.replace(";ext=", " ext. "), preferred))
        elif name == "EMAIL":
            value = re.sub(r"^mailto:", "", trim(unescape(raw)), flags=re.IGNORECASE)
            emails.append((value, preferred))
        elif name in {"X-SOCIALPROFILE", "SOCIALPROFILE"}:
            user = (params.get("X-USER") or [""])[0]
            profile = linkedin_url(trim(unescape(raw)))
            if not profile and "LINKEDIN" in types:
                profile = linkedin_url("linkedin.com/in/" + user) if user else None
            if profile:
                found.setdefault("LINKEDIN", []).append(profile)
        else:
            found.setdefault(name, []).append(trim(unescape(raw)))
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
    websites = [u for u in links if not linkedin_url(u) and http_url(u)]
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
            raise PayloadError("A contact card starts inside another one.")
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

    kind: str  # "vcard" | "mecard" | "linkedin" | "url" | "text"
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


def _mecard(body: str, raw: str) -> Scanned:
    """Parse the fields of MECARD:N:Last,First;TEL:...;EMAIL:...;;"""
    fields: dict[str, list[str]] = {}
    for field in split_unescaped(body, ";"):
        key, sep, value = field.partition(":")
        if sep:
            fields.setdefault(trim(key).upper(), []).append(value)

    def first(key: str) -> str:
        values = (trim(_MECARD_ESCAPED.sub(r"\1", value)) for value in fields.get(key, []))
        return next((value for value in values if value), "")

    # MECARD writes N as "Last,First"; an unescaped comma separates the two.
    parts = [trim(_MECARD_ESCAPED.sub(r"\1", part))
             for part in split_unescaped((fields.get("N") or [""])[0], ",")]
    name = compose_name(parts[0], " ".join(p for p in parts[1:] if p)) or first("NICKNAME")
    if not name:
        raise PayloadError("This contact card has no name.")
    links = [trim(_MECARD_ESCAPED.sub(r"\1", value)) for value in fields.get("URL", [])]
    profiles = [p for p in map(linkedin_url, links) if p]
    websites = [u for u in links if not linkedin_url(u) and http_url(u)]
    notes = [v for v in (first("NOTE"), first("MEMORY")) if v]
    return Scanned(
        kind="mecard", name=name, title=first("TITLE"), company=first("ORG"),
        email=first("EMAIL"), phone=first("TEL"), url=websites[0] if websites else "",
        linkedin=profiles[0] if profiles else "", note="\n".join(notes), raw=raw,
    )


def _is_vcard(lines: list[str]) -> bool:
    return any(trim(line).upper() in ("BEGIN:VCARD", "END:VCARD") for line in lines)


def parse_scanned(text: str) -> Scanned:
    """Return what a scanned payload holds; raise PayloadError with a message when refused."""
    if not isinstance(text, str):
        raise PayloadError("This code holds no text.")
    if len(text) > MAX_CHARS:
        raise PayloadError(f"This code holds too much data (over {MAX_CHARS} characters).")
    check_text(text)
    body = trim(text)
    if not body:
        raise PayloadError("This code is empty.")
    lines = LINE_BREAK.split(body)
    if len(lines) > MAX_LINES:
        raise PayloadError(f"This code has too many lines (over {MAX_LINES}).")
    if _is_vcard(lines):
        cards = parse_vcard(body)
        if len(cards) > 1:
            raise PayloadError("This code holds several contact cards; scan one at a time.")
        return Scanned(kind="vcard", **cards[0], raw=text)
    if body[:7].upper() == "MECARD:":
        return _mecard(body[7:], text)
    if profile := linkedin_url(body):
        slug = profile.rsplit("/", 1)[1]
        return Scanned(kind="linkedin", name=name_from_slug(slug), linkedin=profile, raw=text)
    if http_url(body):
        return Scanned(kind="url", url=body, raw=text)
    return Scanned(kind="text", raw=text)
