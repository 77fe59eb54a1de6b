"""Issue 13 item 10: every control in the room is at least 44x44 px on a 390x844 phone.

Walks the screens used at an event (events list, the event's three tabs, an opened person,
the Met list with a scanned contact, my card, the scanner's question, people met elsewhere)
and measures the bounding box of every interactive element (a checkbox or switch counts with
its label, which a tap on it toggles).
"""

from playwright.sync_api import expect

from .conftest import choose, log_in_page, open_app
from .phone import shot, small_targets
from .test_offline import open_event


def check(page, name: str) -> list[str]:
    shot(page, f"tap-{name}", full_page=True)
    return [f"{name}: {problem}" for problem in small_targets(page)]


def test_every_control_on_the_room_screens_is_44px(phone, live_url, live_user, live_event):
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url)
    problems = check(page, "events")

    open_event(page, live_url, live_event, tab="everyone")
    problems += check(page, "everyone")
    page.get_by_role("link", name="Nadia Sharma").click()
    choose(page, "Must meet")
    choose(page, "Met")
    page.get_by_label("Note").fill("Design systems")
    problems += check(page, "person")
    page.goto(f"{live_url}/app#/events/{live_event}/targets")
    expect(page.locator(".person-row")).to_have_count(1)
    page.locator("details.arrival summary").click()
    problems += check(page, "targets")
    page.goto(f"{live_url}/app#/events/{live_event}/met")
    expect(page.locator(".met-row")).to_have_count(1)
    problems += check(page, "met")
    page.goto(f"{live_url}/app#/card")
    expect(page.locator("input[name=name]")).to_have_value("Ada Lovelace")
    problems += check(page, "card")
    page.goto(f"{live_url}/app#/scan")
    expect(page.locator(".scan-choice").first).to_be_visible()
    problems += check(page, "scan-choice")
    page.goto(f"{live_url}/app#/events/{live_event}/scan")
    page.get_by_role("button", name="Add by hand").click()  # no camera here: the form
    expect(page.locator(".contact-form")).to_be_visible()
    problems += check(page, "add-by-hand")
    page.get_by_role("button", name="My QR").click()
    expect(page.locator(".badge-qr")).to_be_visible()
    problems += check(page, "badge")
    page.keyboard.press("Escape")
    page.goto(f"{live_url}/app#/contacts")
    expect(page.get_by_role("heading", name="Met outside events")).to_be_visible()
    problems += check(page, "contacts")
    assert problems == [], "\n".join(problems)
