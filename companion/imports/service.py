"""Read an import in the right way and write its people into an event's attendee list.

The raw upload waits in a PendingImport row between the steps, so the preview and the save read
exactly the same bytes. Re-imports update people by identity (`ParsedAttendee.key`) and never
duplicate them; people missing from a re-import stay, because they may carry the user's marks.
Nothing here commits: the caller commits once, so an import is saved entirely or not at all.
"""

from __future__ import annotations

import contextlib
import gc
import json
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import PurePath

from sqlalchemy import delete, func, insert, select, update

from ..db import db, now_utc
from ..models import Attendee, Event, PendingImport
from .model import ParsedAttendee, Preview
from .parse import parse_attendees, parse_upload
from .pasted import parse_pasted

SCALAR_FIELDS = ("name", "title", "company", "email", "linkedin", "url", "is_host")
DATA_FIELDS = (*SCALAR_FIELDS, "answers")
# Column sizes of Attendee; the parser keeps cells shorter, this guards the database anyway.
LIMITS = {"key": 300, "name": 200, "title": 500, "company": 500, "email": 254,
          "linkedin": 500, "url": 500}
CSV_SUFFIXES = (".csv", ".tsv")
_EMPTY_JSON = "[]"
# An upload never confirmed is kept at least this long, then removed by the next import.
PENDING_LIFETIME = timedelta(days=1)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large list is read or written.

    A conference's import makes a few hundred thousand objects that live to the end of the
    request and hold no cycles; the collector would walk all of them again and again for
    nothing. Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_import(data: bytes, *, filename: str = "", pasted: bool = False,
                 mapping: dict[str, str] | None = None, include=()) -> Preview:
    """Parse an upload the way its origin calls for; raise ImportProblem when it cannot be read.

    A file named .csv goes to the CSV reader, so a broken CSV is reported as such instead of
    being read as a pasted list; anything else (.txt, a tab-separated .xls) may be either, and
    parse_upload decides. include: the statuses imported although not attending.
    """
    with collector_paused():
        if pasted:
            return parse_pasted(data.decode("utf-8"))
        if PurePath(filename).suffix.lower() in CSV_SUFFIXES:
            return parse_attendees(data, mapping=mapping, include=include)
        return parse_upload(data, mapping=mapping, include=include)


@dataclass
class ImportChanges:
    """What saving a list of people would change in an event's attendee list."""

    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)  # rows with changed data, by id
    moves: list[dict] = field(default_factory=list)  # rows whose only change is their position
    unchanged: int = 0
    missing: int = 0  # already on the list, not in this import; they stay

    @property
    def changed(self) -> bool:
        return bool(self.inserts or self.updates or self.moves)


def row_values(person: ParsedAttendee) -> dict:
    """Return the Attendee column values for a person, cut to the column sizes."""
    # Spelled out rather than looped over DATA_FIELDS: this runs once per row of a conference's
    # list, where two comprehensions per row showed in the import's time (README: where the
    # time goes).
    return {
        "name": (person.name or "")[:LIMITS["name"]],
        "title": (person.title or "")[:LIMITS["title"]],
        "company": (person.company or "")[:LIMITS["company"]],
        "email": (person.email or "")[:LIMITS["email"]],
        "linkedin": (person.linkedin or "")[:LIMITS["linkedin"]],
        "url": (person.url or "")[:LIMITS["url"]],
        "is_host": bool(person.is_host),
        "answers": person.answers,  # a tuple of pairs: JSON arrays as stored
        "key": person.key[:LIMITS["key"]],
    }


def unique_people(people: list[ParsedAttendee]) -> list[dict]:
    """Return one row per identity in first-seen order, filling blanks from later duplicates."""
    rows: dict[str, dict] = {}
    for person in people:
        values = row_values(person)
        first = rows.setdefault(values["key"], values)
        if first is not values:
            for name, value in values.items():
                if value and not first[name]:
                    first[name] = value
    return list(rows.values())


def import_changes(event_id: int, people: list[ParsedAttendee]) -> ImportChanges:
    """Compare people with the event's current list, reading it with one SELECT."""
    columns = [getattr(Attendee, name) for name in ("id", "key", "position", *DATA_FIELDS)]
    existing = {
        row.key: row
        for row in db.session.execute(select(*columns).where(Attendee.event_id == event_id))
    }
    changes = ImportChanges()
    incoming = unique_people(people)
    for position, values in enumerate(incoming):
        values["position"] = position
        current = existing.pop(values["key"], None)
        if current is None:
            values["event_id"] = event_id
            changes.inserts.append(values)
        elif any(getattr(current, name) != values[name] for name in SCALAR_FIELDS) or (
                _pairs(current.answers) != values["answers"]):
            changes.updates.append(values | {"id": current.id})
        else:
            changes.unchanged += 1
            if current.position != position:
                changes.moves.append({"id": current.id, "position": position})
    # Kept people follow the imported ones, in their previous order.
    kept = sorted(existing.values(), key=lambda row: row.position)
    for position, row in enumerate(kept, start=len(incoming)):
        if row.position != position:
            changes.moves.append({"id": row.id, "position": position})
    changes.missing = len(kept)
    return changes


def _pairs(stored: list | None) -> tuple:
    """Return answers as read from the database (lists) in the form an import makes them."""
    return tuple(map(tuple, stored)) if stored else ()


