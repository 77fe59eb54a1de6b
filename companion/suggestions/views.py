"""Suggested targets on the server: an event's suggestions as a spreadsheet."""

from flask import Blueprint, Response, abort, g

from ..accounts.session import login_required
from ..events.service import visible_event
from . import service

bp = Blueprint("suggestions", __name__)


@bp.get("/events/<int:event_id>/suggestions.csv")
@login_required
def export_csv(event_id):
    # Members of a shared event get their own suggestions, from their own goal: never mine.
    if visible_event(event_id, g.user) is None:
        abort(404)
    body = service.suggestions_csv(service.suggestions_for(g.user, event_id))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="suggestions-event-{event_id}.csv"'})
