"""Push and pull: apply a device's numbered changes once, hand back the rows that changed."""

import uuid
from typing import Any

from sqlalchemy import select

from ..db import db, now_utc
from ..events.service import can_see_event
from ..models import RECORD_MODELS, Attendee, SyncClient, derived_id
from .clock import current_version, next_version
from .fields import (
    ERASED_ON_DELETE,
    IDENTITY_FIELDS,
    TEXT_FIELDS,
    ChangeRejected,
    checked_fields,
    merge_text,
    serialise,
)

MAX_CHANGES = 5000


class SyncError(ValueError):
    """A request that cannot be taken as a whole; nothing of it was applied."""

    status = 400


class GapError(SyncError):
    status = 409

    def __init__(self, last_seq: int):
        super().__init__(
            f"Changes are missing after number {last_seq}; send them again from there."
        )
        self.last_seq = last_seq


def checked_batch(client_id: Any, changes: Any) -> list[dict]:
    """Return the changes sorted by number, or raise SyncError if the request is malformed."""
    if not isinstance(client_id, str) or not 8 <= len(client_id) <= 64 \
            or not client_id.isprintable():
        raise SyncError("client_id must be a string of 8 to 64 printable characters.")
    if not isinstance(changes, list) or len(changes) > MAX_CHANGES:
        raise SyncError(f"changes must be a list of at most {MAX_CHANGES}.")
    for change in changes:
        if not isinstance(change, dict):
            raise SyncError("Each change must be an object.")
        seq = change.get("seq")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
            raise SyncError("Each change needs a positive whole number seq.")
        if change.get("kind") not in RECORD_MODELS:
            raise SyncError(f"Change {seq}: kind must be one of {', '.join(RECORD_MODELS)}.")
        if change.get("op") not in ("put", "delete"):
            raise SyncError(f"Change {seq}: op must be put or delete.")
        try:
            uuid.UUID(str(change.get("id")))
        except ValueError:
            raise SyncError(f"Change {seq}: id must be a UUID.") from None
        if not isinstance(change.get("base", {}), dict):
            raise SyncError(f"Change {seq}: base must be an object.")
    ordered = sorted(changes, key=lambda change: change["seq"])
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after["seq"] != before["seq"] + 1:
            raise SyncError("The changes in one push must be numbered without gaps or repeats.")
    return ordered


def push(user, client_id: Any, changes: Any) -> dict:
    """Apply a batch of changes in the caller's transaction; return what the client should know."""
    ordered = checked_batch(client_id, changes)
    version = next_version()
    client = db.session.get(SyncClient, (user.id, client_id))
    if client is None:
        client = SyncClient(user_id=user.id, client_id=client_id, last_seq=0)
        db.session.add(client)
    fresh = [change for change in ordered if change["seq"] > client.last_seq]
    if fresh and fresh[0]["seq"] != client.last_seq + 1:
        raise GapError(client.last_seq)
    rejected = []
    lookups = BatchLookups(user, fresh)
    for change in fresh:
        try:
            apply_change(user, change, version, lookups)
        except ChangeRejected as reason:
            rejected.append({"seq": change["seq"], "reason": str(reason)})
    if fresh:
        client.last_seq = fresh[-1]["seq"]
    return {"last_seq": client.last_seq, "version": version, "rejected": rejected}


class BatchLookups:
    """The rows a batch of changes refers to, read with one query per kind, not one per change.

    A phone coming back online pushes hundreds of changes at once; a query per change would make
    that push cost seconds. Anything not read up front is looked up (and kept) on first use.
    """

    def __init__(self, user, changes: list[dict]):
        self.user = user
        self.records: dict[tuple[str, str], Any] = {}
        self.visible: dict[int, bool] = {}
        ids_by_kind: dict[str, set[str]] = {}
        attendee_ids = set()
        for change in changes:
            ids_by_kind.setdefault(change["kind"], set()).add(str(change["id"]))
            fields = change.get("fields")
            attendee_id = fields.get("attendee_id") if isinstance(fields, dict) else None
            # Only ids that could be valid: the rest are rejected per change, as before.
            if type(attendee_id) is int and 1 <= attendee_id < 2**63:
                attendee_ids.add(attendee_id)
        for kind, ids in ids_by_kind.items():
            model = RECORD_MODELS[kind]
            found = db.session.execute(select(model).where(model.id.in_(ids))).scalars()
            self.records.update(((kind, record.id), record) for record in found)
            self.records.update(((kind, record_id), None) for record_id in ids
                                if (kind, record_id) not in self.records)
        self.attendee_events: dict[int, int | None] = dict.fromkeys(attendee_ids)
        if attendee_ids:
            self.attendee_events.update(db.session.execute(
                select(Attendee.id, Attendee.event_id).where(Attendee.id.in_(attendee_ids))
            ).all())

    def record(self, model, record_id: str):
        key = (model.kind, record_id)
        if key not in self.records:
            self.records[key] = db.session.get(model, record_id)
        return self.records[key]

    def created(self, record) -> None:
        self.records[(record.kind, record.id)] = record

    def can_see(self, event_id: int) -> bool:
        if event_id not in self.visible:
            self.visible[event_id] = can_see_event(event_id, self.user)
        return self.visible[event_id]

    def attendee_event(self, attendee_id: int) -> int | None:
        if attendee_id not in self.attendee_events:
            self.attendee_events[attendee_id] = db.session.execute(
                select(Attendee.event_id).where(Attendee.id == attendee_id)
            ).scalar_one_or_none()
        return self.attendee_events[attendee_id]


