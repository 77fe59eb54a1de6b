"""Suggested targets, Python side: the shared table (tests/suggest_cases.py) and properties.

The JavaScript twin is held to the same table in tests/browser/test_suggest_agreement.py.
"""

import copy
import random

import pytest

from companion.rules.suggest import (
    LEVELS,
    company_key,
    known_from,
    opener,
    person_key,
    suggest,
    title_level,
    wanted_levels,
    why,
)
from tests.suggest_cases import (
    CONFERENCE,
    CONFERENCE_GOAL,
    KNOWN,
    LISTS,
    MADRID,
    PM_NIGHT,
    TITLES,
)


def test_the_title_table_is_big_and_in_several_languages():
    assert len(TITLES) >= 60
    assert {case.level for case in TITLES} == {*LEVELS, None}


@pytest.mark.parametrize("case", TITLES, ids=[case.title or "empty" for case in TITLES])
def test_title_level(case):
    assert title_level(case.title) == case.level


@pytest.mark.parametrize("name, people, goal, top", LISTS, ids=[row[0] for row in LISTS])
def test_top_five(name, people, goal, top):
    assert [result["id"] for result in suggest(people, goal)][:5] == top


def test_every_reason_quotes_the_words_that_matched():
    for _, people, goal, _top in LISTS:
        by_id = {attendee["id"]: attendee for attendee in people}
        for result in suggest(people, goal):
            attendee = by_id[result["id"]]
            places = [attendee["title"], attendee["company"], *attendee["answers"].values()]
            assert result["reasons"]
            assert result["score"] == min(100, sum(r["points"] for r in result["reasons"]))
            for reason in result["reasons"]:
                if reason["part"] == "known":
                    assert reason["quote"] == attendee["known"]["event"]
                else:
                    # Exactly as written: case and accents kept.
                    assert any(reason["quote"] in place for place in places), reason
                    assert reason["quote"] in reason["text"] or reason["part"] == "offer"


def test_the_chips_and_the_opener_read_as_the_issue_shows():
    result = suggest(PM_NIGHT, {"seek": ["B2B growth"], "offer": ["SQL"], "my_level": "entry"})
    ben = next(r for r in result if r["id"] == 2)
    assert why(ben) == ("Senior · 'B2B Growth' in title · "
                        "Looking for someone who knows SQL to pair on dashboards")
    assert opener(PM_NIGHT[1], ben) == (
        "I noticed your name on the attendee list and saw you wrote “Looking for someone who "
        "knows SQL to pair on dashboards” — I'd love to ask you about B2B Growth")
    ada = next(r for r in result if r["id"] == 1)
    assert opener(PM_NIGHT[0], ada) == (
        "I noticed your name on the attendee list and saw you are Director of Product at Globex"
        " — I'd love to ask you about what you are working on")


def test_accents_and_case_are_quoted_as_written():
    results = suggest(MADRID, {"seek": ["fintech"], "my_level": "senior"})
    elise = next(r for r in results if r["id"] == 28)
    assert [r["text"] for r in elise["reasons"]] == ["Fondatrice", "'FinTech' in their answers"]
    anais = next(r for r in results if r["id"] == 23)
    assert anais["reasons"][0]["text"] == "Responsable"


def test_a_known_person_gone_quiet():
    results = {r["id"]: r for r in suggest(CONFERENCE, CONFERENCE_GOAL)}
    assert [r["text"] for r in results[49]["reasons"]] == ["met at PM Night, 9 months ago"]
    assert 50 not in results  # seen last week: nothing to renew
    # Without today, nothing can be said about how long ago: no points, no chip.
    assert 49 not in {r["id"] for r in suggest(CONFERENCE, CONFERENCE_GOAL | {"today": None})}


@pytest.mark.parametrize("case", KNOWN, ids=[case.label for case in KNOWN])
def test_known_from(case):
    assert known_from(case.interactions, case.person) == case.known


def test_levels_default_to_those_above_mine():
    assert wanted_levels({"my_level": "entry"}) == ["mid", "senior", "lead", "exec"]
    assert wanted_levels({"my_level": "exec"}) == []
    assert wanted_levels({"my_level": None}) == []
    assert wanted_levels({"my_level": "entry", "seek_levels": ["exec", "bogus"]}) == ["exec"]
    assert wanted_levels({"my_level": "entry", "seek_levels": []}) == []


# ------------------------------------------------------------------------------ properties

