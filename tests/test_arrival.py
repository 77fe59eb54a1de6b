"""The arrival planner: the shared table of cases, then Python-only edges and properties."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.rules.arrival import TEXTS, earliest_on_event_day, plan_arrival
from tests.arrival_cases import CASES, expected_summary, python_inputs, summary

TORONTO = ZoneInfo("America/Toronto")
BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 6, 10, 19, 0, tzinfo=TORONTO)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_table_of_cases(case):
    plan = plan_arrival(**python_inputs(case))
    assert summary(plan.to_dict()) == expected_summary(case)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_times_come_back_in_the_event_zone(case):
    plan = plan_arrival(**python_inputs(case))
    zone = ZoneInfo(case["tz"])
    assert plan.arrive_at.tzinfo is zone
    assert plan.leave_by is None or plan.leave_by.tzinfo is zone


def test_to_dict_shape():
    plan = plan_arrival(START, must_meet=1, travel_minutes=30).to_dict()
    assert plan == {
        "arrive_at": "2026-06-10T23:00:00Z",
        "leave_by": "2026-06-10T22:30:00Z",
        "strategy": "doors",
        "reasons": [{"code": "doors-targets", "text": TEXTS["doors-targets"]}],
        "alternative": "2026-06-10T23:50:00Z",
        "warnings": [],
    }


def test_texts_name_no_clock_times():
    # Both languages must produce identical sentences, so times are left to the UI.
    for code, text in TEXTS.items():
        assert not re.search(r"\d{1,2}:\d{2}", text), code
        assert text.strip() == text and text.endswith("."), code


def test_reasons_say_why_in_plain_words():
    assert "small local events" in TEXTS["conference"]
    assert "15–20 minutes late" in TEXTS["second-wave"]
    assert "before the room fills" in TEXTS["doors-targets"]


NAIVE = datetime(2026, 6, 10, 19, 0)


@pytest.mark.parametrize("arguments", [
    {"start": NAIVE},
    {"start": START, "end": NAIVE + timedelta(hours=2)},
    {"start": START, "networking_start": NAIVE},
    {"start": START, "earliest": NAIVE},
], ids=["start", "end", "networking_start", "earliest"])
def test_naive_datetimes_are_refused(arguments):
    with pytest.raises(ValueError, match="timezone-aware"):
        plan_arrival(**arguments)


@pytest.mark.parametrize("arguments, message", [
    ({"kind": "party"}, "kind"),
    ({"end": START}, "end after"),
    ({"end": START - timedelta(minutes=1)}, "end after"),
    ({"networking_start": START - timedelta(minutes=5)}, "within the event"),
    ({"networking_start": START + timedelta(hours=2)}, "within the event"),
    ({"must_meet": -1}, "negative"),
    ({"speaker_targets": -1}, "negative"),
    ({"travel_minutes": -5}, "negative"),
])
def test_impossible_inputs_are_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        plan_arrival(START, **arguments)


def test_zones_of_inputs_may_differ():
    # The same instants given in UTC and in Berlin time plan the same arrival.
    earliest = datetime(2026, 6, 11, 1, 10, tzinfo=BERLIN)  # 19:10 in Toronto
    plan = plan_arrival(START, end=START.astimezone(UTC) + timedelta(hours=2), earliest=earliest)
    assert plan.strategy == "second-wave"
    assert plan.arrive_at == datetime(2026, 6, 10, 19, 50, tzinfo=TORONTO)


@pytest.mark.parametrize("start, hhmm, tz, expected", [
    (START, "18:30", TORONTO, "2026-06-10T22:30:00+00:00"),
    (START, "7:05", TORONTO, "2026-06-10T11:05:00+00:00"),
    # The local date, not the UTC date: 23:00Z on 3 Dec is 18:00 on 3 Dec in Toronto.
    (datetime(2026, 12, 3, 23, 0, tzinfo=UTC), "17:00", TORONTO, "2026-12-03T22:00:00+00:00"),
    (datetime(2026, 12, 3, 23, 30, tzinfo=UTC), "09:00", BERLIN, "2026-12-04T08:00:00+00:00"),
    # Change days: the evening offset applies, skipped times land after the gap, repeated
    # times mean their first occurrence.
    (datetime(2026, 11, 1, 19, tzinfo=TORONTO), "18:30", TORONTO, "2026-11-01T23:30:00+00:00"),
    (datetime(2026, 3, 8, 19, tzinfo=TORONTO), "18:30", TORONTO, "2026-03-08T22:30:00+00:00"),
    (datetime(2026, 3, 8, 19, tzinfo=TORONTO), "02:30", TORONTO, "2026-03-08T07:30:00+00:00"),
    (datetime(2026, 11, 1, 19, tzinfo=TORONTO), "01:30", TORONTO, "2026-11-01T05:30:00+00:00"),
    (datetime(2026, 3, 29, 18, tzinfo=BERLIN), "02:30", BERLIN, "2026-03-29T01:30:00+00:00"),
    (datetime(2026, 3, 29, 18, tzinfo=BERLIN), "00:00", BERLIN, "2026-03-28T23:00:00+00:00"),
    (datetime(2026, 3, 29, 18, tzinfo=BERLIN), "23:59", BERLIN, "2026-03-29T21:59:00+00:00"),
])
def test_earliest_on_event_day(start, hhmm, tz, expected):
    assert earliest_on_event_day(start, hhmm, tz).astimezone(UTC).isoformat() == expected


@pytest.mark.parametrize("hhmm", [
    "", "7", "19", "1930", "24:00", "19:60", "19:5", "119:30", " 19:30", "19:30 ", "19:30\n",
    "19.30", "7pm", "-1:30", "١٩:٣٠", "19:30:00",
])
def test_earliest_on_event_day_refuses_malformed_times(hhmm):
    with pytest.raises(ValueError, match="HH:MM"):
        earliest_on_event_day(START, hhmm, TORONTO)


def test_earliest_on_event_day_refuses_naive_start():
    with pytest.raises(ValueError, match="timezone-aware"):
        earliest_on_event_day(NAIVE, "19:00", TORONTO)


# Properties over many events: the crowd window and the leave-by arithmetic always hold.
minutes = st.integers(min_value=0, max_value=400)


@given(
    length=st.integers(min_value=1, max_value=300),
    kind=st.sampled_from(["networking", "talk-first", "conference"]),
    networking_offset=st.none() | minutes,
    must_meet=st.integers(min_value=0, max_value=2),
    speaker_targets=st.integers(min_value=0, max_value=2),
    earliest_offset=st.none() | st.integers(min_value=-120, max_value=400),
    travel=st.integers(min_value=0, max_value=180),
    zone=st.sampled_from([TORONTO, BERLIN, ZoneInfo("Asia/Kolkata")]),
    start_minute=st.integers(min_value=0, max_value=365 * 24 * 60),
)
def test_plan_properties(length, kind, networking_offset, must_meet, speaker_targets,
                         earliest_offset, travel, zone, start_minute):
    start = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=start_minute)).astimezone(zone)
    end = start + timedelta(minutes=length)
    networking = None
    if networking_offset is not None and networking_offset < length:
        networking = start + timedelta(minutes=networking_offset)
    earliest = None if earliest_offset is None else start + timedelta(minutes=earliest_offset)
    plan = plan_arrival(start, end, kind, networking, must_meet, speaker_targets, earliest, travel)

    ready = max(start, earliest) if earliest else start
    codes = {note.code for note in plan.warnings}
    assert plan.arrive_at >= ready
    # No travel time, no leave-by; with one, exactly that long before arriving.
    assert plan.leave_by == (plan.arrive_at - timedelta(minutes=travel) if travel else None)
    assert plan.strategy in ("doors", "second-wave", "conference")
    assert (kind == "conference") == (plan.strategy == "conference")
    assert ("event-over" in codes) == (ready >= end)
    in_crowd = timedelta(minutes=15) <= plan.arrive_at - start <= timedelta(minutes=20)
    if kind != "conference" and in_crowd:
        assert plan.arrive_at == ready  # only ever forced by earliest
        assert codes & {"crowd-window", "event-over"}
    if plan.alternative is not None:
        assert plan.alternative >= ready and plan.alternative != plan.arrive_at
        assert not timedelta(minutes=15) <= plan.alternative - start <= timedelta(minutes=20)
    if plan.arrive_at > ready:  # waiting for a moment, never for nothing
        assert plan.strategy == "second-wave"
