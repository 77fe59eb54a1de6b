"""The goal and skip records over the sync API, and suggestions.csv.

Hostile input: huge terms, markup, wrong types and forged ids are refused change by change with
a reason, or kept as text; the export never hands a spreadsheet a formula.
"""

import csv
import io
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from companion.db import db
from companion.models import Attendee, Card, Event, Goal, Skip, derived_id

from .conftest import log_in
from .test_sync import CLIENT, attendee_ids, push

LOOKING = "What are you looking to get out of this event?"


def goal_change(seq, user_id, **fields):
    return {"seq": seq, "kind": "goal", "op": "put", "id": derived_id("goal", user_id),
            "fields": fields}


def skip_change(seq, user_id, scope, event_id=None, attendee_id=None, key="", **more):
    record_id = derived_id("skip", user_id, "event", attendee_id) if scope == "event" \
        else derived_id("skip", user_id, "never", key)
    return {"seq": seq, "kind": "skip", "op": more.pop("op", "put"),
            "id": more.pop("id", record_id),
            "fields": {"scope": scope, "event_id": event_id, "attendee_id": attendee_id,
                       "key": key, **more}}


@pytest.fixture
def conference(app, make_event):
    """An event whose people a goal can tell apart, with a host's question answered."""
    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        for position, (name, title, company, answer) in enumerate([
            ("Ada Park", "Director of Product", "Globex", "Hiring PMs"),
            ("Ben Ortiz", "Senior PM, B2B Growth", "Initech", "Someone who knows SQL"),
            ("Cy Hack", "=HYPERLINK(\"http://evil.example\")", "@Evil", "SQL <b>now</b>"),
            ("Dee Mine", "VP Product", "Acme Inc.", "SQL"),
            ("Eli Stone", "Cook", "Bistro", ""),
        ]):
            event.attendees.append(Attendee(
                key=f"name:{name.lower()}", name=name, title=title, company=company,
                position=position, answers=[[LOOKING, answer]] if answer else []))
        db.session.get(Card, (event.owner_id, derived_id("card", event.owner_id))).company = "Acme"
        db.session.commit()
    return event_id


def test_a_goal_syncs_and_is_read_back(app, auth_client, user):
    response = push(auth_client, [goal_change(
        1, user, seek=["  B2B   growth ", "b2b growth", "", "SQL"], offer=["user research"],
        my_level="entry", seek_levels=["exec", "lead", "exec"], exclude_companies=None)])
    assert response.json["rejected"] == []
    pulled = auth_client.get(f"/api/sync/pull?client_id={CLIENT}&since=0").json["records"]
    goal = next(r for r in pulled if r["kind"] == "goal")["fields"]
    # Spaces tidied, blanks and repeats (in any case) gone, levels in their order.
    assert goal == {"seek": ["B2B growth", "SQL"], "offer": ["user research"],
                    "my_level": "entry", "seek_levels": ["lead", "exec"],
                    "exclude_companies": None}


@pytest.mark.parametrize("fields, reason", [
    ({"seek": "growth"}, "seek must be a list"),
    ({"seek": ["x" * 101]}, "at most 100 characters"),
    ({"seek": ["growth"] * 31}, "at most 30 texts"),
    ({"seek": [7]}, "list of texts"),
    ({"seek": [["nested"]]}, "list of texts"),
    ({"offer": None}, "offer must be a list"),
    ({"my_level": "boss"}, "my_level must be one of"),
    ({"my_level": None}, "my_level must be one of"),
    ({"seek_levels": ["entry", "god"]}, "seek_levels must list levels"),
    ({"seek_levels": "exec"}, "seek_levels must list levels"),
    ({"exclude_companies": ["x" * 201]}, "at most 200 characters"),
    ({"exclude_companies": {"Acme": True}}, "exclude_companies must be a list"),
    ({"never": ["in:someone"]}, "Unknown field for a goal: never"),
])
def test_hostile_goals_are_refused_with_their_reason(app, auth_client, user, fields, reason):
    response = push(auth_client, [goal_change(1, user, **fields)])
    assert response.status_code == 200
    [refused] = response.json["rejected"]
    assert reason in refused["reason"]
    with app.app_context():
        assert db.session.scalars(select(Goal)).all() == []


def test_markup_in_a_goal_is_kept_as_text(app, auth_client, user):
    markup = "<img src=x onerror=alert(1)>"
    assert push(auth_client, [goal_change(1, user, seek=[markup])]).json["rejected"] == []
    with app.app_context():
        assert db.session.scalars(select(Goal)).one().seek == [markup]


