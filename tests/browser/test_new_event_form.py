"""Issue 13 item 6: the new-event form takes the phone's time zone, a city, and every error at once.

The server can only guess the zone (UTC for a first event); a person in Toronto who accepts
that default would get an arrival plan, .ics and reminder hours off. The browser fills in its
own zone; "Toronto" is taken as America/Toronto; one submit names every field to fix.
"""

from playwright.sync_api import expect
from sqlalchemy import select

from companion.db import db
from companion.models import Event

from .conftest import log_in_page
from .phone import shot


def test_the_form_defaults_to_the_phones_zone_and_takes_a_city(phone, live_app, live_url,
                                                               live_user):
    page = phone  # timezone_id America/Toronto, as the issue tried
    log_in_page(page, live_url)
    page.goto(f"{live_url}/events/new")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("America/Toronto")
    shot(page, "new-event-zone")
    page.get_by_label("Title").fill("Product Night")
    zone.fill("toronto")  # a city, in lower case
    page.get_by_label("Starts", exact=True).fill("2030-12-02T19:00")
    page.get_by_label("Ends").fill("2030-12-02T22:00")
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("status")).to_contain_text("Created “Product Night”")
    with live_app.app_context():
        event = db.session.execute(select(Event)).scalar_one()
        assert event.timezone == "America/Toronto"
        assert event.starts_at.isoformat() == "2030-12-03T00:00:00+00:00"  # 19:00 EST


def test_the_server_guess_stays_when_the_browser_zone_is_unknown(browser, live_url, live_user):
    context = browser.new_context(timezone_id="UTC")  # a zone the server lists, its own guess
    page = context.new_page()
    log_in_page(page, live_url)
    page.goto(f"{live_url}/events/new")
    expect(page.get_by_label("Time zone")).to_have_value("UTC")
    context.close()


def test_one_submit_shows_every_error_together(phone, live_app, live_url, live_user):
    page = phone
    log_in_page(page, live_url)
    page.goto(f"{live_url}/events/new")
    page.get_by_label("Time zone").fill("Atlantis")
    page.get_by_label("Event page").fill("javascript:alert(1)")
    page.get_by_role("button", name="Create event").click()  # no title, no times either
    summary = page.get_by_role("alert")
    expect(summary.locator("li")).to_have_count(5)
    # Top to bottom, in the form's order.
    for n, message in enumerate(("Give the event a title.", "“Atlantis” is not a known time zone",
                                 "Start: enter a date and time.", "End: enter a date and time.",
                                 "http:// or https://")):
        expect(summary.locator("li").nth(n)).to_contain_text(message)
    expect(page.get_by_label("Time zone")).to_have_value("Atlantis")  # kept, to correct
    expect(page.get_by_label("Time zone")).to_have_attribute("aria-invalid", "true")
    shot(page, "new-event-errors")
    with live_app.app_context():
        assert db.session.execute(select(Event)).first() is None
