"""My account: export everything of mine, change my password, delete my account and its data."""

import json
from datetime import UTC

from flask import (
    Blueprint,
    Response,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import delete, func, or_, select, update
from werkzeug.security import generate_password_hash

from .accounts import AccountError, check_new_password
from .auth import check_password_throttled, start_session
from .clock import next_version
from .db import db, now_utc
from .models import (
    RECORD_MODELS,
    Attendee,
    Card,
    Contact,
    Event,
    Mark,
    Membership,
    PendingImport,
    Plan,
    SyncClient,
    User,
)
from .ratelimit import TooManyAttempts, clear_failures
from .record_fields import serialise
from .security import login_required

bp = Blueprint("account", __name__, url_prefix="/account")

EXPORT_FORMAT = "companion-export/1"
EVENT_FIELDS = ("id", "title", "starts_at", "ends_at", "timezone", "venue", "address", "kind",
                "networking_starts_at", "url", "created_at")
ATTENDEE_FIELDS = ("id", "position", "name", "title", "company", "email", "linkedin", "url",
                   "is_host")


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
                           .where(Membership.event_id == event.id))
        events.append({
            **pick(event, EVENT_FIELDS), "share_link_active": event.share_token is not None,
            "shared_with": shared_with,
            "attendees": [pick(person, ATTENDEE_FIELDS) for person in event.attendees],
        })
    memberships = db.session.execute(
        select(Membership.event_id, Event.title, Membership.joined_at)
        .join(Event, Event.id == Membership.event_id).where(Membership.user_id == user.id)
    ).all()
    # Deleted records are listed too: the server keeps them (flagged) so devices learn of it.
    records = {
        f"{kind}s": [
            {"id": row.id, "version": row.version, "deleted": row.deleted,
             "updated_at": iso(row.updated_at), **serialise(row)}
            for row in rows(select(model).where(model.user_id == user.id)
                            .order_by(model.version))
        ]
        for kind, model in RECORD_MODELS.items()
    }
    card = (records.pop("cards") or [None])[0]
    return {
        "format": EXPORT_FORMAT,
        "exported_at": iso(now_utc()),
        "account": pick(user, ("id", "email", "created_at")),
        "card": card,
        "events": events,
        "memberships": [
            {"event_id": event_id, "title": title, "joined_at": iso(joined_at)}
            for event_id, title, joined_at in memberships
        ],
        **records,
        "devices": [pick(device, ("client_id", "last_seq", "seen_at"))
                    for device in rows(select(SyncClient).where(SyncClient.user_id == user.id))],
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
    # Everyone's marks and plans about the owned events go with the events.
    db.session.execute(delete(Mark).where(or_(Mark.user_id == user.id, Mark.event_id.in_(owned))))
    db.session.execute(delete(Plan).where(or_(Plan.user_id == user.id, Plan.event_id.in_(owned))))
    # Other people's contacts stay theirs; they only forget the event they were met at.
    db.session.execute(
        update(Contact)
        .where(Contact.user_id != user.id,
               or_(Contact.event_id.in_(owned), Contact.attendee_id.in_(owned_attendees)))
        .values(event_id=None, attendee_id=None, version=next_version(), updated_at=now_utc())
    )
    for model in (Contact, Card, SyncClient, PendingImport):
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
        "shared": count(Membership, Membership.user_id == user.id),
        "marks": count(Mark, Mark.user_id == user.id, Mark.deleted.is_(False)),
        "contacts": count(Contact, Contact.user_id == user.id, Contact.deleted.is_(False)),
    }


@bp.get("/")
@login_required
def show_account():
    return render_template("account/show.html", counts=summary(g.user))


@bp.get("/export.json")
@login_required
def export_json():
    body = json.dumps(export_data(g.user), ensure_ascii=False, indent=2)
    filename = f"companion-export-{now_utc():%Y-%m-%d}.json"
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })


def confirm_password(template: str, **context):
    """Return the user when the password field is theirs, else a page saying why not."""
    try:
        user = check_password_throttled(g.user.email, request.form.get("password", ""))
    except TooManyAttempts as wait:
        flash(str(wait), "error")
        return None, (render_template(template, **context), 429)
    if user is None or user.id != g.user.id:
        flash("That is not your current password; nothing was changed.", "error")
        return None, (render_template(template, **context), 400)
    return user, None


@bp.post("/password")
@login_required
def change_password():
    user, refusal = confirm_password("account/show.html", counts=summary(g.user))
    if refusal:
        return refusal
    new = request.form.get("new_password", "")
    try:
        check_new_password(new)
        if new != request.form.get("confirm_password", ""):
            raise AccountError("The two new passwords differ; type the same one twice.")
    except AccountError as error:
        flash(str(error), "error")
        return render_template("account/show.html", counts=summary(user)), 400
    user.password_hash = generate_password_hash(new)
    db.session.commit()
    start_session(user)  # this device stays logged in; every other session ends
    flash("Password changed. Your other devices will ask you to log in again.", "success")
    return redirect(url_for("account.show_account"))


@bp.route("/delete", methods=("GET", "POST"))
@login_required
def delete_account():
    if request.method == "GET":
        return render_template("account/delete.html", counts=summary(g.user))
    user, refusal = confirm_password("account/delete.html", counts=summary(g.user))
    if refusal:
        return refusal
    email = user.email
    delete_user_data(user)
    db.session.commit()
    session.clear()
    g.user = None
    flash(f"Deleted the account {email} and everything in it.", "success")
    return redirect(url_for("auth.login"))
