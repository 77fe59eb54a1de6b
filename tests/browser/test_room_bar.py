"""Issue 13 item 5: the actions used in the room sit where a thumb reaches, the bottom half.

On a 390x844 phone the event's lists, "Scan a badge" and "My QR" are one bar at the bottom,
also while a person is open; the events list's shortcuts are its bar. On a laptop the tabs stay
above the list and each action shows once.
"""

from playwright.sync_api import expect

from .conftest import log_in_page, open_app
from .phone import PHONE, shot
from .test_offline import open_event


def in_thumb_reach(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= PHONE["height"] / 2 and (
        box["y"] + box["height"] <= PHONE["height"])


def test_room_actions_are_at_the_bottom_of_the_phone(phone, live_url, live_user, live_event):
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url)
    for name in ("My card", "Scan a badge", "Met outside events"):
        assert in_thumb_reach(page.get_by_role("link", name=name)), name
    shot(page, "room-bar-events")

    open_event(page, live_url, live_event, tab="everyone")
    bar = page.get_by_role("navigation", name="Lists")
    for tab in ("Targets", "Everyone", "Met"):
        assert in_thumb_reach(bar.get_by_role("link", name=tab)), tab
    scan = page.get_by_role("link", name="Scan a badge")  # one, the bar's
    assert in_thumb_reach(scan)
    assert scan.evaluate("(a) => a.hash") == f"#/events/{live_event}/scan"
    my_qr = page.get_by_role("button", name="My QR")  # one, the bar's
    assert in_thumb_reach(my_qr)
    page.mouse.wheel(0, 2000)  # still there after scrolling: fixed to the bottom
    assert in_thumb_reach(my_qr)
    shot(page, "room-bar-event")

    page.get_by_role("link", name="Nadia Sharma").click()
    expect(page.get_by_role("heading", name="Nadia Sharma")).to_be_visible()
    assert in_thumb_reach(page.get_by_role("button", name="My QR"))  # also with a person open
    shot(page, "room-bar-person")
    page.get_by_role("button", name="My QR").click()
    expect(page.get_by_role("dialog", name="My QR code")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="My QR")).to_be_focused()
    bar.get_by_role("link", name="Met").click()
    expect(page).to_have_url(f"{live_url}/app#/events/{live_event}/met")


def test_on_a_laptop_each_action_shows_once_above_the_list(browser, live_url, live_user,
                                                           live_event):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, live_event)
    expect(page.get_by_role("link", name="Scan a badge")).to_have_count(1)
    expect(page.get_by_role("button", name="My QR")).to_have_count(1)
    tabs = page.get_by_role("navigation", name="Lists").bounding_box()
    assert tabs["y"] < 400  # above the list, not a bar at the bottom
    context.close()
