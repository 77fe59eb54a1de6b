"""Export the people I met as an address book (.vcf) or a spreadsheet (.csv)."""

from flask import Blueprint, Response, abort, g, request

from ..accounts.session import login_required
from ..events.service import visible_event
from .export import contacts_csv, contacts_vcf
from .service import contacts_of

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

EXPORTS = {
    "vcf": (contacts_vcf, "text/vcard"),
    "csv": (contacts_csv, "text/csv"),
}


@bp.get("/export.<fmt>")
@login_required
def export(fmt):
    if fmt not in EXPORTS:
        abort(404)
    event_id = request.args.get("event", type=int)
    if "event" in request.args and event_id is None:
        abort(400, "event must be a number.")
    if event_id is not None and visible_event(event_id, g.user) is None:
        abort(404)
    build, mimetype = EXPORTS[fmt]
    name = f"contacts-event-{event_id}" if event_id else "contacts"
    return Response(build(contacts_of(g.user, event_id)), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
    })
