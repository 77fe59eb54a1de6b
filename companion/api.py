"""JSON for the offline app: who I am, my events, and an event's pack of attendees."""

from datetime import UTC

from flask import Blueprint, current_app, g, jsonify, request
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from .access import visible_event, visible_events_query
from .db import db
from .events import attendee_counts
from .models import Attendee
from .pack import PACK_FORMAT, ROW_FIELDS, attendee_columns, compressed, json_bytes
from .security import login_required

bp = Blueprint("api", __name__, url_prefix="/api")

MESSAGES = {
    401: "Log in again to sync; your changes are kept on this device.",
    404: "Not found.",
    405: "That method is not allowed here.",
    413: "The request is too large.",
}


@bp.app_errorhandler(HTTPException)
def json_errors(error):
    """Answer API requests with JSON errors; leave pages to Flask's own error pages."""
    if not request.path.startswith("/api/"):
        return error
    if isinstance(error, CSRFError):
        message = "The security token is missing or stale; reload and try again."
    else:
        message = MESSAGES.get(error.code) or error.description
    return jsonify(error=message), error.code


def iso(moment):
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def event_summary(event, attendee_count: int) -> dict:
    return {
        "id": event.id, "title": event.title, "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at), "timezone": event.timezone, "venue": event.venue,
        "address": event.address, "kind": event.kind,
        "networking_starts_at": iso(event.networking_starts_at), "url": event.url,
        "role": "owner" if event.owner_id == g.user.id else "member",
        "attendee_count": attendee_count, "pack_version": event.pack_version,
    }


@bp.get("/me")
@login_required
def me():
    return {"user": {"id": g.user.id, "email": g.user.email}, "csrf_token": generate_csrf()}


@bp.get("/events")
@login_required
def list_events():
    events = db.session.execute(visible_events_query(g.user)).scalars().all()
    counts = attendee_counts([event.id for event in events])
    events.sort(key=lambda event: event.starts_at)
    return {"events": [event_summary(event, counts.get(event.id, (0, 0))[0]) for event in events]}


@bp.get("/events/<int:event_id>/pack")
@login_required
def event_pack(event_id):
    event = visible_event(event_id, g.user)
    role = "owner" if event.owner_id == g.user.id else "member"
    etag = f"pack-{PACK_FORMAT}-{event.id}-{event.pack_version}-{role}"
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
        response.set_etag(etag)
        return response
    rows = db.session.execute(
        select(*(getattr(Attendee, name) for name in ROW_FIELDS))
        .where(Attendee.event_id == event.id).order_by(Attendee.position, Attendee.id)
    )
    attendees = attendee_columns(rows)
    body, encoding = compressed(json_bytes({
        "event": event_summary(event, attendees["count"]), "attendees": attendees,
    }), request.accept_encodings)
    response = current_app.response_class(body, mimetype="application/json")
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(etag)
    # The pack is private: the browser may keep it, shared caches may not.
    response.headers["Cache-Control"] = "private, no-cache"
    return response
