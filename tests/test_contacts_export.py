"""Exports of the people you met: an address book file and a CSV no spreadsheet will execute."""

import csv
import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from companion.contacts.export import (
    CSV_COLUMNS,
    contacts_csv,
    contacts_vcf,
    format_met_at,
    safe_cell,
)
from companion.rules.lines import fold_line as fold
from companion.rules.payload import logical_lines, parse_vcard

ZOE = {
    "name": "Zoë Müller", "title": "Senior PM", "company": "Acme, Inc.; R&D",
    "email": "zoe@acme.example", "phone": "+1 416 555 0142",
    "linkedin": "https://www.linkedin.com/in/zoe-muller", "url": "https://zoe.example",
    "event": "Product Night", "met_at": datetime(2026, 12, 3, 0, 42, tzinfo=UTC),
    "note": "Talked about onboarding metrics.\nSend her the deck; coffee next week " * 3,
}
TARO = {"name": "山田太郎", "company": "株式会社サンプル", "event": "", "met_at": None, "note": ""}


def test_vcf_is_crlf_and_folded_at_75_octets():
    text = contacts_vcf([ZOE, TARO])
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long NOTE was folded


def test_vcf_parses_back_with_the_meeting_in_the_note():
    zoe, taro = parse_vcard(contacts_vcf([ZOE, TARO]))
    for key in ("name", "title", "company", "email", "phone", "linkedin", "url"):
        assert zoe[key] == ZOE[key]
    assert zoe["note"] == ZOE["note"].strip() + "\nMet at Product Night on 2026-12-03 00:42 UTC"
    assert (taro["name"], taro["company"], taro["note"]) == ("山田太郎", "株式会社サンプル", "")


@pytest.mark.parametrize("contact, note", [
    ({"name": "A", "event": "Meetup"}, "Met at Meetup"),
    ({"name": "A", "met_at": "2026-12-03 19:42"}, "Met on 2026-12-03 19:42"),
    ({"name": "A", "url": "javascript:alert(1)"}, "javascript:alert(1)"),
    ({"name": "A", "note": "hi", "linkedin": "data:text/html,x"}, "hi\ndata:text/html,x"),
])
def test_vcf_notes_carry_the_meeting_and_unsafe_links_as_text(contact, note):
    [card] = parse_vcard(contacts_vcf([contact]))
    assert (card["note"], card["url"], card["linkedin"]) == (note, "", "")


@pytest.mark.parametrize("contact, name", [
    ({"email": "a@example.com"}, "a@example.com"),
    ({"phone": "+1 555"}, "+1 555"),
    ({}, "Unnamed contact"),
])
def test_vcf_gives_nameless_contacts_a_name(contact, name):
    [card] = parse_vcard(contacts_vcf([contact]))
    assert card["name"] == name


@pytest.mark.parametrize("line", [
    "NOTE:" + "x" * 200,
    "NOTE:" + "ë" * 100,  # two octets each: a fold must never split one
    "NOTE:" + "山" * 60,
    "NOTE:" + "🎉" * 40,
    "FN:short",
])
def test_fold_keeps_lines_within_75_octets(line):
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert logical_lines(folded) == [line]


def test_empty_exports():
    assert contacts_vcf([]) == ""
    assert contacts_csv([]) == ",".join(CSV_COLUMNS) + "\r\n"


def test_csv_has_the_header_and_one_row_per_contact():
    rows = list(csv.reader(io.StringIO(contacts_csv([ZOE, TARO]))))
    assert rows[0] == list(CSV_COLUMNS) == [
        "name", "title", "company", "email", "phone", "linkedin", "url", "event", "met_at", "note",
    ]
    zoe = dict(zip(rows[0], rows[1], strict=True))
    assert zoe["name"] == "Zoë Müller" and zoe["company"] == "Acme, Inc.; R&D"
    assert zoe["phone"] == "+1 416 555 0142"  # a phone number is safe as typed
    assert zoe["met_at"] == "2026-12-03 00:42 UTC"  # no event zone given: UTC
    assert zoe["note"] == ZOE["note"].strip()  # newlines survive inside the quoted cell
    assert rows[2][:3] == ["山田太郎", "", "株式会社サンプル"]
    assert len(rows) == 3


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+1 416 555 0142", "+1 416 555 0142"),  # a phone: nothing in it can run
    ("+44 (20) 7946-0000", "+44 (20) 7946-0000"),
    ("+1.416.555.0142", "+1.416.555.0142"),
    ("+1", "'+1"),  # too short for a phone number: guarded like any formula
    ("+1 416 555 0142+HYPERLINK(1)", "'+1 416 555 0142+HYPERLINK(1)"),
    ("+1 416 555 0142\n=1", "'+1 416 555 0142\n=1"),
    ("+1+1+1+1+1", "'+1+1+1+1+1"),
    ("-2+3", "'-2+3"),
    ("-416 555 0142", "'-416 555 0142"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("＝1+1", "'＝1+1"),
    ("Zoë = great", "Zoë = great"),
    ("a-b", "a-b"),
    ("", ""),
    (None, ""),
    (42, "42"),
])
def test_safe_cell_neutralises_formulas(value, cell):
    assert safe_cell(value) == cell


def test_csv_cells_from_scans_cannot_run():
    hostile = {"name": "=cmd|' /C calc'!A0", "note": "@SUM(1+1)*cmd|' /C calc'!A0",
               "company": "-1+1", "title": "+1"}
    [_, row] = list(csv.reader(io.StringIO(contacts_csv([hostile]))))
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row)


@pytest.mark.parametrize("value, text", [
    (datetime(2026, 12, 3, 0, 42, tzinfo=UTC), "2026-12-03 00:42 UTC"),
    (datetime(2026, 12, 2, 19, 42, tzinfo=timezone(timedelta(hours=-5))), "2026-12-03 00:42 UTC"),
    (datetime(2026, 12, 3, 0, 42), "2026-12-03 00:42 UTC"),
    (" 2026-12-03 ", "2026-12-03"),
    (None, ""),
])
def test_met_at_is_shown_in_utc(value, text):
    assert format_met_at(value) == text


@pytest.mark.parametrize("zone, text", [
    ("America/Toronto", "2026-12-02 19:42 EST"),
    ("Europe/Paris", "2026-12-03 01:42 CET"),
    ("", "2026-12-03 00:42 UTC"),
    ("Not/AZone", "2026-12-03 00:42 UTC"),
])
def test_met_at_is_in_the_events_zone(zone, text):
    """Issue 13: when you met, as the clock in the room said it."""
    assert format_met_at(datetime(2026, 12, 3, 0, 42, tzinfo=UTC), zone) == text
