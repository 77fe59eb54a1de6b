"""Follow-up items sync as records: one row per (user, type, attendee, event), checked fields."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from companion.db import db
from companion.models import Followup, derived_id

from .conftest import log_in
from .test_sync import attendee_ids, push


def item(seq, user, event, attendee, **fields):
    return {"seq": seq, "kind": "followup", "op": "put",
            "id": derived_id("followup", user, "thanks", attendee, event),
            "fields": {"type": "thanks", "event_id": event, "attendee_id": attendee,
                       "due": "2030-12-04T14:00:00Z", "state": "todo", "channel": "email",
                       "draft": "Hi Dana", **fields}}


def test_two_devices_making_the_same_item_write_one_row(app, client, user, event):
    first = attendee_ids(app, event)[0]
    log_in(client)
    assert push(client, [item(1, user, event, first)], "phone-aaaa-0001").json["rejected"] == []
    sent = item(1, user, event, first, state="sent", sent_at="2030-12-04T15:00:00+01:00")
    assert push(client, [sent], "laptop-bbbb-0002").json["rejected"] == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Followup)) == 1
        row = db.session.get(Followup, (user, derived_id("followup", user, "thanks", first,
                                                         event)))
        assert row.state == "sent" and row.sent_at.isoformat() == "2030-12-04T14:00:00+00:00"


def test_an_item_id_must_be_the_derived_one_and_fields_are_checked(app, client, user, event):
    first, second = attendee_ids(app, event)[:2]
    log_in(client)
    wrong_id = {**item(1, user, event, first), "id": derived_id("followup", user, "thanks",
                                                                 second, event)}
    bad_state = item(2, user, event, first, state="<script>")
    bad_due = item(3, user, event, first, due="tomorrow")
    naive_due = item(4, user, event, first, due="2030-12-04T09:00:00")
    reasons = [r["reason"] for r in push(
        client, [wrong_id, bad_state, bad_due, naive_due]).json["rejected"]]
    assert reasons[0] == "This followup id does not match what it describes."
    assert "state must be one of" in reasons[1]
    assert "due must be an ISO 8601 time" in reasons[2]
    assert "due must carry a time zone" in reasons[3]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Followup)) == 0


def test_exports_are_formula_safe_parse_back_and_hold_only_my_items(
        app, client, user, make_user, event):
    from .test_ics import parse, unescape
    first, second = attendee_ids(app, event)[:2]
    log_in(client)
    hostile = "=HYPERLINK(\"http://evil\");Hi, \\ Dana\nline two"
    changes = [item(1, user, event, first, draft=hostile),
               item(2, user, event, second, state="sent", sent_at="2030-12-04T15:00:00Z")]
    changes[1]["id"] = derived_id("followup", user, "thanks", second, event)
    assert push(client, changes).json["rejected"] == []
    client.post("/auth/logout")
    other = make_user("eve@example.com")
    log_in(client, "eve@example.com")
    assert "=HYPERLINK" not in client.get("/followups/followups.csv").text
    assert "VEVENT" not in client.get("/followups/followups.ics").text
    client.post("/auth/logout")
    log_in(client)
    response = client.get("/followups/followups.csv")
    assert response.mimetype == "text/csv"
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and rows[0]["draft"] == "'" + hostile
    assert rows[0]["due"] == "2030-12-04T14:00:00Z" and rows[1]["state"] == "sent"
    calendar = client.get("/followups/followups.ics")
    assert calendar.mimetype == "text/calendar"
    properties = parse(calendar.text)
    events = [value for name, _, value in properties if name == "BEGIN"]
    assert events == ["VCALENDAR", "VEVENT", "VALARM"]  # the sent one is not due any more
    values = {}
    for name, _, value in properties:
        values.setdefault(name, value)  # the event's DESCRIPTION, not its alarm's
    uid = derived_id("followup", user, "thanks", first, event)
    assert values["UID"] == f"{uid}@followups.companion"
    assert values["DTSTART"] == "20301204T140000Z" and values["DTEND"] == "20301204T141500Z"
    assert unescape(values["DESCRIPTION"]) == hostile
    # A second export names the same entry: calendars update it rather than add another.
    assert f"UID:{uid}@followups.companion" in client.get("/followups/followups.ics").text
    assert other != user


def vevents(text):
    """Each VEVENT of a calendar as {name: [values]}, its VALARMs under "VALARM"."""
    from .test_ics import components, parse
    properties = parse(text)
    components(properties)  # BEGIN/END nest, and every line is CRLF-ended and folded
    found, current, alarm = [], None, None
    for name, _, value in properties:
        if (name, value) == ("BEGIN", "VEVENT"):
            current = {"VALARM": []}
        elif (name, value) == ("BEGIN", "VALARM"):
            alarm = {}
        elif (name, value) == ("END", "VALARM"):
            current["VALARM"].append(alarm)
            alarm = None
        elif (name, value) == ("END", "VEVENT"):
            found.append(current)
            current = None
        elif alarm is not None:
            alarm.setdefault(name, []).append(value)
        elif current is not None:
            current.setdefault(name, []).append(value)
    return found


def test_a_second_export_updates_each_entry_and_never_adds_one(app, client, user, event):
    """RFC 5545 parsed back: one 15-minute entry per open item with a reminder; after a snooze
    the same UID comes back with the new time and a higher SEQUENCE; a dropped one leaves."""
    first, second, third = attendee_ids(app, event)[:3]
    log_in(client)
    changes = [item(1, user, event, first), item(2, user, event, second),
               item(3, user, event, third)]
    changes[1]["id"] = derived_id("followup", user, "thanks", second, event)
    changes[2]["id"] = derived_id("followup", user, "thanks", third, event)
    assert push(client, changes).json["rejected"] == []
    before = vevents(client.get("/followups/followups.ics").text)
    assert len(before) == 3
    for entry in before:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
            assert len(entry[name]) == 1, name
        start, end = (datetime.strptime(entry[n][0], "%Y%m%dT%H%M%SZ") for n in ("DTSTART",
                                                                               "DTEND"))
        assert end - start == timedelta(minutes=15)
        [alarm] = entry["VALARM"]
        assert alarm["ACTION"] == ["DISPLAY"] and alarm["TRIGGER"] == ["PT0M"]
        assert alarm["DESCRIPTION"]  # required with ACTION:DISPLAY (RFC 5545 3.6.6)
    uids = [entry["UID"][0] for entry in before]
    assert len(set(uids)) == 3

    snoozed = {**item(4, user, event, first), "fields": {
        "type": "thanks", "event_id": event, "attendee_id": first, "state": "snoozed",
        "due": "2030-12-05T14:00:00Z"}}
    dropped = {**item(5, user, event, second), "id": changes[1]["id"], "fields": {
        "type": "thanks", "event_id": event, "attendee_id": second, "state": "dropped"}}
    assert push(client, [snoozed, dropped]).json["rejected"] == []
    after = {entry["UID"][0]: entry for entry in vevents(client.get(
        "/followups/followups.ics").text)}
    old = {entry["UID"][0]: entry for entry in before}
    assert set(after) == {uids[0], uids[2]}  # the same names: an update, not a second entry
    moved = after[f"{changes[0]['id']}@followups.companion"]
    assert moved["DTSTART"] == ["20301205T140000Z"]
    assert int(moved["SEQUENCE"][0]) > int(old[moved["UID"][0]]["SEQUENCE"][0])
    kept = after[f"{changes[2]['id']}@followups.companion"]
    assert kept["SEQUENCE"] == old[kept["UID"][0]]["SEQUENCE"]


HOSTILE = [
    ("type", "lunch", "type must be one of"),
    ("type", ["thanks"], "type must be one of"),
    ("channel", "javascript:alert(1)", "channel must be one of"),
    ("state", None, "state must be one of"),
    ("due", "2030-12-04T14:00:00Z" + "0" * 5000, "due must be an ISO 8601 time"),
    ("due", 1733320800, "due must be an ISO 8601 time"),
    ("sent_at", "yesterday", "sent_at must be an ISO 8601 time"),
    ("draft", "x" * 20_001, "draft"),
    ("draft", {"html": "<b>"}, "draft"),
    ("attendee_id", -1, "attendee_id"),
    ("attendee_id", 2**63, "attendee_id"),
    ("event_id", "1; DROP TABLE followups", "event_id"),
    ("person_id", "not-a-uuid", "person_id"),
]


@pytest.mark.parametrize("name,value,reason", HOSTILE, ids=[f"{n}-{i}" for i, (n, _, _) in
                                                             enumerate(HOSTILE)])
def test_hostile_fields_are_refused_and_nothing_is_written(app, client, user, event, name,
                                                           value, reason):
    first = attendee_ids(app, event)[0]
    log_in(client)
    change = item(1, user, event, first)
    change["fields"][name] = value
    response = push(client, [change])
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        [rejected] = response.json["rejected"]
        assert reason in rejected["reason"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Followup)) == 0


def test_an_item_about_someone_elses_event_or_list_is_refused(app, client, user, make_user,
                                                              make_event, event):
    other = make_user("eve@example.com")
    theirs = make_event(owner_id=other, attendees=("Priya Nair",))
    their_attendee = attendee_ids(app, theirs)[0]
    mine = attendee_ids(app, event)[0]
    log_in(client)
    on_their_event = {"seq": 1, "kind": "followup", "op": "put",
                      "id": derived_id("followup", user, "thanks", their_attendee, theirs),
                      "fields": {**item(1, user, event, mine)["fields"], "event_id": theirs,
                                 "attendee_id": their_attendee}}
    their_person_on_my_event = {
        "seq": 2, "kind": "followup", "op": "put",
        "id": derived_id("followup", user, "thanks", their_attendee, event),
        "fields": {**item(2, user, event, mine)["fields"], "attendee_id": their_attendee}}
    reasons = [r["reason"] for r in push(client, [on_their_event, their_person_on_my_event])
               .json["rejected"]]
    assert reasons == ["That event is not yours or shared with you.",
                       "That attendee is not on this event's list."]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Followup)) == 0
