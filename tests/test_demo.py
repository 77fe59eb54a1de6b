"""The demo seed: a working login, an upcoming event with a realistic list, and a few marks."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from companion.accounts.service import authenticate
from companion.db import db
from companion.demo.service import DEMO_EMAIL, DEMO_PASSWORD, next_thursday_evening, seed_demo
from companion.models import Attendee, Event, Mark, User

from .conftest import log_in

TORONTO = ZoneInfo("America/Toronto")


def snapshot():
    """Return everything the seed writes, to compare two runs."""
    rows = []
    for model in (User, Event, Attendee, Mark):
        rows.append(db.session.execute(select(func.count()).select_from(model)).scalar())
    event = db.session.execute(select(Event)).scalar_one()
    marks = db.session.execute(select(Mark.id, Mark.version, Mark.why)).all()
    return rows, event.starts_at, event.pack_version, sorted(marks)


def test_seed_is_idempotent(app):
    with app.app_context():
        first = seed_demo()
        before = snapshot()
        assert seed_demo() == first
        assert snapshot() == before


def test_seed_contents(app):
    with app.app_context():
        email, password, event_id = seed_demo()
        assert (email, password) == (DEMO_EMAIL, DEMO_PASSWORD)
        user = authenticate(email, password)
        assert user is not None
        event = db.session.get(Event, event_id)
        local = event.starts_at.astimezone(TORONTO)
        assert (event.title, event.kind, event.timezone) == (
            "Product Managers' Night", "networking", "America/Toronto")
        assert (local.weekday(), local.hour, local.minute) == (3, 19, 0)
        assert event.ends_at - event.starts_at == timedelta(hours=2, minutes=30)
        assert event.starts_at > datetime.now(UTC)
        assert event.venue and event.address
        attendees = event.attendees
        assert 30 <= len(attendees) <= 60
        assert sum(a.is_host for a in attendees) == 1
        assert sum(bool(a.linkedin) for a in attendees) >= 2
        assert any(not a.name.isascii() for a in attendees)
        assert len({a.company for a in attendees}) >= 15
        marks = db.session.execute(select(Mark).where(Mark.user_id == user.id)).scalars().all()
        musts = [mark for mark in marks if mark.priority == "must"]
        assert len(musts) >= 2
        assert all(mark.why and mark.opener and mark.version > 0 for mark in musts)
        assert {mark.attendee_id for mark in marks} <= {a.id for a in attendees}


def test_declined_guests_are_not_on_the_demo_list(app):
    with app.app_context():
        _, _, event_id = seed_demo()
        names = set(db.session.execute(
            select(Attendee.name).where(Attendee.event_id == event_id)).scalars())
    assert "Jonas Nielsen" not in names  # declined in demo_attendees.csv


def test_a_past_demo_event_moves_to_the_coming_thursday(app):
    with app.app_context():
        _, _, event_id = seed_demo()
        event = db.session.get(Event, event_id)
        event.starts_at -= timedelta(days=70)
        event.ends_at -= timedelta(days=70)
        version = event.pack_version
        db.session.commit()
        assert seed_demo()[2] == event_id
        assert event.starts_at > datetime.now(UTC)
        assert event.pack_version == version + 1


@pytest.mark.parametrize(("now_local", "expected_day"), [
    (datetime(2026, 11, 23, 12, 0), 26),   # Monday -> this Thursday
    (datetime(2026, 11, 26, 18, 59), 26),  # Thursday before the start -> today
    (datetime(2026, 11, 26, 19, 0), 3),    # Thursday at the start -> next week (3 Dec)
    (datetime(2026, 11, 27, 9, 0), 3),     # Friday -> next week
    (datetime(2026, 3, 5, 20, 0), 12),     # the Thursday after the DST change is still 19:00
])
def test_next_thursday_evening(now_local, expected_day):
    now = now_local.replace(tzinfo=TORONTO).astimezone(UTC)
    start = next_thursday_evening(now).astimezone(TORONTO)
    assert (start.day, start.hour, start.minute, start.weekday()) == (expected_day, 19, 0, 3)


def test_demo_login_works_over_http(app, client):
    with app.app_context():
        _, _, event_id = seed_demo()
    log_in(client, DEMO_EMAIL, DEMO_PASSWORD)
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Product Managers&#39; Night" in page and "1 of them a host" in page
