"""Build the vCard 3.0 that goes into the QR badge, and parse vCards (2.1, 3.0, 4.0) back."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

FIELDS = ("name", "title", "company", "email", "phone", "linkedin", "website")


class PayloadError(ValueError):
    """Scanned or uploaded contact data that is refused; the message is for the user."""


# Whitespace trimmed from values: spelled out (not str.strip()) so the JavaScript twin in
# static/js/payload.js trims exactly the same characters.
WHITESPACE = " \t\r\n\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + (
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_SPACE_CLASS = "".join(f"\\u{ord(char):04x}" for char in WHITESPACE)
_SPACE = re.compile(f"[{_SPACE_CLASS}]")
# Only plain http(s) with a host and no user part ("https://bank.com@evil.example").
_HTTP_URL = re.compile(
    rf"https?://[^/?#\\@{_SPACE_CLASS}]+(?:[/?#][^{_SPACE_CLASS}]*)?", re.IGNORECASE | re.ASCII
)
_LINKEDIN = re.compile(
    r"(?:https?://)?(?:(?:www|m|[a-z]{2})\.)?linkedin\.com/in/([^/?#<>\"'`\\]+)(?:[/?#].*)?",
    re.IGNORECASE | re.DOTALL | re.ASCII,  # ASCII: case rules as in JavaScript's /i
)
# Han, kana and Hangul: names in these scripts are written family name first, unspaced.
_CJK = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def trim(value: str) -> str:
    """Return value without leading and trailing WHITESPACE."""
    return value.strip(WHITESPACE)


def http_url(value: str) -> str | None:
    """Return value when it is a plain http(s) URL, else None (javascript:, data:, ...)."""
    return value if _HTTP_URL.fullmatch(value) else None


def linkedin_url(value: str) -> str | None:
    """Return the canonical https://www.linkedin.com/in/<slug> for a profile link, else None."""
    if _SPACE.search(value) or not (match := _LINKEDIN.fullmatch(value)):
        return None
    return "https://www.linkedin.com/in/" + match[1]


def is_cjk(text: str) -> bool:
    """Tell whether text is written only in Han, kana or Hangul."""
    return _CJK.fullmatch(text) is not None


def compose_name(family: str, given: str, additional: str = "", prefix: str = "",
                 suffix: str = "") -> str:
    """Return a display name from N's components, CJK names family-first without a space."""
    if family and given and is_cjk(family) and is_cjk(given) and not (additional or prefix):
        return family + given + (" " + suffix if suffix else "")
    return " ".join(part for part in (prefix, given, additional, family, suffix) if part)


# Honorifics and post-nominals that belong in N's prefix and suffix slots, not in a name.
_PREFIXES = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "prof", "prof."}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d.", "esq."}
# Lower-case particles that open a family name ("Ludwig van Beethoven", "Jean de la Fontaine").
_PARTICLES = {
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn",
    "la", "le", "st.", "ten", "ter", "van", "von",
}


def split_name(full_name: str) -> tuple[str, str, str, str, str]:
    """Return the five N components (family, given, additional, prefix, suffix) of a name.

    Phones show and sort contacts by N, not FN, so N must be plausible. The heuristic:
    "Family, Given" is taken at its word; honorifics ("Dr.") and post-nominals ("Jr.", "PhD")
    go to the prefix and suffix slots; a name written only in CJK scripts is family-first
    ("山田 太郎"), and one without spaces ("山田太郎") cannot be split, so it all goes to family;
    otherwise the last word is the family name together with any lower-case particles before
    it ("van Beethoven"), and every other word is given. Middle names stay in given because
    splitting "Mary Jane Watson" is wrong as often as right, and phones join them back anyway.
    """
    name = trim(full_name)
    suffix = ""
    if "," in name:
        before, after = (trim(part) for part in name.split(",", 1))
        if after.lower() in _SUFFIXES:
            name, suffix = before, after
        elif before and after:
            return before, after, "", "", ""
        else:
            name = before or after
    words = name.split()
    prefix = words.pop(0) if len(words) > 1 and words[0].lower() in _PREFIXES else ""
    if not suffix and len(words) > 1 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    if not words:
        return "", "", "", prefix, suffix
    if all(is_cjk(word) for word in words):
        return words[0], " ".join(words[1:]), "", prefix, suffix
    if len(words) == 1:
        return "", words[0], "", prefix, suffix
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start]), "", prefix, suffix


def escape(value: str) -> str:
    """Escape a text value as RFC 2426 asks: backslash, comma, semicolon and newlines."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def card_link(value: str, *, linkedin: bool = False) -> str:
    """Return a typed-in website or LinkedIn profile as an http(s) URL, or raise ValueError."""
    value = trim(value)
    if linkedin and (profile := linkedin_url(value)):
        return profile
    if linkedin and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{1,99}", value):
        return "https://www.linkedin.com/in/" + value  # just the profile slug
    # No scheme: assume https. A scheme that is not http(s) (javascript:, data:) is refused;
    # "host:8080" is a port, not a scheme.
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])", value):
        value = "https://" + value
    if not http_url(value):
        raise ValueError(f"{value!r} is not an http(s) link.")
    return value


def vcard_lines(fields: Mapping[str, str]) -> list[str]:
    """Return the content lines of a vCard 3.0 for fields (FIELDS plus "note"), unfolded."""
    value = {key: trim(fields.get(key) or "") for key in (*FIELDS, "note")}
    if not value["name"]:
        raise ValueError("A contact card needs a name.")
    n_parts = list(split_name(value["name"]))
    while n_parts and not n_parts[-1]:
        n_parts.pop()  # RFC 2426 lets N end after its last non-empty component
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:" + ";".join(escape(part) for part in n_parts),
        "FN:" + escape(value["name"]),
    ]
    for prop, key in (("ORG", "company"), ("TITLE", "title"), ("TEL", "phone"),
                      ("EMAIL", "email")):
        if value[key]:
            lines.append(f"{prop}:{escape(value[key])}")
    # LinkedIn goes in as a plain second URL line. Apple's X-SOCIALPROFILE is dropped by
    # Android's and Google Contacts' importers, while every contact app keeps every URL line
    # as a tappable link; parsers (ours included) recognise the profile by its address.
    if value["website"]:
        lines.append("URL:" + escape(card_link(value["website"])))
    if value["linkedin"]:
        lines.append("URL:" + escape(card_link(value["linkedin"], linkedin=True)))
    if value["note"]:
        lines.append("NOTE:" + escape(value["note"]))
    lines.append("END:VCARD")
    return lines


def build_vcard(card: Mapping[str, str], include: Iterable[str]) -> str:
    """Return the QR payload: a vCard 3.0 with the name and the chosen fields of card."""
    chosen = set(include)
    if unknown := chosen - set(FIELDS):
        raise ValueError(f"Unknown card fields: {', '.join(sorted(unknown))}")
    # vCard 3.0 requires N and FN, so the name is always in; the rest only when chosen.
    # No PRODID/REV: nobody's phone uses them and every byte makes the QR denser.
    # No folding: RFC 2426 only says SHOULD, iOS and Android read long lines, and each fold
    # would spend three bytes (CRLF + space) of QR capacity for nothing.
    fields = {key: card.get(key) or "" for key in FIELDS if key in chosen or key == "name"}
    return "\r\n".join(vcard_lines(fields)) + "\r\n"


# ---------------------------------------------------------------- parsing

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
