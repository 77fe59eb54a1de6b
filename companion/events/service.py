"""Events: who may see which one, what the prep pages list, and the changes owners make."""

from datetime import UTC

from sqlalchemy import delete, exists, func, or_, select

from ..db import db, now_utc
from ..models import Attendee, Event, Membership, User, new_token
from .pack import PACK_FORMAT, ROW_FIELDS, attendee_columns


def visible_events_query(user):
    """Return a select of the events the user owns or was given by a share link."""
    shared = exists().where(Membership.event_id == Event.id, Membership.user_id == user.id,
                            Membership.removed_at.is_(None))
    return select(Event).where(or_(Event.owner_id == user.id, shared))


def active_membership(event_id: int, user_id: int) -> bool:
    membership = db.session.get(Membership, (event_id, user_id))
    return membership is not None and membership.removed_at is None


def can_see_event(event_id: int, user, *, owner: bool = False) -> bool:
    event = db.session.get(Event, event_id)
    if event is None or user is None:
        return False
    if event.owner_id == user.id:
        return True
    if owner:
        return False
    return active_membership(event_id, user.id)


def visible_event(event_id: int, user, *, owner: bool = False) -> Event | None:
    """Return the event when the user may see it (`owner`: when they own it), else None.

    Views answer None with 404, never 403, so ids do not reveal what exists.
    """
    if not can_see_event(event_id, user, owner=owner):
        return None
    return db.session.get(Event, event_id)


def attendee_counts(event_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Return event id -> (attendees, hosts) with one grouped query."""
    rows = db.session.execute(
        select(Attendee.event_id, func.count(), func.count().filter(Attendee.is_host))
        .where(Attendee.event_id.in_(event_ids)).group_by(Attendee.event_id)
    )
    return {event_id: (total, hosts) for event_id, total, hosts in rows}


def upcoming_and_past(user) -> tuple[list[Event], list[Event]]:
    """Return the user's events still to come (soonest first) and those over (latest first)."""
    events = db.session.execute(visible_events_query(user)).scalars().all()
    now = now_utc()
    upcoming = sorted(
        (event for event in events if (event.ends_at or event.starts_at) >= now),
        key=lambda event: event.starts_at,
    )
    past = sorted(
        (event for event in events if (event.ends_at or event.starts_at) < now),
        key=lambda event: event.starts_at, reverse=True,
    )
    return upcoming, past


def latest_zone(user) -> str | None:
    """Return the time zone of the user's latest event: people mostly go out locally."""
    return db.session.execute(
        select(Event.timezone).where(Event.owner_id == user.id)
        .order_by(Event.created_at.desc()).limit(1)
    ).scalar()


def create_event(owner, fields: dict) -> Event:
    """Create an event from checked fields (events/fields.py); do not commit."""
    event = Event(owner_id=owner.id, **fields)
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, fields: dict) -> bool:
    """Apply checked fields; return whether anything changed. Do not commit."""
    if all(getattr(event, name) == value for name, value in fields.items()):
        return False
    for name, value in fields.items():
        setattr(event, name, value)
    event.pack_version += 1  # the offline app refreshes the event with its pack
    return True


def delete_event(event: Event) -> None:
    """Delete the event with its attendee list, and everyone's marks and plans about it."""
    db.session.delete(event)


def members(event: Event) -> list:
    """Return (id, email) of the accounts that joined the event, in the order they joined."""
    return db.session.execute(
        select(User.id, User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.removed_at.is_(None))
        .order_by(Membership.joined_at)
    ).all()


def removed_members(event: Event) -> list:
    """Return (id, email) of the accounts the owner removed, who cannot rejoin by the link."""
    return db.session.execute(
        select(User.id, User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.removed_at.is_not(None))
        .order_by(Membership.removed_at)
    ).all()


def replace_share_link(event: Event) -> bool:
    """Give the event a new share link; return whether one existed (it stops working)."""
    replaced = event.share_token is not None
    event.share_token = new_token()
    return replaced


def remove_member(event: Event, user_id: int) -> None:
    """Take a member's access away; the share link does not let them back in."""
    membership = db.session.get(Membership, (event.id, user_id))
    if membership is not None and membership.removed_at is None:
        membership.removed_at = now_utc()


def allow_rejoin(event: Event, user_id: int) -> None:
    """Let a removed member join again by the share link."""
    db.session.execute(delete(Membership).where(
        Membership.event_id == event.id, Membership.user_id == user_id,
        Membership.removed_at.is_not(None),
    ))


def leave(event: Event, user) -> None:
    """The member goes on their own: they may join again by the link."""
    db.session.execute(delete(Membership).where(
        Membership.event_id == event.id, Membership.user_id == user.id
    ))


def event_by_share_token(token: str) -> Event | None:
    return db.session.execute(select(Event).where(Event.share_token == token)).scalar()


def is_member(event: Event, user) -> bool:
    """Tell whether the user owns the event or joined it (and was not removed)."""
    return event.owner_id == user.id or active_membership(event.id, user.id)


def was_removed(event: Event, user) -> bool:
    membership = db.session.get(Membership, (event.id, user.id))
    return membership is not None and membership.removed_at is not None


def join(event: Event, user) -> None:
    db.session.add(Membership(event_id=event.id, user_id=user.id))


def iso(moment):
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def event_summary(event: Event, user, attendee_count: int) -> dict:
    """Return an event as the offline app stores it (the user's role included)."""
    return {
        "id": event.id, "title": event.title, "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at), "timezone": event.timezone, "venue": event.venue,
        "address": event.address, "kind": event.kind,
        "networking_starts_at": iso(event.networking_starts_at), "url": event.url,
        "role": "owner" if event.owner_id == user.id else "member",
        "attendee_count": attendee_count, "pack_version": event.pack_version,
    }


def event_summaries(user) -> list[dict]:
    """Return every event the user can see, soonest first, as the offline app stores them."""
    events = db.session.execute(visible_events_query(user)).scalars().all()
    counts = attendee_counts([event.id for event in events])
    events.sort(key=lambda event: event.starts_at)
    return [event_summary(event, user, counts.get(event.id, (0, 0))[0]) for event in events]


def pack_etag(event: Event, user) -> str:
    """Return the ETag of the event's pack as this user gets it."""
    role = "owner" if event.owner_id == user.id else "member"
    return f"pack-{PACK_FORMAT}-{event.id}-{event.pack_version}-{role}"


def event_pack(event: Event, user) -> dict:
    """Return the event and its attendee list as columns (events/pack.py).

    Registration answers go to the owner only: attendees told them to the host, not to the
    friends the host shares the list with (README, Who sees what).
    """
    owner = event.owner_id == user.id
    fields = ROW_FIELDS if owner else ROW_FIELDS[:-1]
    rows = db.session.execute(
        select(*(getattr(Attendee, name) for name in fields))
        .where(Attendee.event_id == event.id).order_by(Attendee.position, Attendee.id)
    )
    attendees = attendee_columns(rows, with_answers=owner)
    return {"event": event_summary(event, user, attendees["count"]), "attendees": attendees}
