"""Hostile sync requests: never a 500, a refused batch leaves no trace, a stored value is valid."""

import os
import threading
import uuid

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from companion import create_app
from companion.db import db
from companion.models import RECORD_MODELS, Attendee, derived_id
from companion.sync.fields import ERASED_ON_DELETE, SCHEMA, ChangeRejected, checked_fields

from .conftest import log_in
from .test_access_matrix import snapshot

# COMPANION_FUZZ_SCALE=20 runs twenty times the examples, for a deeper hunt than every push needs.
SCALE = int(os.environ.get("COMPANION_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=60 * SCALE, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=12,
)
field_values = st.one_of(
    json_values,
    st.sampled_from([
        "", "must", "want", "maybe", "met", "missed", "not-yet", "scan", "manual", "18:45",
        "24:00", "2026-12-03T00:40:00Z", "2026-12-03T00:40:00", "https://example.com",
        "javascript:alert(1)", "<script>alert(1)</script>", "x" * 10_001, 0, 601, -1, 2**63,
        ["name", "email"], ["password"], True,
    ]),
)


@pytest.fixture
def world(app, user, event, make_user, make_event):
    """Ada with her event, and another account's event she cannot see."""
    stranger = make_user("eve@example.com")
    theirs = make_event(owner_id=stranger, attendees=("Secret Person",))
    with app.app_context():
        attendees = {
            event_id: db.session.execute(
                select(Attendee.id).where(Attendee.event_id == event_id)
            ).scalars().all()
            for event_id in (event, theirs)
        }
    return {"user": user, "events": [event, theirs], "attendees": attendees,
            "stranger": stranger}


@st.composite
def changes(draw, world, seq):
    kind = draw(st.sampled_from([*RECORD_MODELS, "user", ""]))
    events = world["events"]
    event_id = draw(st.sampled_from([*events, 0, 999_999, None, "1"]))
    attendee_id = draw(st.sampled_from(
        [a for ids in world["attendees"].values() for a in ids] + [0, 999_999]))
    record_id = draw(st.sampled_from([
        derived_id("mark", world["user"], attendee_id),
        derived_id("plan", world["user"], event_id),
        derived_id("card", world["user"]), derived_id("card", world["stranger"]),
        str(uuid.UUID(int=draw(st.integers(0, 3)))), "not-a-uuid", "",
    ]))
    names = list(SCHEMA.get(kind, {})) + ["secret", "user_id", "id", "version"]
    fields = draw(st.dictionaries(st.sampled_from(names), field_values, max_size=5))
    if draw(st.booleans()):
        fields |= {"event_id": event_id, "attendee_id": attendee_id}
    change = {"seq": seq, "kind": kind, "op": draw(st.sampled_from(["put", "put", "delete", "x"])),
              "id": record_id, "fields": fields}
    if draw(st.booleans()):
        change["base"] = draw(st.one_of(
            st.dictionaries(st.sampled_from(["note", "why", "opener"]), st.text(max_size=10)),
            json_values))
    return change


def stored_records_are_valid(client) -> None:
    """Everything the server hands back would pass its own checks, and fits its column.

    A deleted record is a tombstone: what it erased on deletion (an interaction's people) is
    blank on purpose, so only what it kept is checked.
    """
    for record in client.get("/api/sync/pull?since=0").json["records"]:
        kind, fields = record["kind"], dict(record["fields"])
        checked = ({name: value for name, value in fields.items()
                    if name not in ERASED_ON_DELETE[kind]} if record["deleted"] else fields)
        try:
            checked_fields(kind, checked)
        except ChangeRejected as error:
            pytest.fail(f"stored {kind} {fields} is invalid: {error}")
        columns = RECORD_MODELS[kind].__table__.columns
        for name, value in fields.items():
            length = getattr(columns[name].type, "length", None)
            if isinstance(value, str) and length:
                assert len(value) <= length, f"{kind}.{name} is longer than its column"


@FUZZ
@given(data=st.data())
def test_any_batch_is_applied_change_by_change_or_refused_whole(app, auth_client, world, data):
    client_id = f"fuzz-{uuid.uuid4()}"
    first = data.draw(st.sampled_from([1, 1, 1, 2, 0]), label="first seq")
    count = data.draw(st.integers(0, 6), label="changes")
    batch = [data.draw(changes(world, first + n), label=f"change {n}") for n in range(count)]
    if data.draw(st.integers(0, 7), label="shuffle") == 0:
        batch.reverse()  # order in the request does not matter, numbering does
    before = snapshot(app, None)
    response = auth_client.post("/api/sync/push", json={"client_id": client_id, "changes": batch})
    assert response.status_code in (200, 400, 409), response.status_code
    if response.status_code != 200:
        assert response.json["error"]
        assert snapshot(app, None) == before, "a refused batch changed something"
        return
    body = response.json
    assert body["last_seq"] == (max(c["seq"] for c in batch) if batch else 0)
    rejected = {item["seq"]: item["reason"] for item in body["rejected"]}
    assert all(isinstance(reason, str) and reason for reason in rejected.values())
    after = snapshot(app, None)
    if len(rejected) == len(batch):  # every change refused: only the device's number moved
        assert {t: rows for t, rows in after.items() if t != "sync_clients"} == {
            t: rows for t, rows in before.items() if t != "sync_clients"}
    stored_records_are_valid(auth_client)


@FUZZ
@given(body=json_values)
def test_any_json_body_is_answered_in_words(app, auth_client, world, body):
    before = snapshot(app, None)
    response = auth_client.post("/api/sync/push", json=body)
    assert response.status_code in (200, 400, 409)
    if response.status_code != 200:
        assert response.json["error"] and snapshot(app, None) == before


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_are_answered_in_words(auth_client, world, raw):
    response = auth_client.post("/api/sync/push", data=raw, content_type="application/json")
    assert response.status_code in (200, 400, 409) and response.is_json


@FUZZ
@given(since=st.text(max_size=25), client_id=st.text(max_size=80))
def test_any_pull_query_is_answered(auth_client, world, since, client_id):
    response = auth_client.get("/api/sync/pull", query_string={"since": since,
                                                               "client_id": client_id})
    assert response.status_code in (200, 400) and response.is_json


# ------------------------------------------------------------------------- size limits

def small_app(tmp_path, **config):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.sqlite'}",
                      **config})
    with app.app_context():
        db.create_all()
    return app


