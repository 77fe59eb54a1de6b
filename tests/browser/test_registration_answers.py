"""A Luma export with the host's questions, imported on the prep page and read in the app.

Through the real pages: the preview counts who is attending and takes the waitlist in on
request; the app then shows each person's registration answers as text on the person screen
(phone and laptop) and finds people by them, offline too.
"""

import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from companion.db import db
from companion.models import Attendee, Event

from ..conftest import FIXTURES
from .conftest import add_event, log_in_page, open_app, wait_for_worker

LUMA = FIXTURES / "real-layouts" / "luma-guests-questions.csv"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
# Where screenshots go when a person wants to look at them (COMPANION_SCREENSHOTS=dir).
SCREENSHOTS = os.environ.get("COMPANION_SCREENSHOTS")
HOSTILE = "<img src=x onerror=alert(1)> <b>bold</b>"


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def imported(browser, live_app, live_url, live_user):
    """Import the Luma export, waitlist included, through the prep pages; the event's id."""
    event_id = add_event(live_app, live_user[2], title="Hardware Night")
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log_in_page(page, live_url)
    page.goto(f"{live_url}/events/{event_id}/import")
    page.get_by_label("Attendee list file").set_input_files(str(LUMA))
    page.get_by_role("button", name="Preview the import").click()
    statuses = page.locator("table.statuses")
    expect(statuses).to_contain_text("Pending approval")
    expect(page.get_by_role("heading", name="Not attending, left out (5)")).to_be_visible()
    page.get_by_label("Waitlist (1)").check()
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_label("Waitlist (1)")).to_be_checked()
    expect(statuses.locator("tr", has_text="Waitlist")).to_contain_text("imported, as you chose")
    shot(page, "import-preview-laptop")
    page.set_viewport_size(PHONE)
    shot(page, "import-preview-phone")
    page.get_by_role("button", name="Save 6 people").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 6 new, updated 0.")
    context.close()
    with live_app.app_context():
        # A hostile answer, as an export could carry one: it must stay text in the app.
        oriane = db.session.execute(
            select(Attendee).where(Attendee.name == "Oriane Bellweather")).scalar_one()
        oriane.answers = [*oriane.answers, ["Anything else?", HOSTILE]]
        db.session.get(Event, event_id).pack_version += 1
        db.session.commit()
    return event_id


def open_person(page, live_url, event_id: int, name: str):
    page.goto(f"{live_url}/app#/events/{event_id}/everyone")
    expect(page.locator(".screen-status")).to_contain_text("Saved for offline use · 6 people")
    page.get_by_role("link", name=name).first.click()
    return page.locator(".person-detail")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_person_screen_shows_registration_answers_as_text(browser, live_url, imported,
                                                              viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in_page(page, live_url)
    open_app(page, live_url)
    person = open_person(page, live_url, imported, "Oriane Bellweather")
    answers = person.locator("details.answers")
    expect(answers.locator("summary")).to_have_text("Registration answers (4)")
    answers.locator("summary").click()  # folded at first (the note comes first), one tap opens
    expect(answers.locator("dt")).to_have_text([
        "What is your GitHub?", "Which track are you doing?",
        "What are you looking to get out of this event?", "Anything else?"])
    expect(answers.locator("dd").nth(2)).to_have_text("Meet people building wearables")
    expect(answers.locator("dd").nth(3)).to_have_text(HOSTILE)
    assert person.locator("img, b").count() == 0
    expect(person.get_by_role("link", name="LinkedIn")).to_have_attribute(
        "href", "https://www.linkedin.com/in/oriane-bellweather-7f3k2q9")
    shot(page, f"person-answers-{'phone' if viewport == PHONE else 'laptop'}")
    # Someone with a line break in an answer: shown on two lines.
    person = open_person(page, live_url, imported, "Ilse Vantongeren")
    person.locator("details.answers summary").click()
    answer = person.locator("details.answers[open] dd").nth(2)
    expect(answer).to_have_text("Hiring two firmware engineers\nand meeting investors")
    assert answer.evaluate("(dd) => getComputedStyle(dd).whiteSpace") == "pre-line"
    # A waitlisted guest the owner chose to import says so.
    person = open_person(page, live_url, imported, "Caspian Nwachukwu")
    person.locator("details.answers summary").click()
    expect(person.locator("details.answers")).to_contain_text("approval_status")
    expect(person.locator("details.answers")).to_contain_text("waitlist")
    assert dialogs == []
    context.close()


def test_search_finds_people_by_their_answers_offline(browser, live_url, imported):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in_page(page, live_url)
    open_app(page, live_url)
    page.goto(f"{live_url}/app#/events/{imported}/everyone")
    expect(page.locator(".screen-status")).to_contain_text("Saved for offline use · 6 people")
    wait_for_worker(page)
    context.set_offline(True)
    page.reload()
    search = page.get_by_label("Search everyone")
    search.press_sequentially("firmware", delay=5)
    expect(page.locator(".person-row")).to_have_count(1)
    expect(page.locator(".person-row")).to_contain_text("Ilse Vantongeren")
    search.fill("")
    search.press_sequentially("open hardware", delay=5)
    expect(page.locator(".list-summary")).to_contain_text("Showing 3 of 6")
    shot(page, "search-by-answer-phone")
    context.close()
