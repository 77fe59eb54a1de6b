"""The prep pages for events: create, read, edit, delete, and sharing by link."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from companion.db import db
from companion.models import Attendee, Event, Membership

from .conftest import log_in

FORM = {
    "title": "Design Systems Night", "timezone": "Europe/Paris",
    "start": "2026-12-10T18:30", "end": "2026-12-10T21:00", "venue": "Le Loft",
    "address": "5 rue de Rivoli", "kind": "talk-first", "networking_start": "2026-12-10T19:15",
    "url": "https://example.com/dsn",
}
BOB = "bob@example.com"


@pytest.fixture
def bob_client(app, make_user):
    make_user(email=BOB, name="Bob")
    client = app.test_client()
    log_in(client, BOB)
    return client


def get_event(app, event_id):
    with app.app_context():
        event = db.session.get(Event, event_id)
        if event is not None:
            db.session.expunge(event)
        return event


def text(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/events/"), ("get", "/events/new"), ("get", "/events/1"), ("get", "/events/1/edit"),
    ("post", "/events/1/delete"), ("post", "/events/1/share"), ("get", "/events/join/abc"),
])
def test_anonymous_visitors_are_sent_to_log_in(client, event, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_create_event_stores_utc_and_shows_the_event_zone(app, auth_client):
    response = auth_client.post("/events/new", data=FORM)
    assert response.status_code == 302
    event_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    event = get_event(app, event_id)
    assert event.starts_at == datetime(2026, 12, 10, 17, 30, tzinfo=UTC)
    assert event.networking_starts_at == datetime(2026, 12, 10, 18, 15, tzinfo=UTC)
    assert (event.timezone, event.kind, event.venue) == ("Europe/Paris", "talk-first", "Le Loft")
    page = text(auth_client.get(f"/events/{event_id}"))
    assert "Thu 10 Dec 2026, 18:30–21:00 CET" in page
    assert "Import attendees" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "Give the event a title."),
    ({"end": "2026-12-10T17:00"}, "The end must be after the start."),
    ({"timezone": "Nowhere/City"}, "not a known time zone"),
    ({"url": "javascript:alert(1)"}, "http:// or https://"),
    ({"kind": "party"}, "The kind must be one of"),
])
def test_create_event_refuses_bad_values(app, auth_client, changes, message):
    response = auth_client.post("/events/new", data=FORM | changes)
    assert response.status_code == 400
    assert message in text(response)
    with app.app_context():
        assert db.session.execute(select(func.count(Event.id))).scalar() == 0


def test_markup_in_titles_is_shown_as_text(auth_client, make_event):
    event_id = make_event(title='<script>alert("x")</script><b>Night</b>',
                          venue="<img src=x onerror=alert(1)>")
    for path in ("/events/", f"/events/{event_id}", f"/events/{event_id}/edit"):
        page = text(auth_client.get(path))
        assert "<script>alert" not in page and "<b>Night" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page


def test_list_shows_upcoming_first_then_past(auth_client, make_event):
    now = datetime.now(UTC)
    make_event(title="Last year", starts_at=now - timedelta(days=300),
               ends_at=now - timedelta(days=300, hours=-2))
    make_event(title="Next month", starts_at=now + timedelta(days=30),
               ends_at=now + timedelta(days=30, hours=2))
    make_event(title="Next week", starts_at=now + timedelta(days=7),
               ends_at=now + timedelta(days=7, hours=2))
    page = text(auth_client.get("/events/"))
    assert page.index("Next week") < page.index("Next month") < page.index("Last year")
    assert page.index("Upcoming") < page.index("Next week") < page.index("Past")


def test_list_is_empty_for_a_new_account(auth_client):
    assert "No events yet" in text(auth_client.get("/events/"))


def test_edit_form_shows_wall_clock_times_in_the_event_zone(auth_client, event):
    page = text(auth_client.get(f"/events/{event}/edit"))
    assert 'value="2026-12-02T19:00"' in page  # 00:00 UTC on 3 Dec is 19:00 in Toronto
    assert 'value="America/Toronto"' in page


def test_edit_event_saves_and_bumps_the_pack(app, auth_client, event):
    version = get_event(app, event).pack_version
    response = auth_client.post(f"/events/{event}/edit", data=FORM | {"title": "Renamed"})
    assert response.status_code == 302
    edited = get_event(app, event)
    assert (edited.title, edited.timezone) == ("Renamed", "Europe/Paris")
    assert edited.pack_version == version + 1
    # Saving the same values again is not a change.
    auth_client.post(f"/events/{event}/edit", data=FORM | {"title": "Renamed"})
    assert get_event(app, event).pack_version == version + 1


def test_edit_errors_keep_the_typed_values(auth_client, event):
    response = auth_client.post(f"/events/{event}/edit", data=FORM | {"end": "2026-12-09T10:00"})
    assert response.status_code == 400
    assert 'value="Design Systems Night"' in text(response)


def test_delete_asks_then_removes_the_event_and_its_attendees(app, auth_client, event):
    confirm = auth_client.get(f"/events/{event}/delete")
    assert confirm.status_code == 200 and "3 people" in text(confirm)
    assert get_event(app, event) is not None
    response = auth_client.post(f"/events/{event}/delete")
    assert response.status_code == 302
    assert get_event(app, event) is None
    with app.app_context():
        assert db.session.execute(select(func.count(Attendee.id))).scalar() == 0
    assert auth_client.get(f"/events/{event}").status_code == 404


def test_show_counts_attendees_and_hosts(app, auth_client, event):
    with app.app_context():
        db.session.execute(
            Attendee.__table__.update().where(Attendee.name == "Omar Farouk").values(is_host=True)
        )
        db.session.commit()
    page = text(auth_client.get(f"/events/{event}"))
    assert "3 people on the list, 1 of them a host." in page
    assert f'href="/app#/events/{event}"' in page


def share(app, client, event_id):
    client.post(f"/events/{event_id}/share")
    return get_event(app, event_id).share_token


def test_share_link_join_and_member_view(app, auth_client, bob_client, event):
    token = share(app, auth_client, event)
    assert token and len(token) >= 32
    assert f"/events/join/{token}" in text(auth_client.get(f"/events/{event}"))
    assert bob_client.get(f"/events/{event}").status_code == 404  # not joined yet
    join_page = bob_client.get(f"/events/join/{token}")
    assert join_page.status_code == 200 and "Join “Product Night”?" in text(join_page)
    assert bob_client.post(f"/events/join/{token}").status_code == 302
    page = text(bob_client.get(f"/events/{event}"))
    assert "Product Night" in page and "Open attendee list" in page
    assert "Import attendees" not in page and "Edit" not in page and "share link" not in page
    assert "Shared with you" in text(bob_client.get("/events/"))
    # Joining twice adds nothing.
    bob_client.post(f"/events/join/{token}")
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Membership)).scalar() == 1
    assert BOB in text(auth_client.get(f"/events/{event}"))


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/events/{id}/edit"), ("post", "/events/{id}/edit"),
    ("get", "/events/{id}/delete"), ("post", "/events/{id}/delete"),
    ("post", "/events/{id}/share"), ("post", "/events/{id}/share/revoke"),
    ("get", "/events/{id}/import"),
])
def test_members_cannot_change_the_event(app, auth_client, bob_client, event, method, path):
    token = share(app, auth_client, event)
    bob_client.post(f"/events/join/{token}")
    response = getattr(bob_client, method)(path.format(id=event), data=FORM)
    assert response.status_code == 404
    after = get_event(app, event)
    assert (after.title, after.share_token) == ("Product Night", token)


@pytest.mark.parametrize("path", ["/events/{id}", "/events/{id}/edit", "/events/{id}/delete"])
def test_strangers_get_404_not_403(bob_client, event, path):
    assert bob_client.get(path.format(id=event)).status_code == 404


def test_revoked_and_replaced_links_stop_working(app, auth_client, bob_client, event):
    first = share(app, auth_client, event)
    second = share(app, auth_client, event)
    assert first != second
    for method in ("get", "post"):
        response = getattr(bob_client, method)(f"/events/join/{first}")
        assert response.status_code == 404 and "does not work" in text(response)
    auth_client.post(f"/events/{event}/share/revoke")
    assert get_event(app, event).share_token is None
    assert bob_client.post(f"/events/join/{second}").status_code == 404
    assert bob_client.get(f"/events/{event}").status_code == 404


def test_owner_removes_a_member_and_a_member_can_leave(app, auth_client, bob_client, make_user,
                                                       event):
    token = share(app, auth_client, event)
    bob_client.post(f"/events/join/{token}")
    with app.app_context():
        bob_id = db.session.execute(select(Membership.user_id)).scalar_one()
    auth_client.post(f"/events/{event}/members/{bob_id}/remove")
    assert bob_client.get(f"/events/{event}").status_code == 404
    # The same link does not let him straight back in (it did, at once, before).
    assert bob_client.post(f"/events/join/{token}").status_code == 403
    assert bob_client.get(f"/events/{event}").status_code == 404
    auth_client.post(f"/events/{event}/members/{bob_id}/allow")
    bob_client.post(f"/events/join/{token}")
    assert bob_client.get(f"/events/{event}").status_code == 200
    assert bob_client.post(f"/events/{event}/leave").status_code == 302
    assert bob_client.get(f"/events/{event}").status_code == 404
    # Leaving on his own, he may join again with the link.
    bob_client.post(f"/events/join/{token}")
    assert bob_client.get(f"/events/{event}").status_code == 200
    # The owner cannot leave their own event.
    auth_client.post(f"/events/{event}/leave")
    assert auth_client.get(f"/events/{event}").status_code == 200


def test_owner_opening_their_own_link_goes_to_the_event(app, auth_client, event):
    token = share(app, auth_client, event)
    response = auth_client.get(f"/events/join/{token}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/{event}")


def test_pages_need_no_inline_script_or_style(auth_client, event):
    for path in ("/events/", f"/events/{event}", f"/events/{event}/edit", "/events/new"):
        page = text(auth_client.get(path))
        # Scripts only from files (the CSP allows 'self', nothing inline).
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
        assert scripts == [""] * page.count("<script") and all(
            'src="/static/js/' in tag for tag in re.findall(r"<script\b[^>]*>", page))
        assert "style=" not in page and "<style" not in page


def test_counts_on_the_prep_pages_read_as_the_app_writes_them(auth_client, make_event):
    """Issue 13: "1,500", as the app shows it, not "1500"."""
    event_id = make_event(attendees=[f"Person {n:04d}" for n in range(1500)])
    assert "1,500 people on the list" in text(auth_client.get(f"/events/{event_id}"))
    assert ">1,500<" in text(auth_client.get("/events/"))


def test_a_missing_page_is_the_sites_own_and_the_api_keeps_json(auth_client):
    page = auth_client.get("/events/999999")
    assert page.status_code == 404
    body = text(page)
    assert "<h1>Page not found</h1>" in body and 'href="/events/"' in body
    assert "/static/css/prep.css" in body  # the site's own look, not Werkzeug's bare page
    api = auth_client.get("/api/events/999999/pack")
    assert api.status_code == 404 and api.json == {"error": "Not found."}
    bad = auth_client.get("/contacts/export.csv?event=x")
    assert bad.status_code == 400 and "event must be a number." in text(bad)
