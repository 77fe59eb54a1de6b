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
    assert hostile["name"].startswith("'=") and hostile["phone"].startswith("'+")


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
