"""The app's read API: who I am, my events, an event's pack."""

import gzip
from itertools import accumulate

import pytest

from companion.db import db
from companion.events.pack import attendee_columns, linkedin_column
from companion.models import Event, Membership

from .conftest import log_in


def test_me_gives_user_and_csrf_token(auth_client):
    body = auth_client.get("/api/me").json
    assert body["user"]["email"] == "ada@example.com" and body["csrf_token"]


def test_events_lists_own_and_shared_only(app, client, make_user, make_event, user):
    mine = make_event(title="Mine")
    other = make_user("eve@example.com")
    shared = make_event(owner_id=other, title="Shared with me")
    make_event(owner_id=other, title="Not mine")
    with app.app_context():
        db.session.add(Membership(event_id=shared, user_id=user))
        db.session.commit()
    log_in(client)
    events = client.get("/api/events").json["events"]
    assert {(e["id"], e["role"]) for e in events} == {(mine, "owner"), (shared, "member")}


def test_pack_carries_attendees_and_answers_304_when_unchanged(app, auth_client, event):
    response = auth_client.get(f"/api/events/{event}/pack")
    assert response.status_code == 200
    pack = response.json
    assert pack["attendees"]["count"] == 3
    assert pack["attendees"]["name"] == ["Mateo García", "Nadia Sharma", "Omar Farouk"]
    assert pack["event"]["starts_at"].endswith("Z")
    etag = response.headers["ETag"]
    again = auth_client.get(f"/api/events/{event}/pack", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    with app.app_context():
        db.session.get(Event, event).pack_version += 1
        db.session.commit()
    assert auth_client.get(f"/api/events/{event}/pack",
                           headers={"If-None-Match": etag}).status_code == 200


def test_pack_needs_login(client, event):
    response = client.get(f"/api/events/{event}/pack")
    assert response.status_code == 401 and "Log in again" in response.json["error"]


def test_pack_hidden_from_stranger(client, make_user, make_event, user):
    other = make_user("eve@example.com")
    hidden = make_event(owner_id=other)
    log_in(client)
    response = client.get(f"/api/events/{hidden}/pack")
    assert response.status_code == 404 and response.json == {"error": "Not found."}


def unpack(columns: dict) -> list[dict]:
    """Read the pack's columns back into rows, as static/js/store/pack.js does."""
    hosts = set(columns["hosts"])
    ids = list(accumulate(columns["id"]))

    def linkedin(value: str) -> str:
        return f"https://www.linkedin.com/in/{value}" if value and "/" not in value else value

    return [{
        "id": ids[row], "name": columns["name"][row], "title": columns["title"][row],
        "company": columns["company"][row], "linkedin": linkedin(columns["linkedin"][row]),
        "url": columns["url"][row], "is_host": row in hosts,
    } for row in range(columns["count"])]


@pytest.mark.parametrize("link", [
    "", "https://www.linkedin.com/in/mateo-garcia", "https://www.linkedin.com/company/acme",
    "https://www.linkedin.com/in/", "https://uk.linkedin.com/in/someone",
    "https://www.linkedin.com/in/a/b",
])
def test_linkedin_addresses_shrink_to_profile_names_and_come_back_whole(link):
    short = linkedin_column(link)
    assert unpack({"count": 1, "id": [1], "name": ["x"], "title": [""], "company": [""],
                   "linkedin": [short], "url": [""], "hosts": []})[0]["linkedin"] == link


def test_columns_round_trip_ids_out_of_order_and_hosts():
    rows = [(40, "Ana", "PM", "Acme", "https://www.linkedin.com/in/ana", "", False),
            (12, "Ben", "", "", "", "https://ben.dev", True),
            (13, "Cleo", "CTO", "Zeta, Inc.", "https://www.linkedin.com/company/z", "", True)]
    columns = attendee_columns(rows)
    assert columns["id"] == [40, -28, 1] and columns["hosts"] == [1, 2]
    fields = ("id", "name", "title", "company", "linkedin", "url", "is_host")
    assert unpack(columns) == [dict(zip(fields, row, strict=True)) for row in rows]


def test_pack_of_an_imported_list_matches_the_database(app, auth_client, make_event):
    people = [f"Person {n:03d}" for n in range(120)]
    event = make_event(attendees=people)
    with app.app_context():
        attendees = db.session.get(Event, event).attendees
        attendees[3].is_host = True
        attendees[5].linkedin = "https://www.linkedin.com/in/p5"
        db.session.commit()
        expected = [
            {"id": a.id, "name": a.name, "title": a.title, "company": a.company,
             "linkedin": a.linkedin, "url": a.url, "is_host": a.is_host}
            for a in db.session.get(Event, event).attendees
        ]
    pack = auth_client.get(f"/api/events/{event}/pack").json
    assert unpack(pack["attendees"]) == expected
    assert pack["event"]["attendee_count"] == 120


def test_pack_is_gzipped_for_clients_that_accept_it(auth_client, make_event):
    event = make_event(attendees=[f"Person {n:03d}" for n in range(200)])
    plain = auth_client.get(f"/api/events/{event}/pack")
    zipped = auth_client.get(f"/api/events/{event}/pack", headers={"Accept-Encoding": "gzip"})
    assert plain.headers.get("Content-Encoding") is None
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 3
    assert zipped.headers["ETag"] == plain.headers["ETag"]


def test_registration_answers_go_as_a_column_per_question():
    rows = [(1, "Ana", "", "", "", "", False, [["Industry", "Fintech"], ["Goal", "Hire"]]),
            (2, "Ben", "", "", "", "", False, []),
            (3, "Cleo", "", "", "", "", False, [["Goal", "Meet <b>PMs</b>"], ["Pronouns", "she"]]),
            (4, "Dev", "", "", "", "", False, None)]
    columns = attendee_columns(rows)
    assert columns["questions"] == ["Industry", "Goal", "Pronouns"]
    # Each column: the distinct answers ("" first) and a code per row.
    assert columns["answers"] == [[["", "Fintech"], [1, 0, 0, 0]],
                                  [["", "Hire", "Meet <b>PMs</b>"], [1, 0, 2, 0]],
                                  [["", "she"], [0, 0, 1, 0]]]
    assert attendee_columns(rows, with_answers=False)["questions"] == []
    repeated = [(n, "X", "", "", "", "", False, [["Industry", "Fintech"]]) for n in range(1, 500)]
    assert attendee_columns(repeated)["answers"] == [[["", "Fintech"], [1] * 499]]


def test_only_the_owner_gets_the_registration_answers(app, client, auth_client, make_user,
                                                      make_event, user):
    event = make_event(attendees=["Ana Silva", "Ben Carter"])
    member = make_user("bob@example.com")
    with app.app_context():
        ana = db.session.get(Event, event).attendees[0]
        ana.answers = [["What are you looking for?", "A co-founder"]]
        db.session.add(Membership(event_id=event, user_id=member))
        db.session.commit()
    mine = auth_client.get(f"/api/events/{event}/pack").json["attendees"]
    assert (mine["questions"], mine["answers"]) == (
        ["What are you looking for?"], [[["", "A co-founder"], [1, 0]]])
    log_in(client, "bob@example.com")
    theirs = client.get(f"/api/events/{event}/pack").json["attendees"]
    assert (theirs["questions"], theirs["answers"]) == ([], [])
    assert theirs["name"] == mine["name"]
