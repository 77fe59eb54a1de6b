"""Seed a demo account with one upcoming event, its attendee list and a few marks.

Seeding goes through the same paths as real use (account creation, the CSV import, sync changes),
so the demo shows what the product does rather than rows written by hand.
"""

from datetime import datetime, time, timedelta
from importlib.resources import files
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..accounts.service import create_user, find_user
from ..db import db, now_utc
from ..imports.parse import parse_attendees
from ..imports.service import save_people
from ..models import Attendee, Event, Mark, derived_id
from ..sync.clock import next_version
from ..sync.service import apply_change

DEMO_EMAIL = "demo@companion.test"
DEMO_PASSWORD = "companion-demo"
DEMO_TITLE = "Product Managers' Night"
DEMO_ZONE = "America/Toronto"
THURSDAY = 3
STARTS, LENGTH = time(19, 0), timedelta(hours=2, minutes=30)
DEMO_EVENT = {
    "title": DEMO_TITLE, "timezone": DEMO_ZONE, "kind": "networking",
    "venue": "The Foundry Loft", "address": "220 King St W, 3rd floor, Toronto, ON",
    "url": "https://example.com/events/product-managers-night",
}
# (attendee email, why, opener): the people the demo user came to meet.
DEMO_MARKS = (
    ("nadia.sharma@example.com",
     "Moved from engineering into product leadership; I want to make the same switch.",
     "I saw on your LinkedIn that you went from engineering manager to director of product."
     " I've been looking forward to asking how you made that move."),
    ("grace.liu@example.com",
     "Runs platform products at a large company; I want to understand how roadmaps work there.",
     "I noticed your name on the attendee list. May I ask how you decide what goes on a"
     " platform roadmap?"),
)


def next_thursday_evening(now: datetime) -> datetime:
    """Return the start (UTC) of the first Thursday 19:00 in Toronto that is still ahead."""
    zone = ZoneInfo(DEMO_ZONE)
    today = now.astimezone(zone).date()
    day = today + timedelta(days=(THURSDAY - today.weekday()) % 7)
    start = datetime.combine(day, STARTS, tzinfo=zone)
    if start <= now:
        start = datetime.combine(day + timedelta(days=7), STARTS, tzinfo=zone)
    return start.astimezone(now.tzinfo)


def demo_event(owner_id: int) -> Event:
    """Return the demo event, created or moved to the coming Thursday when it is over."""
    now = now_utc()
    event = db.session.execute(
        select(Event).where(Event.owner_id == owner_id, Event.title == DEMO_TITLE)
    ).scalars().first()
    if event is None:
        event = Event(owner_id=owner_id, **DEMO_EVENT)
        db.session.add(event)
    elif event.ends_at is not None and event.ends_at > now:
        return event
    event.starts_at = next_thursday_evening(now)
    event.ends_at = event.starts_at + LENGTH
    if event.id is not None:
        event.pack_version += 1
    db.session.flush()
    return event


def add_marks(user, event: Event) -> None:
    """Create the demo marks that do not exist yet, as a device's sync push would."""
    attendees = dict(db.session.execute(
        select(Attendee.key, Attendee.id).where(Attendee.event_id == event.id)
    ).all())
    version = None
    for email, why, opener in DEMO_MARKS:
        attendee_id = attendees.get(f"email:{email}")
        mark_id = derived_id("mark", user.id, attendee_id)
        if attendee_id is None or db.session.get(Mark, (user.id, mark_id)) is not None:
            continue  # never overwrite what the demo user changed since
        version = version or next_version()
        apply_change(user, {
            "kind": "mark", "id": mark_id, "op": "put",
            "fields": {"event_id": event.id, "attendee_id": attendee_id, "priority": "must",
                       "why": why, "opener": opener},
        }, version)


def seed_demo() -> tuple[str, str, int]:
    """Create (or leave as is) the demo account, event, attendees and marks; commit once."""
    user = find_user(DEMO_EMAIL) or create_user(DEMO_EMAIL, DEMO_PASSWORD, "Demo Attendee")
    event = demo_event(user.id)
    data = files(__package__).joinpath("attendees.csv").read_bytes()
    save_people(event, parse_attendees(data).people)
    add_marks(user, event)
    db.session.commit()
    return DEMO_EMAIL, DEMO_PASSWORD, event.id