def random_list(seed: int, size: int = 300) -> list[dict]:
    rng = random.Random(seed)
    titles = [case.title for case in TITLES]
    companies = ["Globex", "Globex Inc.", "Acme", "Initech", "Hooli", "Northwind", "", "Stark",
                 "Umbrella", "Wayne", "Tyrell"]
    answers = ["B2B growth", "hiring PMs", "SQL help", "fintech", "", "user research"]
    return [{"id": n + 1, "name": f"{rng.choice('ABCDEFGH')}{rng.randint(0, 99)} Person",
             "title": rng.choice(titles), "company": rng.choice(companies),
             "linkedin": f"https://www.linkedin.com/in/p{n % 250}",
             "answers": {"What are you looking for?": rng.choice(answers)}}
            for n in range(size)]


GOALS = [
    {"seek": ["growth", "fintech"], "offer": ["SQL"], "my_level": "entry",
     "exclude_companies": ["Northwind"]},
    {"seek": ["B2B growth"], "offer": ["hiring"], "my_level": "mid", "seek_levels": ["exec"],
     "exclude_companies": ["Globex"]},
    {"seek": [], "offer": [], "my_level": "senior", "exclude_companies": ["acme"]},
]


@pytest.mark.parametrize("seed", range(6))
def test_the_same_input_gives_the_same_order(seed):
    people = random_list(seed)
    goal = GOALS[seed % len(GOALS)]
    first = suggest(people, goal)
    assert suggest(copy.deepcopy(people), copy.deepcopy(goal)) == first
    shuffled = people[:]
    random.Random(seed).shuffle(shuffled)
    assert suggest(shuffled, goal) == first  # nor does the list's order change it


@pytest.mark.parametrize("seed", range(6))
def test_never_never_comes_back(seed):
    people = random_list(seed)
    goal = GOALS[seed % len(GOALS)]
    before = suggest(people, goal)
    gone = random.Random(seed).sample(before, min(5, len(before)))
    keys = [person_key(people[r["id"] - 1]) for r in gone]
    # At another event the same people have other attendee ids: the key finds them.
    other_event = [{**attendee, "id": attendee["id"] + 10_000} for attendee in people]
    for listing in (people, other_event):
        shown = {person_key(listing[r["id"] - 1 if r["id"] < 10_000 else r["id"] - 10_001])
                 for r in suggest(listing, goal | {"never": keys})}
        assert not shown & set(keys)
    never_ids = [r["id"] for r in gone]
    assert not {r["id"] for r in suggest(people, goal | {"never": never_ids})} & set(never_ids)
    not_now = {r["id"] for r in suggest(people, goal | {"not_now": never_ids})}
    assert not not_now & set(never_ids)


@pytest.mark.parametrize("seed", range(6))
def test_my_company_never_appears(seed):
    people = random_list(seed)
    goal = GOALS[seed % len(GOALS)]
    mine = {company_key(c) for c in goal["exclude_companies"]}
    for result in suggest(people, goal):
        assert company_key(people[result["id"] - 1]["company"]) not in mine


@pytest.mark.parametrize("seed", range(6))
def test_at_most_two_per_company_in_the_top_ten(seed):
    people = random_list(seed)
    results = suggest(people, GOALS[seed % len(GOALS)])
    assert len(results) > 10
    counts: dict[str, int] = {}
    for result in results[:10]:
        key = company_key(people[result["id"] - 1]["company"])
        if key:
            counts[key] = counts.get(key, 0) + 1
    assert max(counts.values()) <= 2
    # Beyond the top ten, score order again: nothing is lost, only moved down.
    assert sorted(r["id"] for r in results) == sorted(
        r["id"] for r in suggest(people, GOALS[seed % len(GOALS)]))
    rest = [r["score"] for r in results[10:]]
    assert rest == sorted(rest, reverse=True)


def test_the_companys_third_waits_until_after_the_top_ten():
    order = [r["id"] for r in suggest(CONFERENCE, CONFERENCE_GOAL)]
    assert order[:10] == [41, 42, 46, 52, 53, 54, 55, 56, 57, 58]
    assert order[10:] == [43, 44, 45, 59, 49]


def test_hostile_input_is_text():
    people = [{"id": 1, "name": "<img src=x onerror=alert(1)>", "title": "<b>CEO</b>",
               "company": "=HYPERLINK(\"x\")", "answers": {"What are you looking for?": 42}},
              {"id": 2, "name": None, "title": None, "company": None, "answers": None},
              {"id": 3, "name": "x" * 10_000, "title": "Director " * 1000, "company": "",
               "answers": [["What are you looking for?", "SQL " * 2000]],
               "known": ["not", "a", "dict"]}]
    goal = {"seek": ["<b>", 7, None, "x" * 500], "offer": ["SQL"], "my_level": "entry",
            "exclude_companies": [None, 3], "today": "2026-02-30"}
    results = suggest(people, goal)
    assert [r["id"] for r in results] == [3, 1]
    assert results[1]["reasons"][0]["quote"] == "CEO"
    offer = next(r for r in results[0]["reasons"] if r["part"] == "offer")
    assert len(offer["text"]) <= 80
