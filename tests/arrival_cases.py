"""The table of arrival cases that companion/rules/arrival.py and static/js/rules/arrival.js must
both pass.

Inputs are wall-clock ISO strings in the case's time zone (an explicit offset picks one side of
an ambiguous autumn hour); `earliest` is either such a string or "HH:MM" on the event's day, the
way users type it. Expected times carry their offset, so a daylight-saving change shows in the
table itself; `leave` is None (no leave-by) when there is no travel time.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from companion.rules.arrival import HHMM, earliest_on_event_day, iso_utc


def case(id, tz, start, *, expect, end=None, kind="networking", networking_start=None,
         must_meet=0, speaker_targets=0, earliest=None, travel_minutes=0):
    """Build one case; `expect` holds strategy, arrive, leave, alternative, reasons, warnings."""
    expect = {"leave": None, "alternative": None, "warnings": []} | expect
    return {
        "id": id, "tz": tz, "start": start, "end": end, "kind": kind,
        "networking_start": networking_start, "must_meet": must_meet,
        "speaker_targets": speaker_targets, "earliest": earliest,
        "travel_minutes": travel_minutes, "expect": expect,
    }


TORONTO, BERLIN, KOLKATA = "America/Toronto", "Europe/Berlin", "Asia/Kolkata"
SECOND_WAVE = ["second-wave"]
DOORS_TARGETS = ["doors-targets"]
NO_SECOND_WAVE = ["no-second-wave"]

CASES = [
    # Rule 5: no targets, on time -> second wave, doors as the alternative.
    case("second-wave-default", TORONTO, "2026-06-10T19:00", end="2026-06-10T21:00",
         travel_minutes=30, expect={
             "strategy": "second-wave", "arrive": "2026-06-10T19:50-04:00",
             "leave": "2026-06-10T19:20-04:00", "alternative": "2026-06-10T19:00-04:00",
             "reasons": SECOND_WAVE}),
    # Travel 0 is travel not known: no leave-by at all, never "leave by" the arrival time.
    case("no-travel-no-leave-by", TORONTO, "2026-06-10T19:00", end="2026-06-10T21:00",
         must_meet=1, travel_minutes=0, expect={
             "strategy": "doors", "arrive": "2026-06-10T19:00-04:00", "leave": None,
             "alternative": "2026-06-10T19:50-04:00", "reasons": DOORS_TARGETS}),
    # Rule 3: a missing end means two hours, so 70 minutes remain after the second wave.
    case("missing-end-two-hours", TORONTO, "2026-06-10T19:00", expect={
        "strategy": "second-wave", "arrive": "2026-06-10T19:50-04:00",
        "alternative": "2026-06-10T19:00-04:00", "reasons": SECOND_WAVE}),
    # Rule 3 boundaries: exactly 40 minutes left is viable, 39 is not (rule 6: doors).
    case("viable-exactly-40", TORONTO, "2026-06-10T19:00", end="2026-06-10T20:30", expect={
        "strategy": "second-wave", "arrive": "2026-06-10T19:50-04:00",
        "alternative": "2026-06-10T19:00-04:00", "reasons": SECOND_WAVE}),
    case("not-viable-39", TORONTO, "2026-06-10T19:00", end="2026-06-10T20:29", expect={
        "strategy": "doors", "arrive": "2026-06-10T19:00-04:00", "reasons": NO_SECOND_WAVE}),
    # Rule 4: must-meet or speaker targets -> doors, second wave as the alternative.
    case("must-meet-doors", TORONTO, "2026-06-10T19:00", end="2026-06-10T21:00", must_meet=2,
         travel_minutes=25, expect={
             "strategy": "doors", "arrive": "2026-06-10T19:00-04:00",
             "leave": "2026-06-10T18:35-04:00", "alternative": "2026-06-10T19:50-04:00",
             "reasons": DOORS_TARGETS}),
    case("speaker-target-doors", TORONTO, "2026-06-10T19:00", end="2026-06-10T21:00",
         speaker_targets=1, expect={
             "strategy": "doors", "arrive": "2026-06-10T19:00-04:00",
             "alternative": "2026-06-10T19:50-04:00", "reasons": DOORS_TARGETS}),
    case("targets-short-event", TORONTO, "2026-06-10T19:00", end="2026-06-10T20:00",
         must_meet=1, expect={
             "strategy": "doors", "arrive": "2026-06-10T19:00-04:00", "reasons": DOORS_TARGETS}),
    case("targets-earliest-exactly-start", TORONTO, "2026-06-10T19:00", must_meet=1,
         earliest="19:00", expect={
             "strategy": "doors", "arrive": "2026-06-10T19:00-04:00",
             "alternative": "2026-06-10T19:50-04:00", "reasons": DOORS_TARGETS}),
    case("earliest-before-start-changes-nothing", TORONTO, "2026-06-10T19:00", earliest="17:00",
         expect={"strategy": "second-wave", "arrive": "2026-06-10T19:50-04:00",
                 "alternative": "2026-06-10T19:00-04:00", "reasons": SECOND_WAVE}),
    # Rule 2 + 4: talk-first with a speaker target, networking start assumed at +45.
    case("talk-first-speaker-assumed", TORONTO, "2026-06-10T19:00", end="2026-06-10T22:00",
         kind="talk-first", speaker_targets=1, expect={
             "strategy": "doors", "arrive": "2026-06-10T19:00-04:00",
             "alternative": "2026-06-10T20:35-04:00",
             "reasons": ["doors-targets", "speaker-before-talk-ends"],
             "warnings": ["talk-first-assumed"]}),
    # Assumed networking at 19:45 leaves 25 minutes after a 20:35 second wave: doors.
    case("talk-first-assumed-too-short", TORONTO, "2026-06-10T19:00", kind="talk-first",
         expect={"strategy": "doors", "arrive": "2026-06-10T19:00-04:00",
                 "reasons": NO_SECOND_WAVE, "warnings": ["talk-first-assumed"]}),
    case("talk-first-networking-given", TORONTO, "2026-06-10T19:00", end="2026-06-10T21:30",
         kind="talk-first", networking_start="2026-06-10T19:30", expect={
             "strategy": "second-wave", "arrive": "2026-06-10T20:20-04:00",
             "alternative": "2026-06-10T19:00-04:00", "reasons": SECOND_WAVE}),
    case("networking-start-given-for-networking", BERLIN, "2026-06-10T18:00",
         end="2026-06-10T21:00", networking_start="2026-06-10T18:30", expect={
             "strategy": "second-wave", "arrive": "2026-06-10T19:20+02:00",
             "alternative": "2026-06-10T18:00+02:00", "reasons": SECOND_WAVE}),
    # Rule 5, running late: second wave, no alternative; missed targets are a warning.
    case("late-no-targets", TORONTO, "2026-06-10T19:00", earliest="19:10", expect={
        "strategy": "second-wave", "arrive": "2026-06-10T19:50-04:00", "reasons": SECOND_WAVE}),
    case("late-one-minute-targets-missed", TORONTO, "2026-06-10T19:00", must_meet=3,
         earliest="19:01", expect={
             "strategy": "second-wave", "arrive": "2026-06-10T19:50-04:00",
             "reasons": SECOND_WAVE, "warnings": ["targets-missed"]}),
    # Rule 7: earliest in the crowd window and the second wave viable -> wait for the second wave.
    case("crowd-window-earliest-waits", TORONTO, "2026-06-10T19:00", must_meet=1,
         earliest="19:17", travel_minutes=20, expect={
             "strategy": "second-wave", "arrive": "2026-06-10T19:50-04:00",
             "leave": "2026-06-10T19:30-04:00", "reasons": SECOND_WAVE,
             "warnings": ["targets-missed"]}),
    case("earliest-exactly-second-wave", TORONTO, "2026-06-10T19:00", earliest="19:50", expect={
        "strategy": "second-wave", "arrive": "2026-06-10T19:50-04:00", "reasons": SECOND_WAVE}),
    # The second wave has passed: arrive at earliest, warn that it is late.
    case("after-second-wave-late", TORONTO, "2026-06-10T19:00", earliest="20:05", expect={
        "strategy": "second-wave", "arrive": "2026-06-10T20:05-04:00", "reasons": SECOND_WAVE,
        "warnings": ["late"]}),
    # Rule 6: not viable and late -> earliest with a warning; rule 7 when it is the crowd time.
    case("not-viable-late", TORONTO, "2026-06-10T19:00", end="2026-06-10T20:00",
         earliest="19:10", expect={
             "strategy": "doors", "arrive": "2026-06-10T19:10-04:00", "reasons": NO_SECOND_WAVE,
             "warnings": ["late"]}),
    case("not-viable-crowd-forced", TORONTO, "2026-06-10T19:00", end="2026-06-10T20:00",
         earliest="19:18", travel_minutes=10, expect={
             "strategy": "doors", "arrive": "2026-06-10T19:18-04:00",
             "leave": "2026-06-10T19:08-04:00", "reasons": NO_SECOND_WAVE,
             "warnings": ["late", "crowd-window"]}),
    case("not-viable-crowd-edge-20", BERLIN, "2026-06-10T18:00", end="2026-06-10T19:00",
         earliest="18:20", speaker_targets=1, expect={
             "strategy": "doors", "arrive": "2026-06-10T18:20+02:00", "reasons": NO_SECOND_WAVE,
             "warnings": ["targets-missed", "late", "crowd-window"]}),
    case("not-viable-just-after-crowd", BERLIN, "2026-06-10T18:00", end="2026-06-10T19:00",
         earliest="18:21", expect={
             "strategy": "doors", "arrive": "2026-06-10T18:21+02:00", "reasons": NO_SECOND_WAVE,
             "warnings": ["late"]}),
    # Earliest at or after the end: the event is over.
    case("event-over", TORONTO, "2026-06-10T19:00", end="2026-06-10T21:00", must_meet=1,
         earliest="21:15", expect={
             "strategy": "second-wave", "arrive": "2026-06-10T21:15-04:00",
             "reasons": SECOND_WAVE, "warnings": ["targets-missed", "event-over"]}),
    case("event-over-short-event", TORONTO, "2026-06-10T19:00", end="2026-06-10T19:18",
         earliest="19:18", expect={
             "strategy": "doors", "arrive": "2026-06-10T19:18-04:00", "reasons": NO_SECOND_WAVE,
             "warnings": ["event-over"]}),
    # Rule 1: conferences ignore targets and the second wave.
    case("conference", KOLKATA, "2026-06-10T09:00", end="2026-06-10T18:00", kind="conference",
         must_meet=4, travel_minutes=40, expect={
             "strategy": "conference", "arrive": "2026-06-10T09:00+05:30",
             "leave": "2026-06-10T08:20+05:30", "reasons": ["conference"]}),
    case("conference-late", BERLIN, "2026-06-10T09:00", end="2026-06-10T18:00",
         kind="conference", earliest="10:30", expect={
             "strategy": "conference", "arrive": "2026-06-10T10:30+02:00",
             "reasons": ["conference"]}),
    case("conference-over", BERLIN, "2026-06-10T09:00", end="2026-06-10T18:00",
         kind="conference", earliest="18:00", expect={
             "strategy": "conference", "arrive": "2026-06-10T18:00+02:00",
             "reasons": ["conference"], "warnings": ["event-over"]}),
    # Daylight saving. On the change days "HH:MM" takes the evening's offset, not midnight's:
    # 19:30 EST is late for a 19:00 start (19:30 EDT would be 18:30 EST, on time).
    case("dst-toronto-autumn-day-earliest", TORONTO, "2026-11-01T19:00", must_meet=1,
         earliest="19:30", travel_minutes=45, expect={
             "strategy": "second-wave", "arrive": "2026-11-01T19:50-05:00",
             "leave": "2026-11-01T19:05-05:00", "reasons": SECOND_WAVE,
             "warnings": ["targets-missed"]}),
    case("dst-toronto-spring-day-late", TORONTO, "2026-03-08T19:00", earliest="19:10", expect={
        "strategy": "second-wave", "arrive": "2026-03-08T19:50-04:00", "reasons": SECOND_WAVE}),
    # An event across the spring change: 01:30 EST to 03:30 EDT is one hour, too short.
    case("dst-toronto-across-spring-change", TORONTO, "2026-03-08T01:30",
         end="2026-03-08T03:30", expect={
             "strategy": "doors", "arrive": "2026-03-08T01:30-05:00", "reasons": NO_SECOND_WAVE}),
    # Two hours from 01:30 EST that night end at 04:30 EDT (the wall clock says 03:30).
    case("dst-toronto-spring-night-default-end", TORONTO, "2026-03-08T01:30", expect={
        "strategy": "second-wave", "arrive": "2026-03-08T03:20-04:00",
        "alternative": "2026-03-08T01:30-05:00", "reasons": SECOND_WAVE}),
    # Fifty minutes after the first 01:30 of the autumn night is the second 01:20, not 02:20.
    case("dst-toronto-repeated-hour-start", TORONTO, "2026-11-01T01:30-04:00", expect={
        "strategy": "second-wave", "arrive": "2026-11-01T01:20-05:00",
        "alternative": "2026-11-01T01:30-04:00", "reasons": SECOND_WAVE}),
    # Across the autumn change: 00:30 EDT to 01:30 EST is two hours; the wave is at 01:20 EDT.
    case("dst-toronto-across-autumn-change", TORONTO, "2026-11-01T00:30",
         end="2026-11-01T01:30-05:00", travel_minutes=60, expect={
             "strategy": "second-wave", "arrive": "2026-11-01T01:20-04:00",
             "leave": "2026-11-01T00:20-04:00", "alternative": "2026-11-01T00:30-04:00",
             "reasons": SECOND_WAVE}),
    # "01:30" happens twice on that night: it means the first (EDT) one, before the 01:50 wave.
    case("dst-toronto-ambiguous-earliest", TORONTO, "2026-11-01T01:00-04:00",
         end="2026-11-01T03:00", earliest="01:30", expect={
             "strategy": "second-wave", "arrive": "2026-11-01T01:50-04:00",
             "reasons": SECOND_WAVE}),
    # "02:30" does not exist that spring night: it lands at 03:30 EDT, after the 01:50 EST wave.
    case("dst-toronto-skipped-earliest", TORONTO, "2026-03-08T01:00", end="2026-03-08T04:00",
         earliest="02:30", expect={
             "strategy": "second-wave", "arrive": "2026-03-08T03:30-04:00",
             "reasons": SECOND_WAVE, "warnings": ["late"]}),
    # Berlin 2026-03-29: 01:30 CET to 04:00 CEST is 90 minutes, leaving exactly 40 after the wave.
    case("dst-berlin-across-spring-change", BERLIN, "2026-03-29T01:30", end="2026-03-29T04:00",
         travel_minutes=15, expect={
             "strategy": "second-wave", "arrive": "2026-03-29T03:20+02:00",
             "leave": "2026-03-29T03:05+02:00", "alternative": "2026-03-29T01:30+01:00",
             "reasons": SECOND_WAVE}),
    case("dst-berlin-spring-day-evening", BERLIN, "2026-03-29T18:30", kind="talk-first",
         networking_start="2026-03-29T19:00", must_meet=1, earliest="19:20", expect={
             "strategy": "second-wave", "arrive": "2026-03-29T19:50+02:00",
             "reasons": SECOND_WAVE, "warnings": ["targets-missed"]}),
    # Travel time that crosses midnight and the date.
    case("leave-by-previous-day", BERLIN, "2026-06-11T00:15", end="2026-06-11T01:00",
         travel_minutes=90, expect={
             "strategy": "doors", "arrive": "2026-06-11T00:15+02:00",
             "leave": "2026-06-10T22:45+02:00", "reasons": NO_SECOND_WAVE}),
]


def instant(value: str, tz: ZoneInfo) -> datetime:
    """Read a case's ISO string: wall time in `tz` unless it carries its own offset."""
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def python_inputs(case: dict) -> dict:
    """Return keyword arguments for companion.rules.arrival.plan_arrival."""
    tz = ZoneInfo(case["tz"])
    start = instant(case["start"], tz)
    earliest = case["earliest"]
    if earliest is not None:
        earliest = (earliest_on_event_day(start, earliest, tz) if HHMM.fullmatch(earliest)
                    else instant(earliest, tz))
    optional = {name: instant(case[name], tz) if case[name] else None
                for name in ("end", "networking_start")}
    return {
        "start": start, **optional, "kind": case["kind"], "must_meet": case["must_meet"],
        "speaker_targets": case["speaker_targets"], "earliest": earliest,
        "travel_minutes": case["travel_minutes"],
    }


