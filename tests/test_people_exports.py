"""people.csv, interactions.csv and people.vcf: everyone I know as the app shows them (merged
records as one), spreadsheet-safe, markup kept as text, and an address book that reads back."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from companion.db import db
from companion.models import Attendee, derived_id
from companion.people.export import met_line, people_vcf
from companion.rules.codes import split_unescaped
from companion.rules.payload import logical_lines, parse_vcard, unescape

from .conftest import log_in

CLIENT = "people-export-01"
TODAY = datetime.now(UTC).date()


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def push(client, changes):
    numbered = [{"seq": n + 1, **change} for n, change in enumerate(changes)]
    response = client.post("/api/sync/push", json={"client_id": CLIENT, "changes": numbered})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["rejected"] == []
    return response


def put(kind, record_id, **fields):
    return {"kind": kind, "op": "put", "id": record_id, "fields": fields, "new": True}


@pytest.fixture
def book(app, auth_client, user, event, make_event):
    """Dana, met at Product Night, merged with the Dana of a later list; a hostile record; an
    archived friend; three interactions (one naming the merged record only) and a deleted one."""
    camp = make_event(title="Product Camp")
    third = make_event(title="Design Week")
    with app.app_context():
        first_attendee = db.session.execute(
            select(Attendee.id).where(Attendee.event_id == event).order_by(Attendee.id)
        ).scalars().first()
    ids = {name: str(uuid.uuid4()) for name in ("dana", "dana2", "hostile", "old", "gone")}
    ids |= {f"i{n}": str(uuid.uuid4()) for n in range(1, 5)}
    push(auth_client, [
        put("person", ids["dana"], name="Dana Lee", emails=["Dana@Acme.example"],
            company="Acme", title="Senior PM", first_met_event_id=event,
            first_met_event="Product Night", first_met_on="2026-03-12",
            tags=["pm", "hiring, growth"], note="Hiring a growth PM.\nAsk about onboarding.",
            cadence="2m"),
        put("person", ids["dana2"], name="Dana Lee-Park", emails=["dana.lee@globex.example"],
            company="Globex Corporation", title="Director", first_met_event_id=camp,
            first_met_event="Product Camp", first_met_on="2026-05-01", tags=["globex", "pm"],
            note="Met again at Camp.", merged_into=ids["dana"]),
        put("person", ids["hostile"], name='=HYPERLINK("http://evil.example","x")',
            company="<script>alert(1)</script>", title="<img src=x onerror=alert(2)>",
            tags=["@SUM(1+1)", "a;b\\c"], note="-2+3\nsecond line", emails=["h@evil.example"],
            phones=["+1 416 555 0142", "+44 20 7946 0000"],
            linkedin="https://www.linkedin.com/in/h-4b2a1c"),
        put("person", ids["old"], name="Old Friend", archived=True, cadence="1y"),
        put("person", ids["gone"], name="Forgotten Person", tags=["CANARY-gone"]),
        put("interaction", ids["i1"], person_ids=[ids["dana"]], on=day(10), type="met",
            event_id=event, event_title="Product Night", line="Talked hiring"),
        # Only the merged record is named: it counts for Dana all the same.
        put("interaction", ids["i2"], person_ids=[ids["dana2"]], on=day(1), type="coffee",
            event_id=camp, event_title="Product Camp", line="Coffee near the venue"),
        put("interaction", ids["i3"], person_ids=[ids["dana"], ids["hostile"], ids["gone"]],
            on=day(3), type="message", line="=cmd|' /C calc'!A0"),
        put("interaction", ids["i4"], person_ids=[ids["dana"]], on=day(0), type="call",
            line="CANARY-deleted-line"),
        put("mark", derived_id("mark", user, first_attendee), event_id=event,
            attendee_id=first_attendee, person_id=ids["dana2"]),
        put("contact", str(uuid.uuid4()),
            name="Dana at Design Week", source="manual", event_id=third,
            person_id=ids["dana2"]),
        {"kind": "interaction", "op": "delete", "id": ids["i4"]},
        {"kind": "person", "op": "delete", "id": ids["gone"]},
    ])
    return ids


def rows_of(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_people_csv_shows_merged_records_as_one_person(book, auth_client):
    response = auth_client.get("/people/people.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="people.csv"'
    rows = {row["name"]: row for row in rows_of(response)}
    assert len(rows) == 3  # Dana's two records are one; the forgotten person is gone
    dana = rows["Dana Lee-Park"]
    assert dana == {
        "name": "Dana Lee-Park", "emails": "dana@acme.example; dana.lee@globex.example",
        "linkedin": "", "company": "Globex Corporation", "title": "Senior PM",
        "first_met_event": "Product Night", "first_met_date": "2026-03-12",
        # The coffee named only the merged record, and is the latest contact.
        "last_contact_date": day(1),
        # Product Night (first met, the met, the mark), Product Camp (the coffee, and where
        # the second record was first met), Design Week (a contact linked to the second record).
        "events": "3", "cadence": "Every 2 months", "state": "ok",
        # met + coffee: two two-way touches, the coffee only through the merged record.
        "warm": "yes", "tags": "pm; hiring, growth; globex",
        "note": "Hiring a growth PM.\nAsk about onboarding.\n\nMet again at Camp.",
    }
    old = rows["Old Friend"]
    assert (old["state"], old["warm"], old["cadence"], old["last_contact_date"]) == (
        "archived", "no", "Once a year", "")


def test_cells_cannot_run_as_formulas_and_markup_stays_text(book, auth_client):
    [hostile] = [row for row in rows_of(auth_client.get("/people/people.csv"))
                 if "HYPERLINK" in row["name"]]
    assert hostile["name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert hostile["tags"] == "'@SUM(1+1); a;b\\c"
    assert hostile["note"] == "'-2+3\nsecond line"
    # Text, as typed: not escaped into entities, not taken out.
    assert hostile["company"] == "<script>alert(1)</script>"
    assert hostile["title"] == "<img src=x onerror=alert(2)>"
    assert (hostile["state"], hostile["last_contact_date"], hostile["events"]) == (
        "none", day(3), "0")
    for url in ("/people/people.csv", "/people/interactions.csv", "/people/people.vcf"):
        response = auth_client.get(url)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "html" not in response.mimetype
        assert "CANARY-deleted" not in response.get_data(as_text=True)
        assert "Forgotten" not in response.get_data(as_text=True)


def test_interactions_csv_names_people_as_they_show_now(book, auth_client):
    rows = rows_of(auth_client.get("/people/interactions.csv"))
    assert [list(row) for row in rows[:1]] == [["date", "kind", "people", "event", "line"]]
    assert rows == [
        {"date": day(10), "kind": "met", "people": "Dana Lee-Park", "event": "Product Night",
         "line": "Talked hiring"},
        {"date": day(3), "kind": "message",
         "people": 'Dana Lee-Park; =HYPERLINK("http://evil.example","x")', "event": "",
         "line": "'=cmd|' /C calc'!A0"},
        {"date": day(1), "kind": "coffee", "people": "Dana Lee-Park", "event": "Product Camp",
         "line": "Coffee near the venue"},
    ]


def categories(card_text: str) -> list[list[str]]:
    """Every card's CATEGORIES, split at unescaped commas and unescaped (RFC 6350 6.7.1)."""
    found = []
    for line in logical_lines(card_text):
        if line.upper() == "BEGIN:VCARD":
            found.append([])
        elif line.upper().startswith("CATEGORIES:"):
            value = line.split(":", 1)[1]
            found[-1] = [unescape(tag) for tag in split_unescaped(value, ",")]
    return found


