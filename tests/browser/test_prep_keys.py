"""Issue 13, the laptop the evening before: go through the list and mark people by keyboard.

j / k move to the next or previous person, 1 2 3 / 0 set the priority, w starts writing why,
Esc leaves the field, l opens their LinkedIn. Keys typed into a field stay text.
"""

from playwright.sync_api import expect
from sqlalchemy import select, update

from companion.db import db
from companion.models import Attendee, Mark

from .conftest import log_in_page, open_app, wait_for_edit_synced
from .phone import shot
from .test_offline import open_event

PROFILE = "https://www.linkedin.com/in/mateo-garcia"


def test_the_list_is_marked_from_the_keyboard(browser, live_app, live_url, live_user,
                                              live_event):
    with live_app.app_context():
        db.session.execute(update(Attendee).where(Attendee.name == "Mateo García")
                           .values(linkedin=PROFILE))
        db.session.commit()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    # No internet here: LinkedIn answers from the test, so the tab opened shows its address.
    context.route("https://www.linkedin.com/**", lambda route: route.fulfill(body="profile"))
    page = context.new_page()
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, live_event, tab="everyone")
    expect(page.locator(".keys-hint")).to_contain_text("j / k next and previous person")
    detail = page.locator(".person-detail")

    page.keyboard.press("j")
    expect(detail.get_by_role("heading", name="Mateo García")).to_be_visible()
    page.keyboard.press("1")
    expect(detail.get_by_role("radio", name="Must meet")).to_be_checked()
    with context.expect_page() as opened:
        page.keyboard.press("l")
    opened.value.wait_for_load_state()
    assert opened.value.url == PROFILE
    opened.value.close()

    page.keyboard.press("j")
    expect(detail.get_by_role("heading", name="Nadia Sharma")).to_be_visible()
    page.keyboard.press("2")
    expect(detail.get_by_role("radio", name="Want to meet")).to_be_checked()
    page.keyboard.press("w")
    why = detail.get_by_label("Why I want to meet them")
    expect(why).to_be_focused()
    page.keyboard.type("Hiring a design lead; join the jury")  # j, k, 1... stay text here
    expect(detail.get_by_role("heading", name="Nadia Sharma")).to_be_visible()
    page.keyboard.press("Escape")
    expect(why).not_to_be_focused()
    shot(page, "prep-keys-laptop")
    page.keyboard.press("k")
    expect(detail.get_by_role("heading", name="Mateo García")).to_be_visible()
    wait_for_edit_synced(page)

    with live_app.app_context():
        marks = {db.session.get(Attendee, mark.attendee_id).name: mark
                 for mark in db.session.execute(select(Mark)).scalars()}
    assert marks["Mateo García"].priority == "must"
    assert (marks["Nadia Sharma"].priority, marks["Nadia Sharma"].why) == (
        "want", "Hiring a design lead; join the jury")
    context.close()


def test_a_phone_takes_no_keys(phone, live_url, live_user, live_event):
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, live_event, tab="everyone")
    expect(page.locator(".keys-hint")).to_be_hidden()
    page.keyboard.press("j")
    expect(page).to_have_url(f"{live_url}/app#/events/{live_event}/everyone")
