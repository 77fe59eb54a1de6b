"""The People list's search narrows the last result as a key is typed (screens/people.js
chooseRows): whatever was typed, deleted or switched on the way, it shows exactly what the same
query finds afresh."""

import random

# Typed key by key, with backspaces ("\b"), a pasted query and the filters switched between.
SEQUENCES = [
    ["a", "an", "ana", "ana ", "ana s", "ana", "an", "a", ""],
    ["s", "st", "str", "stri", "strip", "stripe", "strip", "zz", "z", ""],
    ["pm", "p", "", "design", "desig", "hiring", "hir"],
    ["mü", "mu", "müller", "MÜLLER", " müller ", "zoe", "zoë"],
]
CONTROLS = [
    {"show": "all", "tag": "", "sort": "oldest"},
    {"show": "archived", "tag": "", "sort": "name"},
    {"show": "all", "tag": "pm", "sort": "newest"},
    {"show": "due", "tag": "", "sort": "oldest"},
    {"show": "quiet-90", "tag": "hiring", "sort": "name"},
]

RUN_JS = """async ([people, interactions, today, sequences, controls]) => {
  const { makeBook } = await import('/static/js/store/people.js');
  const { chooseRows } = await import('/static/js/screens/people.js');
  const book = makeBook(people, interactions, today);
  const ids = (rows) => rows.map((view) => view.id);
  const mismatches = [];
  let checked = 0;
  // Each control set typed through every sequence, as a person types; then the controls
  // switched on every key, which starts each search afresh.
  const steps = controls.flatMap((state) => sequences.flat().map((query) => [state, query]))
    .concat(sequences.flat().flatMap((query) => controls.map((state) => [state, query])));
  for (const [state, query] of steps) {
    const narrowed = ids(chooseRows(book, { ...state, query }));
    // A new book of the same records remembers no earlier search.
    const fresh = ids(chooseRows(makeBook(people, interactions, today), { ...state, query }));
    checked += 1;
    if (narrowed.join() !== fresh.join()) mismatches.push({ query, state, narrowed, fresh });
  }
  return { checked, mismatches, found: ids(chooseRows(book, { ...controls[0], query: 'ana' })) };
}"""


def records(seed=11, count=400):
    rng = random.Random(seed)
    names = ["Ana Silva", "Zoë Müller", "Ben Carter", "Anand Rao", "Cleo Wu", "Stan Lee",
             "<b>Bold</b> Name", "Ana-Maria Pop", "Joe", ""]
    companies = ["Stripe", "Stripe Inc.", "Müller GmbH", "Acme", "", "Design Co"]
    titles = ["PM", "Designer", "Head of Design", "Engineer", "", "Hiring manager"]
    people, interactions = [], []
    for n in range(count):
        person_id = f"p{n:04d}"
        people.append({"id": person_id, "fields": {
            "name": f"{rng.choice(names)} {n}".strip(), "company": rng.choice(companies),
            "title": rng.choice(titles),
            "tags": rng.sample(["pm", "design", "hiring"], rng.randrange(3)),
            "emails": [f"person{n}@example.com"], "archived": rng.random() < 0.1,
            "cadence": rng.choice(["none", "3w", "2m"]), "first_met_on": "2026-01-05",
        }})
        if rng.random() < 0.6:
            interactions.append({"id": f"i{n:04d}", "fields": {
                "person_ids": [person_id], "type": "coffee",
                "on": f"2026-{rng.randrange(1, 12):02d}-{rng.randrange(1, 28):02d}"}})
    return people, interactions


def test_narrowing_shows_what_a_fresh_search_finds(page, live_url):
    page.goto(live_url + "/")
    people, interactions = records()
    result = page.evaluate(RUN_JS, [people, interactions, "2026-12-04", SEQUENCES, CONTROLS])
    assert result["checked"] == 2 * sum(map(len, SEQUENCES)) * len(CONTROLS)
    assert result["mismatches"] == []
    # Not a search that finds nothing either way: "ana" finds the Anas and the Anands.
    assert len(result["found"]) > 20
