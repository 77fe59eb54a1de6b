"""Build the vCard 3.0 that goes into the QR badge and the contact exports.

Parsing vCards (what a scanned QR holds) is companion/rules/payload.py's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .links import trim, typed_link

FIELDS = ("name", "title", "company", "email", "phone", "linkedin", "website")

# Han, kana and Hangul: names in these scripts are written family name first, unspaced.
_CJK = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def is_cjk(text: str) -> bool:
    """Tell whether text is written only in Han, kana or Hangul."""
    return _CJK.fullmatch(text) is not None


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


# Every way text can break a line: a phone's parser may end the property at any of them (U+2028
# and U+2029 too), so each becomes the escaped newline a vCard value can hold.
LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
# Other control characters carry nothing a person wrote and confuse parsers: they go.
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def escape(value: str) -> str:
    """Escape a text value as RFC 2426 asks: backslash, comma, semicolon and newlines."""
    value = CONTROLS.sub("", LINE_BREAKS.sub("\n", value)).replace("\t", " ")
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n")


def vcard_lines(fields: Mapping[str, str], *, emails: Iterable[str] = (),
                phones: Iterable[str] = (), categories: Iterable[str] = ()) -> list[str]:
    """Return the content lines of a vCard 3.0 for fields (FIELDS plus "note"), unfolded.

    emails and phones: more addresses and numbers after fields' own (a person has several);
    categories: the CATEGORIES list (a person's tags), each escaped on its own so a comma in a
    tag stays in it rather than splitting it in two (RFC 2426 3.6.1, RFC 6350 6.7.1).
    """
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
    for prop, more in (("TEL", phones), ("EMAIL", emails)):
        lines.extend(f"{prop}:{item}" for item in (escape(trim(item)) for item in more) if item)
    # LinkedIn goes in as a plain second URL line. Apple's X-SOCIALPROFILE is dropped by
    # Android's and Google Contacts' importers, while every contact app keeps every URL line
    # as a tappable link; parsers (ours included) recognise the profile by its address.
    if value["website"]:
        lines.append("URL:" + escape(typed_link(value["website"])))
    if value["linkedin"]:
        lines.append("URL:" + escape(typed_link(value["linkedin"], linkedin=True)))
    if value["note"]:
        lines.append("NOTE:" + escape(value["note"]))
    if tags := [tag for tag in (escape(trim(tag)) for tag in categories) if tag]:
        lines.append("CATEGORIES:" + ",".join(tags))
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


