"""The server follows merges as the phone does (static/js/store/people.js makeBook, checked
with the same cases in tests/browser/test_people_agreement.py): exports show the app's people."""

from companion.people.book import merged_views, root_of, roots, roots_named

A, B, C = (f"{letter * 8}-0000-4000-8000-000000000000" for letter in "abc")


def person(fields=None):
    return {"name": "", "merged_into": None, "emails": [], "tags": [], **(fields or {})}


def test_a_cycle_ends_at_its_smallest_id():
    records = {A: person({"merged_into": B}), B: person({"merged_into": A})}
    assert roots(records) == {A: A, B: A}
    assert {root: view["merged"] for root, view in merged_views(records).items()} == {A: [B]}


def test_a_chain_ends_at_its_last_record_and_an_interaction_counts_once():
    records = {A: person(), B: person({"merged_into": A}), C: person({"merged_into": B})}
    root_ids = roots(records)
    assert root_ids == {A: A, B: A, C: A}
    assert merged_views(records)[A]["merged"] == [B, C]
    assert roots_named(root_ids, [C, B]) == [A]


def test_a_merge_into_a_forgotten_person_stands_alone():
    records = {B: person({"merged_into": A})}
    assert roots(records) == {B: B} and root_of(records, A) is None
    assert roots_named(roots(records), [A, B, A]) == [B]


def test_a_group_shows_as_one_person_with_every_email_and_tag():
    records = {A: person({"name": "Dana", "emails": ["d@acme.example"], "tags": ["pm"]}),
               B: person({"name": "Dana Lee", "emails": ["d@globex.example"], "tags": ["pm", "x"],
                          "merged_into": A})}
    [view] = merged_views(records).values()
    assert (view["id"], view["name"], view["emails"], view["tags"]) == (
        A, "Dana Lee", ["d@acme.example", "d@globex.example"], ["pm", "x"])
