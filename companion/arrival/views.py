"""The arrival plan as a calendar entry (blueprint `plans`); the prep page shows it too."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, g, request

from ..accounts.session import login_required
from ..db import now_utc
from ..events.service import visible_event
from ..rules.ics import arrival_description, event_calendar
from .service import linked_inputs, plan_for

bp = Blueprint("plans", __name__)


@bp.get("/events/<int:event_id>/arrival.ics")
@login_required
def calendar(event_id):
    event = visible_event(event_id, g.user) or abort(404)
    try:
        # The app's link carries the inputs it planned from, so the file agrees with the
        # screen before a sync; without them, what the server holds.
        inputs = linked_inputs(request.args)
    except ValueError as error:
        abort(400, str(error))
    plan = plan_for(event, g.user, inputs)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    body = event_calendar(
        uid=f"event-{event.id}-user-{g.user.id}@{request.host.split(':')[0] or 'companion'}",
        title=event.title, start=event.starts_at,
        end=event.ends_at or event.starts_at + timedelta(hours=2), now=now_utc(),
        location=location, description=arrival_description(plan, ZoneInfo(event.timezone)),
        url=event.url, alarm_at=plan.leave_by,
    )
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="event-{event.id}-arrival.ics"',
    })
