"""Plan one user's arrival at one event from the event, their marks and their plan record."""

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..db import db
from ..models import Mark, Plan, derived_id
from ..rules.arrival import ArrivalPlan, earliest_on_event_day, plan_arrival


def plan_for(event, user) -> ArrivalPlan:
    """Plan the user's arrival from the event, their marks and their own plan inputs."""
    mine = (Mark.user_id == user.id, Mark.event_id == event.id, Mark.deleted.is_(False))
    must_meet = db.session.scalar(
        select(func.count()).where(*mine, Mark.priority == "must")
    )
    speakers = db.session.scalar(
        select(func.count()).where(*mine, Mark.priority.is_not(None), Mark.is_speaker)
    )
    inputs = db.session.get(Plan, (user.id, derived_id("plan", user.id, event.id)))
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
