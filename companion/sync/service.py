"""Push and pull: apply a device's numbered changes once, hand back the rows that changed."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from ..db import db, now_utc
from ..events.service import can_see_event
from ..models import RECORD_MODELS, Attendee, SyncClient, derived_id
from .clock import current_version, next_version
from .fields import (
    BLANK,
    ERASED_ON_DELETE,
    IDENTITY_FIELDS,
    NEEDED_NEW,
    TEXT_FIELDS,
    TEXT_LIMIT,
    ChangeRejected,
    checked_fields,
    serialise,
)
from .merge import merge_text, sentence_keys
from .quota import stored_bytes, utf8_size

# The app sends at most 500 changes and BATCH_BYTES in one push (static/js/store/sync.js reads
# both from /app/constants.js); with the push body limit this bounds the work one push does
# while it holds the write lock (every other push waits for it).
MAX_CHANGES = 500
BATCH_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one account may keep: devices (each a row for ever) and bytes of synced text."""

    devices: int = 20
    stored_bytes: int = 64 * 1024 * 1024


def configured_limits(config) -> Limits:
    return Limits(devices=config["DEVICES_PER_USER"], stored_bytes=config["USER_STORAGE_BYTES"])


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


def is_canonical_uuid(value: Any) -> bool:
    """Tell whether value is a UUID written as the app writes one (36 characters, lower case)."""
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


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
        if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq < 2**63:
            raise SyncError("Each change needs a positive whole number seq.")
        if change.get("kind") not in RECORD_MODELS:
            raise SyncError(f"Change {seq}: kind must be one of {', '.join(RECORD_MODELS)}.")
        if change.get("op") not in ("put", "delete"):
            raise SyncError(f"Change {seq}: op must be put or delete.")
        # Only the form the app writes: "urn:uuid:…", braces or capitals would be a second
        # name for one record (and do not fit the 36-character column).
        if not is_canonical_uuid(change.get("id")):
            raise SyncError(f"Change {seq}: id must be a lower-case UUID of 36 characters.")
        if not isinstance(change.get("base", {}), dict):
            raise SyncError(f"Change {seq}: base must be an object.")
        if not isinstance(change.get("new", False), bool):
            raise SyncError(f"Change {seq}: new must be true or false.")
    ordered = sorted(changes, key=lambda change: change["seq"])
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after["seq"] != before["seq"] + 1:
            raise SyncError("The changes in one push must be numbered without gaps or repeats.")
    return ordered


def checked_changes(ordered: list[dict]) -> list[dict]:
    """Return the changes with their fields coerced, or the reason they cannot be applied.

    Done before the write lock is taken: it needs no row, and a big batch takes a while.
    """
    checked = []
    for change in ordered:
        change = dict(change)
        if change["op"] == "put":
            try:
                change["fields"] = checked_fields(change["kind"], change.get("fields", {}))
                change["checked"] = True
            except ChangeRejected as reason:
                change["refused"] = str(reason)
        checked.append(change)
    return checked


def push(user, client_id: Any, changes: Any, limits: Limits = Limits()) -> dict:
    """Apply a batch of changes in the caller's transaction; return what the client should know."""
    ordered = checked_changes(checked_batch(client_id, changes))
    version = next_version()  # from here to the commit, other pushes wait
    client = device(user, client_id, limits)
    fresh = [change for change in ordered if change["seq"] > client.last_seq]
    if fresh and fresh[0]["seq"] != client.last_seq + 1:
        raise GapError(client.last_seq)
    rejected = []
    lookups = BatchLookups(user, fresh, limits)
    for change in fresh:
        try:
            apply_change(user, change, version, lookups)
        except ChangeRejected as reason:
            rejected.append({"seq": change["seq"], "reason": str(reason)})
    if fresh:
        client.last_seq = fresh[-1]["seq"]
    return {"last_seq": client.last_seq, "version": version, "rejected": rejected}


