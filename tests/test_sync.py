"""The sync contract over real HTTP: once, in order, never lost, never doubled."""

import uuid

import pytest
from sqlalchemy import func, select

from companion.db import db
from companion.models import Attendee, Contact, Mark, Membership, derived_id

from .conftest import log_in

CLIENT = "device-aaaa-1111"


def attendee_ids(app, event_id):
    with app.app_context():
        return db.session.execute(
            select(Attendee.id).where(Attendee.event_id == event_id).order_by(Attendee.id)
        ).scalars().all()


def mark_change(seq, user_id, event_id, attendee_id, **fields):
    base = fields.pop("_base", {})
    return {
        "seq": seq, "kind": "mark", "op": "put",
        "id": derived_id("mark", user_id, attendee_id),
        "fields": {"event_id": event_id, "attendee_id": attendee_id, **fields},
        "base": base,
    }


def push(client, changes, client_id=CLIENT):
    return client.post("/api/sync/push", json={"client_id": client_id, "changes": changes})


def test_push_applies_and_pull_returns(app, auth_client, user, event):
    first, second, _ = attendee_ids(app, event)
    response = push(auth_client, [
        mark_change(1, user, event, first, priority="must", why="Scaled PM team"),
        mark_change(2, user, event, second, status="met", note="Talked about hiring"),
    ])
    assert response.status_code == 200
    assert response.json["last_seq"] == 2 and response.json["rejected"] == []

    pulled = auth_client.get(f"/api/sync/pull?client_id={CLIENT}&since=0").json
    marks = {r["fields"]["attendee_id"]: r["fields"]
             for r in pulled["records"] if r["kind"] == "mark"}
    assert marks[first]["priority"] == "must" and marks[first]["why"] == "Scaled PM team"
    assert marks[second]["status"] == "met"
    assert pulled["last_seq"] == 2
    again = auth_client.get(f"/api/sync/pull?client_id={CLIENT}&since={pulled['cursor']}").json
    assert again["records"] == []


def test_retried_push_is_applied_once(app, auth_client, user, event):
    first = attendee_ids(app, event)[0]
    contact_id = str(uuid.uuid4())
    batch = [
        {"seq": 1, "kind": "contact", "op": "put", "id": contact_id,
         "fields": {"name": "Nadia", "note": "coffee", "source": "manual"}},
        mark_change(2, user, event, first, note="first note"),
    ]
    assert push(auth_client, batch).json["last_seq"] == 2
    # The response was lost; the device sends the very same batch again, then one more change.
    retry = push(auth_client, [*batch, mark_change(3, user, event, first, priority="want")])
    assert retry.status_code == 200 and retry.json["last_seq"] == 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contact)) == 1
        mark = db.session.get(Mark, (user, derived_id("mark", user, first)))
        assert mark.note == "first note" and mark.priority == "want"


def test_gap_is_refused_and_nothing_applied(app, auth_client, user, event):
    first = attendee_ids(app, event)[0]
    push(auth_client, [mark_change(1, user, event, first, priority="maybe")])
    response = push(auth_client, [mark_change(3, user, event, first, priority="must")])
    assert response.status_code == 409 and response.json["last_seq"] == 1
    with app.app_context():
        assert db.session.get(Mark, (user, derived_id("mark", user, first))).priority == "maybe"


@pytest.mark.parametrize("current, base, new, kept", [
    ("Met at 7", "", "Met at 7", "Met at 7"),
    ("Likes hiking", "Likes", "Likes chess", "Likes hiking chess"),
    # The sentence both started from is there already: it is not written twice.
    ("Intro. Phone A", "Intro.", "Intro. Email B", "Intro. Phone A\n\nEmail B"),
    ("server", "server", "device", "device"),
    ("server", "base", "base", "server"),
])
def test_notes_from_two_devices_keep_both_texts(app, auth_client, user, event, current, base,
                                                new, kept):
    first = attendee_ids(app, event)[0]
    push(auth_client, [mark_change(1, user, event, first, note=current)], client_id="phone-0001")
    change = mark_change(1, user, event, first, note=new)
    change["base"] = {"note": base}
    push(auth_client, [change], client_id="laptop-0001")
    with app.app_context():
        assert db.session.get(Mark, (user, derived_id("mark", user, first))).note == kept


