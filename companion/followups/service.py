"""Read the user's follow-up items with what the exports show beside them."""

from sqlalchemy import select

from ..db import db
from ..models import Attendee, Event, Followup


def followups_of(user) -> list[dict]:
    """Return the user's live items, soonest due first, with the person's name and the event.

    No email: an attendee of an event shared with the user keeps it from members (the access
    matrix), and a follow-up of someone in a shared list must not reveal it.
    """
    rows = db.session.execute(
        select(Followup, Attendee.name, Event.title)
        .join(Attendee, Attendee.id == Followup.attendee_id)
        .join(Event, Event.id == Followup.event_id)
        .where(Followup.user_id == user.id, Followup.deleted.is_(False))
        .order_by(Followup.due, Followup.id)
    ).all()
    return [{"id": item.id, "type": item.type, "state": item.state, "due": item.due,
             "channel": item.channel, "draft": item.draft, "sent_at": item.sent_at,
             "replied_at": item.replied_at, "version": item.version,
             "updated_at": item.updated_at, "name": name, "event": title}
            for item, name, title in rows]