def test_a_goal_must_carry_the_id_derived_from_the_account(app, auth_client, user, make_user):
    other = make_user("bo@example.com")
    change = goal_change(1, user, seek=["x"]) | {"id": derived_id("goal", other)}
    [refused] = push(auth_client, [change]).json["rejected"]
    assert "does not match" in refused["reason"]


def test_skips_name_what_they_are_about(app, auth_client, user, conference, make_event):
    ids = attendee_ids(app, conference)
    elsewhere = attendee_ids(app, make_event(attendees=("Zed Other",)))
    changes = [
        skip_change(1, user, "event", conference, ids[0]),
        skip_change(2, user, "never", key="name:ben ortiz", name="Ben Ortiz"),
        # Refused: an attendee of another event, a not-now with a key, a never with an
        # attendee, an id that does not match, no scope.
        skip_change(3, user, "event", conference, elsewhere[0]),
        skip_change(4, user, "event", conference, ids[1], key="name:x"),
        skip_change(5, user, "never", conference, ids[1], key="name:x"),
        skip_change(6, user, "never", key="name:y", id=derived_id("skip", user, "never", "z")),
        {"seq": 7, "kind": "skip", "op": "put", "id": derived_id("skip", user, "never", "w"),
         "fields": {"key": "w"}},
        skip_change(8, user, "never", key="name:" + "x" * 400),
    ]
    rejected = {item["seq"]: item["reason"] for item in push(auth_client, changes).json["rejected"]}
    assert set(rejected) == {3, 4, 5, 6, 7, 8}
    assert "not on this event" in rejected[3]
    assert "new skip needs scope" in rejected[7]
    with app.app_context():
        kept = {(s.scope, s.attendee_id, s.key) for s in db.session.scalars(select(Skip))}
    assert kept == {("event", ids[0], ""), ("never", None, "name:ben ortiz")}


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_suggestions_csv_ranks_from_my_goal_and_skips(app, auth_client, user, conference):
    ids = attendee_ids(app, conference)
    push(auth_client, [goal_change(1, user, seek=["B2B growth"], offer=["SQL"], my_level="mid")])
    response = auth_client.get(f"/events/{conference}/suggestions.csv")
    assert response.status_code == 200
    assert 'filename="suggestions-event-' in response.headers["Content-Disposition"]
    rows = rows_of(response)
    # My card's company (Acme) is left out by default; the cook matches nothing.
    assert [row["name"] for row in rows] == ["Ben Ortiz", "Ada Park", "Cy Hack"]
    ben = rows[0]
    assert (ben["score"], ben["level"], ben["level_points"], ben["seek_points"],
            ben["offer_points"]) == ("65", "senior", "30", "15", "20")
    assert ben["reasons"] == "Senior · 'B2B Growth' in title · Someone who knows SQL"
    assert ben["opener"].startswith("I noticed your name on the attendee list and saw you wrote")
    # Formula-safe: what a spreadsheet would run starts with a quote.
    cy = rows[2]
    assert cy["title"] == "'=HYPERLINK(\"http://evil.example\")" and cy["company"] == "'@Evil"
    assert cy["reasons"] == "SQL <b>now</b>"
    # Not now and never take people out; a target says its priority.
    push(auth_client, [skip_change(2, user, "event", conference, ids[0]),
                       skip_change(3, user, "never", key="name:cy hack", name="Cy Hack"),
                       {"seq": 4, "kind": "mark", "op": "put",
                        "id": derived_id("mark", user, ids[1]),
                        "fields": {"event_id": conference, "attendee_id": ids[1],
                                   "priority": "want"}}])
    rows = rows_of(auth_client.get(f"/events/{conference}/suggestions.csv"))
    assert [(row["name"], row["targeted"]) for row in rows] == [("Ben Ortiz", "want")]
    # An explicit list of companies replaces the default: Acme may come back.
    push(auth_client, [goal_change(5, user, exclude_companies=[])])
    rows = rows_of(auth_client.get(f"/events/{conference}/suggestions.csv"))
    assert [row["name"] for row in rows] == ["Ben Ortiz", "Dee Mine"]


