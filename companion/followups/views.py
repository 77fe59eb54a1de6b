"""Download the follow-up items: followups.csv, and an .ics of the ones still due."""

from flask import Blueprint, Response, g

from ..accounts.session import login_required
from ..db import now_utc
from .export import followups_calendar, followups_csv
from .service import followups_of

bp = Blueprint("followups", __name__, url_prefix="/followups")


@bp.get("/followups.csv")
@login_required
def export_csv():
    return Response(followups_csv(followups_of(g.user)), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="followups.csv"'})


@bp.get("/followups.ics")
@login_required
def export_calendar():
    body = followups_calendar(followups_of(g.user), now_utc())
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": 'attachment; filename="followups.ics"'})
