"""The badge's vCard: what goes in, how it is escaped, and that it parses back unchanged."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.rules.links import trim
from companion.rules.links import typed_link as card_link
from companion.rules.payload import PayloadError, parse_vcard
from companion.rules.vcard import FIELDS, build_vcard, escape, split_name

FULL_CARD = {
    "name": "Zoë Müller",
    "title": "Senior Product Manager",
    "company": "Northwind Analytics",
    "email": "zoe@northwind.example",
    "phone": "+1 416 555 0142",
    "linkedin": "https://www.linkedin.com/in/zoe-muller",
    "website": "https://zoe.example.com",
}


def test_full_card_payload_is_exactly_this():
    assert build_vcard(FULL_CARD, FIELDS) == (
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "N:Müller;Zoë\r\n"
        "FN:Zoë Müller\r\n"
        "ORG:Northwind Analytics\r\n"
        "TITLE:Senior Product Manager\r\n"
        "TEL:+1 416 555 0142\r\n"
        "EMAIL:zoe@northwind.example\r\n"
        "URL:https://zoe.example.com\r\n"
        "URL:https://www.linkedin.com/in/zoe-muller\r\n"
        "END:VCARD\r\n"
    )


def test_payload_has_crlf_only_and_no_bloat():
    payload = build_vcard(FULL_CARD | {"title": "A" * 300}, FIELDS)
    assert "\n" not in payload.replace("\r\n", "")
    assert "PRODID" not in payload and "REV" not in payload and "PHOTO" not in payload
    assert "TITLE:" + "A" * 300 + "\r\n" in payload  # long lines are not folded in the QR


@pytest.mark.parametrize("include, present, absent", [
    (["email"], ["FN:", "EMAIL:"], ["ORG:", "TITLE:", "TEL:", "URL:"]),
    ([], ["N:", "FN:"], ["ORG:", "TITLE:", "TEL:", "EMAIL:", "URL:"]),
    (["linkedin"], ["URL:https://www.linkedin.com/in/zoe-muller"], ["zoe.example.com", "TEL:"]),
    (["website", "phone"], ["URL:https://zoe.example.com", "TEL:"], ["linkedin", "EMAIL:"]),
    (FIELDS, ["ORG:", "TITLE:", "TEL:", "EMAIL:", "URL:"], []),
])
def test_only_chosen_fields_go_in(include, present, absent):
    payload = build_vcard(FULL_CARD, include)
    for text in present:
        assert text in payload
    for text in absent:
        assert text not in payload


def test_chosen_but_empty_fields_are_left_out():
    payload = build_vcard({"name": "Omar", "title": "  ", "email": ""}, FIELDS)
    assert payload == "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;Omar\r\nFN:Omar\r\nEND:VCARD\r\n"


@pytest.mark.parametrize("card, include, message", [
    ({"name": "  "}, FIELDS, "needs a name"),
    ({"name": "Zoë"}, ["name", "fax"], "Unknown card fields: fax"),
    ({"name": "Zoë", "website": "javascript:alert(1)"}, ["website"], "not an http"),
    ({"name": "Zoë", "linkedin": "data:text/html,x"}, ["linkedin"], "not an http"),
    ({"name": "Zoë", "website": "mailto:zoe@example.com"}, ["website"], "not an http"),
    ({"name": "Zoë", "website": "https://bank.example@evil.example"}, ["website"], "not an http"),
])
def test_bad_cards_are_refused(card, include, message):
    with pytest.raises(ValueError, match=message):
        build_vcard(card, include)


@pytest.mark.parametrize("raw, escaped", [
    ("Acme, Inc.", "Acme\\, Inc."),
    ("R&D; Labs", "R&D\\; Labs"),
    ("C:\\temp", "C:\\\\temp"),
    ("line one\nline two", "line one\\nline two"),
    ("windows\r\nmac\rend", "windows\\nmac\\nend"),
    ("a:b", "a:b"),  # RFC 2426 does not escape colons
    ("\\,;", "\\\\\\,\\;"),
])
def test_escape_follows_rfc_2426(raw, escaped):
    assert escape(raw) == escaped


@pytest.mark.parametrize("name, parts", [
    ("Zoë Müller", ("Müller", "Zoë", "", "", "")),
    ("Mary Jane Watson", ("Watson", "Mary Jane", "", "", "")),
    ("Ludwig van Beethoven", ("van Beethoven", "Ludwig", "", "", "")),
    ("Jean de la Fontaine", ("de la Fontaine", "Jean", "", "", "")),
    ("Van Morrison", ("Morrison", "Van", "", "", "")),
    ("García, Mateo", ("García", "Mateo", "", "", "")),
    ("Dr. Ada Lovelace", ("Lovelace", "Ada", "", "Dr.", "")),
    ("Martin Luther King Jr.", ("King", "Martin Luther", "", "", "Jr.")),
    ("Jane Doe, PhD", ("Doe", "Jane", "", "", "PhD")),
    ("Madonna", ("", "Madonna", "", "", "")),
    ("山田 太郎", ("山田", "太郎", "", "", "")),
    ("山田太郎", ("山田太郎", "", "", "", "")),
    ("  Nadia   Sharma  ", ("Sharma", "Nadia", "", "", "")),
    ("Omar,", ("", "Omar", "", "", "")),
])
def test_n_is_derived_from_the_full_name(name, parts):
    assert split_name(name) == parts


@pytest.mark.parametrize("typed, linkedin, url", [
    ("zoe.example.com", False, "https://zoe.example.com"),
    ("http://zoe.example.com/", False, "http://zoe.example.com/"),
    ("zoe.example.com:8080/cv", False, "https://zoe.example.com:8080/cv"),
    ("linkedin.com/in/zoe-muller/", True, "https://www.linkedin.com/in/zoe-muller"),
    ("https://uk.linkedin.com/in/zoe?trk=x", True, "https://www.linkedin.com/in/zoe"),
    ("zoe-muller", True, "https://www.linkedin.com/in/zoe-muller"),
    ("https://www.linkedin.com/company/acme", True, "https://www.linkedin.com/company/acme"),
])
def test_card_links_become_https_urls(typed, linkedin, url):
    assert card_link(typed, linkedin=linkedin) == url


@pytest.mark.parametrize("field, value, key", [
    ("name", "Zoë Müller", "name"),
    ("name", "山田太郎", "name"),
    ("name", "<script>alert(1)</script>", "name"),
    ("title", "Lead \\ PM, Growth; Platform\nTeam", "title"),
    ("company", "Acme, Inc.; R&D", "company"),
    ("company", "株式会社サンプル", "company"),
    ("email", "zoë@exämple.com", "email"),
    ("phone", "+1 (416) 555-0142 ext. 7", "phone"),
    ("website", "https://zoe.example.com/a,b;c?d=e\\f", "url"),
    ("linkedin", "https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller", "linkedin"),
])
def test_every_field_round_trips(field, value, key):
    card = {"name": "Someone", field: value}
    [parsed] = parse_vcard(build_vcard(card, FIELDS))
    assert parsed[key] == value


printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), max_codepoint=0x2FFFF),
    max_size=40,
)


@given(name=printable.filter(lambda s: trim(s)), title=printable, company=printable)
def test_any_text_round_trips(name, title, company):
    card = {"name": name, "title": title, "company": company}
    [parsed] = parse_vcard(build_vcard(card, FIELDS))
    assert (parsed["name"], parsed["title"], parsed["company"]) == (
        trim(name), trim(title), trim(company)
    )


def test_a_vcf_file_holds_several_cards():
    text = build_vcard({"name": "Ada"}, FIELDS) + "\r\n" + build_vcard({"name": "Grace"}, FIELDS)
    assert [card["name"] for card in parse_vcard(text)] == ["Ada", "Grace"]


@pytest.mark.parametrize("text, message", [
    ("", "No contact card"),
    ("BEGIN:VCARD\r\nFN:A\r\n", "cut off"),
    ("FN:A\r\nEND:VCARD\r\n", "no BEGIN"),
    ("BEGIN:VCARD\r\nBEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nEND:VCARD\r\n", "inside another"),
    ("BEGIN:VCARD\r\nEMAIL:a@example.com\r\nEND:VCARD\r\n", "no name"),
    ("BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\ntrailing words\r\n", "outside"),
])
def test_malformed_vcards_are_refused(text, message):
    with pytest.raises(PayloadError, match=message):
        parse_vcard(text)


# The report: control characters and U+2028 went into the QR and the .vcf as they were; a
# phone's parser may end a property at any line separator, and control characters confuse it.
HOSTILE_TEXT = "Ada\u2028TITLE:Spy\u2029\x85x\x0b\x0c\x07\x1b[31m\x00\x7f\x9f\tend"


def test_control_characters_and_line_separators_never_reach_the_card():
    card = FULL_CARD | {"name": HOSTILE_TEXT, "company": HOSTILE_TEXT}
    payload = build_vcard(card, ["name", "company"])
    body = payload.replace("\r\n", "")
    assert not [char for char in body if ord(char) < 0x20 or 0x7f <= ord(char) <= 0x9f
                or char in "\u2028\u2029"]
    lines = payload.split("\r\n")
    assert not any(line.startswith("TITLE") for line in lines)
    [fields] = parse_vcard(payload)
    assert fields["name"].startswith("Ada") and "TITLE:Spy" in fields["name"]


def test_the_contacts_vcf_carries_no_raw_control_characters():
    from companion.contacts.export import contacts_vcf

    vcf = contacts_vcf([{"name": HOSTILE_TEXT, "note": HOSTILE_TEXT, "company": "",
                         "title": "", "email": "", "phone": "", "linkedin": "", "url": "",
                         "met_at": None, "event": ""}])
    body = vcf.replace("\r\n", "")
    assert not [char for char in body if ord(char) < 0x20 or 0x7f <= ord(char) <= 0x9f
                or char in "\u2028\u2029"]
