"""static/js/rules/journal.js names series, judges them and feeds the plan as
companion/rules/journal.py does, over the shared table (tests/journal_cases.py) and random
series: the phone shows the verdict and the arrival reason offline that the laptop shows."""

import random

from companion.rules.journal import arrival_reason, series_key, series_name, series_summary

from ..journal_cases import KEYS, NAMES, REASONS, SERIES
from ..test_journal_rules import random_event

RUN_JS = """async ([keys, names, series, reasons]) => {
  const rules = await import('/static/js/rules/journal.js');
  return {
    keys: keys.map(([title, host]) => rules.seriesKey(title, host)),
    names: names.map(rules.seriesName),
    series: series.map((events) => rules.seriesSummary(events)),
    reasons: reasons.map(([title, past, strategy]) => rules.arrivalReason(title, past, strategy)),
  };
}"""


def test_javascript_twin_agrees_on_every_case(page, live_url):
    page.goto(live_url + "/")
    rng = random.Random(3)
    randoms = [[random_event(rng) for _ in range(rng.randint(0, 6))] for _ in range(300)]
    series = [case.events for case in SERIES] + randoms
    js = page.evaluate(RUN_JS, [
        [[case.title, case.host] for case in KEYS],
        [case.title for case in NAMES + KEYS],
        series,
        [[case.title, case.past, case.plan_codes] for case in REASONS],
    ])
    assert dict(zip((c.id for c in KEYS), js["keys"], strict=True)) == {
        case.id: series_key(case.title, case.host) for case in KEYS}
    assert js["names"] == [series_name(case.title) for case in NAMES + KEYS]
    assert js["series"] == [series_summary(events) for events in series]
    assert dict(zip((c.id for c in REASONS), js["reasons"], strict=True)) == {
        case.id: arrival_reason(case.title, case.past, case.plan_codes) for case in REASONS}


def test_javascript_twin_answers_hostile_input(page, live_url):
    page.goto(live_url + "/")
    titles = [None, 42, "<img src=x onerror=alert(1)>", "x" * 100_000, "\u0000#1", "ⅫⅣ 2"]
    js = page.evaluate("""async (titles) => {
      const rules = await import('/static/js/rules/journal.js');
      return titles.map((title) => rules.seriesKey(title));
    }""", titles)
    assert js == [series_key(t if isinstance(t, str) else "") for t in titles[:1]] + [
        series_key("42")] + [series_key(t) for t in titles[2:]]
