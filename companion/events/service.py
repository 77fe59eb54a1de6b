"""Who may see which event: its owner and the accounts it was shared with."""

from flask import abort
from sqlalchemy import exists, or_, select

from .db import db
from .models import Event, Membership


def visible_events_query(user):
    """Return a select of the events the user owns or was given by a share link."""
    shared = exists().where(Membership.event_id == Event.id, Membership.user_id == user.id)
    return select(Event).where(or_(Event.owner_id == user.id, shared))


def can_see_event(event_id: int, user, *, owner: bool = False) -> bool:
    event = db.session.get(Event, event_id)
    if event is None or user is None:
        return False
    if event.owner_id == user.id:
        return True
    if owner:
        return False
    return db.session.get(Membership, (event_id, user.id)) is not None


def visible_event(event_id: int, user, *, owner: bool = False) -> Event:
    """Return the event, or answer 404 (never 403, so ids do not reveal what exists)."""
    if not can_see_event(event_id, user, owner=owner):
        abort(404)
    return db.session.get(Event, event_id)
