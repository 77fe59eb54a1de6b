"""static/js/rules/people.js links and rates people exactly as companion/rules/people.py does.

Over the shared table (tests/people_cases.py): the phone links a badge scanned offline to the
person the server's exports name, and says the same "last talked" and warmth.
"""

from datetime import date

from companion.rules.people import linkedin_slug, merged_person, relationship, same_person

from ..people_cases import MERGES, RELATIONSHIPS, SAME, SLUGS

RUN_JS = """async ([slugs, same, standings, merges]) => {
  const rules = await import('/static/js/rules/people.js');
  return {
    slugs: slugs.map(rules.linkedinSlug),
    same: same.map(([a, b]) => [rules.samePerson(a, b), rules.samePerson(b, a)]),
    standings: standings.map(([items, days, today]) => rules.relationship(items, days, today)),
    merges: merges.map(([a, b]) => rules.mergedPerson(a, b)),
  };
}"""


def iso(answer):
    return {name: value.isoformat() if isinstance(value, date) else value
            for name, value in answer.items()}


def test_javascript_twin_agrees_on_every_case(page, live_url):
    page.goto(live_url + "/")
    js = page.evaluate(RUN_JS, [
        [case.text for case in SLUGS],
        [[case.a, case.b] for case in SAME],
        [[case.interactions, case.cadence_days, case.today] for case in RELATIONSHIPS],
        [[case.a, case.b] for case in MERGES],
    ])
    assert dict(zip((c.id for c in SLUGS), js["slugs"], strict=True)) == {
        case.id: linkedin_slug(case.text) for case in SLUGS}
    assert dict(zip((c.id for c in SAME), js["same"], strict=True)) == {
        case.id: [same_person(case.a, case.b), same_person(case.b, case.a)] for case in SAME}
    python_standings = {
        case.id: iso(relationship(
            [{**item, "on": date.fromisoformat(item["on"])} for item in case.interactions],
            case.cadence_days, date.fromisoformat(case.today)))
        for case in RELATIONSHIPS}
    assert dict(zip((c.id for c in RELATIONSHIPS), js["standings"], strict=True)) \
        == python_standings
    assert dict(zip((c.id for c in MERGES), js["merges"], strict=True)) == {
        case.id: merged_person(case.a, case.b) for case in MERGES}


def test_javascript_twin_answers_hostile_input(page, live_url):
    page.goto(live_url + "/")
    answers = page.evaluate("""async () => {
      const rules = await import('/static/js/rules/people.js');
      return [null, undefined, 42, {}, '%', 'linkedin.com/in/%', '/in/', 'x'.repeat(100000)]
        .map(rules.linkedinSlug).concat([rules.samePerson({}, {}),
          rules.samePerson({ emails: null, name: null }, { emails: ['<>'] })]);
    }""")
    python = [linkedin_slug(v) if isinstance(v, str) else None
              for v in [None, None, None, None, "%", "linkedin.com/in/%", "/in/", "x" * 100000]]
    assert answers == python + ["different", "different"]
