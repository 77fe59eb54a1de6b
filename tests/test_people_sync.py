"""Person and interaction records through /api/sync/push: hostile values refused with a reason,
another's event refused, a deletion that forgets, a merge that an unmerge undoes exactly, and
the per-account byte count that holds on SQLite and PostgreSQL alike."""

import uuid

import pytest
from sqlalchemy import select

from companion.db import db
from companion.models import Interaction, Membership, Person, User
from companion.sync.fields import ERASED_ON_DELETE, serialise
from companion.sync.quota import stored_bytes, utf8_size

from .conftest import log_in

CLIENT = "people-sync-0001"
UUID = "6f1d3c52-2b1e-4a4e-9a53-4a0f6f6c0a11"  # letters in it: upper case differs


class Device:
    """One device of a logged-in client: numbers its changes as the app does."""

    def __init__(self, client, client_id=CLIENT):
        self.client, self.client_id, self.seq = client, client_id, 0

    def push(self, *changes):
        numbered = []
        for change in changes:
            self.seq += 1
            numbered.append({"seq": self.seq, "op": "put", **change})
        response = self.client.post("/api/sync/push",
                                    json={"client_id": self.client_id, "changes": numbered})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.json

    def pull(self, since=0):
        return self.client.get(f"/api/sync/pull?client_id={self.client_id}&since={since}").json


def record(app, model, user, record_id):
    with app.app_context():
        row = db.session.get(model, (user, record_id))
        return None if row is None else {"deleted": row.deleted, **serialise(row)}


HOSTILE = [
    ("person", {"name": 42}, "name must be text"),
    ("person", {"name": ["Dana"]}, "name must be text"),
    ("person", {"name": "x" * 201}, "longer than 200"),
    ("person", {"emails": "dana@acme.example"}, "list of at most 10"),
    ("person", {"emails": [f"p{n}@acme.example" for n in range(11)]}, "list of at most 10"),
    ("person", {"emails": ["not an email"]}, "is not an email address"),
    ("person", {"emails": ["dana@acme"]}, "is not an email address"),
    ("person", {"emails": [{"email": "dana@acme.example"}]}, "must be text"),
    ("person", {"emails": ["x" * 300 + "@acme.example"]}, "longer than 254"),
    ("person", {"tags": ["x" * 10_000]}, "longer than 40"),
    ("person", {"tags": [f"t{n}" for n in range(31)]}, "list of at most 30"),
    ("person", {"tags": "pm"}, "list of at most 30"),
    ("person", {"phones": ["1" * 65]}, "longer than 64"),
    ("person", {"note": "x" * 20_001}, "longer than 20000"),
    ("person", {"linkedin": "javascript:alert(1)"}, "http(s) link"),
    ("person", {"linkedin": "https://user@linkedin.com/in/x"}, "http(s) link"),
    ("person", {"first_met_on": "2026-13-01"}, "date like 2026-03-12"),
    ("person", {"first_met_on": "20260312"}, "date like 2026-03-12"),
    ("person", {"first_met_on": "2026-02-30"}, "date like 2026-03-12"),
    ("person", {"first_met_on": "2026-3-12"}, "date like 2026-03-12"),
    ("person", {"first_met_on": 20260312}, "must be text"),
    ("person", {"snoozed_until": "tomorrow"}, "date like 2026-03-12"),
    ("person", {"first_met_event_id": "1"}, "whole number"),
    ("person", {"first_met_event_id": True}, "whole number"),
    ("person", {"first_met_event_id": 999_999}, "not yours or shared"),
    ("person", {"cadence": "weekly"}, "cadence must be one of"),
    ("person", {"archived": "yes"}, "true or false"),
    ("person", {"merged_into": "not-a-uuid"}, "lower-case UUID"),
    ("person", {"merged_into": UUID.upper()}, "lower-case UUID"),
    ("person", {"merged_into": "{" + UUID + "}"}, "lower-case UUID"),
    ("person", {"not_same": ["1"]}, "whole number"),
    ("person", {"not_same": list(range(1, 1002))}, "at most 1000"),
    ("person", {"user_id": 1}, "Unknown field"),
    ("person", {"deleted": False}, "Unknown field"),
    ("interaction", {"person_ids": ["not-a-uuid"]}, "lower-case UUID"),
    ("interaction", {"person_ids": [UUID.upper()]}, "lower-case UUID"),
    ("interaction", {"person_ids": [1]}, "lower-case UUID"),
    ("interaction", {"person_ids": UUID}, "1 to 50 people"),
    ("interaction", {"person_ids": []}, "1 to 50 people"),
    # A new interaction names someone from the start: the blank one would be with nobody.
    ("interaction", {"line": "coffee", "type": "coffee"}, "A new interaction needs person_ids"),
    ("interaction", {"person_ids": [str(uuid.uuid4()) for _ in range(51)]}, "1 to 50 people"),
    ("interaction", {"person_ids": [UUID], "on": "2026-13-01"}, "date like 2026-03-12"),
    ("interaction", {"person_ids": [UUID], "on": "20260312"}, "date like 2026-03-12"),
    ("interaction", {"person_ids": [UUID], "type": "hug"}, "type must be one of"),
    ("interaction", {"person_ids": [UUID], "line": "x" * 1001}, "longer than 1000"),
    ("interaction", {"person_ids": [UUID], "event_id": 999_999}, "not yours or shared"),
    ("interaction", {"person_ids": [UUID], "event_id": -1}, "whole number"),
]


