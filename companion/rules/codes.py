"""The small contact codes beside vCard: MECARD, BIZCARD, MEBKM, au, and plain lines of text.

Each reader returns the fields a code holds ("" for a missing name; payload.py refuses those),
or None when the text is not that kind of code. static/js/rules/codes.js is the JavaScript twin;
tests/payload_cases.py holds the cases both must agree on (through payload.parseScanned).
"""

from __future__ import annotations

import re

from .links import http_url, linkedin_url, trim, web_link
from .vcard import is_cjk

# DoCoMo's formats (MECARD, BIZCARD, MEBKM) escape \ ; : , and " with a backslash.
_DOCOMO_ESCAPED = re.compile(r"\\([\\;:,\"])")
# The au (KDDI) address book code: one KEY:value per line, NAME1 the name, NAME2 its reading.
_AU_LINE = re.compile(r"(NAME[12]|TEL[1-3]|MAIL[1-3]|MEMORY|ADD):(.*)", re.DOTALL)
# Python's \s, spelled out so the JavaScript twin matches the same characters.
_SPACE = "\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_NOT_IN_EMAIL = f"@{_SPACE}<>()\\[\\],;:\"'"
_EMAIL = re.compile(f"[^{_NOT_IN_EMAIL}]+@[^{_NOT_IN_EMAIL}.]+(?:\\.[^{_NOT_IN_EMAIL}.]+)*"
                    r"\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9][0-9 ().\-]{5,}[0-9]")
_DIGIT = re.compile(r"[0-9]")
_SPACES = re.compile(f"[{_SPACE}]+")
PLAIN_MAX_LINES = 6


def compose_name(family: str, given: str, additional: str = "", prefix: str = "",
                 suffix: str = "") -> str:
    """Return a display name from N's components, CJK names family-first without a space."""
    if family and given and is_cjk(family) and is_cjk(given) and not (additional or prefix):
        return family + given + (" " + suffix if suffix else "")
    return " ".join(part for part in (prefix, given, additional, family, suffix) if part)


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


def _docomo_fields(body: str) -> dict[str, list[str]]:
    """Return KEY -> raw values of "KEY:value;KEY:value;;" (escapes kept for the caller)."""
    fields: dict[str, list[str]] = {}
    for field in split_unescaped(body, ";"):
        key, sep, value = field.partition(":")
        if sep:
            fields.setdefault(trim(key).upper(), []).append(value)
    return fields


def _unescaped(value: str) -> str:
    return trim(_DOCOMO_ESCAPED.sub(r"\1", value))


def _first(fields: dict[str, list[str]], *keys: str) -> str:
    for key in keys:
        for value in fields.get(key, []):
            if value := _unescaped(value):
                return value
    return ""


def _links(values: list[str]) -> tuple[str, str]:
    """Return (website, LinkedIn profile) among a code's URL values, "" when there is none."""
    links = [_unescaped(value) for value in values]
    profiles = [p for p in map(linkedin_url, links) if p]
    websites = [w for u in links if not linkedin_url(u) and (w := web_link(u))]
    return (websites[0] if websites else "", profiles[0] if profiles else "")


def mecard(body: str) -> dict[str, str]:
    """Read the fields of MECARD:N:Last,First;TEL:...;EMAIL:...;; (body after "MECARD:")."""
    fields = _docomo_fields(body)
    # MECARD writes N as "Last,First"; an unescaped comma separates the two.
    parts = [_unescaped(part) for part in split_unescaped((fields.get("N") or [""])[0], ",")]
    name = compose_name(parts[0], " ".join(p for p in parts[1:] if p)) or _first(fields,
                                                                                "NICKNAME")
    url, linkedin = _links(fields.get("URL", []))
    notes = [v for v in (_first(fields, "NOTE"), _first(fields, "MEMORY")) if v]
    return {"name": name, "title": _first(fields, "TITLE"), "company": _first(fields, "ORG"),
            "email": _first(fields, "EMAIL"), "phone": _first(fields, "TEL"), "url": url,
            "linkedin": linkedin, "note": "\n".join(notes)}


def bizcard(body: str) -> dict[str, str]:
    """Read BIZCARD:N:First;X:Last;T:Title;C:Company;B:phone;M:mobile;E:email;; (body only)."""
    fields = _docomo_fields(body)
    name = " ".join(part for part in (_first(fields, "N"), _first(fields, "X")) if part)
    return {"name": name, "title": _first(fields, "T"), "company": _first(fields, "C"),
            "email": _first(fields, "E"), "phone": _first(fields, "B", "M"), "url": "",
            "linkedin": "", "note": ""}


def bookmark(body: str) -> str | None:
    """Return the http(s) link of MEBKM:TITLE:...;URL:...;; (after the colon), else None."""
    url, linkedin = _links(_docomo_fields(body).get("URL", []))
    return linkedin or url or None


def au_card(lines: list[str]) -> dict[str, str] | None:
    """Read the au address book code (MEMORY:, NAME1:, TEL1:, MAIL1: lines), else None."""
    fields: dict[str, str] = {}
    for line in lines:
        if not trim(line):
            continue
        match = _AU_LINE.fullmatch(line)
        if match is None:
            return None
        fields.setdefault(match[1], trim(match[2]))
    if not ("NAME1" in fields or "MEMORY" in fields):
        return None
    first = lambda *keys: next((fields[k] for k in keys if fields.get(k)), "")  # noqa: E731
    return {"name": fields.get("NAME1", ""), "title": "", "company": "",
            "email": first("MAIL1", "MAIL2", "MAIL3"), "phone": first("TEL1", "TEL2", "TEL3"),
            "url": "", "linkedin": "", "note": fields.get("MEMORY", "")}


def _is_phone(line: str) -> bool:
    return bool(_PHONE.fullmatch(line)) and len(_DIGIT.findall(line)) >= 6


def _could_be_name(line: str) -> bool:
    words = _SPACES.split(line)
    return (len(line) <= 80 and len(words) <= 5 and not _DIGIT.search(line)
            and "@" not in line and "://" not in line and any(c.isalpha() for c in line))


def plain_contact(lines: list[str]) -> dict[str, str] | None:
    """Read "Name\\nphone\\nemail" (a name, then phone, email and links): a contact, else None.

    Every line after the name must be a phone number, an email address or a link, and a
    phone or an email must be there: anything else is text a person wrote, kept as text.
    """
    parts = [trim(line) for line in lines if trim(line)]
    if not 2 <= len(parts) <= PLAIN_MAX_LINES or not _could_be_name(parts[0]):
        return None
    found = {"email": "", "phone": "", "url": "", "linkedin": ""}
    for line in parts[1:]:
        if not found["email"] and _EMAIL.fullmatch(line):
            found["email"] = line
        elif not found["phone"] and _is_phone(line):
            found["phone"] = line
        elif not found["linkedin"] and (profile := linkedin_url(line)):
            found["linkedin"] = profile
        elif not found["url"] and (link := http_url(line) or (
                line[:4].lower() == "www." and web_link(line))):
            found["url"] = link
        else:
            return None
    if not (found["email"] or found["phone"]):
        return None
    return {"name": parts[0], "title": "", "company": "", "note": "", **found}
