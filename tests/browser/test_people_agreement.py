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


def test_merges_in_a_cycle_or_a_chain_end_at_one_person_on_every_device(page, live_url):
    page.goto(live_url + "/")
    book = page.evaluate("""async () => {
      const { makeBook } = await import('/static/js/store/people.js');
      const person = (id, fields) => ({ id, fields: { name: id, merged_into: null, ...fields } });
      const summary = (people, interactions = []) => {
        const book = makeBook(people, interactions, '2026-06-01');
        return { roots: [...book.views.keys()].sort(),
          merged: Object.fromEntries([...book.views].map(([id, v]) => [id, v.merged])),
          counts: Object.fromEntries([...book.interactions].map(([id, l]) => [id, l.length])) };
      };
      const aId = 'aaaaaaaa-0000-4000-8000-000000000000';
      const bId = 'bbbbbbbb-0000-4000-8000-000000000000';
      const cId = 'cccccccc-0000-4000-8000-000000000000';
      return {
        // Two devices merged each into the other, offline: the smaller id is the one person.
        cycle: summary([person(aId, { merged_into: bId }), person(bId, { merged_into: aId })]),
        // c into b into a; an interaction with c counts for a, once even if it names b too.
        chain: summary([person(aId), person(bId, { merged_into: aId }),
          person(cId, { merged_into: bId })],
          [{ id: 'i1', fields: { person_ids: [cId, bId], on: '2026-05-01', type: 'coffee' } }]),
        // Merged into a person since forgotten: stands alone again.
        orphan: summary([person(bId, { merged_into: aId })]),
      };
    }""")
    a, b, c = ("aaaaaaaa-0000-4000-8000-000000000000", "bbbbbbbb-0000-4000-8000-000000000000",
               "cccccccc-0000-4000-8000-000000000000")
    assert book["cycle"]["roots"] == [a] and book["cycle"]["merged"] == {a: [b]}
    assert book["chain"]["roots"] == [a] and sorted(book["chain"]["merged"][a]) == [b, c]
    assert book["chain"]["counts"] == {a: 1}
    assert book["orphan"]["roots"] == [b]
