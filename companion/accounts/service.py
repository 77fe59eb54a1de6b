"""Accounts: create and check them, check a password under throttling, export and delete one.

Shared by the web forms and the CLI; nothing here reads the request.
"""

from datetime import UTC

from sqlalchemy import delete, func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db, now_utc
from ..models import (
    RECORD_MODELS,
    Attendee,
    Card,
    Contact,
    Event,
    Followup,
    Goal,
    Interaction,
    JournalEntry,
    Mark,
    Membership,
    PendingImport,
    Person,
    Plan,
    Skip,
    SyncClient,
    User,
    UserSession,
    derived_id,
)
from ..rules.emails import fold_email, valid_email
from ..sync.clock import next_version
from ..sync.fields import serialise
from .throttle import Limits, clear_failures, count_login

MIN_PASSWORD = 8
MAX_PASSWORD = 256


class AccountError(ValueError):
    """A request about an account that cannot be met; the message is for the person."""


def check_new_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"Choose a password of at most {MAX_PASSWORD} characters.")
    if len(set(password)) < 3:
        raise AccountError("Choose a password that is not one repeated character.")


def create_user(email: str, password: str, name: str = "") -> User:
    """Create an account and its card, seeded from what the account knows; do not commit."""
    email = valid_email(email)
    if email is None:
        raise AccountError("Enter a valid email address.")
    check_new_password(password)
    if find_user(email) is not None:
        raise AccountError("An account with that email already exists.")
    user = User(email=email, password_hash=generate_password_hash(password))
    db.session.add(user)
    db.session.flush()
    name = (name or "").strip()[:200]
    db.session.add(Card(
        id=derived_id("card", user.id), user_id=user.id, name=name, email=email,
        # Versioned like any synced change, so the user's devices pull the card.
        version=next_version(),
    ))
    return user


def find_user(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == fold_email(email))
    ).scalar_one_or_none()


# Checked against when the email is unknown, so a wrong email costs the same time as a wrong
# password and response times do not reveal who has an account.
DECOY_HASH = generate_password_hash("decoy password never used")


def password_matches(user: User | None, password: str) -> bool:
    """Check a password against the user's hash (or the decoy's: the same time either way)."""
    if user is None:
        check_password_hash(DECOY_HASH, password or "")
        return False
    return check_password_hash(user.password_hash, password or "")


def authenticate(email: str, password: str) -> User | None:
    """Return the user whose password matches, or None (no throttling: the CLI's check)."""
    user = find_user(email)
    return user if password_matches(user, password) else None


def check_password_throttled(email: str, password: str, address: str | None, limits: Limits,
                             known_browser=lambda user_id: None) -> User | None:
    """Return the user whose password matches, None when it does not; raise TooManyAttempts.

    Every password check goes through here (login, and the account page's confirmations), so
    a stolen session cannot guess the password faster than the login form can.
    `known_browser(user_id)` is this browser's key for that account, if it logged in there.
    """
    user = find_user(email)
    attempt = count_login(email, address, known_browser(user.id) if user else None, limits)
    if not password_matches(user, password):
        return None  # the attempt's rows stay, as failures
    attempt.succeeded()
    return user


def set_password(user: User, new_password: str) -> None:
    """Set a new password (checked first); do not commit."""
    check_new_password(new_password)
    user.password_hash = generate_password_hash(new_password)


EXPORT_FORMAT = "companion-export/1"
# The export's section for each kind of record, where "kind + s" is not English.
RECORD_SECTIONS = {"person": "people", "journal": "journal"}
EVENT_FIELDS = ("id", "title", "starts_at", "ends_at", "timezone", "venue", "address", "kind",
                "networking_starts_at", "url", "created_at")
ATTENDEE_FIELDS = ("id", "position", "name", "title", "company", "email", "linkedin", "url",
                   "is_host", "answers")


def iso(value):
    """Return datetimes as ISO 8601 UTC ("…Z"); anything else unchanged."""
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value


def pick(row, names) -> dict:
    return {name: iso(getattr(row, name)) for name in names}


def owned_event_ids(user_id: int):
    return select(Event.id).where(Event.owner_id == user_id)


