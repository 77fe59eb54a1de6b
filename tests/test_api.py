"""The app's read API: who I am, my events, an event's pack."""

from companion.db import db
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
    assert pack["attendees"]["fields"][:2] == ["id", "name"]
    assert [row[1] for row in pack["attendees"]["rows"]] == [
        "Mateo García", "Nadia Sharma", "Omar Farouk"]
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
