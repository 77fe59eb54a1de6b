"""companion/rules/people.py against the shared table (tests/people_cases.py), and properties."""

import random
from datetime import date

import pytest

from companion.rules.people import (
    linkedin_slug,
    merged_person,
    person_name_key,
    relationship,
    same_person,
)

from .people_cases import MERGES, RELATIONSHIPS, SAME, SLUGS


@pytest.mark.parametrize("case", SLUGS, ids=lambda case: case.id)
def test_linkedin_slug(case):
    assert linkedin_slug(case.text) == case.slug


@pytest.mark.parametrize("case", SAME, ids=lambda case: case.id)
def test_same_person_both_ways(case):
    assert same_person(case.a, case.b) == case.answer
    assert same_person(case.b, case.a) == case.answer


def as_dates(answer):
    return {name: date.fromisoformat(value) if name in ("last_contact", "due_on") and value
            else value for name, value in answer.items()}


@pytest.mark.parametrize("case", RELATIONSHIPS, ids=lambda case: case.id)
def test_relationship(case):
    interactions = [{**item, "on": date.fromisoformat(item["on"])} for item in case.interactions]
    assert relationship(interactions, case.cadence_days, date.fromisoformat(case.today)) \
        == as_dates(case.answer)


@pytest.mark.parametrize("case", MERGES, ids=lambda case: case.id)
def test_merged_person(case):
    assert merged_person(case.a, case.b) == case.answer


def test_merge_copies_nothing_so_unmerge_restores_both():
    for case in MERGES:
        a, b = dict(case.a), dict(case.b)
        merged_person(a, b)
        assert (a, b) == (case.a, case.b)


def test_two_alex_kims_at_different_companies_are_never_linked():
    rng = random.Random(7)
    companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli"]
    for _ in range(300):
        first, second = rng.sample(companies, 2)
        name = rng.choice(["Alex Kim", "Kim, Alex", "ALEX KIM", "Alex  Kim"])
        assert same_person({"name": "Alex Kim", "company": first},
                           {"name": name, "company": second}) == "different"


def test_name_key_ignores_order_case_accents_and_punctuation():
    assert person_name_key("Lee, Dana") == person_name_key("dana LEE") == "dana lee"
    assert person_name_key("Zoë Saldaña-Pérez") == person_name_key("zoe perez saldana")


def test_hostile_input_is_answered_not_raised():
    for value in [None, "", "%", "linkedin.com/in/%", "/in/", "x" * 100_000, "\x00/in/x"]:
        linkedin_slug(value)
    assert same_person({}, {}) == "different"
    assert same_person({"emails": None, "name": None}, {"emails": ["<>"]}) == "different"
