"""Everyone: instant search and sorting over thousands of people, with a small DOM."""

import re
import unicodedata

import pytest
from playwright.sync_api import expect

from companion.db import db
from companion.models import Attendee, Mark, derived_id
from companion.sync.clock import next_version

from .conftest import add_event, log_in_page, open_app

FIRST = ["Mateo", "Nadia", "Omar", "Zoë", "Chloé", "Björn", "Aisha", "Kenji", "Lucía", "Priya"]
LAST = ["García", "Sharma", "Farouk", "Lindqvist", "Dubois", "Nakamura", "Okafor", "Müller",
        "Rossi", "Kowalski", "Haddad", "Silva"]
TITLES = ["Product Manager", "Staff Engineer", "Head of Design", "Founder", "Data Scientist"]
COMPANIES = ["Acme", "Brightly", "Zeta Labs", "Northwind", "Émile & Co", ""]
COUNT = 3000


def crowd(count: int = COUNT) -> list[tuple[str, str, str]]:
    """Return `count` distinct people, spread over names, titles and companies."""
    return [
        (f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i:04d}",
         TITLES[i % len(TITLES)], COMPANIES[(i // 7) % len(COMPANIES)])
        for i in range(count)
    ]


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def matching(query: str) -> list[tuple[str, str, str]]:
    terms = fold(query).split()
    return [p for p in crowd() if all(t in fold(" ".join(p)) for t in terms)]


@pytest.fixture
def everyone(page, live_app, live_url, live_user):
    event_id = add_event(live_app, live_user[2], crowd(), title="Big Summit", kind="conference")
    log_in_page(page, live_url)
    open_app(page, live_url)
    page.goto(f"{live_url}/app#/events/{event_id}/everyone")
    expect(page.locator(".screen-status")).to_contain_text("Saved for offline use")
    # The first screen may show before the whole list is read ("First 60 · Loading all…").
    expect(page.locator(".list-summary")).to_contain_text("Showing")
    return page


def shown_count(page) -> int:
    text = page.locator(".list-summary").text_content()
    return int(re.sub(r"\D", "", text.split(" of ")[0]))


def test_only_the_visible_rows_are_in_the_dom(everyone):
    rows = everyone.locator(".virtual-row")
    expect(rows.first).to_be_visible()
    assert shown_count(everyone) == COUNT
    assert rows.count() < 60
    everyone.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    last = everyone.locator(f".virtual-row[aria-posinset='{COUNT}']")
    expect(last).to_be_visible()
    assert rows.count() < 60
    assert last.get_attribute("aria-setsize") == str(COUNT)
    # Scrolled back up, the rows drawn above come before the others in the DOM: a screen
    # reader and the Tab key go down the list in its order.
    everyone.evaluate("() => window.scrollTo(0, document.body.scrollHeight / 2)")
    everyone.wait_for_timeout(300)
    everyone.evaluate("() => window.scrollBy(0, -1500)")
    expect(everyone.locator(".virtual-row").first).to_be_attached()
    everyone.wait_for_timeout(500)  # the margin is drawn when the browser is idle
    assert_in_list_order(everyone)


def assert_in_list_order(page) -> None:
    positions = page.evaluate("() => [...document.querySelectorAll('.virtual-row')]"
                              ".map((row) => Number(row.getAttribute('aria-posinset')))")
    assert positions == sorted(positions) and positions, positions
    assert positions == list(range(positions[0], positions[0] + len(positions))), positions


@pytest.mark.parametrize("query", [
    "garcia",           # accents folded: finds García
    "ZOË",              # case and accents in the query too
    "staff zeta",       # words anywhere: title and company
    "emile",            # company with an accent
    "0042",
    "nobody-like-this",
])
def test_search_matches_name_title_and_company_as_you_type(everyone, query):
    search = everyone.get_by_label("Search everyone")
    search.press_sequentially(query, delay=5)
    expected = matching(query)
    expect(everyone.locator(".list-summary")).to_contain_text(
        f"Showing {len(expected):,} of"
    )
    if expected:
        first_name = sorted(expected, key=lambda p: fold(p[0]))[0][0]
        expect(everyone.locator(".person-row").first).to_contain_text(first_name)
    else:
        expect(everyone.locator(".empty")).to_contain_text("Nobody matches")


def test_sort_by_company_and_reverse(everyone):
    companies = sorted({fold(c) for _, _, c in crowd() if c})
    everyone.get_by_role("button", name="Sort by company").click()
    first = everyone.locator(".person-row .person-company").first
    expect(first).to_have_text(next(c for c in COMPANIES if fold(c) == companies[0]))
    everyone.get_by_role("button", name="Sort by company").click()  # again: Z to A
    expect(everyone.get_by_role("button", name="Sort by company, Z to A")).to_be_visible()
    expect(first).to_have_text(next(c for c in COMPANIES if fold(c) == companies[-1]))
    everyone.get_by_role("button", name="Sort by title").click()
    expect(everyone.locator(".person-row .person-title").first).to_have_text(
        sorted(TITLES, key=fold)[0]
    )


def test_a_new_search_refills_the_rows_with_their_own_chips_and_count(
        page, live_app, live_url, live_user):
    # And someone whose name and title are markup: a refilled row shows them as text.
    hostile = ("<img src=x onerror=alert(1)> Zed 9999", "<b>CTO</b>", "")
    people = [*crowd(), hostile]
    total = len(people)
    event_id = add_event(live_app, live_user[2], people, title="Big Summit", kind="conference")
    target = people[42][0]  # "… 0042"
    with live_app.app_context():
        attendee = db.session.scalars(db.select(Attendee).where(
            Attendee.event_id == event_id, Attendee.name == target)).one()
        db.session.add(Mark(id=derived_id("mark", live_user[2], attendee.id),
                            user_id=live_user[2], event_id=event_id, attendee_id=attendee.id,
                            priority="must", version=next_version()))
        db.session.commit()
    log_in_page(page, live_url)
    open_app(page, live_url)
    page.goto(f"{live_url}/app#/events/{event_id}/everyone")
    expect(page.locator(".list-summary")).to_contain_text(f"Showing {total:,} of")
    search = page.get_by_label("Search everyone")
    search.fill("0042")
    row = page.locator(".person-row").first
    expect(row).to_contain_text(target)
    expect(row.locator(".chip.priority-must")).to_have_count(1)
    drawn = row.element_handle()
    # The next search draws its row into the same element: the chip must go with the person.
    search.fill("0043")
    expect(row).to_contain_text(people[43][0])
    expect(row.locator(".chip")).to_have_count(0)
    assert page.evaluate("(drawn) => drawn === document.querySelector('.person-row')", drawn)
    search.fill("9999")
    expect(row.locator(".person-name")).to_have_text(hostile[0])
    expect(row.locator(".person-title")).to_have_text(hostile[1])
    expect(row.locator("img, b")).to_have_count(0)
    search.fill("")
    expect(page.locator(".list-summary")).to_contain_text(f"Showing {total:,} of")
    page.wait_for_timeout(500)  # the margin, refilled from the rows there were
    assert_in_list_order(page)
    # A common query: the screen's rows come first, the count and set size once all is read.
    search.fill("kowalski")
    expected = len(matching("kowalski"))
    summary = page.locator(".list-summary")
    expect(summary).to_have_text(f"Showing {expected:,} of {total:,}")
    expect(summary).not_to_have_attribute("aria-busy", "true")
    expect(page.locator(".virtual-row").first).to_have_attribute("aria-setsize", str(expected))
    assert page.evaluate("() => document.querySelector('.virtual-list').style.height") \
        == f"{expected * 72}px"
