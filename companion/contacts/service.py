"""The people a user met, read for export: their contacts and the attendees they marked met."""

from sqlalchemy import select

from ..db import db
from ..events.service import visible_events_query
from ..models import Attendee, Contact, Event, Mark
from ..people.service import tags_by_person


def _joined(*notes: str) -> str:
    """Join notes, each once: a mark note copied into the contact note is not written twice."""
    kept: list[str] = []
    for note in notes:
        note = (note or "").strip()
        if note and note not in kept:
            kept.append(note)
    return "\n".join(kept)


def contacts_of(user, event_id: int | None) -> list[dict]:
    """Return everyone the user met (at one event, or anywhere) as plain dicts for export.

    A contact is a row, with the note of the attendee's mark it is linked to added to its own;
    an attendee marked met with no contact (met, never scanned) is a row of their own from the
    list and the mark's note. Without this, marking someone met left them out of every export.
    """
    # Only events the user may still see: a member removed from an event keeps the contacts
    # they made there, not a view of what its owner renames it to, nor the owner's list.
    visible = visible_events_query(user).with_only_columns(
        Event.id, Event.title, Event.timezone).subquery()
    marks = (
        select(Mark, Attendee, visible.c.title, visible.c.timezone)
        .join(Attendee, Attendee.id == Mark.attendee_id)
        .join(visible, Mark.event_id == visible.c.id)
        .where(Mark.user_id == user.id, Mark.deleted.is_(False))
    )
    contacts = (
        select(Contact, visible.c.title, visible.c.timezone)
        .outerjoin(visible, Contact.event_id == visible.c.id)
        .where(Contact.user_id == user.id, Contact.deleted.is_(False))
    )
    if event_id is not None:
        marks = marks.where(Mark.event_id == event_id)
        contacts = contacts.where(Contact.event_id == event_id)
    by_attendee = {mark.attendee_id: (mark, attendee, title, zone)
                   for mark, attendee, title, zone in db.session.execute(marks).all()}
    found = db.session.execute(contacts).all()
    # The tags of the person each one is, merges followed: read only when someone links.
    linked_people = any(c.person_id for c, _, _ in found) or any(
        mark.person_id for mark, *_ in by_attendee.values())
    tags = tags_by_person(user) if linked_people else {}
    rows, linked = [], set()
    for c, title, zone in found:
        mark = by_attendee.get(c.attendee_id)
        if mark is not None:
            linked.add(c.attendee_id)
        rows.append({
            "name": c.name, "title": c.title, "company": c.company, "email": c.email,
            "phone": c.phone, "linkedin": c.linkedin, "url": c.url,
            "note": _joined(mark[0].note if mark else "", c.note),
            "met_at": c.met_at, "event": title or "", "timezone": zone or "",
            "categories": tags.get(c.person_id or (mark[0].person_id if mark else None), []),
        })
    for attendee_id, (mark, attendee, title, zone) in by_attendee.items():
        if attendee_id in linked or mark.status != "met":
            continue
        rows.append({
            "name": attendee.name, "title": attendee.title, "company": attendee.company,
            "email": attendee.email, "phone": "", "linkedin": attendee.linkedin,
            "url": attendee.url, "note": _joined(mark.note), "met_at": None,
            "event": title or "", "timezone": zone or "",
            "categories": tags.get(mark.person_id, []),
        })
    # When you met first (a mark has no moment of its own: it sorts after), then by name.
    rows.sort(key=lambda row: (row["met_at"] is None, row["met_at"] or 0, row["name"].casefold()))
    return rows
