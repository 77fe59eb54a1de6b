"""The phone's arrival planner (static/js) agrees with the server's on every case in the table."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from companion.rules.arrival import TEXTS, earliest_on_event_day, iso_utc, plan_arrival
from tests.arrival_cases import CASES, expected_summary, js_inputs, python_inputs, summary

# Runs each case the way the phone does: "HH:MM" through zoned.js, then planArrival.
RUN_CASES = """async (cases) => {
  const { planArrival } = await import('/static/js/rules/arrival.js');
  const { wallTimeToInstant } = await import('/static/js/rules/zoned.js');
  const date = (iso) => (iso === null ? null : new Date(iso));
  const iso = (d) => (d === null ? null : d.toISOString().replace('.000Z', 'Z'));
  const results = {};
  for (const c of cases) {
    const start = date(c.start);
    const earliest = c.earliestHhmm === null
      ? date(c.earliest) : wallTimeToInstant(start, c.earliestHhmm, c.tz);
    const plan = planArrival({
      start, end: date(c.end), kind: c.kind, networkingStart: date(c.networkingStart),
      mustMeet: c.mustMeet, speakerTargets: c.speakerTargets, earliest,
      travelMinutes: c.travelMinutes,
    });
    results[c.id] = {
      arrive_at: iso(plan.arriveAt), leave_by: iso(plan.leaveBy), strategy: plan.strategy,
      reasons: plan.reasons, alternative: iso(plan.alternative), warnings: plan.warnings,
    };
  }
  return results;
}"""


@pytest.fixture
def module_page(page, live_url):
    # Any same-origin page will do: the modules are imported from inside it.
    page.goto(live_url + "/")
    return page


def test_every_case_agrees(module_page):
    results = module_page.evaluate(RUN_CASES, [js_inputs(case) for case in CASES])
    for case in CASES:
        python_plan = plan_arrival(**python_inputs(case)).to_dict()
        assert results[case["id"]] == python_plan, case["id"]  # codes, texts and times
        assert summary(results[case["id"]]) == expected_summary(case), case["id"]


def test_texts_are_the_same_table(module_page):
    js_texts = module_page.evaluate(
        "async () => (await import('/static/js/rules/arrival.js')).TEXTS"
    )
    assert js_texts == TEXTS


WALL_TIMES = [
    ("2026-06-10T23:00:00Z", "18:30", "America/Toronto"),
    ("2026-12-03T23:00:00Z", "17:00", "America/Toronto"),  # local date, not UTC date
    ("2026-12-03T23:30:00Z", "09:00", "Europe/Berlin"),
    ("2026-11-02T00:00:00Z", "18:30", "America/Toronto"),  # autumn change day, evening
    ("2026-11-02T00:00:00Z", "01:30", "America/Toronto"),  # happens twice: the first
    ("2026-11-02T00:00:00Z", "00:00", "America/Toronto"),
    ("2026-03-08T23:00:00Z", "02:30", "America/Toronto"),  # skipped: after the gap
    ("2026-03-08T23:00:00Z", "19:10", "America/Toronto"),  # spring change day, evening
    ("2026-03-29T16:00:00Z", "02:30", "Europe/Berlin"),  # skipped
    ("2026-10-25T16:00:00Z", "02:30", "Europe/Berlin"),  # happens twice
    ("2026-04-05T05:00:00Z", "01:45", "Australia/Lord_Howe"),  # half-hour change
    ("2026-06-10T12:00:00Z", "23:59", "Asia/Kolkata"),
    ("2026-06-10T12:00:00Z", "7:05", "Pacific/Chatham"),
]


def test_wall_time_conversion_agrees(module_page):
    js = module_page.evaluate(
        """async (rows) => {
          const { wallTimeToInstant } = await import('/static/js/rules/zoned.js');
          return rows.map(([day, hhmm, tz]) =>
            wallTimeToInstant(new Date(day), hhmm, tz).toISOString().replace('.000Z', 'Z'));
        }""",
        WALL_TIMES,
    )
    python = [
        iso_utc(earliest_on_event_day(datetime.fromisoformat(day), hhmm, ZoneInfo(tz)))
        for day, hhmm, tz in WALL_TIMES
    ]
    assert js == python


def test_formatting_uses_the_event_zone(module_page):
    formatted = module_page.evaluate(
        """async () => {
          const { formatTime, formatDateTime } = await import('/static/js/rules/zoned.js');
          const wave = new Date('2026-11-02T00:50:00Z');
          return [formatTime(wave, 'America/Toronto', 'en-GB'),
                  formatTime(wave, 'Europe/Berlin', 'en-GB'),
                  formatDateTime(wave, 'America/Toronto', 'en-GB'),
                  formatTime(wave, 'Europe/Berlin', 'en-US')];
        }"""
    )
    assert formatted[:2] == ["19:50", "01:50"]
    assert formatted[3].replace("\u202f", " ") == "1:50 AM"
    # The instant is on 2 Nov in UTC but still Sunday 1 Nov in Toronto.
    assert all(part in formatted[2] for part in ("Sun", "1 Nov 2026", "19:50")), formatted[2]


START_JS = "new Date('2026-06-10T23:00:00Z')"


@pytest.mark.parametrize("script", [
    f"m.planArrival({{start: {START_JS}, end: {START_JS}}})",
    f"m.planArrival({{start: {START_JS}, kind: 'party'}})",
    f"m.planArrival({{start: {START_JS}, travelMinutes: -1}})",
    f"m.planArrival({{start: {START_JS}, networkingStart: new Date('2026-06-10T22:00:00Z')}})",
    "m.planArrival({start: new Date('nonsense')})",
    "m.planArrival({start: '2026-06-10T23:00:00Z'})",
    "z.wallTimeToInstant(new Date(), '24:00', 'Europe/Berlin')",
    "z.wallTimeToInstant(new Date(), '19:30 ', 'Europe/Berlin')",
])
def test_bad_input_throws_like_python_raises(module_page, script):
    error = module_page.evaluate(
        f"""async () => {{
          const m = await import('/static/js/rules/arrival.js');
          const z = await import('/static/js/rules/zoned.js');
          try {{ {script}; return null; }} catch (e) {{ return e.name; }}
        }}"""
    )
    assert error in ("TypeError", "RangeError")
