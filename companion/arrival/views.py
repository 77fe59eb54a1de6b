"""The arrival plan for one user at one event: on the prep page and as a calendar entry."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, g, request
from sqlalchemy import func, select

from .access import visible_event
from .arrival import ArrivalPlan, earliest_on_event_day, plan_arrival
from .db import db, now_utc
from .ics import arrival_description, event_calendar
from .models import Mark, Plan, derived_id
from .security import login_required

bp = Blueprint("plans", __name__)


def plan_for(event, user) -> ArrivalPlan:
    """Plan the user's arrival from the event, their marks and their own plan inputs."""
    mine = (Mark.user_id == user.id, Mark.event_id == event.id, Mark.deleted.is_(False))
    must_meet = db.session.scalar(
        select(func.count()).where(*mine, Mark.priority == "must")
    )
    speakers = db.session.scalar(
        select(func.count()).where(*mine, Mark.priority.is_not(None), Mark.is_speaker)
    )
    inputs = db.session.get(Plan, derived_id("plan", user.id, event.id))
    if inputs is not None and inputs.deleted:
        inputs = None
    zone = ZoneInfo(event.timezone)
    start = event.starts_at.astimezone(zone)
    earliest = None
    if inputs is not None and inputs.earliest:
        earliest = earliest_on_event_day(start, inputs.earliest, zone)
    return plan_arrival(
        start, event.ends_at, event.kind, event.networking_starts_at,
        must_meet=must_meet, speaker_targets=speakers, earliest=earliest,
        travel_minutes=inputs.travel_minutes if inputs is not None else 0,
    )


@bp.get("/events/<int:event_id>/arrival.ics")
@login_required
def calendar(event_id):
    event = visible_event(event_id, g.user)
    plan = plan_for(event, g.user)
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
