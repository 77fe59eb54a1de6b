"""Classify and parse whatever a QR code held: vCard, MECARD, LinkedIn profile, link or text.

Scanned content is untrusted. Everything returned is plain text for the caller to show as
text; only http(s) addresses ever come back as `url` or `linkedin`. static/js/payload.js is the
JavaScript twin that parses offline in the phone's scanner; tests/payload_cases.py holds the
cases both must agree on, so a change here needs the same change there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from .vcard import (
    LINE_BREAK,
    PayloadError,
    check_text,
    compose_name,
    http_url,
    linkedin_url,
    parse_vcard,
    split_unescaped,
    trim,
)

__all__ = ["PayloadError", "Scanned", "parse_scanned", "name_from_slug"]

MAX_CHARS = 4096  # a version 40 QR holds at most 2953 bytes; anything longer is not a badge
MAX_LINES = 200
_MECARD_ESCAPED = re.compile(r"\\([\\;:,\"])")
_SLUG_SUFFIX = re.compile(r"(?=[a-z]*[0-9])[0-9a-z]{5,}", re.IGNORECASE | re.ASCII)


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
