"""Markup typed into any field shows as text in Chromium: no element is made from it, nothing runs.

Event titles, venues and addresses, attendee names, titles and companies, marks' why, opener and
note, the card, and an imported list all carry payloads that would create elements (and set
window.__xss) if any page put them into HTML.
"""

import re

import pytest
from playwright.sync_api import expect

from companion.db import db
from companion.models import Card, Event, Mark, derived_id
from companion.sync.clock import next_version

from .conftest import add_event, log_in_page, open_app

IMG = '<img src=x id=xss-img onerror="window.__xss=1">'
SCRIPT = "<script id=xss-script>window.__xss=2</script>"
SVG = '"><svg id=xss-svg onload="window.__xss=3">'
BOLD = "<b id=xss-b>bold</b>"
TEMPLATE = "{{ 7*7 }}"

TITLE = f"Night {IMG}"
VENUE = f"Loft {SVG}"
ADDRESS = f"1 King St {SCRIPT}"
PERSON = (f"Mateo {BOLD}", f"PM {IMG}", f"Acme {SCRIPT} {TEMPLATE}")
WHY = f"Scaled a team {SVG}"
OPENER = f"Hello {IMG}"
NOTE = f"Talked {SCRIPT}\nand {BOLD}"

NOTHING_MADE = """() => ({
  elements: document.querySelectorAll('[id^="xss-"]').length,
  ran: window.__xss === undefined ? null : window.__xss,
})"""


class Watch:
    """Requests an injected <img src=x> would make, and CSP complaints, on one page."""

    def __init__(self, page):
        self.fetched_x: list[str] = []
        self.csp: list[str] = []
        page.on("request", lambda request: re.search(r"/x(\?|$)", request.url)
                and self.fetched_x.append(request.url))
        page.on("console", lambda message: "Content Security Policy" in message.text
                and self.csp.append(message.text))

    def check(self) -> None:
        assert self.fetched_x == [], f"an injected image loaded: {self.fetched_x}"
        assert self.csp == [], f"the page broke its own CSP: {self.csp}"


def assert_inert(page, *texts: str) -> None:
    """No element from the payloads, no script run, and every payload visible as written."""
    assert page.evaluate(NOTHING_MADE) == {"elements": 0, "ran": None}, page.url
    body = page.inner_text("body")
    for text in texts:
        # innerText shows a line break inside a value as a space, or keeps it; either is text.
        assert text in body or text.replace("\n", " ") in body, f"{text!r} not shown on {page.url}"
    assert "49" not in body.replace("2049", ""), "a template expression was evaluated"


@pytest.fixture
def hostile(live_app, live_user):
    """An event, attendees, marks and a card full of markup; returns (event id, attendee id)."""
    user_id = live_user[2]
    event_id = add_event(live_app, user_id, [PERSON, ("Nadia Sharma", "Designer", "Brightly")],
                         title=TITLE, venue=VENUE, address=ADDRESS)
    with live_app.app_context():
        event = db.session.get(Event, event_id)
        event.share_token = "share-token-for-markup-test-0001"
        attendee = event.attendees[0].id
        db.session.add(Mark(id=derived_id("mark", user_id, attendee), user_id=user_id,
                            event_id=event_id, attendee_id=attendee, priority="must", why=WHY,
                            opener=OPENER, note=NOTE, version=next_version()))
        card = db.session.get(Card, (user_id, derived_id("card", user_id)))
        card.name, card.title, card.company = f"Ada {BOLD}", IMG, SCRIPT
        card.version = next_version()
        db.session.commit()
    return event_id, attendee


def test_prep_pages_show_markup_as_text(page, live_url, hostile):
    event_id, _ = hostile
    watch = Watch(page)
    log_in_page(page, live_url)
    pages = {
        "/events/": (TITLE, VENUE.split(" ", 1)[0]),
        f"/events/{event_id}": (TITLE, VENUE, ADDRESS),
        f"/events/{event_id}/edit": (),
        f"/events/{event_id}/delete": (TITLE,),
        "/card/print": (f"Ada {BOLD}", IMG, SCRIPT),
        "/account/": (),
    }
    for path, texts in pages.items():
        page.goto(live_url + path)
        assert_inert(page, *texts)
    # Form fields hold the markup as their value, not as markup around them.
    page.goto(f"{live_url}/events/{event_id}/edit")
    expect(page.locator("input[name=title]")).to_have_value(TITLE)
    expect(page.locator("input[name=venue]")).to_have_value(VENUE)

    # An imported list with markup: the preview shows it as text, and says so.
    page.goto(f"{live_url}/events/{event_id}/import")
    page.fill("textarea[name=pasted]", "\n".join([
        f"Zoë {BOLD}, Founder {IMG}, Northwind {SCRIPT}",
        f"Omar {SVG} — Staff Engineer at Zeta {TEMPLATE}",
    ]))
    page.get_by_role("button", name=re.compile("preview", re.IGNORECASE)).click()
    page.wait_for_load_state()
    assert "/import/" in page.url
    assert_inert(page, f"Zoë {BOLD}", f"Founder {IMG}", f"Northwind {SCRIPT}", TEMPLATE)
    # Saving it and coming back changes nothing about that.
    page.get_by_role("button", name=re.compile(r"^Save \d+ people")).click()
    page.wait_for_load_state()
    assert_inert(page, TITLE)
    watch.check()


def test_join_page_shows_a_shared_title_as_text(browser, live_app, live_url, hostile):
    from companion.accounts.service import create_user

    from ..conftest import PASSWORD

    with live_app.app_context():
        create_user("bo@example.com", PASSWORD)
        db.session.commit()
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page)
    log_in_page(page, live_url, email="bo@example.com")
    page.goto(f"{live_url}/events/join/share-token-for-markup-test-0001")
    assert_inert(page, TITLE)
    page.get_by_role("button", name="Join the event").click()
    page.wait_for_load_state()
    assert_inert(page, TITLE, VENUE)
    watch.check()
    context.close()


def test_app_screens_show_markup_as_text(page, live_url, live_user, hostile):
    event_id, attendee = hostile
    watch = Watch(page)
    log_in_page(page, live_url)
    open_app(page, live_url)
    expect(page.locator(".event-title").first).to_have_text(TITLE)
    assert_inert(page, TITLE)

    page.goto(f"{live_url}/app#/events/{event_id}/targets")
    expect(page.locator(".person-row").first).to_contain_text(PERSON[0])
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_inert(page, TITLE, PERSON[0], PERSON[1], WHY, OPENER)

    page.goto(f"{live_url}/app#/events/{event_id}/everyone")
    expect(page.locator(".person-row")).to_have_count(2)
    assert_inert(page, PERSON[0], PERSON[1], PERSON[2])

    page.goto(f"{live_url}/app#/events/{event_id}/everyone/{attendee}")
    detail = page.locator(".person-detail")
    expect(detail.locator("h2")).to_have_text(PERSON[0])
    expect(detail.locator("textarea[name=note]")).to_have_value(NOTE)
    expect(detail.locator("textarea[name=why]")).to_have_value(WHY)
    expect(detail.locator("textarea[name=opener]")).to_have_value(OPENER)
    assert_inert(page, PERSON[0], f"{PERSON[1]} · {PERSON[2]}")
    assert page.title().startswith(TITLE)  # the tab title is text too
    watch.check()
