"""Tables: accounts, events and their attendees, and the per-user records that sync offline."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import UTCDateTime, db, now_utc

# Records whose identity follows from what they describe (one mark per attendee, one card per user)
# get a name-based UUID, so two devices creating "the same" record offline write to one row.
RECORD_NAMESPACE = uuid.UUID("6f1d3c52-2b1e-4a4e-9a53-4a0f6f6c0a11")


def derived_id(*parts: object) -> str:
    """Return the UUID every device derives for the record named by these parts."""
    return str(uuid.uuid5(RECORD_NAMESPACE, "/".join(str(p) for p in parts)))


def new_token() -> str:
    """Return an unguessable URL-safe token (share links)."""
    return secrets.token_urlsafe(24)


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64))
    venue: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(20), default="networking")
    networking_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    url: Mapped[str] = mapped_column(String(500), default="")
    share_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Bumped whenever the event or its attendee list changes: the pack's ETag.
    pack_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    owner: Mapped[User] = relationship()
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Attendee.position",
    )
    members: Mapped[list[Membership]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class Membership(db.Model):
    """Another account that opened the event's share link and may read its attendee list.

    A member the owner removed keeps a row with `removed_at` set, so the same link does not let
    them straight back in; the owner can let them rejoin, and leaving on one's own deletes it.
    """

    __tablename__ = "memberships"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Attendee(db.Model):
    __tablename__ = "attendees"
    __table_args__ = (UniqueConstraint("event_id", "key", name="uq_attendees_event_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    # Identity across re-imports: the email when known, else a member or ticket id, a profile
    # link, and the folded name last (imports/model.py ParsedAttendee.identities).
    key: Mapped[str] = mapped_column(String(400))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500), default="")
    company: Mapped[str] = mapped_column(String(500), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    linkedin: Mapped[str] = mapped_column(String(500), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    is_host: Mapped[bool] = mapped_column(default=False)
    # Registration answers the import kept: [[question, answer], ...] in the file's order.
    answers: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    event: Mapped[Event] = relationship(back_populates="attendees")


class SyncClient(db.Model):
    """One device of one user: the last change number the server applied from it."""

    __tablename__ = "sync_clients"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)


class ServerClock(db.Model):
    """A single row holding the last server version handed out.

    Bumping it takes a row lock that lasts until commit, so versions become visible in the order
    they were issued and a pull never steps over a change that commits late.
    """

    __tablename__ = "server_clock"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncedRecord:
    """Columns every record that can be edited offline carries.

    A record is named by its owner and its id together: ids are made on devices (and marks,
    cards and plans derive theirs from public numbers), so another account's id is simply an
    id this account does not have, never a row to be told about.
    """

    id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class Mark(SyncedRecord, db.Model):
    """A user's private plan for one attendee."""

    __tablename__ = "marks"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "id"), Index("ix_marks_user_version", "user_id", "version"),
    )
    kind = "mark"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    priority: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="not-yet")
    follow_up: Mapped[bool] = mapped_column(default=False)
    # "I promised…" ticked: a promise to keep (D+1) even when the note does not say it.
    promised: Mapped[bool] = mapped_column(default=False, server_default=false())
    is_speaker: Mapped[bool] = mapped_column(default=False)
    why: Mapped[str] = mapped_column(Text, default="")
    opener: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # When the mark turned met, on the device: the journal counts how far into an event the
    # targets were met, and the arrival plan learns from it.
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The person (people feature) this attendee is, when linked by the app or by hand.
    person_id: Mapped[str | None] = mapped_column(String(36))


class Contact(SyncedRecord, db.Model):
    """Someone the user met: scanned from a QR code or added by hand."""

    __tablename__ = "contacts"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "id"),
        Index("ix_contacts_user_version", "user_id", "version"),
    )
    kind = "contact"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    company: Mapped[str] = mapped_column(String(500), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    linkedin: Mapped[str] = mapped_column(String(500), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(20), default="manual")
    raw: Mapped[str] = mapped_column(Text, default="")
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    person_id: Mapped[str | None] = mapped_column(String(36))


class Card(SyncedRecord, db.Model):
    """The user's own contact card and which of its fields go into the QR code."""

    __tablename__ = "cards"
    __table_args__ = (PrimaryKeyConstraint("user_id", "id"),)
    kind = "card"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    linkedin: Mapped[str] = mapped_column(String(500), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    # Every field: one the user fills in goes into the QR unless they switch it off (an empty
    # field adds nothing). The card screen says whether the QR still reads at arm's length.
    in_qr: Mapped[list] = mapped_column(JSON, default=lambda: [
        "name", "title", "company", "email", "phone", "linkedin", "website"])
    # How many warm relationships the user aims for (the People tab's "Warm 37 / 200").
    warm_goal: Mapped[int] = mapped_column(default=200, server_default="200")


class Plan(SyncedRecord, db.Model):
    """The user's own arrival inputs for one event."""

    __tablename__ = "plans"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "id"), Index("ix_plans_user_version", "user_id", "version"),
    )
    kind = "plan"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    travel_minutes: Mapped[int] = mapped_column(default=0)
    earliest: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM" in the event's zone


class Goal(SyncedRecord, db.Model):
    """What the user came for, across every event: what they seek and offer, levels to meet.

    One per account (its id derives from the account, as a card's does). `seek_levels` and
    `exclude_companies` are None until chosen: then the levels above mine and my card's company.
    """

    __tablename__ = "goals"
    __table_args__ = (PrimaryKeyConstraint("user_id", "id"),)
    kind = "goal"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    seek: Mapped[list] = mapped_column(JSON, default=list)
    offer: Mapped[list] = mapped_column(JSON, default=list)
    my_level: Mapped[str] = mapped_column(String(10), default="")
    seek_levels: Mapped[list | None] = mapped_column(JSON)
    exclude_companies: Mapped[list | None] = mapped_column(JSON)