ANSWER_TEXTS_KEPT = 16_384  # distinct answers' JSON kept while inserting (see _value_rows)
INSERT_CHUNK = 5_000  # rows handed to the driver at once: the values of all never exist together


def insert_many(table, rows: list[dict]) -> None:
    """INSERT rows (plain str, int, bool and list values, the same keys) in bulk, in the session.

    SQLAlchemy's per-row parameter handling, ORM or Core, costs more than SQLite's own write on
    a 70,000-row list; the values here need none of it, so the driver gets them as they are
    (lists, for JSON columns, as their JSON text). PostgreSQL loads fastest with COPY. The
    values are made a chunk at a time, so a quarter of a million rows are not held twice more
    (README: where the time goes).
    """
    connection = db.session.connection()
    names = list(rows[0])
    statement = insert(table).compile(dialect=connection.dialect, column_keys=names)
    if statement.positional:  # SQLite's "?" placeholders take values in statement order
        names = list(statement.positiontup)
    if connection.dialect.driver == "psycopg":
        columns = ", ".join(f'"{name}"' for name in names)
        cursor = connection.connection.driver_connection.cursor()
        with cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for row in _value_rows(rows, names, {}):
                copy.write_row(row)
        return
    texts: dict[tuple, str] = {}
    for start in range(0, len(rows), INSERT_CHUNK):
        connection.exec_driver_sql(
            statement.string, list(_value_rows(rows[start:start + INSERT_CHUNK], names, texts)))


def _value_rows(rows: list[dict], names: list[str], texts: dict[tuple, str]) -> Iterator[tuple]:
    """Yield each row's values in the order of names, lists and tuples as JSON text.

    Answers repeat down a conference's list (an industry picked from a dropdown, one goal typed
    by many): `texts` holds each distinct tuple of pairs encoded, for one insert_many, so
    nothing of one import stays in the worker after it; at most ANSWER_TEXTS_KEPT of them, so
    a list where every answer differs is not held whole a second time.
    """
    pick = operator.itemgetter(*names)
    encoded = [i for i, name in enumerate(names) if isinstance(rows[0][name], (list, tuple))]
    for row in rows:
        values = pick(row)
        if encoded:
            values = list(values)
            for i in encoded:
                value = values[i]
                if not value:
                    values[i] = _EMPTY_JSON
                elif type(value) is tuple:
                    text = texts.get(value)
                    if text is None:
                        text = json_text(value)
                        if len(texts) < ANSWER_TEXTS_KEPT:
                            texts[value] = text
                    values[i] = text
                else:
                    values[i] = json_text(value)
        yield tuple(values)


def save_people(event: Event, people: list[ParsedAttendee]) -> tuple[int, int]:
    """Add new people and update known ones; return (created, updated). Do not commit."""
    with collector_paused():
        changes = import_changes(event.id, people)
        if changes.inserts:
            insert_many(Attendee.__table__, changes.inserts)
        # Bulk UPDATE by primary key: one executemany per set of columns.
        for rows in (changes.updates, changes.moves):
            if rows:
                db.session.execute(update(Attendee), rows)
    if changes.changed:
        event.pack_version += 1
        db.session.expire(event, ["attendees"])  # bulk statements bypass the loaded list
    return len(changes.inserts), len(changes.updates)


# One encoder for every row: json.dumps with options builds a new one per call.
json_text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def find_pending(event: Event, user, token: str) -> PendingImport | None:
    """Return the user's unexpired upload for the event, or None."""
    return db.session.execute(select(PendingImport).where(
        PendingImport.id == token, PendingImport.user_id == user.id,
        PendingImport.event_id == event.id, PendingImport.created_at > now_utc() - PENDING_LIFETIME,
    )).scalar()


def parse_pending(pending: PendingImport, *, guess: bool = False) -> Preview:
    """Parse the stored upload with the owner's mapping and choices, or with the parser's guess."""
    return parse_import(
        pending.data, filename=pending.filename, pasted=pending.source == "pasted",
        mapping=None if guess else pending.mapping, include=pending.include or (),
    )


def keep_pending(pending: PendingImport, most: int = 3,
                 most_bytes: int = 48 * 1024 * 1024) -> None:
    """Store an upload until it is confirmed, removing expired ones; do not commit.

    One account keeps at most `most` uploads and `most_bytes` of them: the oldest go first
    (their preview then says the upload expired), so a new upload always fits.
    """
    db.session.execute(delete(PendingImport).where(
        PendingImport.created_at <= now_utc() - PENDING_LIFETIME
    ))
    waiting = db.session.execute(
        select(PendingImport.id, func.length(PendingImport.data))
        .where(PendingImport.user_id == pending.user_id)
        .order_by(PendingImport.created_at.desc(), PendingImport.id)
    ).all()
    kept, kept_bytes, gone = 1, len(pending.data), []
    for token, size in waiting:
        if kept < most and kept_bytes + size <= most_bytes:
            kept, kept_bytes = kept + 1, kept_bytes + size
        else:
            gone.append(token)
    if gone:
        db.session.execute(delete(PendingImport).where(PendingImport.id.in_(gone)))
    db.session.add(pending)


def cancel_pending(user, token: str) -> None:
    db.session.execute(delete(PendingImport).where(
        PendingImport.id == token, PendingImport.user_id == user.id
    ))