@pytest.mark.parametrize("limit", [{"MAX_CONTENT_LENGTH": 64 * 1024},
                                   {"SYNC_PUSH_LIMIT": 64 * 1024}])
def test_an_oversized_push_is_refused_with_413_in_words(tmp_path, limit):
    app = small_app(tmp_path, **limit)
    from companion.accounts.service import create_user

    with app.app_context():
        create_user("ada@example.com", "correct horse battery")
        db.session.commit()
    client = app.test_client()
    log_in(client)
    note = "x" * 20_000
    response = client.post("/api/sync/push", json={"client_id": "device-0001", "changes": [
        {"seq": n, "kind": "contact", "op": "put", "id": str(uuid.uuid4()),
         "fields": {"note": note}} for n in (1, 2, 3, 4)]})
    assert response.status_code == 413 and response.json["error"] == "The request is too large."


@pytest.mark.parametrize("path, field", [
    ("/auth/login", "email"), ("/auth/register", "name"), ("/events/new", "title"),
])
def test_forms_take_at_most_a_small_body(auth_client, path, field):
    response = auth_client.post(path, data={field: "x" * (1024 * 1024 + 10)})
    assert response.status_code == 413


def test_a_long_offline_outbox_still_fits(app, auth_client, world):
    """The small limit is for forms: a 500-change push with long notes (about 3.6 MB as the
    test client writes JSON, every "é" as \\u00e9) goes in, under SYNC_PUSH_LIMIT."""
    attendee = world["attendees"][world["events"][0]][0]
    mark_id = derived_id("mark", world["user"], attendee)
    def note(n):
        return f"{n} " + "é" * 600 if n else ""

    # One device editing the same note again and again: each change's base is the last text.
    batch = [{"seq": n, "kind": "mark", "op": "put", "id": mark_id,
              "fields": {"event_id": world["events"][0], "attendee_id": attendee,
                         "note": note(n)}, "base": {"note": note(n - 1)}}
             for n in range(1, 501)]
    response = auth_client.post("/api/sync/push", json={"client_id": "long-outbox-1",
                                                        "changes": batch})
    assert response.status_code == 200 and response.json["last_seq"] == 500
    assert response.json["rejected"] == []
    pulled = auth_client.get("/api/sync/pull?since=0").json["records"]
    assert [r["fields"]["note"] for r in pulled if r["id"] == mark_id] == [note(500)]


