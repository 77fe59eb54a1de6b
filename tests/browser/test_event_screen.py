"""An event on the phone: the arrival plan box, the pack's ETag, and a full device."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from companion.db import db
from companion.models import Plan

from .conftest import APP_TIMEOUT, choose, log_in_page, open_app, wait_for_edit_synced
from .test_offline import open_event


@pytest.fixture
def gb_page(browser, live_url, live_user, live_event):
    """A logged-in app page whose clock reads 19:50, not 7:50 PM."""
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(APP_TIMEOUT)
    log_in_page(page, live_url)
    open_app(page, live_url)
    yield page
    context.close()


def test_arrival_plan_follows_marks_and_inputs_and_syncs_them(gb_page, live_app, live_url,
                                                              live_event):
    page = gb_page
    open_event(page, live_url, live_event, tab="targets")
    plan = page.locator("details.arrival")
    # 19:00 networking event, no targets: the second wave, 50 minutes in.
    # No travel time yet: no leave-by, the plan asks for it.
    expect(plan.locator("summary")).to_contain_text("Arrive 19:50 · travel time?")
    expect(plan.locator(".arrival-why")).to_contain_text("second wave")  # folded: one line
    plan.locator("summary").click()
    expect(plan).to_contain_text("Alternative: arrive at 19:00.")

    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    page.get_by_role("link", name="Omar Farouk").click()
    choose(page, "Must meet")
    page.get_by_role("link", name="← Back to the list").click()
    expect(plan.locator("summary")).to_contain_text("Arrive 19:00")  # doors, for a target
    expect(plan.locator(".arrival-why")).to_contain_text("at the doors")

    plan.locator("summary").click()  # it folded on the way to the person
    plan.get_by_label("Travel minutes").fill("30")
    plan.get_by_label("I can’t be there before").fill("19:30")
    plan.get_by_label("Travel minutes").focus()  # the time input's change fires on leaving it
    expect(plan.locator("summary")).to_contain_text("Arrive 19:50 · leave by 19:20")
    expect(plan.locator(".warnings")).to_contain_text("You can't be there at the start")
    wait_for_edit_synced(page)
    with live_app.app_context():
        saved = db.session.execute(select(Plan)).scalar_one()
        assert (saved.travel_minutes, saved.earliest) == (30, "19:30")

    calendar = plan.get_by_role("link", name="Add to calendar")
    expect(calendar).to_have_attribute(
        "href", f"/events/{live_event}/arrival.ics?must=1&speakers=0&travel=30&earliest=19%3A30")
    page.context.set_offline(True)
    expect(calendar).to_be_hidden()
    expect(plan).to_contain_text("Adding to the calendar needs a connection.")


def test_reopening_an_unchanged_event_costs_a_304(app_page, live_url, live_event):
    open_event(app_page, live_url, live_event)
    with app_page.expect_response(lambda response: "/api/events/" in response.url) as reopened:
        app_page.reload()
    response = reopened.value
    assert response.status == 304
    assert response.request.headers["if-none-match"] == response.headers["etag"]
    expect(app_page.get_by_role("link", name="Zoë Lindqvist")).to_be_visible()


# Make the device "full" for attendee rows only, the way a real quota error surfaces.
FULL_DEVICE = """
const put = IDBObjectStore.prototype.put;
IDBObjectStore.prototype.put = function (...args) {
  if (this.name === 'attendees') {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
  return put.apply(this, args);
};
"""


def test_a_full_device_says_so(page, live_url, live_user, live_event):
    log_in_page(page, live_url)
    page.add_init_script(FULL_DEVICE)
    open_app(page, live_url)
    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    expect(page.get_by_role("alert")).to_contain_text("out of storage space")
    expect(page.get_by_role("alert")).to_contain_text("4 people")


STORE_PACK_ELSEWHERE = """async (eventId) => {
  const { downloadPack } = await import('/static/js/store/pack.js');
  await downloadPack(eventId);
}"""


def test_a_pack_stored_by_another_screen_meanwhile_is_shown(page, live_url, live_user,
                                                             live_event):
    """The events list downloads each pack in the background. When it stores this event's pack
    while the event screen is still asking for the list of events, the event screen's own
    download is a 304: the screen shows the stored list all the same, not "4 people saved"
    over empty tabs (seen in CI)."""
    log_in_page(page, live_url)
    held = []

    def hold(route):  # the event screen's first question waits
        held.append(route)

    page.route("**/api/events", hold)
    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    for _ in range(APP_TIMEOUT // 50):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the event screen did not ask for the list of events"
    page.evaluate(STORE_PACK_ELSEWHERE, live_event)  # meanwhile the pack lands on the device
    for route in held:
        route.continue_()
    expect(page.get_by_role("link", name="Everyone (4)")).to_be_visible(timeout=APP_TIMEOUT)
    expect(page.locator(".person-row")).to_have_count(4)
