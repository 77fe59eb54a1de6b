"""Plan when to arrive at an event: at the doors, for the second wave, or at a conference start.

The rules come from a talk on networking as an introvert: arrive at the doors when there are
people to catch early, or about 50 minutes in, when the room is looking for someone new; never
in the crowd 15 to 20 minutes in; and not at all by these rules at a conference.
static/js/rules/arrival.js is the twin that the phone runs offline; tests/arrival_cases.py
holds the table of cases that both must agree on, so change the two together.

Decisions on the edge cases:

- All arithmetic is on absolute instants (UTC). Adding minutes to a zoned datetime in Python
  moves the wall clock, which is wrong across a daylight-saving change.
- "Reachable" means `earliest <= moment`. No `earliest` means any moment is reachable; an
  `earliest` before the start changes nothing.
- The crowd window (start + 15 to start + 20 minutes) is relative to the event start, even when
  the networking part starts later; doors and the second wave never fall inside it.
- Running late with the second wave viable: the second wave, even when `earliest` falls in the
  crowd window. When even the second wave has passed, arrive at `earliest` (strategy still
  "second-wave": you join people who are mingling) with a "late" warning.
- Second wave not viable: doors, or `earliest` with a "late" warning (plus "crowd-window" when
  `earliest` lands there).
- Targets (must-meet or speakers) and late: a "targets-missed" warning, whatever the strategy.
- `earliest` at or after the end: "event-over" replaces "late" and "crowd-window".
- Talk-first with a speaker target: doors means the start, before the talk ends.
- No travel time (0, the plan record's default, or none given) means it is not known: no
  leave-by at all (None), rather than a "leave by" equal to the arrival that nobody can keep.
  The app, the prep page and the .ics then ask for the travel time instead.
- Times come back in the time zone of `start`; texts never contain clock times, so the UI can
  format them and both languages produce identical sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

KINDS = ("networking", "talk-first", "conference")
DEFAULT_LENGTH = timedelta(hours=2)
ASSUMED_TALK_LENGTH = timedelta(minutes=45)
SECOND_WAVE_DELAY = timedelta(minutes=50)
MIN_TIME_AFTER_SECOND_WAVE = timedelta(minutes=40)
CROWD_WINDOW = (timedelta(minutes=15), timedelta(minutes=20))

# The one place for the sentences: the browser gets them as ARRIVAL_TEXTS (shell/constants.py).
TEXTS = {
    "conference": (
        "This is a conference: arrive at the start, or as soon as you can. The start/+50 rule"
        " is meant for small local events, not big summits."
    ),
    "doors-targets": (
        "Arrive at the doors: catch the people you want to meet early, for a one-to-one before"
        " the room fills. Speakers and executives often leave right after their talk."
    ),
    "speaker-before-talk-ends": (
        "A speaker is on your list and the talk comes first: be there at the start, before the"
        " talk ends."
    ),
    "second-wave": (
        "Arrive for the second wave, about 50 minutes after the networking starts: most people"
        " arrive 15–20 minutes late and make their rounds, and by then they welcome someone"
        " new. Don't rush in at the crowd time."
    ),
    "no-second-wave": (
        "The event is too short for a second wave (at least 40 minutes must remain after it),"
        " so arrive at the doors."
    ),
    "talk-first-assumed": (
        "No networking start is set for this talk-first event; the plan assumes networking"
        " begins 45 minutes after the start."
    ),
    "targets-missed": (
        "You can't be there at the start, so you may miss the people you most want to meet:"
        " speakers and executives often leave right after their talk."
    ),
    "crowd-window": (
        "You can only arrive while the crowd comes in, 15–20 minutes after the start; give"
        " the room a moment before joining a group."
    ),
    "late": (
        "You can't be there at the best moment, so the plan uses the earliest time you can"
        " make it; less of the event remains."
    ),
    "event-over": "The event is over by the time you can be there.",
}

HHMM = re.compile(r"([0-9]{1,2}):([0-9]{2})")


@dataclass(frozen=True)
class Note:
    """A reason or warning: a stable machine code and its plain sentence."""

    code: str
    text: str

    @classmethod
    def of(cls, code: str) -> Note:
        """Build the note for `code` from the shared texts."""
        return cls(code, TEXTS[code])

    def to_dict(self) -> dict[str, str]:
        """Return {"code": ..., "text": ...}."""
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class ArrivalPlan:
    """When to arrive and leave, the strategy, and why."""

    arrive_at: datetime
    leave_by: datetime | None  # None: the travel time is not known
    strategy: str
    reasons: tuple[Note, ...]
    alternative: datetime | None
    warnings: tuple[Note, ...]

    def to_dict(self) -> dict:
        """Return the plan as JSON-ready data, times as ISO 8601 UTC strings ending in Z."""
        return {
            "arrive_at": iso_utc(self.arrive_at),
            "leave_by": iso_utc(self.leave_by) if self.leave_by else None,
            "strategy": self.strategy,
            "reasons": [note.to_dict() for note in self.reasons],
            "alternative": iso_utc(self.alternative) if self.alternative else None,
            "warnings": [note.to_dict() for note in self.warnings],
        }


def iso_utc(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 UTC with a Z, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def require_aware(**moments: datetime | None) -> None:
    """Raise ValueError for any naive datetime: a wall time without a zone is no instant."""
    for name, moment in moments.items():
        if moment is not None and moment.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware")


def earliest_on_event_day(start: datetime, hhmm: str, tz: tzinfo) -> datetime:
    """Return the instant of wall time `hhmm` on the local date of `start` in `tz`.

    A time skipped by a daylight-saving change (02:30 on a spring-forward night) lands after the
    gap, as the wall clock reads it with the offset before the change; a time that occurs twice
    means its first occurrence. static/js/rules/zoned.js `wallTimeToInstant` does the same.
    """
    require_aware(start=start)
    match = HHMM.fullmatch(hhmm) if isinstance(hhmm, str) else None
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"expected a time as HH:MM, got {hhmm!r}")
    day = start.astimezone(tz).date()
    return datetime.combine(day, time(int(match[1]), int(match[2])), tzinfo=tz)


def plan_arrival(
    start: datetime,
    end: datetime | None = None,
    kind: str = "networking",
    networking_start: datetime | None = None,
    must_meet: int = 0,
    speaker_targets: int = 0,
    earliest: datetime | None = None,
    travel_minutes: float = 0,
) -> ArrivalPlan:
    """Plan the arrival at one event from its times, your targets and when you can be there."""
    require_aware(start=start, end=end, networking_start=networking_start, earliest=earliest)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if min(must_meet, speaker_targets, travel_minutes) < 0:
        raise ValueError("target counts and travel minutes must not be negative")
    zone = start.tzinfo
    start = start.astimezone(UTC)
    end = end.astimezone(UTC) if end else start + DEFAULT_LENGTH
    if end <= start:
        raise ValueError("the event must end after it starts")
    ready = max(start, earliest.astimezone(UTC)) if earliest else start
    late = ready > start
    travel = timedelta(minutes=travel_minutes)

    def plan(strategy, arrive, reasons, alternative, warnings):
        if ready >= end:
            warnings = [w for w in warnings if w not in ("late", "crowd-window")] + ["event-over"]
        return ArrivalPlan(
            arrive_at=arrive.astimezone(zone),
            leave_by=(arrive - travel).astimezone(zone) if travel_minutes > 0 else None,
            strategy=strategy,
            reasons=tuple(Note.of(code) for code in reasons),
            alternative=alternative.astimezone(zone) if alternative else None,
            warnings=tuple(Note.of(code) for code in warnings),
        )

    if kind == "conference":
        return plan("conference", ready, ["conference"], None, [])

    warnings = []
    if networking_start is not None:
        networking = networking_start.astimezone(UTC)
        if not start <= networking < end:
            raise ValueError("the networking part must start within the event")
    elif kind == "talk-first":
        networking = start + ASSUMED_TALK_LENGTH
        warnings.append("talk-first-assumed")
    else:
        networking = start
    second_wave = networking + SECOND_WAVE_DELAY
    viable = end - second_wave >= MIN_TIME_AFTER_SECOND_WAVE
    has_targets = must_meet > 0 or speaker_targets > 0
    if has_targets and late:
        warnings.append("targets-missed")

    if has_targets and not late:
        reasons = ["doors-targets"]
        if kind == "talk-first" and speaker_targets > 0:
            reasons.append("speaker-before-talk-ends")
        return plan("doors", start, reasons, second_wave if viable else None, warnings)
    if viable:
        if ready > second_wave:
            warnings.append("late")
        alternative = None if late else start
        return plan("second-wave", max(ready, second_wave), ["second-wave"], alternative, warnings)
    if late:
        warnings.append("late")
    # Rule 7: the crowd window is never chosen, only forced by `earliest`; then say so.
    if start + CROWD_WINDOW[0] <= ready <= start + CROWD_WINDOW[1]:
        warnings.append("crowd-window")
    return plan("doors", ready, ["no-second-wave"], None, warnings)
