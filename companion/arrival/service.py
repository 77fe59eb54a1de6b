"""Plan one user's arrival at one event from the event, their marks and their plan record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..db import db
from ..models import Mark, Plan, derived_id
from ..rules.arrival import HHMM, ArrivalPlan, earliest_on_event_day, plan_arrival

MAX_TRAVEL = 600  # minutes; the app's travel field has the same bound (parts/arrival-plan.js)
MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class PlanInputs:
    """What the planner needs beyond the event: the user's targets and their own plan inputs."""

    must_meet: int = 0
    speaker_targets: int = 0
    travel_minutes: int = 0
    earliest: str = ""  # "HH:MM" in the event's zone, or ""


def stored_inputs(event, user) -> PlanInputs:
    """The inputs as the server holds them: the user's synced marks and plan record."""
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
    return PlanInputs(
        must_meet=must_meet or 0, speaker_targets=speakers or 0,
        travel_minutes=inputs.travel_minutes if inputs is not None else 0,
        earliest=inputs.earliest if inputs is not None else "",
    )


def _count(args: Mapping[str, str], name: str, limit: int) -> int:
    text = (args.get(name) or "0").strip()
    if not text.isascii() or not text.isdigit() or int(text) > limit:
        raise ValueError(f"{name} must be a whole number from 0 to {limit}.")
    return int(text)


def linked_inputs(args: Mapping[str, str]) -> PlanInputs | None:
    """The inputs an .ics link carries (the app's, maybe not yet synced), or None without them.

    The app writes them into its "Add to calendar" link so the file says what the app says at
    once, before any sync: ?travel=25&earliest=18:30&must=2&speakers=1. Raises ValueError for
    values no app would write.
    """
    if not any(name in args for name in ("travel", "earliest", "must", "speakers")):
        return None
    earliest = (args.get("earliest") or "").strip()
    match = HHMM.fullmatch(earliest) if earliest else None
    if earliest and (not match or int(match[1]) > 23 or int(match[2]) > 59):
        raise ValueError("earliest must be a time as HH:MM.")
    return PlanInputs(
        must_meet=_count(args, "must", MAX_COUNT),
        speaker_targets=_count(args, "speakers", MAX_COUNT),
        travel_minutes=_count(args, "travel", MAX_TRAVEL), earliest=earliest,
    )


def plan_for(event, user, inputs: PlanInputs | None = None) -> ArrivalPlan:
    """Plan the user's arrival from the event and `inputs` (by default, what the server holds)."""
    inputs = inputs or stored_inputs(event, user)
    zone = ZoneInfo(event.timezone)
    start = event.starts_at.astimezone(zone)
    earliest = earliest_on_event_day(start, inputs.earliest, zone) if inputs.earliest else None
    return plan_arrival(
        start, event.ends_at, event.kind, event.networking_starts_at,
        must_meet=inputs.must_meet, speaker_targets=inputs.speaker_targets, earliest=earliest,
        travel_minutes=inputs.travel_minutes,
    )
