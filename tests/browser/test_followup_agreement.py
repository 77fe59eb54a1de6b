"""static/js/rules/followup.js dates and words follow-ups exactly as companion/rules/followup.py.

Over the shared table (tests/followup_cases.py), in a browser whose own zone (Los Angeles) is
not the events': the phone makes due items offline and must say what the server exports say.
"""

from datetime import datetime

import pytest

from companion.rules.followup import (
    draft,
    due_at,
    event_end,
    first_sentence,
    next_touch,
    promise_in,
)

from ..followup_cases import DRAFTS, DUES, NO_END, NOTES, TOUCHES

RUN_JS = """async ([dues, noEnd, drafts, notes, touches]) => {
  const rules = await import('/static/js/rules/followup.js');
  return {
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    dues: dues.map(([kind, base, zone]) => rules.dueAt(kind, base, zone).toISOString()),
    noEnd: noEnd.map(([starts, ends, zone, kind]) =>
      rules.dueAt(kind, rules.eventEnd(starts, ends), zone).toISOString()),
    drafts: drafts.map((args) => rules.draft(...args)),
    notes: notes.map((note) => [rules.firstSentence(note), rules.promiseIn(note)]),
    touches: touches.map((history) => rules.nextTouch(history)),
  };
}"""


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", ".000Z")


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture
def context(browser):
    context = browser.new_context(timezone_id="America/Los_Angeles", locale="de-DE")
    yield context
    context.close()


def test_javascript_twin_agrees_on_every_case(page, live_url):
    page.goto(live_url + "/")
    js = page.evaluate(RUN_JS, [
        [[c.kind, c.base, c.zone] for c in DUES],
        [list(case) for case in NO_END],
        [[c.kind, c.first_name, c.event_title, c.event_day.isoformat(), c.hook, c.promise,
          c.channel] for c in DRAFTS],
        [case[1] for case in NOTES],
        [case[1] for case in TOUCHES],
    ])
    assert js["zone"] == "America/Los_Angeles"
    assert dict(zip((c.id for c in DUES), js["dues"], strict=True)) == {
        c.id: iso(due_at(c.kind, instant(c.base), c.zone)) for c in DUES}
    assert js["noEnd"] == [
        iso(due_at(kind, event_end(instant(starts), ends and instant(ends)), zone))
        for starts, ends, zone, kind, _ in NO_END]
    assert dict(zip((c.id for c in DRAFTS), js["drafts"], strict=True)) == {
        c.id: draft(c.kind, c.first_name, c.event_title, c.event_day, c.hook, c.promise,
                    c.channel) for c in DRAFTS}
    assert js["notes"] == [[first_sentence(n[1]), promise_in(n[1])] for n in NOTES]
    assert js["touches"] == [next_touch(case[1]) for case in TOUCHES]
