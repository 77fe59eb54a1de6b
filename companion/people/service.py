"""People across events on the server: an event's list matched to the people I know by email,
and everyone I know, with how each relationship stands, read for the exports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from ..db import db, now_utc
from ..models import Attendee, Contact, Interaction, Mark, Person
from ..rules.emails import valid_email
from ..rules.people import CADENCES, linkedin_slug, relationship
from ..sync.fields import SCHEMA
from .book import merged_views, roots, roots_named

# Emails per IN (…) list: far below SQLite's 32,766 bound variables and PostgreSQL's 65,535,
# and few enough queries (one per thousand addresses) over an event's rows.
EMAIL_CHUNK = 1000


PERSON_FIELDS = tuple(SCHEMA["person"])


def live_people(user) -> dict[str, dict]:
    """Return the user's person records that are not deleted: id -> fields (sync SCHEMA's)."""
    # Columns, not ORM objects: five thousand people load in a fraction of the time.
    rows = db.session.execute(
        select(Person.id, *(getattr(Person, name) for name in PERSON_FIELDS))
        .where(Person.user_id == user.id, Person.deleted.is_(False))
    )
    return {person_id: dict(zip(PERSON_FIELDS, values, strict=True))
            for person_id, *values in rows}


def _emails_to_people(records: dict[str, dict], root_ids: dict[str, str]) -> dict[str, str]:
    """Return folded email -> the person (root id) holding it, as the phone's book decides.

    Groups are taken in the order the app takes them (by their first record id), each with its
    root's emails first: when two people hold one address, the same one wins on both sides.
    """
    groups: dict[str, list[str]] = {}
    for record_id in sorted(records):
        root = root_ids[record_id]
        group = groups.setdefault(root, [root])
        if record_id != root:
            group.append(record_id)
    found: dict[str, str] = {}
    for root, ids in groups.items():
        for record_id in ids:
            for email in records[record_id].get("emails") or ():
                if (key := valid_email(email)) and key not in found:
                    found[key] = root
    return found


def person_matches(user, event_id: int) -> list[list]:
    """Return [attendee id, person id] for the event's attendees whose email a person of mine has.

    Only addresses the user already holds are compared, so this tells them nothing new about an
    attendee list they may see (the pack leaves emails out); the person is the one a merge
    ends at. Two queries plus one per EMAIL_CHUNK addresses, none per attendee.
    """
    records = {
        person_id: {"emails": emails, "merged_into": merged_into}
        for person_id, emails, merged_into in db.session.execute(
            select(Person.id, Person.emails, Person.merged_into)
            .where(Person.user_id == user.id, Person.deleted.is_(False)))
    }
    by_email = _emails_to_people(records, roots(records))
    emails = sorted(by_email)
    matches = []
    for start in range(0, len(emails), EMAIL_CHUNK):
        # Attendee emails are stored folded by the import (rules/emails.valid_email), as
        # person emails are by the sync schema: equal addresses are equal strings.
        rows = db.session.execute(
            select(Attendee.id, Attendee.email).where(
                Attendee.event_id == event_id,
                Attendee.email.in_(emails[start:start + EMAIL_CHUNK]))
        )
        matches.extend([attendee_id, by_email[email]] for attendee_id, email in rows)
    matches.sort()
    return matches


def _live_interactions(user, *names: str) -> list:
    """Return rows of the user's live interactions (person_ids and the named columns), oldest
    first."""
    return db.session.execute(
        select(Interaction.person_ids, *(getattr(Interaction, name) for name in names))
        .where(Interaction.user_id == user.id, Interaction.deleted.is_(False))
        .order_by(Interaction.on, Interaction.id)
    ).all()


def _linked_events(user, model) -> Iterable[tuple[str, int]]:
    """(person id, event id) of the user's live marks or contacts that link to a person."""
    return db.session.execute(
        select(model.person_id, model.event_id).where(
            model.user_id == user.id, model.deleted.is_(False), model.person_id.is_not(None),
            model.event_id.is_not(None))
    ).all()


def _sort_key(view: dict) -> tuple[str, str]:
    return (view.get("name") or "").casefold(), view["id"]


