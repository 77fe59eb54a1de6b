"""Scanned payloads: every accepted format, and every hostile one refused or kept as text."""

from dataclasses import asdict, fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.rules.links import http_url
from companion.rules.payload import PayloadError, Scanned, name_from_slug, parse_scanned

from .payload_cases import CASES, HREF_CASES

ACCEPTED = [pytest.param(case, id=case.id) for case in CASES if not case.error]
REFUSED = [pytest.param(case, id=case.id) for case in CASES if case.error]


@pytest.mark.parametrize("case", ACCEPTED)
def test_accepted_payloads_parse_to_the_expected_fields(case):
    result = asdict(parse_scanned(case.payload))
    assert result.pop("raw") == case.payload
    assert result == {key: "" for key in result} | case.expect


@pytest.mark.parametrize("case", REFUSED)
def test_refused_payloads_say_why(case):
    with pytest.raises(PayloadError, match=case.error):
        parse_scanned(case.payload)


@pytest.mark.parametrize("href, allowed", HREF_CASES)
def test_only_http_urls_may_become_links(href, allowed):
    assert (http_url(href) == href) is allowed


@pytest.mark.parametrize("slug, name", [
    ("zoe-muller", "Zoe Muller"),
    ("zoe-muller-4b2a1c9", "Zoe Muller"),
    ("zoe-muller-123456789", "Zoe Muller"),
    ("mary-jane-watson", "Mary Jane Watson"),
    ("ZOE-MULLER", "Zoe Muller"),
    ("zo%C3%AB-m%C3%BCller", "Zoë Müller"),
    ("jdoe", ""),
    ("zoe-123", ""),
    ("j-doe", ""),
    ("a-very-long-slug-here", ""),
    ("zoe_muller", ""),
    ("zoe-muller%", ""),
    ("pm-jobs-2024", ""),
])
def test_names_are_guessed_from_slugs_only_when_clear(slug, name):
    assert name_from_slug(slug) == name


def test_result_has_the_documented_keys():
    assert [f.name for f in fields(Scanned)] == [
        "kind", "name", "title", "company", "email", "phone", "url", "linkedin", "note", "raw",
    ]


@given(st.text(max_size=300))
def test_any_text_is_parsed_or_refused_and_links_are_always_http(text):
    try:
        result = parse_scanned(text)
    except PayloadError as error:
        assert str(error)
        return
    assert result.kind in {"vcard", "mecard", "linkedin", "url", "text"}
    for link in (result.url, result.linkedin):
        assert link == "" or http_url(link)


vcard_lines = st.lists(st.sampled_from([
    "FN:Zoë", "N:Doe;Jane", "ORG:Acme;R&D", "TEL;TYPE=PREF:+1", "EMAIL:a@example.com",
    "URL:javascript:alert(1)", "URL:https://example.com", "NOTE;QUOTED-PRINTABLE:a=", "=C3=AB",
    " folded", "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "item1.URL:linkedin.com/in/zoe", "",
]), max_size=12)


@given(vcard_lines)
def test_vcard_shaped_noise_never_crashes(lines):
    text = "\r\n".join(["BEGIN:VCARD", *lines, "END:VCARD"])
    try:
        result = parse_scanned(text)
    except PayloadError:
        return
    assert result.kind == "vcard" and result.name
    assert result.url == "" or (http_url(result.url) and "javascript" not in result.url)
