"""companion/rules/journal.py against the shared table (tests/journal_cases.py), properties, and
the aggregation of three series of four events from known marks, interactions and follow-ups."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.rules.arrival import CROWD_WINDOW, plan_arrival
from companion.rules.journal import (
    VERDICTS,
    arrival_reason,
    event_numbers,
    series_key,
    series_name,
    series_summary,
    series_verdict,
    with_series_reason,
)

from .journal_cases import KEYS, NAMES, REASONS, SERIES

TORONTO = ZoneInfo("America/Toronto")


@pytest.mark.parametrize("case", KEYS, ids=lambda case: case.id)
def test_series_key(case):
    assert series_key(case.title, case.host) == case.key


@pytest.mark.parametrize("case", NAMES, ids=lambda case: case.id)
def test_series_name(case):
    assert series_name(case.title) == case.name


@pytest.mark.parametrize("case", SERIES, ids=lambda case: case.id)
def test_series_verdict_and_its_sentence(case):
    summary = series_summary(case.events)
    assert (summary["verdict"], summary["sentence"]) == (case.verdict, case.sentence)
    assert series_verdict(case.events) == case.verdict


@pytest.mark.parametrize("case", REASONS, ids=lambda case: case.id)
def test_arrival_reason(case):
    assert arrival_reason(case.title, case.past, case.plan_codes) == case.answer


def test_a_key_never_depends_on_the_edition_number():
    rng = random.Random(7)
    for _ in range(300):
        number = rng.randint(1, 3000)
        title = rng.choice(["PM Night #{n}", "PM Night No. {n}", "The {n}th PM Night",
                            "PM Night {n}", "PM Night ({n})"]).format(n=number)
        assert series_key(title) == "pm night", title


def test_two_hosts_keep_same_named_series_apart():
    assert series_key("Tech Drinks 4", "Acme") != series_key("Tech Drinks 4", "Globex")
    assert series_key("Tech Drinks 4", "Acme") == series_key("Tech Drinks #5", "ACME")


def random_event(rng):
    return {"rating": rng.choice([None, 1, 2, 3, 4, 5]),
            "worth": rng.choice([None, "yes", "maybe", "no"]),
            "planned": (planned := rng.randint(0, 5)), "met_planned": rng.randint(0, planned),
            "new_people": rng.randint(0, 6), "coffees": rng.choice([0, 0, 0, 1, 2]),
            "went": rng.random() > 0.1}


def test_verdicts_over_random_series():
    rng = random.Random(11)
    for _ in range(2000):
        events = [random_event(rng) for _ in range(rng.randint(0, 6))]
        summary = series_summary(events)
        assert summary["verdict"] in VERDICTS
        answered = summary["answered"]
        assert (summary["verdict"] == "too early") == (answered < 2)
        # A coffee never ends a series; the order of its events never changes its verdict.
        if summary["coffees"]:
            assert summary["verdict"] != "drop"
        assert series_verdict(list(reversed(events))) == summary["verdict"]


def test_the_arrival_reason_never_moves_the_plan_into_the_crowd_window():
    rng = random.Random(5)
    start = datetime(2026, 3, 12, 18, 0, tzinfo=TORONTO)
    doors_for_targets = set()
    for _ in range(500):
        history = [{"met_minutes": [rng.randint(0, 150) for _ in range(rng.randint(0, 4))]}
                   for _ in range(rng.randint(0, 5))]
        plan = plan_arrival(start, start + timedelta(hours=rng.choice([1, 2, 3])),
                            must_meet=rng.choice([0, 0, 1]),
                            earliest=start + timedelta(minutes=rng.choice([0, 0, 10, 17, 30])))
        codes = [note.code for note in plan.reasons]
        reason = arrival_reason("PM Night", history, codes)
        fed = with_series_reason(plan.to_dict(), reason)
        assert fed["arrive_at"] == plan.to_dict()["arrive_at"]
        assert fed["strategy"] == plan.strategy
        offset = plan.arrive_at - start
        in_crowd = CROWD_WINDOW[0] <= offset <= CROWD_WINDOW[1]
        assert not in_crowd or "crowd-window" in [w["code"] for w in fed["warnings"]]
        assert fed["reasons"][-1] == reason if reason else fed == plan.to_dict()
        if reason and "doors-targets" in codes:
            # Doors for a must-meet target stay the plan: a second-wave history says so.
            assert reason["code"] != "series-second-wave"
            if reason["code"] == "series-second-wave-targets-first":
                assert reason["text"].endswith("the people you must meet come first.")
            doors_for_targets.add(reason["code"])
    # The random histories did reach a plan at the doors for targets with a reason to give.
    assert doors_for_targets == {"series-second-wave-targets-first", "series-doors"}


# Three series of four events each, two weeks apart, 18:00 to 20:00 in Toronto.
SERIES_TITLES = ["PM Night #{n}", "PMs & Pizza {n}", "The {n}th Growth Breakfast"]


def fixture_events():
    events = []
    for s, title in enumerate(SERIES_TITLES):
        for n in range(4):
            start = datetime(2026, 1, 6, 18, tzinfo=TORONTO) + timedelta(weeks=2 * n, days=s)
            events.append({"id": 10 * s + n, "title": title.format(n=40 + n), "start": start,
                           "end": start + timedelta(hours=2)})
    return events


def test_what_came_of_each_event():
    events = fixture_events()
    day = {event["id"]: event["start"].date() for event in events}
    marks = [
        # PM Night #40: two targets, one met 60 minutes in; Dana met (not a target).
        {"event_id": 0, "person_id": "ann", "priority": "must", "status": "met",
         "met_minutes": 60},
        {"event_id": 0, "person_id": "bob", "priority": "want", "status": "not-yet"},
        {"event_id": 0, "person_id": "dana", "priority": None, "status": "met"},
        # PM Night #42: Ann again (known by now) and Cy, both targets, met 10 and 70 minutes in.
        {"event_id": 2, "person_id": "ann", "priority": "want", "status": "met",
         "met_minutes": 10},
        {"event_id": 2, "person_id": "cy", "priority": "maybe", "status": "met",
         "met_minutes": 70},
        # A mark on an event that is not in the journal counts nowhere.
        {"event_id": 99, "person_id": "ann", "priority": "must", "status": "met"},
    ]
    interactions = [
        {"person_ids": ["ann"], "on": day[0], "type": "met", "event_id": 0},
        {"person_ids": ["dana"], "on": day[0], "type": "met", "event_id": 0},
        # Eve was met at PMs & Pizza 40 only as a logged meeting (no mark).
        {"person_ids": ["eve"], "on": day[10], "type": "met", "event_id": 10},
        {"person_ids": ["ann"], "on": day[2], "type": "met", "event_id": 2},
        {"person_ids": ["cy"], "on": day[2], "type": "met", "event_id": 2},
        # A coffee with Ann and Dana a week after #40: one coffee for #40.
        {"person_ids": ["ann", "dana"], "on": day[0] + timedelta(days=7), "type": "coffee",
         "event_id": None},
        # A call with Ann after #42 belongs to #42, the latest event she was met at.
        {"person_ids": ["ann"], "on": day[2] + timedelta(days=3), "type": "call",
         "event_id": None},
        # A message is not a coffee.
        {"person_ids": ["eve"], "on": day[10] + timedelta(days=1), "type": "message",
         "event_id": None},
        # Fay was known from before any event, then met at Growth Breakfast 41.
        {"person_ids": ["fay"], "on": date(2025, 11, 1), "type": "coffee", "event_id": None},
        {"person_ids": ["fay"], "on": day[21], "type": "met", "event_id": 21},
    ]
    end = {event["id"]: event["end"] for event in events}
    followups = [
        {"event_id": 0, "sent_at": end[0] + timedelta(hours=13)},
        {"event_id": 0, "sent_at": end[0] + timedelta(hours=72)},
        {"event_id": 0, "sent_at": end[0] + timedelta(hours=73)},  # too late to count
        {"event_id": 2, "sent_at": None},  # not sent
    ]
    numbers = event_numbers(events, marks, interactions, followups)
    assert numbers[0] == {"planned": 2, "met_planned": 1, "met": 2, "new_people": 2,
                          "known_people": 0, "followups_72h": 2, "coffees": 1,
                          "met_minutes": [60]}
    assert numbers[2] == {"planned": 2, "met_planned": 2, "met": 2, "new_people": 1,
                          "known_people": 1, "followups_72h": 0, "coffees": 1,
                          "met_minutes": [10, 70]}
    assert numbers[10]["met"] == 1 and numbers[10]["new_people"] == 1
    assert numbers[10]["coffees"] == 0
    assert numbers[21] == {"planned": 0, "met_planned": 0, "met": 1, "new_people": 0,
                           "known_people": 1, "followups_72h": 0, "coffees": 0,
                           "met_minutes": []}
    assert all(numbers[e]["met"] == 0 for e in (1, 3, 11, 12, 13, 20, 22, 23))
    # The three series' keys, and what their answers make of them.
    keys = {series_key(event["title"]) for event in events}
    assert keys == {"pm night", "pms and pizza", "growth breakfast"}
    answers = {0: (5, "yes"), 1: (4, "maybe"), 2: (4, "yes"), 3: (None, None),
               10: (2, "no"), 11: (1, "no"), 12: (2, None), 13: (None, None),
               20: (3, "maybe"), 21: None, 22: None, 23: None}
    verdicts = {}
    for key in keys:
        rows = []
        for event in events:
            if series_key(event["title"]) != key:
                continue
            rating, worth = answers[event["id"]] or (None, None)
            rows.append({"rating": rating, "worth": worth, **numbers[event["id"]]})
        verdicts[key] = series_verdict(rows)
    assert verdicts == {"pm night": "keep", "pms and pizza": "drop",
                        "growth breakfast": "too early"}
    past = [{"met_minutes": numbers[e]["met_minutes"]} for e in (0, 2)]
    assert arrival_reason("PM Night", past[:1]) is None
    assert arrival_reason("PM Night", past)["text"] == (
        "At PM Night 2 of your 3 met targets were met 50 minutes or more after the start: the"
        " second wave fits this series.")