def people_for_export(user, today: date | None = None) -> list[dict]:
    """Return one row per person as the app shows them (merged records as one), by name.

    Each row is the merged view plus `standing` (rules/people.relationship over every
    interaction naming any record of the person, on `today`, UTC by default) and `events`
    (how many events they come up in: interactions, linked marks and contacts, first met).
    """
    today = today or now_utc().date()
    records = live_people(user)
    root_ids = roots(records)
    views = merged_views(records, root_ids)
    touches: dict[str, list[dict]] = {root: [] for root in views}
    events: dict[str, set[int]] = {root: set() for root in views}
    for record_id, fields in records.items():
        if fields.get("first_met_event_id") is not None:
            events[root_ids[record_id]].add(fields["first_met_event_id"])
    for person_ids, on, kind, event_id in _live_interactions(user, "on", "type", "event_id"):
        touch = {"on": on, "kind": kind}
        for root in roots_named(root_ids, person_ids):
            # An interaction without a day (the schema allows it blank) is no last contact.
            if on:
                touches[root].append(touch)
            if event_id is not None:
                events[root].add(event_id)
    for model in (Mark, Contact):
        for person_id, event_id in _linked_events(user, model):
            if root := root_ids.get(person_id):
                events[root].add(event_id)
    rows = []
    for root, view in views.items():
        standing = relationship(touches[root], CADENCES.get(view.get("cadence")), today)
        rows.append({**view, "standing": standing, "events": len(events[root])})
    return sorted(rows, key=_sort_key)


def interactions_for_export(user) -> list[dict]:
    """Return the user's interactions, oldest first, each with the names of the people it names.

    An interaction naming nobody the user still knows (everyone in it forgotten) is left out,
    as the app shows it nowhere.
    """
    records = live_people(user)
    root_ids = roots(records)
    views = merged_views(records, root_ids)
    rows = []
    for person_ids, on, kind, event_title, line in _live_interactions(
            user, "on", "type", "event_title", "line"):
        if people := roots_named(root_ids, person_ids):
            rows.append({"on": on, "type": kind, "event_title": event_title, "line": line,
                         "people": [views[root].get("name") or "" for root in people]})
    return rows


def tags_by_person(user) -> dict[str, list[str]]:
    """Return person record id -> the tags of the person it shows as (merges followed)."""
    records = live_people(user)
    root_ids = roots(records)
    views = merged_views(records, root_ids)
    return {record_id: list(views[root].get("tags") or ()) for record_id, root in root_ids.items()}


def people_on_list(user, event_id: int, attendees: Iterable[dict]) -> dict[int, tuple[dict, list]]:
    """Return attendee id -> (the person, their interactions) for the attendees I know for sure.

    As the phone's store/people.js knownOnList decides, "ask" left out: the person my mark on
    them names, else the one whose email they registered with (person_matches), else the one
    with their LinkedIn profile. Interactions are {"on", "event_title", "type"}, oldest first.
    """
    records = live_people(user)
    if not records:
        return {}
    root_ids = roots(records)
    views = merged_views(records, root_ids)
    by_slug: dict[str, str] = {}
    for root, view in views.items():
        if (slug := linkedin_slug(view.get("linkedin"))) and slug not in by_slug:
            by_slug[slug] = root
    matched = dict(person_matches(user, event_id))
    marked = dict(db.session.execute(
        select(Mark.attendee_id, Mark.person_id).where(
            Mark.user_id == user.id, Mark.event_id == event_id, Mark.deleted.is_(False),
            Mark.person_id.is_not(None))).all())
    found: dict[int, str] = {}
    for attendee in attendees:
        attendee_id = attendee["id"]
        linked = marked.get(attendee_id) or matched.get(attendee_id)
        root = root_ids.get(linked) if linked else None
        if root is None and (slug := linkedin_slug(attendee.get("linkedin"))):
            root = by_slug.get(slug)
        if root is not None:
            found[attendee_id] = root
    if not found:
        return {}
    wanted = set(found.values())
    touches: dict[str, list[dict]] = {root: [] for root in wanted}
    for person_ids, on, kind, event_title in _live_interactions(user, "on", "type", "event_title"):
        for root in roots_named(root_ids, person_ids):
            if root in wanted:
                touches[root].append({"on": on, "type": kind, "event_title": event_title})
    return {attendee_id: (views[root], touches[root]) for attendee_id, root in found.items()}