def apply_change(user, change: dict, version: int, lookups: BatchLookups | None = None) -> None:
    """Apply one change to the user's record, creating it on first sight.

    Every check runs before anything is written, so a rejected change leaves no trace.
    """
    if lookups is None:
        lookups = BatchLookups(user, [])
    kind, record_id = change["kind"], str(change["id"])
    model = RECORD_MODELS[kind]
    record = lookups.record(model, record_id)
    if record is not None and record.user_id != user.id:
        raise ChangeRejected("That record belongs to someone else.")
    if change["op"] == "delete":
        if record is not None:
            record.deleted, record.version, record.updated_at = True, version, now_utc()
            # The tombstone only has to tell other devices; what was written goes now.
            for name in ERASED_ON_DELETE[kind]:
                setattr(record, name, "")
        return
    fields = checked_fields(kind, change.get("fields", {}))
    if record is None:
        check_new_record(user, kind, record_id, fields)
    else:
        for name in IDENTITY_FIELDS.get(kind, ()):
            if name in fields and fields[name] != getattr(record, name):
                raise ChangeRejected(f"A {kind}'s {name} cannot change.")
    if "event_id" in fields or "attendee_id" in fields:
        current = serialise(record) if record is not None else {}
        check_references(lookups, {**current, **fields})
    if record is None:
        record = model(id=record_id, user_id=user.id)
        db.session.add(record)
        lookups.created(record)
    base = change.get("base", {})
    for name, value in fields.items():
        if name in TEXT_FIELDS[kind]:
            value = merge_text(getattr(record, name) or "", base.get(name), value)
        setattr(record, name, value)
    record.deleted, record.version, record.updated_at = False, version, now_utc()


def check_new_record(user, kind: str, record_id: str, fields: dict) -> None:
    """Records about one thing must carry the id every device derives for it."""
    for name in IDENTITY_FIELDS.get(kind, ()):
        if name not in fields:
            raise ChangeRejected(f"A new {kind} needs {name}.")
    expected = {
        "mark": lambda: derived_id("mark", user.id, fields["attendee_id"]),
        "card": lambda: derived_id("card", user.id),
        "plan": lambda: derived_id("plan", user.id, fields["event_id"]),
    }.get(kind)
    if expected is not None and record_id != expected():
        raise ChangeRejected(f"This {kind} id does not match what it describes.")


def check_references(lookups: BatchLookups, values: dict) -> None:
    event_id, attendee_id = values.get("event_id"), values.get("attendee_id")
    if event_id is not None and not lookups.can_see(event_id):
        raise ChangeRejected("That event is not yours or shared with you.")
    if attendee_id is not None:
        attendee_event = lookups.attendee_event(attendee_id)
        if attendee_event is None or attendee_event != event_id:
            raise ChangeRejected("That attendee is not on this event's list.")


def pull(user, client_id: str, since: int) -> dict:
    """Return the user's records changed after `since` (tombstones too) and the new cursor."""
    # Read the clock first and stop there: rows above it may belong to a push still in flight.
    current = current_version()
    if since > current:
        # The device has seen versions this database never issued: it was restored from a
        # backup. Send everything again rather than nothing until the clock catches up.
        since = 0
    cursor = current
    records = []
    for kind, model in RECORD_MODELS.items():
        rows = db.session.execute(
            select(model).where(
                model.user_id == user.id, model.version > since, model.version <= cursor
            ).order_by(model.version)
        ).scalars()
        records.extend(
            {"kind": kind, "id": row.id, "version": row.version, "deleted": row.deleted,
             "fields": serialise(row)}
            for row in rows
        )
    client = db.session.get(SyncClient, (user.id, client_id)) if client_id else None
    return {"records": records, "cursor": cursor, "last_seq": client.last_seq if client else 0}
