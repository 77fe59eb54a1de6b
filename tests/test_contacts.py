"""Exporting the people I met: address book and spreadsheet, only mine, formula-safe."""

import csv
import io
import uuid

import pytest

from companion.rules.payload import parse_vcard

from .conftest import log_in
from .test_sync import push


def contact(seq, event=None, **fields):
    return {"seq": seq, "kind": "contact", "op": "put", "id": str(uuid.uuid4()),
            "fields": {"source": "scan", "event_id": event, **fields}}


@pytest.fixture
def met(auth_client, event, make_event):
    other = make_event(title="Other night")
    push(auth_client, [
        contact(1, event, name="Zoë Müller", company="Acme; R&D", note="Ask about, pricing",
                met_at="2026-12-03T00:40:00Z"),
        contact(2, event, name="=HYPERLINK(\"http://evil\")", phone="+1 416 555 0100"),
        contact(3, other, name="Wei Ivanov"),
    ])
    return event, other


def test_vcf_export_of_one_event(auth_client, met):
    event, _ = met
    response = auth_client.get(f"/contacts/export.vcf?event={event}")
    assert response.mimetype == "text/vcard"
    cards = parse_vcard(response.get_data(as_text=True))
    assert [card["name"] for card in cards] == ["Zoë Müller", "=HYPERLINK(\"http://evil\")"]
    assert cards[0]["company"] == "Acme; R&D"
    assert "Ask about, pricing" in cards[0]["note"] and "Product Night" in cards[0]["note"]


def test_csv_export_of_everything_is_formula_safe(auth_client, met):
    response = auth_client.get("/contacts/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 3
    by_name = {row["name"].lstrip("'"): row for row in rows}
    hostile = by_name["=HYPERLINK(\"http://evil\")"]
    assert hostile["name"].startswith("'=")
    assert hostile["phone"] == "+1 416 555 0100"  # a phone number stays as typed
    zoe = by_name["Zoë Müller"]
    assert zoe["met_at"] == "2026-12-02 19:40 EST"  # in the event's zone (Toronto)


def test_exports_never_show_anothers_contacts(client, make_user, met):
    make_user("eve@example.com")
    client.post("/auth/logout")
    log_in(client, "eve@example.com")
    assert client.get("/contacts/export.vcf").get_data(as_text=True) == ""
    assert client.get("/contacts/export.csv").get_data(as_text=True).count("\n") == 1
    event, _ = met
    assert client.get(f"/contacts/export.csv?event={event}").status_code == 404


@pytest.mark.parametrize("path, status", [
    ("/contacts/export.pdf", 404), ("/contacts/export.csv?event=abc", 400),
    ("/contacts/export.csv?event=999", 404),
])
def test_bad_export_requests(auth_client, path, status):
    assert auth_client.get(path).status_code == status


def test_people_marked_met_are_exported_with_the_marks_notes(app, auth_client, user, event,
                                                              make_event):
    """Issue 13: met with a note and never scanned, the person is still in both exports."""
    from .test_sync import attendee_ids, mark_change

    mateo, nadia, omar = attendee_ids(app, event)
    other = make_event(title="Other night", attendees=("Wei Ivanov",))
    [wei] = attendee_ids(app, other)
    push(auth_client, [
        mark_change(1, user, event, nadia, status="met", note="Hiring a design lead"),
        mark_change(2, user, event, omar, priority="must", note="Not met yet"),  # not met
        mark_change(3, user, event, mateo, status="met", note="Runs the PM guild"),
        contact(4, event, name="GARCIA MATEO", attendee_id=mateo, note="Coffee next week",
                phone="+1 416 555 0100", met_at="2026-12-03T00:40:00Z"),
        mark_change(5, user, other, wei, status="met"),
    ])
    cards = parse_vcard(auth_client.get(f"/contacts/export.vcf?event={event}").get_data(
        as_text=True))
    # The scan keeps its own details, the mark's note joins its note; then the unscanned.
    assert [card["name"] for card in cards] == ["GARCIA MATEO", "Nadia Sharma"]
    assert cards[0]["note"].startswith("Runs the PM guild\nCoffee next week\nMet at Product Night")
    assert cards[1]["note"] == "Hiring a design lead\nMet at Product Night"
    assert cards[1]["company"] == "Acme"
    rows = list(csv.DictReader(io.StringIO(
        auth_client.get("/contacts/export.csv").get_data(as_text=True))))
    assert [(row["name"], row["event"], row["note"]) for row in rows] == [
        ("GARCIA MATEO", "Product Night", "Runs the PM guild\nCoffee next week"),
        ("Nadia Sharma", "Product Night", "Hiring a design lead"),
        ("Wei Ivanov", "Other night", ""),
    ]


def test_a_deleted_mark_leaves_the_export(app, auth_client, user, event):
    from companion.db import db
    from companion.models import Mark

    from .test_sync import attendee_ids, mark_change

    _, nadia, _ = attendee_ids(app, event)
    push(auth_client, [mark_change(1, user, event, nadia, status="met", note="x")])
    with app.app_context():
        db.session.execute(Mark.__table__.update().values(deleted=True))
        db.session.commit()
    assert auth_client.get("/contacts/export.vcf").get_data(as_text=True) == ""