def test_a_note_kept_from_two_devices_can_still_be_edited(app, auth_client, user, event):
    first = attendee_ids(app, event)[0]
    push(auth_client, [mark_change(1, user, event, first, note="a" * 9000)], client_id="phone-0001")
    change = mark_change(1, user, event, first, note="b" * 9000)
    push(auth_client, [change], client_id="laptop-0001")
    with app.app_context():
        merged = db.session.get(Mark, (user, derived_id("mark", user, first))).note
    assert len(merged) == 18002
    edit = mark_change(2, user, event, first, note=merged + " and more")
    edit["base"] = {"note": merged}
    assert push(auth_client, [edit], client_id="laptop-0001").json["rejected"] == []


def test_scalar_fields_last_writer_wins(app, auth_client, user, event):
    first = attendee_ids(app, event)[0]
    push(auth_client, [mark_change(1, user, event, first, status="met")], client_id="phone-0001")
    push(auth_client, [mark_change(1, user, event, first, status="missed")], client_id="tab-00001")
    with app.app_context():
        assert db.session.get(Mark, (user, derived_id("mark", user, first))).status == "missed"


def test_delete_leaves_a_tombstone_for_other_devices(app, auth_client, user):
    contact_id = str(uuid.uuid4())
    put = {"seq": 1, "kind": "contact", "op": "put", "id": contact_id,
           "fields": {"name": "Wei", "source": "scan"}}
    push(auth_client, [put])
    cursor = auth_client.get("/api/sync/pull?client_id=other-device&since=0").json["cursor"]
    push(auth_client, [{"seq": 2, "kind": "contact", "op": "delete", "id": contact_id}])
    pulled = auth_client.get(f"/api/sync/pull?client_id=other-device&since={cursor}").json
    assert [(r["id"], r["deleted"]) for r in pulled["records"]] == [(contact_id, True)]
    # The tombstone keeps the id for other devices, not what was written.
    assert pulled["records"][0]["fields"]["name"] == ""


def test_a_device_ahead_of_a_restored_server_gets_everything_again(app, auth_client, user):
    contact_id = str(uuid.uuid4())
    push(auth_client, [{"seq": 1, "kind": "contact", "op": "put", "id": contact_id,
                        "fields": {"name": "Wei", "source": "scan"}}])
    pulled = auth_client.get("/api/sync/pull?client_id=phone-0001&since=999999").json
    assert contact_id in [r["id"] for r in pulled["records"]]
    assert pulled["cursor"] < 999999


@pytest.mark.parametrize("change, reason", [
    ({"kind": "mark", "fields": {"priority": "urgent"}}, "priority must be one of"),
    ({"kind": "mark", "fields": {"status": None}}, "status must be one of"),
    ({"kind": "mark", "fields": {"note": "x" * 100_001}}, "longer than"),
    ({"kind": "mark", "fields": {"secret": 1}}, "Unknown field"),
    ({"kind": "contact", "fields": {"url": "javascript:alert(1)"}}, "http(s) link"),
    ({"kind": "contact", "fields": {"met_at": "yesterday"}}, "ISO 8601"),
    ({"kind": "plan", "fields": {"travel_minutes": -5}}, "whole number"),
    ({"kind": "plan", "fields": {"earliest": "25:99"}}, "time like"),
    ({"kind": "card", "fields": {"in_qr": ["name", "password"]}}, "card fields"),
    ({"kind": "mark", "fields": []}, "fields must be an object"),
])
def test_bad_change_is_rejected_with_reason_and_consumed(app, auth_client, user, event, change,
                                                         reason):
    first = attendee_ids(app, event)[0]
    ids = {"mark": derived_id("mark", user, first), "plan": derived_id("plan", user, event),
           "card": derived_id("card", user), "contact": str(uuid.uuid4())}
    fields = change["fields"]
    if isinstance(fields, dict) and change["kind"] in ("mark", "plan"):
        fields = {"event_id": event, **({"attendee_id": first} if change["kind"] == "mark" else {}),
                  **fields}
    body = [{"seq": 1, "op": "put", "id": ids[change["kind"]], "kind": change["kind"],
             "fields": fields}, mark_change(2, user, event, first, priority="want")]
    response = push(auth_client, body)
    assert response.status_code == 200
    assert response.json["last_seq"] == 2
    [rejected] = response.json["rejected"]
    assert rejected["seq"] == 1 and reason in rejected["reason"]
    with app.app_context():
        assert db.session.get(Mark, (user, derived_id("mark", user, first))).priority == "want"


