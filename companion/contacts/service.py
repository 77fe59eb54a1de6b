"""The contacts a user keeps, read for export."""

from sqlalchemy import select

from ..db import db
from ..events.service import visible_events_query
from ..models import Contact, Event
from ..people.service import tags_by_person


def contacts_of(user, event_id: int | None) -> list[dict]:
    """Return the user's live contacts (of one event, or all) as plain dicts for export."""
    # Only the titles of events the user may still see: a member removed from an event keeps
    # the contacts they made there, not a view of what its owner renames it to.
    visible = visible_events_query(user).with_only_columns(Event.id, Event.title).subquery()
    query = (
        select(Contact, visible.c.title)
        .outerjoin(visible, Contact.event_id == visible.c.id)
        .where(Contact.user_id == user.id, Contact.deleted.is_(False))
        .order_by(Contact.met_at.is_(None), Contact.met_at, Contact.name)
    )
    if event_id is not None:
        query = query.where(Contact.event_id == event_id)
    rows = db.session.execute(query).all()
    # The tags of the person each contact is, merges followed: read only when one links.
    tags = tags_by_person(user) if any(c.person_id for c, _ in rows) else {}
    return [
        {"name": c.name, "title": c.title, "company": c.company, "email": c.email,
         "phone": c.phone, "linkedin": c.linkedin, "url": c.url, "note": c.note,
         "met_at": c.met_at, "event": title or "", "categories": tags.get(c.person_id, [])}
        for c, title in rows
    ]