def device(user, client_id: str, limits: Limits) -> SyncClient:
    """Return the user's device row, making it (and forgetting the longest unseen beyond the cap).

    A forgotten device that comes back is refused with a gap at 0 and numbers its waiting
    changes again from 1 (static/js/store/sync.js): nothing it still holds is lost.
    """
    client = db.session.get(SyncClient, (user.id, client_id))
    if client is not None:
        return client
    keep = max(limits.devices - 1, 0)
    oldest = db.session.execute(
        select(SyncClient.client_id).where(SyncClient.user_id == user.id)
        .order_by(SyncClient.seen_at.desc(), SyncClient.client_id).offset(keep)
    ).scalars().all()
    if oldest:
        db.session.execute(delete(SyncClient).where(
            SyncClient.user_id == user.id, SyncClient.client_id.in_(oldest)))
    client = SyncClient(user_id=user.id, client_id=client_id, last_seq=0)
    db.session.add(client)
    return client


class BatchLookups:
    """The rows a batch of changes refers to, read with one query per kind, not one per change.

    A phone coming back online pushes hundreds of changes at once; a query per change would make
    that push cost seconds. Anything not read up front is looked up (and kept) on first use.
    Only the user's own records are ever read: another account's id is not there to be found.
    """

    def __init__(self, user, changes: list[dict], limits: Limits = Limits()):
        self.user = user
        self.limits = limits
        self.records: dict[tuple[str, str], Any] = {}
        self.visible: dict[int, bool] = {}
        self.keys: dict[tuple[str, str, str], tuple[str, set[str]]] = {}
        self.stored: int | None = None
        ids_by_kind: dict[str, set[str]] = {}
        attendee_ids = set()
        for change in changes:
            ids_by_kind.setdefault(change["kind"], set()).add(change["id"])
            fields = change.get("fields")
            attendee_id = fields.get("attendee_id") if isinstance(fields, dict) else None
            # Only ids that could be valid: the rest are rejected per change, as before.
            if type(attendee_id) is int and 1 <= attendee_id < 2**63:
                attendee_ids.add(attendee_id)
        for kind, ids in ids_by_kind.items():
            model = RECORD_MODELS[kind]
            found = db.session.execute(
                select(model).where(model.user_id == user.id, model.id.in_(ids))
            ).scalars()
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
            self.records[key] = db.session.get(model, (self.user.id, record_id))
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

    def sentence_keys(self, record, name: str, text: str) -> set[str]:
        """Return the sentence keys of a record's text, kept across the merges of one batch."""
        key = (record.kind, record.id, name)
        cached = self.keys.get(key)
        if cached is None or cached[0] is not text:
            cached = (text, sentence_keys(text))
            self.keys[key] = cached
        return cached[1]

    def keep_keys(self, record, name: str, text: str, keys: set[str]) -> None:
        self.keys[(record.kind, record.id, name)] = (text, keys)

    def charge(self, growth: int) -> None:
        """Count bytes a change adds to the account; refuse it past the account's limit."""
        if growth <= 0:
            if self.stored is not None:
                self.stored += growth
            return
        if self.stored is None:
            self.stored = stored_bytes(self.user.id)
        if self.stored + growth > self.limits.stored_bytes:
            megabytes = self.limits.stored_bytes // (1024 * 1024)
            raise ChangeRejected(
                f"Your account holds its limit of {megabytes} MB of notes and contacts; "
                "this change was not kept. Shorten or delete something, then edit again.")
        self.stored += growth


def text_bytes(kind: str, values: dict) -> int:
    return sum(utf8_size(values.get(name)) for name in ERASED_ON_DELETE[kind])