@pytest.mark.parametrize("body, status", [
    ("not json", 400),
    ({"client_id": "short", "changes": []}, 400),
    ({"client_id": CLIENT, "changes": "nope"}, 400),
    ({"client_id": CLIENT, "changes": [{"seq": "1"}]}, 400),
    ({"client_id": CLIENT, "changes": [{"seq": 1, "kind": "user", "op": "put", "id": "x"}]}, 400),
    ({"client_id": CLIENT, "changes": [{"seq": 1, "kind": "mark", "op": "put", "id": "x"}]}, 400),
    ({"client_id": CLIENT, "changes": [
        {"seq": 1, "kind": "card", "op": "put", "id": str(uuid.uuid4())},
        {"seq": 3, "kind": "card", "op": "put", "id": str(uuid.uuid4())}]}, 400),
])
def test_malformed_push_is_refused_whole(auth_client, body, status):
    if isinstance(body, str):
        response = auth_client.post("/api/sync/push", data=body, content_type="application/json")
    else:
        response = push(auth_client, body["changes"], body["client_id"])
    assert response.status_code == status
    assert response.json["error"]


def test_nobody_writes_into_anothers_records(app, client, make_user, user, event):
    first = attendee_ids(app, event)[0]
    log_in(client)
    push(client, [mark_change(1, user, event, first, note="private")])
    client.post("/auth/logout")
    intruder = make_user("eve@example.com")
    log_in(client, "eve@example.com")
    # Eve targets Ada's mark id, and a mark on an event she cannot see.
    hijack = mark_change(1, user, event, first, note="mine now")
    own_id = mark_change(2, intruder, event, first, note="peek")
    response = push(client, [hijack, own_id], client_id="eve-device")
    reasons = [r["reason"] for r in response.json["rejected"]]
    # Ada's mark id is not one Eve has: the answer any id that names nothing of hers gets.
    assert reasons == ["This mark id does not match what it describes.",
                       "That event is not yours or shared with you."]
    assert client.get("/api/sync/pull?since=0").json["records"][0]["kind"] == "card"
    with app.app_context():
        assert db.session.get(Mark, (user, derived_id("mark", user, first))).note == "private"


def test_member_marks_stay_private_from_owner(app, client, make_user, user, event):
    member = make_user("bo@example.com")
    with app.app_context():
        db.session.add(Membership(event_id=event, user_id=member))
        db.session.commit()
    first = attendee_ids(app, event)[0]
    log_in(client, "bo@example.com")
    assert push(client, [mark_change(1, member, event, first, note="bo's note")]).json[
        "rejected"] == []
    client.post("/auth/logout")
    log_in(client)
    records = client.get("/api/sync/pull?since=0").json["records"]
    assert all(r["fields"].get("note") != "bo's note" for r in records)


def test_logged_out_sync_is_401_json(client):
    response = client.post("/api/sync/push", json={"client_id": CLIENT, "changes": []})
    assert response.status_code == 401 and "Log in again" in response.json["error"]


@pytest.mark.parametrize("query", ["client_id=%00", "client_id=" + "x" * 65, "since=-1"])
def test_pull_refuses_unstorable_query_values(auth_client, query):
    response = auth_client.get(f"/api/sync/pull?{query}")
    assert response.status_code == 400 and response.json["error"]


def test_nul_in_pushed_text_is_dropped_not_stored(app, auth_client, user, event):
    first = attendee_ids(app, event)[0]
    response = push(auth_client, [mark_change(1, user, event, first, note="a\x00b")])
    assert response.json["rejected"] == []
    with app.app_context():
        assert db.session.get(Mark, (user, derived_id("mark", user, first))).note == "ab"
    bad_client = push(auth_client, [mark_change(2, user, event, first)], client_id="dev\x00ice-01")
    assert bad_client.status_code == 400