@pytest.mark.parametrize("path, content_type", [
    ("/auth/login", "application/x-www-form-urlencoded"),
    ("/api/sync/push", "application/json"),
])
def test_a_chunked_body_without_length_is_refused(tmp_path, path, content_type):
    """Over real HTTP, a body of unknown length is refused, never silently cut at the limit."""
    from werkzeug.serving import make_server

    app = small_app(tmp_path, MAX_CONTENT_LENGTH=64 * 1024)
    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        def chunks():
            for _ in range(100):
                yield b"x" * 4096

        response = requests.post(f"http://localhost:{server.server_port}{path}",
                                 data=chunks(), timeout=10,
                                 headers={"Content-Type": content_type})
        assert response.status_code == 411
        if path.startswith("/api/"):
            assert "Content-Length" in response.json()["error"]
    finally:
        server.shutdown()
        thread.join(timeout=5)


# ------------------------------------------- inputs that passed the checks, then answered 500

def hostile_pushes(world) -> dict:
    event = world["events"][0]
    user = world["user"]
    plan_id = derived_id("plan", user, event)
    card_id = derived_id("card", user)

    def one(kind, record_id, fields):
        return [{"seq": 1, "kind": kind, "op": "put", "id": record_id, "fields": fields}]

    return {
        "plan time in other digits": one("plan", plan_id, {"event_id": event, "earliest": "²³:00"}),
        "plan time in Arabic digits": one("plan", plan_id, {"event_id": event,
                                                            "earliest": "١٨:٤٥"}),
        "card link with a space": one("card", card_id, {"website": "https://exa mple.com"}),
        "card link with a user part": one("card", card_id,
                                          {"linkedin": "https://bank.com@evil.example/"}),
        "urn:uuid id": one("contact", "urn:uuid:" + str(uuid.uuid4()), {"name": "Wei"}),
        "braced id": one("contact", "{" + str(uuid.uuid4()) + "}", {"name": "Wei"}),
        "upper-case id": one("contact", str(uuid.uuid4()).upper(), {"name": "Wei"}),
    }


@pytest.mark.parametrize("case", list(hostile_pushes({"events": [1], "user": 1})))
def test_inputs_that_passed_the_checks_are_refused_in_words(app, auth_client, world, case):
    """Each was taken, then broke a later request (the QR, the pack) or the database."""
    changes = hostile_pushes(world)[case]
    response = auth_client.post("/api/sync/push", json={"client_id": "hostile-01",
                                                        "changes": changes})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        [refused] = response.json["rejected"]
        assert refused["reason"]
    else:
        assert response.json["error"]
    for path in ("/card/qr.svg", "/card/badge.png", "/card/print", "/api/sync/pull?since=0",
                 "/contacts/export.vcf", "/account/export.json"):
        assert auth_client.get(path).status_code == 200, path


@pytest.mark.parametrize("since", ["²", "١٢", "𝟙𝟚", "1²"])
def test_a_pull_since_in_other_digits_is_refused(auth_client, since):
    response = auth_client.get("/api/sync/pull", query_string={"since": since})
    assert response.status_code == 400 and response.json["error"]


@pytest.mark.parametrize("depth", [2_000, 200_000])
def test_deeply_nested_json_is_refused_in_words(auth_client, depth):
    body = "[" * depth + "]" * depth
    response = auth_client.post("/api/sync/push", data=body, content_type="application/json")
    assert response.status_code in (400, 413) and response.json["error"]
    nested = '{"client_id": "nested-0001", "changes": ' + "[" * 5_000 + "]" * 5_000 + "}"
    response = auth_client.post("/api/sync/push", data=nested, content_type="application/json")
    assert response.status_code == 400 and response.json["error"]