def export_data(user: User) -> dict:
    """Return everything the server stores for the user, as JSON-ready data."""
    def rows(query):
        return db.session.execute(query).scalars().all()

    events = []
    for event in rows(select(Event).where(Event.owner_id == user.id).order_by(Event.starts_at)):
        shared_with = rows(select(User.email).join(Membership, Membership.user_id == User.id)
                           .where(Membership.event_id == event.id,
                                  Membership.removed_at.is_(None)))
        events.append({
            **pick(event, EVENT_FIELDS), "share_link_active": event.share_token is not None,
            "shared_with": shared_with,
            "attendees": [pick(person, ATTENDEE_FIELDS) for person in event.attendees],
        })
    memberships = db.session.execute(
        select(Membership.event_id, Event.title, Membership.joined_at)
        .join(Event, Event.id == Membership.event_id)
        .where(Membership.user_id == user.id, Membership.removed_at.is_(None))
    ).all()
    # Deleted records are listed too: the server keeps them (flagged) so devices learn of it.
    records = {
        RECORD_SECTIONS.get(kind, f"{kind}s"): [
            {"id": row.id, "version": row.version, "deleted": row.deleted,
             "updated_at": iso(row.updated_at), **serialise(row)}
            for row in rows(select(model).where(model.user_id == user.id)
                            .order_by(model.version))
        ]
        for kind, model in RECORD_MODELS.items()
    }
    card = (records.pop("cards") or [None])[0]
    goal = (records.pop("goals") or [None])[0]
    return {
        "format": EXPORT_FORMAT,
        "exported_at": iso(now_utc()),
        "account": pick(user, ("id", "email", "created_at")),
        "card": card,
        "goal": goal,
        "events": events,
        "memberships": [
            {"event_id": event_id, "title": title, "joined_at": iso(joined_at)}
            for event_id, title, joined_at in memberships
        ],
        **records,
        "devices": [pick(device, ("client_id", "last_seq", "seen_at"))
                    for device in rows(select(SyncClient).where(SyncClient.user_id == user.id))],
        # When each logged-in browser logged in (the session tokens themselves are not kept).
        "sessions": [iso(created) for created in rows(
            select(UserSession.created_at).where(UserSession.user_id == user.id)
            .order_by(UserSession.created_at))],
        "pending_imports": [
            {**pick(pending, ("event_id", "source", "filename", "created_at")),
             "bytes": len(pending.data)}
            for pending in rows(select(PendingImport).where(PendingImport.user_id == user.id))
        ],
    }


def delete_user_data(user: User) -> None:
    """Delete the user and everything of theirs; do not commit.

    Spelled out table by table rather than left to ON DELETE CASCADE, so it holds on any
    database connection, with or without foreign keys enforced.
    """
    owned = owned_event_ids(user.id)
    owned_attendees = select(Attendee.id).where(Attendee.event_id.in_(owned))
    # Everyone's marks, plans, skips, journal entries and follow-ups about the owned events go
    # with them.
    for model in (Mark, Plan, Skip, JournalEntry, Followup):
        db.session.execute(
            delete(model).where(or_(model.user_id == user.id, model.event_id.in_(owned))))
    # Other people's contacts stay theirs; they only forget the event they were met at.
    db.session.execute(
        update(Contact)
        .where(Contact.user_id != user.id,
               or_(Contact.event_id.in_(owned), Contact.attendee_id.in_(owned_attendees)))
        .values(event_id=None, attendee_id=None, version=next_version(), updated_at=now_utc())
    )
    # Other people's people and interactions only forget which of the events it was.
    for model, column in ((Person, Person.first_met_event_id), (Interaction, Interaction.event_id)):
        db.session.execute(
            update(model).where(model.user_id != user.id, column.in_(owned))
            .values({column.key: None, "version": next_version(), "updated_at": now_utc()}))
    for model in (Contact, Card, Goal, Person, Interaction, SyncClient, PendingImport, UserSession):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(delete(Membership).where(
        or_(Membership.user_id == user.id, Membership.event_id.in_(owned))
    ))
    db.session.execute(delete(PendingImport).where(PendingImport.event_id.in_(owned)))
    db.session.execute(delete(Attendee).where(Attendee.event_id.in_(owned)))
    db.session.execute(delete(Event).where(Event.owner_id == user.id))
    clear_failures(user.email)
    db.session.execute(delete(User).where(User.id == user.id))


def summary(user: User) -> dict:
    """Count what the account holds, for the page that offers to delete it."""
    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return {
        "events": count(Event, Event.owner_id == user.id),
        "attendees": count(Attendee, Attendee.event_id.in_(owned_event_ids(user.id))),
        "shared": count(Membership, Membership.user_id == user.id,
                        Membership.removed_at.is_(None)),
        "marks": count(Mark, Mark.user_id == user.id, Mark.deleted.is_(False)),
        "contacts": count(Contact, Contact.user_id == user.id, Contact.deleted.is_(False)),
    }