class Skip(SyncedRecord, db.Model):
    """A suggestion the user set aside: "not now" for one attendee of one event, or "never".

    A record each, not a list on the goal: two devices skipping people offline both keep
    theirs (a list would be one field, the last writer's). "Never" names the person by
    rules/suggest.py person_key, so it holds at every event; "Undo" deletes the record.
    """

    __tablename__ = "skips"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "id"), Index("ix_skips_user_version", "user_id", "version"),
    )
    kind = "skip"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(10), default="event")  # "event" | "never"
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(300), default="")
    name: Mapped[str] = mapped_column(String(200), default="")


class JournalEntry(SyncedRecord, db.Model):
    """What the user said of one event afterwards, in ten seconds (companion/journal/)."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "id"),
        Index("ix_journal_entries_user_version", "user_id", "version"),
    )
    kind = "journal"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    went: Mapped[bool] = mapped_column(default=True)
    rating: Mapped[int | None] = mapped_column()  # 1-5 stars; None: not given
    worth: Mapped[str | None] = mapped_column(String(5))  # "yes" | "maybe" | "no"
    line: Mapped[str] = mapped_column(Text, default="")
    # When "I'm here" was tapped: how the arrival went, against the plan.
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The series this event belongs to, when the user named it; "" means the title's own key.
    series: Mapped[str] = mapped_column(String(200), default="")


class Person(SyncedRecord, db.Model):
    """Someone the user knows, across every event: private, made on a device.

    Attendee rows and contacts link to a person (their `person_id`); two people merged by hand
    stay two records, the second naming the first in `merged_into`, so unmerging restores both.
    """

    __tablename__ = "people"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "id"),
        Index("ix_people_user_version", "user_id", "version"),
    )
    kind = "person"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), default="")
    emails: Mapped[list] = mapped_column(JSON, default=list)
    linkedin: Mapped[str] = mapped_column(String(500), default="")
    phones: Mapped[list] = mapped_column(JSON, default=list)
    company: Mapped[str] = mapped_column(String(500), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    # Where and when we first met; the title stays when the event is deleted or unshared.
    first_met_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"))
    first_met_event: Mapped[str] = mapped_column(String(200), default="")
    first_met_on: Mapped[str] = mapped_column(String(10), default="")  # YYYY-MM-DD
    tags: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    cadence: Mapped[str] = mapped_column(String(4), default="none")
    snoozed_until: Mapped[str] = mapped_column(String(10), default="")
    archived: Mapped[bool] = mapped_column(default=False)
    merged_into: Mapped[str | None] = mapped_column(String(36))
    # Attendees the user said are not this person (a same-name-and-company suggestion declined).
    not_same: Mapped[list] = mapped_column(JSON, default=list)
    # Set once the "Keep in touch every 2 months?" question was answered or dismissed.
    cadence_asked: Mapped[bool] = mapped_column(default=False)


class Interaction(SyncedRecord, db.Model):
    """One dated touch with one or more people: met, a reply, a coffee, a call, a message."""

    __tablename__ = "interactions"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "id"),
        Index("ix_interactions_user_version", "user_id", "version"),
    )
    kind = "interaction"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_ids: Mapped[list] = mapped_column(JSON, default=list)
    on: Mapped[str] = mapped_column(String(10), default="")  # YYYY-MM-DD, the user's day
    type: Mapped[str] = mapped_column(String(20), default="other")
    line: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    # Who they were at that event, as its list or their badge said: the person page shows
    # what changed between two lists ("Senior PM at Acme -> Director at Globex").
    event_title: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    company: Mapped[str] = mapped_column(String(500), default="")


class Followup(SyncedRecord, db.Model):
    """One follow-up to do after an event: a thank-you, a promise kept, a missed target, a nudge.

    Made on a device from the user's marks; its id follows from (user, type, attendee, event),
    so two phones making the same item offline write one row. `type` and not `kind`: every
    record class's `kind` names its record kind ("followup").
    """

    __tablename__ = "followups"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "id"),
        Index("ix_followups_user_version", "user_id", "version"),
    )
    kind = "followup"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_id: Mapped[str | None] = mapped_column(String(36))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(10), default="thanks")
    due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(10), default="todo")
    channel: Mapped[str] = mapped_column(String(10), default="email")
    draft: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserSession(db.Model):
    """One logged-in browser. The cookie holds a random token, this table its hash only.

    Logging out deletes the row, so a copied cookie stops working at once; "log out everywhere"
    and a password change delete the user's other rows.
    """

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token, hex
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


RECORD_MODELS = {model.kind: model for model in (
    Mark, Contact, Card, Plan, Person, Interaction, Goal, Skip, JournalEntry, Followup)}


class PendingImport(db.Model):
    """An uploaded attendee list waiting for its preview to be confirmed (kept at most a day)."""

    __tablename__ = "pending_imports"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_token)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(10), default="file")  # "file" | "pasted"
    filename: Mapped[str] = mapped_column(String(255), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    mapping: Mapped[dict | None] = mapped_column(JSON)
    # The statuses the owner chose to import although not attending ("waitlist", "pending").
    include: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)


class LoginAttempt(db.Model):
    """One login attempt (or one registration) counted against one key, kept for its window.

    Keys name who is counted (accounts/throttle.py): a browser that logged in before, an email
    from one address, an email from anywhere, an address, an address registering accounts. A
    row per attempt (never a counter updated in place), so workers never race on one row.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_failed_at", "key", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
