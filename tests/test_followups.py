"""Follow-up items sync as records: one row per (user, type, attendee, event), checked fields."""

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
