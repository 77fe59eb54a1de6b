"""The people I met, exported as an address book (.vcf) or a spreadsheet (.csv)."""

from flask import Blueprint, Response, abort, g, request
from sqlalchemy import select

from .access import visible_event
from .contacts_export import contacts_csv, contacts_vcf
from .db import db
from .models import Contact, Event
from .security import login_required

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

EXPORTS = {
    "vcf": (contacts_vcf, "text/vcard"),
    "csv": (contacts_csv, "text/csv"),
}


def my_contacts(event_id: int | None) -> list[dict]:
    """Return the user's live contacts (of one event, or all) as plain dicts for export."""
    query = (
        select(Contact, Event.title)
        .outerjoin(Event, Contact.event_id == Event.id)
        .where(Contact.user_id == g.user.id, Contact.deleted.is_(False))
        .order_by(Contact.met_at.is_(None), Contact.met_at, Contact.name)
    )
    if event_id is not None:
        query = query.where(Contact.event_id == event_id)
    return [
        {"name": c.name, "title": c.title, "company": c.company, "email": c.email,
         "phone": c.phone, "linkedin": c.linkedin, "url": c.url, "note": c.note,
         "met_at": c.met_at, "event": title or ""}
        for c, title in db.session.execute(query).all()
    ]


@bp.get("/export.<fmt>")
@login_required
def export(fmt):
    if fmt not in EXPORTS:
        abort(404)
    event_id = request.args.get("event", type=int)
    if "event" in request.args and event_id is None:
        abort(400, "event must be a number.")
    if event_id is not None:
        visible_event(event_id, g.user)
    build, mimetype = EXPORTS[fmt]
    name = f"contacts-event-{event_id}" if event_id else "contacts"
    return Response(build(my_contacts(event_id)), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
    })