def test_anothers_record_ids_are_answered_exactly_like_missing_ones(app, client, make_user,
                                                                      user, event):
    """Put and delete aimed at Ada's mark, plan, card and contact ids get, change by change, the
    very answer ids that exist nowhere get (derived ids are computable from public numbers)."""
    first = attendee_ids(app, event)[0]
    contact_id = str(uuid.uuid4())
    log_in(client)
    push(client, [mark_change(1, user, event, first, note="private"),
                  {"seq": 2, "kind": "plan", "op": "put", "id": derived_id("plan", user, event),
                   "fields": {"event_id": event, "travel_minutes": 20}},
                  {"seq": 3, "kind": "contact", "op": "put", "id": contact_id,
                   "fields": {"name": "Wei", "source": "manual"}}])
    client.post("/auth/logout")
    make_user("eve@example.com")
    zed = make_user("zed@example.com")  # an account with nothing in it
    log_in(client, "eve@example.com")

    def answers(owner: int, contact: str, client_id: str) -> list:
        targets = [("mark", derived_id("mark", owner, first)),
                   ("plan", derived_id("plan", owner, event)),
                   ("card", derived_id("card", owner)), ("contact", contact)]
        changes = []
        for kind, record_id in targets:
            fields = {"note": "x"} if kind in ("mark", "contact") else {"name": "x"}
            if kind == "plan":
                fields = {"travel_minutes": 5}
            changes += [{"kind": kind, "op": "delete", "id": record_id},
                        {"kind": kind, "op": "put", "id": record_id, "fields": fields}]
        body = [{"seq": n, **change} for n, change in enumerate(changes, start=1)]
        response = push(client, body, client_id=client_id)
        assert response.status_code == 200
        return [(item["seq"], item["reason"]) for item in response.json["rejected"]]

    theirs = answers(user, contact_id, "eve-device-1")
    nobodys = answers(zed, str(uuid.uuid4()), "eve-device-2")
    assert theirs == nobodys
    with app.app_context():
        mark = db.session.get(Mark, (user, derived_id("mark", user, first)))
        assert mark.note == "private" and not mark.deleted
        assert db.session.get(Contact, (user, contact_id)).name == "Wei"
    # A put of a contact id Ada uses made Eve a contact of her own, as any new id does.
    pulled = client.get("/api/sync/pull?since=0").json["records"]
    assert {r["kind"] for r in pulled} == {"card", "contact"}


# ------------------------------------------------- one account must not block everyone else

def test_pushes_without_a_base_never_grow_a_note_past_its_limit(app, auth_client, user, event):
    """The report's attack, scaled down: note changes with no base, each a text of its own,
    grew one note to 150 MiB (one push then held the write lock 112 s). Now every merged text
    stays within TEXT_LIMIT, the same text again adds nothing, and past the limit the change
    is refused in words."""
    from companion.sync.fields import TEXT_LIMIT

    first = attendee_ids(app, event)[0]
    seq = 0
    for round_ in range(6):
        changes = []
        for n in range(100):
            seq += 1
            text = f"Round {round_} line {n}. " + "Filler words here. " * 20
            changes.append({"seq": seq, "kind": "mark", "op": "put",
                            "id": derived_id("mark", user, first),
                            "fields": {"event_id": event, "attendee_id": first, "note": text}})
        response = push(auth_client, changes, client_id="attacker-0001")
        assert response.status_code == 200
    with app.app_context():
        note = db.session.get(Mark, (user, derived_id("mark", user, first))).note
    assert len(note) <= TEXT_LIMIT
    assert note.count("Filler words here.") == 20  # the first text's, never again
    # Sentences went in until the limit, then changes were refused, each with its reason.
    refused = push(auth_client, [{"seq": seq + 1, "kind": "mark", "op": "put",
                                  "id": derived_id("mark", user, first),
                                  "fields": {"event_id": event, "attendee_id": first,
                                             "note": "x" * 19_000}}],
                   client_id="attacker-0001").json["rejected"]
    assert len(refused) == 1 and f"longer than {TEXT_LIMIT} characters" in refused[0]["reason"]
    export = auth_client.get("/account/export.json")
    assert len(export.get_data()) < 5 * TEXT_LIMIT