def apply_change(user, change: dict, version: int, lookups: BatchLookups | None = None) -> None:
    """Apply one change to the user's record, creating it on first sight.

    Every check runs before anything is written, so a rejected change leaves no trace.
    A deletion wins over an edit made without it on another device: the edit of a deleted
    record is refused unless the device made the record anew (`new`: it had none, or it
    saw the deletion), and then it starts blank, never from what the tombstone kept.
    """
    if lookups is None:
        lookups = BatchLookups(user, [])
    kind, record_id = change["kind"], str(change["id"])
    model = RECORD_MODELS[kind]
    record = lookups.record(model, record_id)
    if change["op"] == "delete":
        if record is not None and not record.deleted:
            lookups.charge(-text_bytes(kind, serialise(record)))
            record.deleted, record.version, record.updated_at = True, version, now_utc()
            # The tombstone only has to tell other devices; what was written or chosen goes
            # now. What it is about (its event, its attendee) stays, for those devices.
            for name, value in BLANK[kind].items():
                if name not in ("event_id", "attendee_id"):
                    setattr(record, name, value)
        return
    if "refused" in change:
        raise ChangeRejected(change["refused"])
    fields = change["fields"] if change.get("checked") else checked_fields(
        kind, change.get("fields", {}))
    revive = record is not None and record.deleted
    if revive and not change.get("new"):
        raise ChangeRejected(
            f"This {kind} was deleted on another device, so the change made here was not kept.")
    if record is None or revive:
        check_new_record(user, kind, record_id, fields)
    else:
        for name in IDENTITY_FIELDS.get(kind, ()):
            if name in fields and fields[name] != getattr(record, name):
                raise ChangeRejected(f"A {kind}'s {name} cannot change.")
    current = {} if record is None else serialise(record)
    if revive:
        current |= {name: value for name, value in BLANK[kind].items()
                    if name not in IDENTITY_FIELDS.get(kind, ())}
    if any(name in fields for name in ("event_id", "attendee_id", "first_met_event_id")):
        check_references(lookups, {**current, **fields})
    values = dict(fields)
    base = change.get("base", {})
    merged_keys = {}
    for name in TEXT_FIELDS[kind]:
        if name not in fields or record is None or revive:
            continue
        old = getattr(record, name) or ""
        keys = set(lookups.sentence_keys(record, name, old))
        values[name] = merge_text(old, base.get(name), fields[name], keys)
        if len(values[name]) > TEXT_LIMIT:
            raise ChangeRejected(
                f"{name}: kept together with the text from another device it would be longer "
                f"than {TEXT_LIMIT} characters, so this change was not kept. Shorten it and "
                "save again.")
        merged_keys[name] = keys
    lookups.charge(text_bytes(kind, {**current, **values}) - text_bytes(kind, current))
    if record is None:
        record = model(id=record_id, user_id=user.id, **BLANK[kind])
        db.session.add(record)
        lookups.created(record)
    elif revive:
        for name, value in BLANK[kind].items():
            if name not in IDENTITY_FIELDS.get(kind, ()):
                setattr(record, name, value)
    for name, value in values.items():
        setattr(record, name, value)
    for name, keys in merged_keys.items():
        lookups.keep_keys(record, name, values[name], keys)
    record.deleted, record.version, record.updated_at = False, version, now_utc()


def check_new_record(user, kind: str, record_id: str, fields: dict) -> None:
    """Records about one thing must carry the id every device derives for it."""
    for name in (*IDENTITY_FIELDS.get(kind, ()), *NEEDED_NEW.get(kind, ())):
        if name not in fields:
            raise ChangeRejected(f"A new {kind} needs {name}.")
    expected = {
        "mark": lambda: derived_id("mark", user.id, fields["attendee_id"]),
        "card": lambda: derived_id("card", user.id),
        "plan": lambda: derived_id("plan", user.id, fields["event_id"]),
        "followup": lambda: derived_id("followup", user.id, fields["type"], fields["attendee_id"],
                                       fields["event_id"]),
        "goal": lambda: derived_id("goal", user.id),
        "skip": lambda: skip_id(user.id, fields),
        "journal": lambda: derived_id("journal", user.id, fields["event_id"]),
    }.get(kind)
    if expected is not None and record_id != expected():
        raise ChangeRejected(f"This {kind} id does not match what it describes.")


def skip_id(user_id: int, fields: dict) -> str:
    """"Not now" is about one attendee of one event; "never" about a person, at every event."""
    if fields["scope"] == "event":
        if fields["event_id"] is None or fields["attendee_id"] is None or fields["key"]:
            raise ChangeRejected("A not-now skip names an event and an attendee, no key.")
        return derived_id("skip", user_id, "event", fields["attendee_id"])
    if not fields["key"] or fields["event_id"] is not None or fields["attendee_id"] is not None:
        raise ChangeRejected("A never skip names a person's key, no event or attendee.")
    return derived_id("skip", user_id, "never", fields["key"])


def check_references(lookups: BatchLookups, values: dict) -> None:
    event_id, attendee_id = values.get("event_id"), values.get("attendee_id")
    for name in ("event_id", "first_met_event_id"):
        if values.get(name) is not None and not lookups.can_see(values[name]):
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