def test_vcf_parses_back_with_the_meeting_in_note_and_tags_in_categories(book, auth_client):
    response = auth_client.get("/people/people.vcf")
    assert response.mimetype == "text/vcard"
    text = response.get_data(as_text=True)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = {card["name"]: card for card in parse_vcard(text)}
    tags = dict(zip((card["name"] for card in parse_vcard(text)), categories(text),
                    strict=True))
    dana = cards["Dana Lee-Park"]
    assert dana["note"] == ("Met at Product Night on 2026-03-12 — Hiring a growth PM.\n"
                            "Ask about onboarding.\n\nMet again at Camp.")
    assert tags["Dana Lee-Park"] == ["pm", "hiring, growth", "globex"]
    assert "CATEGORIES:pm,hiring\\, growth,globex" in text.replace("\r\n ", "")
    assert (dana["company"], dana["title"]) == ("Globex Corporation", "Senior PM")
    hostile = cards['=HYPERLINK("http://evil.example","x")']
    assert tags[hostile["name"]] == ["@SUM(1+1)", "a;b\\c"]
    assert hostile["note"] == "-2+3\nsecond line"
    assert hostile["linkedin"] == "https://www.linkedin.com/in/h-4b2a1c"
    unfolded = text.replace("\r\n ", "")
    for line in ("EMAIL:h@evil.example", "TEL:+1 416 555 0142", "TEL:+44 20 7946 0000",
                 "EMAIL:dana@acme.example", "EMAIL:dana.lee@globex.example"):
        assert line + "\r\n" in unfolded
    assert tags["Old Friend"] == [] and cards["Old Friend"]["note"] == ""