@pytest.mark.parametrize("kind, fields, reason", HOSTILE,
                         ids=[f"{k}-{r}-{n}" for n, (k, _, r) in enumerate(HOSTILE)])
def test_hostile_values_are_refused_with_their_reason(app, auth_client, user, kind, fields,
                                                      reason):
    record_id = str(uuid.uuid4())
    device = Device(auth_client)
    result = device.push({"kind": kind, "id": record_id, "fields": fields, "new": True},
                         {"kind": "person", "id": UUID, "fields": {"name": "Still works"}})
    [refused] = result["rejected"]
    assert refused["seq"] == 1 and reason in refused["reason"], refused
    assert record(app, Person if kind == "person" else Interaction, user, record_id) is None
    # The next change of the batch went through.
    assert record(app, Person, user, UUID)["name"] == "Still works"


def test_emails_and_tags_are_kept_folded_trimmed_and_once(app, auth_client, user):
    Device(auth_client).push({"kind": "person", "id": UUID, "fields": {
        "emails": [" Dana@Acme.Example ", "dana@acme.example", "", "mailto:d@globex.example"],
        "tags": ["pm", " pm ", "", "<b>hiring</b>"], "phones": ["+1 416", "+1 416"]}})
    person = record(app, Person, user, UUID)
    assert person["emails"] == ["dana@acme.example", "d@globex.example"]
    assert person["tags"] == ["pm", "<b>hiring</b>"]
    assert person["phones"] == ["+1 416"]


def test_anothers_event_is_refused_as_first_met_and_as_an_interactions_event(
        app, client, user, event, make_user, make_event):
    eve = make_user("eve@example.com")
    theirs = make_event(owner_id=eve, title="Eve's own")
    log_in(client)
    person, interaction = str(uuid.uuid4()), str(uuid.uuid4())
    result = Device(client).push(
        {"kind": "person", "id": person, "fields": {"name": "Dana",
                                                    "first_met_event_id": theirs}},
        {"kind": "person", "id": person, "fields": {"name": "Dana", "first_met_event_id": event}},
        {"kind": "person", "id": person, "fields": {"first_met_event_id": theirs}},
        {"kind": "interaction", "id": interaction,
         "fields": {"person_ids": [person], "event_id": theirs}})
    assert [(r["seq"], r["reason"]) for r in result["rejected"]] == [
        (seq, "That event is not yours or shared with you.") for seq in (1, 3, 4)]
    assert record(app, Person, user, person)["first_met_event_id"] == event
    assert record(app, Interaction, user, interaction) is None


