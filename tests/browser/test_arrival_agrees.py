"""Issue 13 item 7: the .ics says what the app says, at once; no leave-by without a travel time.

On a phone in Toronto (en-CA, "p.m."), with the sync to the server held back: the app's
"Add to calendar" file carries the same leave-by as its screen. With no travel time, no plan
anywhere says "leave by": the app asks for the travel time.
"""

from playwright.sync_api import expect
from sqlalchemy import select

from companion.db import db
from companion.models import Plan

from ..test_ics import components, parse, unescape
from .conftest import log_in_page, open_app
from .phone import shot
from .test_offline import open_event


def calendar_from_the_app(page):
    """Follow the plan's own "Add to calendar" link: (description, VALARM trigger or None)."""
    href = page.get_by_role("link", name="Add to calendar").evaluate("(a) => a.href")
    found = components(parse(page.request.get(href).text()))
    description = unescape(found["VCALENDAR/VEVENT"]["DESCRIPTION"][0][1])
    alarm = found.get("VCALENDAR/VEVENT/VALARM", {}).get("TRIGGER")
    return description, alarm[0][1] if alarm else None


def test_no_travel_time_no_leave_by_anywhere(phone, live_url, live_user, live_event):
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, live_event, tab="targets")
    plan = page.locator("details.arrival")
    expect(plan.locator("summary")).to_contain_text("Arrive 7:50 p.m. · travel time?")
    plan.locator("summary").click()
    expect(plan.locator(".plan-ask")).to_be_visible()
    expect(plan.locator(".plan-ask")).to_contain_text("Enter your travel minutes")
    assert "leave by" not in page.locator("main").inner_text().lower()
    # "7:00 p.m." ends the sentence: one full stop, not "p.m.." (issue 13 item 12).
    expect(plan.locator(".alternative")).to_have_text("Alternative: arrive at 7:00 p.m.")
    assert "p.m.." not in page.locator("main").inner_text()
    shot(page, "arrival-no-travel")
    description, alarm = calendar_from_the_app(page)
    assert "Leave by" not in description and alarm is None
    page.goto(f"{live_url}/events/{live_event}")  # the prep page
    assert "leave by" not in page.locator("main").inner_text().lower()
    expect(page.locator(".plan-ask")).to_contain_text("set your travel time")


def test_the_calendar_file_agrees_with_the_screen_before_a_sync(phone, live_app, live_url,
                                                                live_user, live_event):
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, live_event, tab="targets")
    page.route("**/api/sync/push", lambda route: route.abort())  # nothing reaches the server
    plan = page.locator("details.arrival")
    plan.locator("summary").click()
    plan.get_by_label("Travel minutes").fill("25")
    plan.get_by_label("Travel minutes").blur()
    expect(plan.locator("summary")).to_contain_text("Arrive 7:50 p.m. · leave by 7:25 p.m.")
    expect(plan.locator(".plan-ask")).to_be_hidden()
    shot(page, "arrival-travel-25")
    description, alarm = calendar_from_the_app(page)
    assert "Arrive at 19:50 (second wave)." in description
    assert "Leave by 19:25." in description
    assert alarm == "20301203T002500Z"  # 19:25 in Toronto, when the reminder rings
    with live_app.app_context():
        assert db.session.execute(select(Plan)).first() is None  # not synced: the link said it