def test_a_member_gets_their_own_suggestions_never_the_owners(app, client, user, make_user,
                                                             conference):
    with app.app_context():
        db.session.get(Event, conference).share_token = "share-token-for-the-test-0123456789"
        db.session.commit()
    log_in(client)
    push(client, [goal_change(1, user, seek=["growth"], my_level="mid")])
    client.post("/auth/logout")
    bo = make_user("bo@example.com")
    log_in(client, "bo@example.com")
    assert client.get(f"/events/{conference}/suggestions.csv").status_code == 404
    client.post("/events/join/share-token-for-the-test-0123456789")
    # Bo has no goal: nothing matches him, whatever Ada's goal says.
    assert rows_of(client.get(f"/events/{conference}/suggestions.csv")) == []
    push(client, [goal_change(1, bo, seek=["Cook"], seek_levels=[])], client_id="bo-device-01")
    assert [row["name"] for row in rows_of(
        client.get(f"/events/{conference}/suggestions.csv"))] == ["Eli Stone"]


def test_the_goal_and_skips_go_with_the_account(app, auth_client, user, conference):
    push(auth_client, [goal_change(1, user, seek=["growth"]),
                       skip_change(2, user, "never", key="name:ben ortiz", name="Ben Ortiz")])
    exported = auth_client.get("/account/export.json").json
    assert exported["goal"]["seek"] == ["growth"]
    assert [skip["name"] for skip in exported["skips"]] == ["Ben Ortiz"]
    with app.app_context():
        from companion.accounts.service import delete_user_data
        from companion.models import User
        delete_user_data(db.session.get(User, user))
        db.session.commit()
        assert db.session.scalars(select(Goal)).all() == []
        assert db.session.scalars(select(Skip)).all() == []


def test_a_known_person_gone_quiet_comes_from_my_people_and_interactions(
        app, auth_client, user, conference):
    ids = attendee_ids(app, conference)  # Ada, Ben, Cy, Dee, Eli
    with app.app_context():
        ada, ben = db.session.get(Attendee, ids[0]), db.session.get(Attendee, ids[1])
        ada.email = "ada@globex.example"
        ben.linkedin = "https://www.linkedin.com/in/ben-ortiz"
        db.session.commit()
    today = date.today()
    ago = lambda days: (today - timedelta(days=days)).isoformat()  # noqa: E731
    people = {name: str(uuid.uuid4()) for name in ("ada", "ben", "cy", "eli")}

    def person(seq, who, **fields):
        return {"seq": seq, "kind": "person", "op": "put", "id": people[who], "fields": fields}

    def touch(seq, who, on, **fields):
        return {"seq": seq, "kind": "interaction", "op": "put", "id": str(uuid.uuid4()),
                "fields": {"person_ids": [people[who]], "on": on, "type": "met", **fields}}

    response = push(auth_client, [
        goal_change(1, user, my_level="mid", seek_levels=[]),  # nothing but who I know counts
        # Ada by the email she registered with: met at PM Night 250 days ago.
        person(2, "ada", name="Ada P.", emails=["ADA@globex.example"]),
        touch(3, "ada", ago(400), event_title="Old Meetup"),
        touch(4, "ada", ago(250), event_title="PM Night"),
        # Ben by his LinkedIn, written another way; the last touch a call, at no event.
        person(5, "ben", name="Ben", linkedin="https://linkedin.com/in/Ben-Ortiz/"),
        touch(6, "ben", ago(200), type="call"),
        # Cy only by name and company: the app asks, never assumes; so does the ranking.
        person(7, "cy", name="Cy Hack", company="@Evil"),
        touch(8, "cy", ago(300), event_title="Hack Night"),
        # Eli by my mark, no interaction: when we first met.
        person(9, "eli", name="Eli", first_met_event="Café <b>Crème</b>", first_met_on=ago(400)),
        {"seq": 10, "kind": "mark", "op": "put", "id": derived_id("mark", user, ids[4]),
         "fields": {"event_id": conference, "attendee_id": ids[4], "person_id": people["eli"]}},
    ])
    assert response.json["rejected"] == []
    rows = rows_of(auth_client.get(f"/events/{conference}/suggestions.csv"))
    assert [(row["name"], row["score"], row["known_points"], row["reasons"]) for row in rows] == [
        ("Ada Park", "10", "10", "met at PM Night, 8 months ago"),
        ("Ben Ortiz", "10", "10", "last talked 6 months ago"),
        ("Eli Stone", "10", "10", "met at Café <b>Crème</b>, 1 year ago"),
    ]
    # Forgotten, Ada is nobody I know: her reason goes with her record.
    push(auth_client, [{"seq": 11, "kind": "person", "op": "delete", "id": people["ada"]}])
    assert [row["name"] for row in rows_of(
        auth_client.get(f"/events/{conference}/suggestions.csv"))] == ["Ben Ortiz", "Eli Stone"]