def test_an_event_shared_with_me_may_be_where_i_met_someone(app, client, user, event,
                                                            make_user):
    bo = make_user("bo@example.com")
    with app.app_context():
        db.session.add(Membership(event_id=event, user_id=bo))
        db.session.commit()
    log_in(client, "bo@example.com")
    person = str(uuid.uuid4())
    assert Device(client).push(
        {"kind": "person", "id": person, "fields": {"first_met_event_id": event}},
        {"kind": "interaction", "id": str(uuid.uuid4()),
         "fields": {"person_ids": [person], "event_id": event, "type": "met"}},
    )["rejected"] == []


FULL_PERSON = {
    "name": "Dana Lee", "emails": ["dana@acme.example"], "linkedin":
    "https://www.linkedin.com/in/dana-lee", "phones": ["+1 416 555 0142"], "company": "Acme",
    "title": "Senior PM", "first_met_event": "Product Night", "first_met_on": "2026-03-12",
    "tags": ["pm", "hiring"], "note": "Hiring a growth PM.", "cadence": "2m",
    "snoozed_until": "2026-04-01", "archived": True, "not_same": [7, 8], "cadence_asked": True,
}


def test_deleting_a_person_and_an_interaction_forgets_their_text(app, auth_client, user, event):
    person, interaction = str(uuid.uuid4()), str(uuid.uuid4())
    device = Device(auth_client)
    device.push({"kind": "person", "id": person,
                 "fields": FULL_PERSON | {"first_met_event_id": event}},
                {"kind": "interaction", "id": interaction, "fields": {
                    "person_ids": [person], "on": "2026-03-12", "type": "coffee",
                    "line": "Coffee at the Loft", "event_id": event,
                    "event_title": "Product Night", "title": "Senior PM", "company": "Acme"}})
    with app.app_context():
        assert stored_bytes(user) > 0
    assert device.push({"kind": "person", "id": person, "op": "delete"},
                       {"kind": "interaction", "id": interaction, "op": "delete"}
                       )["rejected"] == []
    for model, record_id in ((Person, person), (Interaction, interaction)):
        kept = record(app, model, user, record_id)
        assert kept["deleted"] is True
        for name in ERASED_ON_DELETE[model.kind]:
            assert kept[name] in ("", [], None), (model.kind, name, kept[name])
    assert record(app, Person, user, person)["first_met_on"] == ""
    with app.app_context():
        # Only the tombstones' empty lists stay: emails, phones, tags, not_same, person_ids.
        assert stored_bytes(user) == len("[]") * 5
    # Other devices learn of it from tombstones that carry nothing of them.
    pulled = {r["id"]: r for r in device.pull()["records"]}
    assert pulled[person]["deleted"] and pulled[interaction]["deleted"]
    body = auth_client.get(f"/api/sync/pull?client_id={CLIENT}&since=0").get_data(as_text=True)
    for text in ("Dana", "dana@acme", "Hiring", "Coffee at the Loft", "555 0142", "hiring"):
        assert text not in body
    # An edit made without seeing the deletion does not bring them back.
    [refused] = Device(auth_client, "people-sync-0002").push(
        {"kind": "person", "id": person, "fields": {"note": "Still here?"}})["rejected"]
    assert "deleted on another device" in refused["reason"]