def test_another_accounts_pushes_go_through_during_an_attack(app, user, event, make_user):
    """On a real server: while one account pushes hostile batches as fast as it can, another
    account's pushes are all applied, each after at most the attacker's push then in hand and
    one more that came as it arrived. They failed with "database is locked" before, and later,
    on SQLite, waited behind up to 15 of the attacker's pushes (write_turns.py)."""
    import threading

    import requests
    from werkzeug.serving import make_server

    from .conftest import PASSWORD

    make_user("bo@example.com")
    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://localhost:{server.server_port}"

    def session_for(email):
        session = requests.Session()
        session.post(url + "/auth/login", data={"email": email, "password": PASSWORD},
                     timeout=30)
        return session

    first = attendee_ids(app, event)[0]
    stop = threading.Event()
    attack_statuses = []

    def attack():
        session, seq = session_for("ada@example.com"), 0
        while not stop.is_set():
            changes = [{"seq": seq + n + 1, "kind": "mark", "op": "put",
                        "id": derived_id("mark", user, first),
                        "fields": {"event_id": event, "attendee_id": first,
                                   "note": f"{seq + n}. " + "Words. " * 300}}
                       for n in range(500)]
            seq += 500
            response = session.post(url + "/api/sync/push", timeout=60,
                                    json={"client_id": "attacker-0001", "changes": changes})
            attack_statuses.append(response.status_code)  # one thread appends: a count to read

    attacker = threading.Thread(target=attack)
    attacker.start()
    try:
        bo = session_for("bo@example.com")
        statuses, attacks_during = [], []
        for n in range(1, 5):
            attacks_before = len(attack_statuses)
            response = bo.post(url + "/api/sync/push", timeout=60, json={
                "client_id": "bo-phone-0001", "changes": [
                    {"seq": n, "kind": "contact", "op": "put", "id": str(uuid.uuid4()),
                     "fields": {"name": f"Contact {n}", "source": "manual"}}]})
            statuses.append(response.status_code)
            attacks_during.append(len(attack_statuses) - attacks_before)
    finally:
        stop.set()
        attacker.join(timeout=120)
        server.shutdown()
        thread.join(timeout=5)
    assert statuses == [200] * 4
    assert attack_statuses and set(attack_statuses) == {200}
    assert max(attacks_during) <= 2, attacks_during


def test_an_account_keeps_at_most_its_devices_and_a_forgotten_one_loses_nothing(
        app, auth_client, user, event):
    """Before, every new device id added a row for ever. Past DEVICES_PER_USER the longest
    unseen is forgotten; if it comes back, it numbers its waiting changes again from 1."""
    from companion.models import SyncClient

    most = app.config["DEVICES_PER_USER"]
    first = attendee_ids(app, event)[0]
    assert push(auth_client, [mark_change(1, user, event, first, note="from the old phone")],
                client_id="old-phone-0001").status_code == 200
    for n in range(most + 5):
        push(auth_client, [], client_id=f"device-{n:08}")
    with app.app_context():
        ids = set(db.session.execute(select(SyncClient.client_id)).scalars())
    assert len(ids) == most and "old-phone-0001" not in ids
    # The old phone comes back with its next change: a gap at 0, then it renumbers from 1.
    gap = push(auth_client, [mark_change(2, user, event, first, note="from the old phone again",
                                         _base={"note": "from the old phone"})],
               client_id="old-phone-0001")
    assert gap.status_code == 409 and gap.json["last_seq"] == 0
    again = push(auth_client, [mark_change(1, user, event, first, note="from the old phone again",
                                           _base={"note": "from the old phone"})],
                 client_id="old-phone-0001")
    assert again.status_code == 200 and again.json["rejected"] == []
    with app.app_context():
        mark = db.session.get(Mark, (user, derived_id("mark", user, first)))
        assert mark.note == "from the old phone again"


def test_an_account_cannot_store_more_than_its_limit(app, auth_client, user, event):
    app.config["USER_STORAGE_BYTES"] = 50_000
    ids = [str(uuid.uuid4()) for _ in range(4)]

    def contact(seq, record_id, note, base=""):
        return {"seq": seq, "kind": "contact", "op": "put", "id": record_id,
                "fields": {"name": "Wei", "source": "manual", "note": note},
                "base": {"note": base}}

    response = push(auth_client, [contact(n + 1, record_id, "é" * 8_000)
                                  for n, record_id in enumerate(ids)])
    # 16,000 bytes each (two per "é"): three fit in 50,000 bytes, the fourth does not.
    [refused] = response.json["rejected"]
    assert refused["seq"] == 4 and "limit of" in refused["reason"]
    # Deleting makes room again, and edits that do not grow are always taken.
    assert push(auth_client, [{"seq": 5, "kind": "contact", "op": "delete", "id": ids[0]},
                              contact(6, ids[3], "é" * 8_000),
                              contact(7, ids[1], "short now", base="é" * 8_000)]
                ).json["rejected"] == []
    with app.app_context():
        stored = {c.id: len(c.note) for c in db.session.execute(select(Contact)).scalars()}
    assert stored == {ids[0]: 0, ids[1]: 9, ids[2]: 8_000, ids[3]: 8_000}
