"""People across events (blueprint `people`): an event's list matched to the people I know,
and the exports of everyone I know: people.csv, interactions.csv, people.vcf."""

from flask import Blueprint, Response, abort, g, request

from ..accounts.session import login_required
from ..events.service import can_see_event
from .export import interactions_csv, people_csv, people_vcf
from .service import interactions_for_export, people_for_export, person_matches

bp = Blueprint("people", __name__)


@bp.get("/api/people/matches")
@login_required
def matches():
    event_id = request.args.get("event_id", type=int)
    if event_id is None:
        abort(400, "event_id must be a number.")
    # Another's event answers exactly as a missing one: ids do not reveal what exists.
    if not 1 <= event_id < 2**63 or not can_see_event(event_id, g.user):
        abort(404)
    return {"matches": person_matches(g.user, event_id)}


def download(body: str, filename: str, mimetype: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        # Everyone I know, with notes: no cache keeps a copy.
        "Cache-Control": "private, no-store",
    })


@bp.get("/people/people.csv")
@login_required
def people_export_csv():
    return download(people_csv(people_for_export(g.user)), "people.csv", "text/csv")


@bp.get("/people/interactions.csv")
@login_required
def interactions_export_csv():
    return download(interactions_csv(interactions_for_export(g.user)), "interactions.csv",
                    "text/csv")


@bp.get("/people/people.vcf")
@login_required
def people_export_vcf():
    return download(people_vcf(people_for_export(g.user)), "people.vcf", "text/vcard")
