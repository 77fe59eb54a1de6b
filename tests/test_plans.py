"""The arrival plan as the server computes it from a user's marks, and its calendar entry."""

import pytest

from companion.models import derived_id

from .conftest import log_in
from .test_ics import components, parse, unescape
from .test_sync import attendee_ids, mark_change, push


def plan_change(seq, user, event, **fields):
    return {"seq": seq, "kind": "plan", "op": "put", "id": derived_id("plan", user, event),
            "fields": {"event_id": event, **fields}}


def calendar_event(client, event, query=""):
    """Fetch the .ics: {name: unescaped value} of its VEVENT, its VALARM under "VALARM"."""
    response = client.get(f"/events/{event}/arrival.ics{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    found = components(parse(response.get_data(as_text=True)))
    vevent = {name: unescape(values[0][1])
              for name, values in found["VCALENDAR/VEVENT"].items()}
    alarm = found.get("VCALENDAR/VEVENT/VALARM", {})
    vevent["VALARM"] = {name: values[0][1] for name, values in alarm.items()}
    return vevent


def test_no_targets_means_second_wave(auth_client, event):
    vevent = calendar_event(auth_client, event)
    assert "Arrive at 19:50 (second wave)" in vevent["DESCRIPTION"]
    assert vevent["DTSTART"] == "20261203T000000Z"


def test_must_meet_mark_moves_arrival_to_the_doors_and_travel_sets_the_alarm(
        app, auth_client, user, event):
    first = attendee_ids(app, event)[0]
    push(auth_client, [mark_change(1, user, event, first, priority="must"),
                       plan_change(2, user, event, travel_minutes=35)])
    vevent = calendar_event(auth_client, event)
    assert "Arrive at 19:00 (doors)" in vevent["DESCRIPTION"]
    assert "Leave by 18:25" in vevent["DESCRIPTION"]
    assert vevent["VALARM"]["TRIGGER"] == "20261202T232500Z"


def test_running_late_uses_the_second_wave(app, auth_client, user, event):
    push(auth_client, [plan_change(1, user, event, earliest="19:20")])
    assert "Arrive at 19:50" in calendar_event(auth_client, event)["DESCRIPTION"]


@pytest.mark.parametrize("who", ["anonymous", "stranger"])
def test_calendar_of_an_unseen_event_is_refused(client, make_user, event, who):
    if who == "stranger":
        make_user("eve@example.com")
        log_in(client, "eve@example.com")
    response = client.get(f"/events/{event}/arrival.ics")
    assert response.status_code == (302 if who == "anonymous" else 404)


def test_hostile_title_cannot_break_the_calendar(app, auth_client, make_event):
    hostile = make_event(title="Night\r\nEND:VEVENT\r\nBEGIN:VEVENT;x=1,2", venue="A;B,C")
    vevent = calendar_event(auth_client, hostile)
    assert vevent["SUMMARY"].replace("\n", "") == "NightEND:VEVENTBEGIN:VEVENT;x=1,2"
    assert vevent["LOCATION"].startswith("A;B,C")


def test_prep_page_shows_the_plan_and_the_calendar_link(app, auth_client, user, event):
    first = attendee_ids(app, event)[0]
    push(auth_client, [mark_change(1, user, event, first, priority="must")])
    page = auth_client.get(f"/events/{event}").get_data(as_text=True)
    assert "When to arrive" in page and "<strong>19:00</strong>" in page
    assert "Other good moment: 19:50 (second wave)" in page
    assert f"/events/{event}/arrival.ics" in page


def test_without_a_travel_time_nothing_says_leave_by(auth_client, event):
    """Issue 13: travel 0 is not known; every plan asks for it instead of "leave by" = arrive."""
    vevent = calendar_event(auth_client, event)
    assert "Leave by" not in vevent["DESCRIPTION"]
    assert "No leave-by yet: set your travel time" in vevent["DESCRIPTION"]
    assert vevent["VALARM"] == {}  # no reminder at a made-up time
    page = auth_client.get(f"/events/{event}").get_data(as_text=True)
    assert "leave by" not in page.lower() and "set your travel time" in page


def test_the_apps_link_carries_the_inputs_it_planned_from(app, auth_client, user, event):
    """The app's link, before any sync: the file plans from what the app shows."""
    push(auth_client, [plan_change(1, user, event, travel_minutes=5)])  # the server's, older
    vevent = calendar_event(auth_client, event, "?must=1&speakers=0&travel=25&earliest=")
    assert "Arrive at 19:00 (doors)" in vevent["DESCRIPTION"]
    assert "Leave by 18:35" in vevent["DESCRIPTION"]
    assert vevent["VALARM"]["TRIGGER"] == "20261202T233500Z"
    late = calendar_event(auth_client, event, "?travel=25&earliest=19:20")
    assert "Arrive at 19:50" in late["DESCRIPTION"] and "Leave by 19:25" in late["DESCRIPTION"]


@pytest.mark.parametrize("query", [
    "?travel=-5", "?travel=abc", "?travel=601", "?travel=%EF%BC%92",  # a full-width digit
    "?earliest=25:00", "?earliest=7pm", "?earliest=19:00%0D%0AEND:VEVENT",
    "?must=99999999999", "?speakers=1.5", "?must=%20",
])
def test_a_link_with_values_no_app_writes_is_refused(auth_client, event, query):
    response = auth_client.get(f"/events/{event}/arrival.ics{query}")
    assert response.status_code == 400
