"""Issue 13 item 2: "Scan a badge" files to the event on now, and asks in one tap otherwise.

From the events list, the scanner finds the event happening now (or starting within the hour),
files the scan to it and matches its list, exactly as the event screen's own "Scan a badge"
does. With no event on, it asks which event (or none), each a single tap.
"""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import PEOPLE, add_event
from .phone import shot
from .test_scanner import FAKE_DETECTOR, MATEO_VCARD, camera, ready_for_the_venue  # noqa: F401


def at(minutes: int) -> datetime:
    """An instant `minutes` from now (negative: ago), as the events table keeps it."""
    return datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=minutes)


@pytest.fixture
def venue_phone(camera):  # noqa: F811
    """A phone with a BarcodeDetector that reads sessionStorage['fake-qr']."""
    page = camera(None)
    page.add_init_script(FAKE_DETECTOR)
    return page


@pytest.mark.parametrize("starts_in", [-30, 40], ids=["on-now", "within-the-hour"])
def test_scan_a_badge_files_to_the_event_on_now_and_marks_the_person_met(
    venue_phone, live_app, live_url, live_user, live_event, starts_in
):
    page = venue_phone
    tonight = add_event(live_app, live_user[2], PEOPLE, title="Tonight",
                        starts_at=at(starts_in), ends_at=at(starts_in + 180))
    ready_for_the_venue(page, live_url, tonight)  # then offline, as in the room
    page.goto(f"{live_url}/app#/")
    page.evaluate("(text) => sessionStorage.setItem('fake-qr', text)", MATEO_VCARD)
    page.get_by_role("link", name="Scan a badge").click()

    expect(page).to_have_url(f"{live_url}/app#/events/{tonight}/scan")
    expect(page.get_by_label("Save contacts to")).to_have_value(str(tonight))
    result = page.locator(".scan-result")
    expect(result).to_contain_text("On the attendee list: Mateo García")
    shot(page, f"scan-now-{starts_in}")
    result.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved GARCIA MATEO.")).to_contain_text(
        "Mateo García is marked as met.")

    # The event screen's "Scan a badge" goes to the very same scanner.
    page.goto(f"{live_url}/app#/events/{tonight}/targets")
    button = page.get_by_role("link", name="Scan a badge")
    assert button.evaluate("(a) => a.hash") == f"#/events/{tonight}/scan"
    page.go_back()  # Back from the scanner skips the chooser: it replaced itself
    page.go_back()
    expect(page).to_have_url(f"{live_url}/app#/")


def test_with_no_event_on_scan_a_badge_asks_which_in_one_tap(
    venue_phone, live_app, live_url, live_user, live_event
):
    page = venue_phone
    later = add_event(live_app, live_user[2], PEOPLE, title="Design Breakfast",
                      starts_at=at(90), ends_at=at(180))  # not within the hour: ask
    ready_for_the_venue(page, live_url, later)
    page.goto(f"{live_url}/app#/")
    page.get_by_role("link", name="Scan a badge").click()

    expect(page.locator(".screen-status")).to_have_text(
        "No event is on now. Which one are these contacts from?")
    choices = page.locator(".scan-choice")
    expect(choices).to_have_count(3)  # soonest first, then "No event"
    expect(choices.nth(0)).to_contain_text("Design Breakfast")
    expect(choices.nth(1)).to_contain_text("Product Night")
    expect(choices.nth(2)).to_contain_text("No event")
    shot(page, "scan-now-ask")
    for n in range(3):
        box = choices.nth(n).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    choices.nth(0).click()
    expect(page).to_have_url(f"{live_url}/app#/events/{later}/scan")
    expect(page.get_by_label("Save contacts to")).to_have_value(str(later))


def test_two_events_on_now_ask_between_them(venue_phone, live_app, live_url, live_user):
    page = venue_phone
    first = add_event(live_app, live_user[2], PEOPLE, title="Conference day",
                      starts_at=at(-240), ends_at=at(240))
    add_event(live_app, live_user[2], PEOPLE, title="Side meetup",
              starts_at=at(-10), ends_at=at(120))
    ready_for_the_venue(page, live_url, first)
    page.goto(f"{live_url}/app#/scan")
    expect(page.locator(".screen-status")).to_have_text(
        "Several events are on now. Which one are you at?")
    choices = page.locator(".scan-choice")
    expect(choices).to_have_count(3)
    for n, title in enumerate(["Conference day", "Side meetup", "No event"]):
        expect(choices.nth(n)).to_contain_text(title)