def js_inputs(case: dict) -> dict:
    """Return the case for the browser: instants as UTC ISO strings, "HH:MM" left as typed."""
    tz = ZoneInfo(case["tz"])

    def utc(value):
        return iso_utc(instant(value, tz)) if value else None

    earliest = case["earliest"]
    return {
        "id": case["id"], "tz": case["tz"], "start": utc(case["start"]), "end": utc(case["end"]),
        "kind": case["kind"], "networkingStart": utc(case["networking_start"]),
        "mustMeet": case["must_meet"], "speakerTargets": case["speaker_targets"],
        "earliestHhmm": earliest if earliest and HHMM.fullmatch(earliest) else None,
        "earliest": None if earliest is None or HHMM.fullmatch(earliest) else utc(earliest),
        "travelMinutes": case["travel_minutes"],
    }


def expected_summary(case: dict) -> dict:
    """Return the expected plan in the shape of `summary`."""
    expect = case["expect"]

    def utc(value):
        return iso_utc(datetime.fromisoformat(value).astimezone(UTC)) if value else None

    return {
        "strategy": expect["strategy"], "arrive_at": utc(expect["arrive"]),
        "leave_by": utc(expect["leave"]), "alternative": utc(expect["alternative"]),
        "reasons": expect["reasons"], "warnings": expect["warnings"],
    }


def summary(plan: dict) -> dict:
    """Reduce a plan's to_dict() (or the browser's equivalent) to times and codes."""
    return {
        "strategy": plan["strategy"], "arrive_at": plan["arrive_at"],
        "leave_by": plan["leave_by"], "alternative": plan["alternative"],
        "reasons": [note["code"] for note in plan["reasons"]],
        "warnings": [note["code"] for note in plan["warnings"]],
    }
