"""The journal's numbers: each past event of the user's, what they said of it, what came of it,
and each series' verdict (rules/journal.py), read from the user's own records only."""

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..db import db, now_utc
from ..events.service import attendee_counts, visible_events_query
from ..models import Event, Followup, Interaction, JournalEntry, Mark
from ..rules.journal import (
    arrival_reason,
    event_numbers,
    is_answered,
    series_key,
    series_name,
    series_summary,
)

# "Comparison by event kind and size": size bands by the number on the attendee list.
SIZE_BANDS = ((50, "up to 50"), (300, "51 to 300"), (None, "over 300"))


def size_band(count: int) -> str:
    return next(label for limit, label in SIZE_BANDS if limit is None or count <= limit)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def marks_of(user, events: dict) -> list[dict]:
    """The user's marks on these events (id -> Event), each with how far into its event it
    turned met (minutes after the start; None when the device did not say)."""
    rows = db.session.execute(
        select(Mark.event_id, Mark.person_id, Mark.priority, Mark.status, Mark.met_at)
        .where(Mark.user_id == user.id, Mark.event_id.in_(list(events)),
               Mark.deleted.is_(False)))
    return [{"event_id": event_id, "person_id": person_id, "priority": priority,
             "status": status,
             "met_minutes": (int((met_at - events[event_id].starts_at).total_seconds() // 60)
                             if met_at is not None else None)}
            for event_id, person_id, priority, status, met_at in rows]


def series_reason(user, event, plan_codes) -> dict | None:
    """The arrival plan's reason from this event's series: its answered past events (the
    same series key, as the journal groups them) and when their met targets were met."""
    entries = {entry.event_id: entry for entry in db.session.execute(
        select(JournalEntry).where(JournalEntry.user_id == user.id,
                                   JournalEntry.deleted.is_(False))).scalars()}

    def key_of(other):
        entry = entries.get(other.id)
        return entry.series if entry and entry.series else series_key(other.title)

    key = key_of(event)
    past = {other.id: other for other in db.session.execute(
        visible_events_query(user).where(Event.starts_at < event.starts_at)).scalars()
        if key_of(other) == key and other.id in entries
        and is_answered({"went": entries[other.id].went, "rating": entries[other.id].rating,
                         "worth": entries[other.id].worth})}
    minutes = defaultdict(list)
    for mark in marks_of(user, past):
        if mark["priority"] and mark["status"] == "met" and mark["met_minutes"] is not None:
            minutes[mark["event_id"]].append(mark["met_minutes"])
    own = entries.get(event.id)
    name = own.series if own and own.series else series_name(event.title)
    return arrival_reason(name, [{"met_minutes": minutes[i]} for i in past], plan_codes)


def journal(user) -> dict:
    """Return {"events": [...], "series": [...], "kinds": [...]} for the user's past events."""
    now = now_utc()
    events = [event for event in db.session.execute(visible_events_query(user)).scalars()
              if event.starts_at <= now]
    ids = [event.id for event in events]
    entries = {entry.event_id: entry for entry in db.session.execute(
        select(JournalEntry).where(JournalEntry.user_id == user.id,
                                   JournalEntry.event_id.in_(ids),
                                   JournalEntry.deleted.is_(False))).scalars()}
    marks = marks_of(user, {event.id: event for event in events})
    interactions = [
        {"person_ids": person_ids, "on": on, "type": kind, "event_id": event_id}
        for person_ids, text, kind, event_id in db.session.execute(
            select(Interaction.person_ids, Interaction.on, Interaction.type,
                   Interaction.event_id)
            .where(Interaction.user_id == user.id, Interaction.deleted.is_(False)))
        if (on := _day(text)) is not None
    ]
    zoned = [{"id": event.id, "start": event.starts_at.astimezone(ZoneInfo(event.timezone)),
              "end": event.ends_at} for event in events]
    followups = [{"event_id": event_id, "sent_at": sent_at}
                 for event_id, sent_at in db.session.execute(
                     select(Followup.event_id, Followup.sent_at)
                     .where(Followup.user_id == user.id, Followup.event_id.in_(ids),
                            Followup.deleted.is_(False), Followup.sent_at.is_not(None)))]
    numbers = event_numbers(zoned, marks, interactions, followups)
    counts = attendee_counts(ids)
    rows = []
    for event in sorted(events, key=lambda event: event.starts_at, reverse=True):
        entry = entries.get(event.id)
        answers = {"went": entry.went if entry else True,
                   "rating": entry.rating if entry else None,
                   "worth": entry.worth if entry else None}
        rows.append({
            "event": event, "entry": entry, **answers, **numbers[event.id],
            "line": entry.line if entry else "",
            "series": (entry.series if entry and entry.series else series_key(event.title)),
            "attendees": counts.get(event.id, (0, 0))[0],
            "answered": is_answered(answers),
        })
    by_series = defaultdict(list)
    for row in rows:
        by_series[row["series"]].append(row)
    series = [{"key": key, "title": members[0]["event"].title, "rows": members,
               **series_summary(members)} for key, members in by_series.items()]
    # Series with answers first, then the one seen most recently.
    series.sort(key=lambda item: (item["answered"] == 0,
                                  -item["rows"][0]["event"].starts_at.timestamp()))
    kinds = defaultdict(list)
    for row in rows:
        kinds[(row["event"].kind, size_band(row["attendees"]))].append(row)
    comparison = [{"kind": kind, "size": size, **series_summary(members)}
                  for (kind, size), members in sorted(kinds.items())]
    return {"events": rows, "series": series, "kinds": comparison}


def save_answers(user, event_id: int, form) -> list[str]:
    """Write the answers a laptop form sent for one event; return every refusal, in words.

    The form is checked by the same coercers as a push (sync/fields.py), and the entry gets a
    new version, so every device pulls it as if another device had written it.
    """
    from ..models import derived_id
    from ..sync.clock import next_version
    from ..sync.fields import ChangeRejected, checked_fields

    went = form.get("went", "yes") != "no"
    raw = {"went": went, "line": form.get("line", ""), "series": form.get("series", "").strip(),
           "rating": None, "worth": form.get("worth") or None}
    errors = []
    rating = form.get("rating", "")
    if rating:
        try:
            raw["rating"] = int(rating)
        except ValueError:
            errors.append("Stars must be a number from 1 to 5.")
    if not went:
        raw.update(rating=None, worth=None)
    fields = {}
    for name, value in raw.items():
        try:
            fields |= checked_fields("journal", {name: value})
        except ChangeRejected as refused:
            errors.append(str(refused))
    if errors:
        return errors
    record_id = derived_id("journal", user.id, event_id)
    entry = db.session.get(JournalEntry, (user.id, record_id))
    if entry is None:
        entry = JournalEntry(id=record_id, user_id=user.id, event_id=event_id)
        db.session.add(entry)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.deleted, entry.version, entry.updated_at = False, next_version(), now_utc()
    db.session.commit()
    return []