@pytest.mark.parametrize("person, line", [
    ({"first_met_event": "PM Night", "first_met_on": "2026-03-12", "note": "\n  Hook\nmore"},
     "Met at PM Night on 2026-03-12 — Hook"),
    ({"first_met_event": "PM Night"}, "Met at PM Night"),
    ({"first_met_on": "2026-03-12", "note": "Hook"}, "Met on 2026-03-12 — Hook"),
    ({"note": "Just a note"}, "Just a note"),
    ({}, ""),
])
def test_the_met_line_says_what_is_known(person, line):
    assert met_line(person) == line


def test_a_person_without_a_name_still_makes_a_card():
    person = {"name": "", "emails": ["a@example.com"], "tags": [",", "\x00"], "phones": [],
              "note": "", "standing": {}}
    [card] = parse_vcard(people_vcf([person]))
    assert card["name"] == "a@example.com"
    assert categories(people_vcf([person])) == [[","]]  # the control character is no tag


def test_contacts_vcf_carries_the_linked_persons_tags(book, auth_client):
    text = auth_client.get("/contacts/export.vcf").get_data(as_text=True)
    [card] = parse_vcard(text)
    assert card["name"] == "Dana at Design Week"
    # Linked to the merged record: the tags of the one person it shows as.
    assert categories(text) == [["pm", "hiring, growth", "globex"]]


def test_contacts_without_a_person_have_no_categories(app, auth_client):
    push(auth_client, [put("contact", str(uuid.uuid4()), name="Wei", source="manual")])
    text = auth_client.get("/contacts/export.vcf").get_data(as_text=True)
    assert "CATEGORIES" not in text and parse_vcard(text)[0]["name"] == "Wei"


def test_the_account_page_links_every_people_export(book, auth_client):
    page = auth_client.get("/account/").get_data(as_text=True)
    for url in ("/people/people.csv", "/people/interactions.csv", "/people/people.vcf"):
        assert f'href="{url}"' in page
        assert auth_client.get(url).status_code == 200
    data = auth_client.get("/account/export.json").json
    assert {p["id"] for p in data["people"]} == {book[n] for n in
                                                 ("dana", "dana2", "hostile", "old", "gone")}
    assert len(data["interactions"]) == 4


def test_exports_are_of_my_people_only(book, app, client, make_user):
    make_user("bo@example.com")
    log_in(client, "bo@example.com")
    assert rows_of(client.get("/people/people.csv")) == []
    assert rows_of(client.get("/people/interactions.csv")) == []
    assert client.get("/people/people.vcf").get_data() == b""


def test_exports_need_a_login(client):
    for url in ("/people/people.csv", "/people/interactions.csv", "/people/people.vcf"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.location


def test_empty_exports_have_their_headers(auth_client):
    assert auth_client.get("/people/people.csv").get_data(as_text=True) == (
        "name,emails,linkedin,company,title,first_met_event,first_met_date,"
        "last_contact_date,events,cadence,state,warm,tags,note\r\n")
    assert auth_client.get("/people/interactions.csv").get_data(as_text=True) == (
        "date,kind,people,event,line\r\n")
