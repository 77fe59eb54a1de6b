"""static/js/rules/suggest.js ranks and reads titles exactly as companion/rules/suggest.py does.

Over the shared table (tests/suggest_cases.py): every title's level, what an attendee's
known person and interactions say (known_from), and the whole ranking
(order, scores, parts, every reason and the opener) of the three lists, plus lists made at
random, so the twins agree beyond the hand-made cases.
"""

from companion.rules.suggest import (
    company_key,
    known_from,
    opener,
    person_key,
    suggest,
    title_level,
)

from ..suggest_cases import KNOWN, LISTS, TITLES
from ..test_suggest import GOALS, random_list

# "Never" is saved on the phone by personKey and honoured by the export by person_key.
KEYED = [{"name": "Zoë  Lindqvist", "linkedin": ""},
         {"name": "Ana", "linkedin": "https://www.linkedin.com/in/Ana-B/?trk=x"},
         {"name": "Ben", "linkedin": "https://example.com/in/ben"},
         {"name": "Łukasz Żółw", "linkedin": None}, {"name": "", "linkedin": ""}]
COMPANIES = ["Pagos S.L.", "ACME, Inc.", "Globex Corporation", "Société Générale SA", "", "The Co"]

RUN_JS = """async ([titles, lists, keyed, companies, known]) => {
  const { titleLevel, suggest, opener, personKey, companyKey, knownFrom } =
    await import('/static/js/rules/suggest.js');
  return {
    known: known.map(([interactions, person]) => knownFrom(interactions, person)),
    keys: keyed.map(personKey),
    companies: companies.map(companyKey),
    levels: titles.map(titleLevel),
    lists: lists.map(([people, goal]) => {
      const byId = new Map(people.map((p) => [p.id, p]));
      return suggest(people, goal).map((r) => ({ ...r, opener: opener(byId.get(r.id), r) }));
    }),
  };
}"""


def python_ranking(people, goal):
    by_id = {attendee["id"]: attendee for attendee in people}
    return [{**result, "opener": opener(by_id[result["id"]], result)}
            for result in suggest(people, goal)]


def test_javascript_twin_agrees_on_every_case(page, live_url):
    page.goto(live_url + "/")
    lists = [(people, goal) for _, people, goal, _ in LISTS]
    lists += [(random_list(seed, 200), GOALS[seed % len(GOALS)]) for seed in range(3)]
    js = page.evaluate(RUN_JS, [[case.title for case in TITLES], lists, KEYED, COMPANIES,
                               [[case.interactions, case.person] for case in KNOWN]])
    assert js["known"] == [case.known for case in KNOWN]
    assert js["known"] == [known_from(case.interactions, case.person) for case in KNOWN]
    assert js["keys"] == [person_key(attendee) for attendee in KEYED]
    assert js["companies"] == [company_key(company) for company in COMPANIES]
    assert dict(zip([c.title for c in TITLES], js["levels"], strict=True)) == {
        case.title: title_level(case.title) for case in TITLES}
    for (people, goal), ranked in zip(lists, js["lists"], strict=True):
        assert ranked == python_ranking(people, goal)
