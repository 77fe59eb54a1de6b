"""Hostile QR payloads and contact cards: any text gives a result or a clear refusal, and what we
write, we read back."""

import os
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from companion.contacts.export import contacts_vcf
from companion.rules.links import http_url, linkedin_url, trim
from companion.rules.payload import MAX_CHARS, PayloadError, Scanned, parse_scanned, parse_vcard
from companion.rules.vcard import build_vcard

# COMPANION_FUZZ_SCALE=20 runs twenty times the examples, for a deeper hunt than every push needs.
SCALE = int(os.environ.get("COMPANION_FUZZ_SCALE", "1"))
FAST = settings(max_examples=200 * SCALE, deadline=None)

PROPERTIES = ["BEGIN", "END", "VERSION", "FN", "N", "ORG", "TITLE", "ROLE", "TEL", "EMAIL",
              "URL", "NOTE", "X-SOCIALPROFILE", "PHOTO", "item1.URL", "ADR", "fn", "Tel"]
PARAMS = [";TYPE=CELL", ";TYPE=PREF", ";PREF=1", ";CHARSET=UTF-8", ";CHARSET=ISO-8859-1",
          ";CHARSET=Shift_JIS", ";ENCODING=QUOTED-PRINTABLE", ";QUOTED-PRINTABLE",
          ";ENCODING=b", ";TYPE=\"work,voice\"", ";X-USER=ada", ";type=linkedin", ";", ";=;"]
VALUES = ["VCARD", "3.0", "2.1", "Ada Lovelace", "Lovelace;Ada;;Dr.;", "=C3=A9=", "=\r\n",
          "javascript:alert(1)", "https://www.linkedin.com/in/ada", "<img src=x onerror=1>",
          "a\\,b\\;c\\nd\\\\", "tel:+14165550100;ext=12", "mailto:ada@example.com",
          "data:text/html,<script>alert(1)</script>", "\x00", "\u202e", "山田;太郎", "=E5=B1"]
values = st.one_of(st.sampled_from(VALUES), st.text(max_size=30))


@st.composite
def vcard_texts(draw) -> str:
    """Content lines in vCard shape, right or wrong: missing ENDs, nested cards, folds, QP."""
    lines = []
    if draw(st.booleans()):
        lines.append("BEGIN:VCARD")
    for _ in range(draw(st.integers(0, 10))):
        name = draw(st.sampled_from(PROPERTIES))
        params = "".join(draw(st.lists(st.sampled_from(PARAMS), max_size=3)))
        lines.append(f"{name}{params}:{draw(values)}")
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from([" ", "\t"])) + draw(values))  # a folded line
    if draw(st.booleans()):
        lines.append("END:VCARD")
    return draw(st.sampled_from(["\r\n", "\n", "\r"])).join(lines)


@st.composite
def mecard_texts(draw) -> str:
    fields = draw(st.lists(st.tuples(
        st.sampled_from(["N", "TEL", "EMAIL", "URL", "ORG", "TITLE", "NOTE", "NICKNAME", "X"]),
        values), max_size=6))
    return "MECARD:" + "".join(f"{key}:{value};" for key, value in fields) + ";"


def check_scanned(result: Scanned, text: str) -> None:
    """Whatever a code held, what comes back is plain text and only http(s) links."""
    assert result.kind in ("vcard", "mecard", "linkedin", "url", "text")
    assert result.raw == text
    for name in ("name", "title", "company", "email", "phone", "note"):
        assert isinstance(getattr(result, name), str)
    assert result.url == "" or http_url(result.url) == result.url
    assert result.linkedin == "" or linkedin_url(result.linkedin) == result.linkedin
    if result.kind in ("vcard", "mecard"):
        assert result.name


def scan(text: str) -> Scanned | None:
    try:
        result = parse_scanned(text)
    except PayloadError as refusal:
        assert str(refusal) and "\n" not in str(refusal)
        return None
    check_scanned(result, text)
    return result


@FAST
@given(st.text(max_size=300))
@example("BEGIN:VCARD\nEND:VCARD\nEND:VCARD")
@example("MECARD:;;")
@example("x" * (MAX_CHARS + 1))
@example("javascript:alert(document.cookie)")
@example("BEGIN:VCARD\r\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=Shift_JIS:=82=\r\nEND:VCARD")
def test_any_text_is_classified_or_refused(text):
    scan(text)


@FAST
@given(vcard_texts())
def test_any_vcard_shape_is_read_or_refused(text):
    scan(text)
    try:
        cards = parse_vcard(text)
    except PayloadError:
        return
    assert cards and all(card["name"] for card in cards)


@FAST
@given(mecard_texts())
def test_any_mecard_is_read_or_refused(text):
    scan(text)


# --------------------------------------------------------------------------- round trips

plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40
).map(trim)
links = st.sampled_from(["", "https://example.com/a?b=c,d;e", "http://ada.dev",
                         "https://www.linkedin.com/in/ada-lovelace"])
cards = st.fixed_dictionaries({
    "name": plain_text.filter(bool), "title": plain_text, "company": plain_text,
    "email": plain_text, "phone": plain_text, "website": links,
    "linkedin": st.sampled_from(["", "ada-lovelace", "linkedin.com/in/zoë"]),
})


def single_line(value: str) -> str:
    """Line breaks inside a value come back as "\\n", as vCard escapes them."""
    return re.sub(r"\r\n|\r|\n", "\n", value)


@FAST
@given(cards, st.sets(st.sampled_from(
    ["title", "company", "email", "phone", "website", "linkedin"])))
def test_our_qr_card_reads_back_as_written(card, include):
    """The vCard in the badge QR, parsed again (as the other phone would), says the same."""
    payload = build_vcard(card, include)
    assert payload.endswith("\r\n")
    [back] = parse_vcard(payload)
    assert back["name"] == single_line(card["name"])
    for field in ("title", "company", "email", "phone"):
        assert back[field] == (single_line(card[field]) if field in include else "")
    assert scan(payload).name == back["name"]


@FAST
@given(st.lists(st.fixed_dictionaries({
    "name": plain_text, "title": plain_text, "company": plain_text, "note": plain_text,
    "email": plain_text, "url": st.sampled_from(["", "javascript:alert(1)", "example.org/x"]),
}), min_size=1, max_size=5))
def test_the_contacts_export_reads_back_card_for_card(contacts):
    """Folding at 75 octets never splits a character, and every card comes back."""
    text = contacts_vcf(contacts)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    back = parse_vcard(text)
    assert len(back) == len(contacts)
    for written, read in zip(contacts, back, strict=True):
        expected = written["name"] or written["email"] or "Unnamed contact"
        assert read["name"] == single_line(expected)
        assert read["url"] == "" or read["url"].startswith("https://")