def test_merge_then_unmerge_through_sync_gives_both_records_back_exactly(
        app, auth_client, user, event, make_event):
    camp = make_event(title="Product Camp")
    dana, other = sorted(str(uuid.uuid4()) for _ in range(2))
    phone, laptop = Device(auth_client), Device(auth_client, "people-sync-laptop")
    phone.push(
        {"kind": "person", "id": dana, "fields": FULL_PERSON | {"first_met_event_id": event,
                                                                "archived": False}},
        {"kind": "person", "id": other, "fields": {
            "name": "Dana Lee-Park", "emails": ["dana@globex.example"], "company": "Globex",
            "title": "Director", "first_met_event_id": camp, "first_met_event": "Product Camp",
            "first_met_on": "2026-05-01", "tags": ["globex"], "note": "Met again at Camp."}},
        {"kind": "interaction", "id": str(uuid.uuid4()), "fields": {
            "person_ids": [other], "on": "2026-05-01", "type": "met", "event_id": camp}})
    before = {r["id"]: r["fields"] for r in laptop.pull()["records"] if r["kind"] == "person"}
    exported = auth_client.get("/people/people.csv").get_data(as_text=True)
    assert exported.count("\r\n") == 3  # a header and two people

    # Merging writes one field on one record (the app's mergePeople), copying nothing.
    assert phone.push({"kind": "person", "id": other, "fields": {"merged_into": dana}}
                      )["rejected"] == []
    merged = {r["id"]: r["fields"] for r in laptop.pull()["records"] if r["kind"] == "person"}
    assert merged[dana] == before[dana]
    assert merged[other] == before[other] | {"merged_into": dana}
    one = auth_client.get("/people/people.csv").get_data(as_text=True)
    assert one.count("\r\n") == 2 and "dana@acme.example; dana@globex.example" in one

    # The laptop unmerges: both come back as they were, field for field.
    assert laptop.push({"kind": "person", "id": other, "fields": {"merged_into": None}}
                       )["rejected"] == []
    after = {r["id"]: r["fields"] for r in phone.pull()["records"] if r["kind"] == "person"}
    assert after == before
    assert auth_client.get("/people/people.csv").get_data(as_text=True) == exported


def test_the_byte_count_of_list_fields_is_what_the_database_holds(app, auth_client, user):
    """The push charges JSON lists as json.dumps writes them; the account's total is read back
    from the database (octet_length of the JSON cast to text on PostgreSQL): the two agree."""
    people = [str(uuid.uuid4()) for _ in range(3)]
    Device(auth_client).push(
        {"kind": "person", "id": people[0], "fields": {
            "name": "Zoë Müller", "emails": ["zoe@acme.example", "z@müller.example"],
            "tags": ["café", "日本", "🎉 party", 'quote " and \\ backslash'],
            "phones": ["+49 30 1234"], "note": "Déjà vu. 🎉", "not_same": [1, 2, 3]}},
        {"kind": "person", "id": people[1], "fields": {"tags": [], "emails": []}},
        {"kind": "interaction", "id": str(uuid.uuid4()), "fields": {
            "person_ids": people[:2], "line": "Ça va", "event_title": "Nuit", "type": "call"}})
    with app.app_context():
        rows = [*db.session.execute(select(Person)).scalars(),
                *db.session.execute(select(Interaction)).scalars()]
        expected = sum(utf8_size(getattr(row, name))
                       for row in rows for name in ERASED_ON_DELETE[row.kind])
        assert stored_bytes(user) == expected > 0


def test_lists_count_against_the_account_limit(app, auth_client, user):
    app.config["USER_STORAGE_BYTES"] = 4_000
    device = Device(auth_client)
    tags = [f"{n:02d}" + "é" * 38 for n in range(30)]  # as JSON: six bytes an "é"
    result = device.push({"kind": "person", "id": str(uuid.uuid4()), "fields": {"tags": tags}})
    [refused] = result["rejected"]
    assert "limit of" in refused["reason"]
    assert device.push({"kind": "person", "id": str(uuid.uuid4()),
                        "fields": {"tags": tags[:5]}})["rejected"] == []


def test_nobody_reads_or_writes_anothers_people(app, client, user, make_user):
    person = str(uuid.uuid4())
    log_in(client)
    Device(client).push({"kind": "person", "id": person, "fields": {"name": "Ada's Dana"}})
    make_user("eve@example.com")
    log_in(client, "eve@example.com")
    eve = Device(client, "eve-device-0001")
    assert all(r["fields"].get("name") != "Ada's Dana" for r in eve.pull()["records"])
    # Eve's put with Ada's id makes a record of Eve's own; Ada's stays as it was.
    eve.push({"kind": "person", "id": person, "fields": {"name": "Eve's"}})
    eve.push({"kind": "person", "id": person, "op": "delete"})
    ada = record(app, Person, user, person)
    assert (ada["name"], ada["deleted"]) == ("Ada's Dana", False)
    with app.app_context():
        eve_id = db.session.execute(select(User.id).where(User.email == "eve@example.com")
                                    ).scalar_one()
        assert db.session.get(Person, (eve_id, person)).deleted
