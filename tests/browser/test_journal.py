"""The event journal on a phone with no signal, under a fake clock: "I'm here" while the event
is on, the ten-second card once it is over, answered once, synced once, never offered again."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from companion.db import db
from companion.models import JournalEntry, Mark

from .conftest import APP_TIMEOUT, add_event, choose, log_in_page, open_app, wait_for_sync
from .phone import PHONE, shot

# Friday 6 December 2030, 19:00–21:00 in Berlin (18:00–20:00 UTC).
START = datetime(2030, 12, 6, 18, 0, tzinfo=UTC)


@pytest.fixture
def berlin(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, timezone_id="Europe/Berlin", locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(APP_TIMEOUT)
    yield context, page
    context.close()


def entries(live_app, user_id):
    with live_app.app_context():
        return db.session.execute(
            select(JournalEntry).where(JournalEntry.user_id == user_id)).scalars().all()


def test_card_after_the_end_answered_offline_synced_once_and_gone(berlin, live_app, live_url,
                                                                  live_user):
    context, page = berlin
    user_id = live_user[2]
    event = add_event(live_app, user_id, ("Dana Lee",), title="Demo Night", starts_at=START,
                      ends_at=START + timedelta(hours=2), timezone="Europe/Berlin")
    # Before the doors: neither "I'm here" nor the card.
    page.clock.set_fixed_time(START - timedelta(hours=1))
    log_in_page(page, live_url)
    open_app(page, live_url)
    page.goto(f"{live_url}/app#/events/{event}/everyone")
    expect(page.locator(".screen-status")).to_contain_text("Saved for offline use · 1 people")
    expect(page.locator(".journal-box button")).to_have_count(0)
    context.set_offline(True)

    # 19:40 in Berlin, at the venue with no signal: "I'm here".
    page.clock.set_fixed_time(START + timedelta(minutes=40))
    page.reload()
    page.get_by_role("button", name="I'm here").click()
    expect(page.locator(".journal-here")).to_have_text("Here since 19:40.")
    # Dana, met then: the mark keeps when (the journal counts how far in targets were met).
    page.get_by_role("link", name="Dana Lee").click()
    choose(page, "Met")
    page.get_by_role("link", name="← Back to the list").click()

    # 21:30: over. The card asks, and Save waits for an answer.
    page.clock.set_fixed_time(START + timedelta(hours=3, minutes=30))
    page.reload()
    card = page.locator(".journal-card")
    expect(card.get_by_role("heading")).to_have_text("How was Demo Night?")
    save = card.get_by_role("button", name="Save")
    expect(save).to_be_disabled()
    card.get_by_role("button", name="4 stars", exact=True).click()
    card.get_by_role("group", name="Worth going back?").get_by_role("button", name="Yes").click()
    card.get_by_label("One line").fill("<b>Small room</b>, two real talks")
    shot(page, "journal-card-390")
    save.click()
    expect(page.locator(".journal-status")).to_have_text("Saved in your journal.")
    expect(page.locator(".journal-card")).to_have_count(0)
    assert entries(live_app, user_id) == []  # still offline: nothing reached the server

    # A reload offline: answered, so it does not come back.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Night")
    page.wait_for_timeout(300)
    expect(page.locator(".journal-card")).to_have_count(0)

    context.set_offline(False)
    wait_for_sync(page)
    [entry] = entries(live_app, user_id)
    assert (entry.rating, entry.worth, entry.went) == (4, "yes", True)
    assert entry.line == "<b>Small room</b>, two real talks"
    assert entry.arrived_at == START + timedelta(minutes=40)
    with live_app.app_context():
        [met_at] = db.session.scalars(select(Mark.met_at).where(Mark.user_id == user_id)).all()
    assert met_at == START + timedelta(minutes=40)
    version = entry.version

    # The next day, online: still not offered, and nothing more was pushed.
    page.clock.set_fixed_time(START + timedelta(days=1))
    page.reload()
    wait_for_sync(page)
    page.wait_for_timeout(300)
    expect(page.locator(".journal-card")).to_have_count(0)
    [entry] = entries(live_app, user_id)
    assert entry.version == version


def test_didnt_go_and_the_week_after(berlin, live_app, live_url, live_user):
    context, page = berlin
    user_id = live_user[2]
    event = add_event(live_app, user_id, ("Dana Lee",), title="Demo Night", starts_at=START,
                      ends_at=None, timezone="Europe/Berlin")
    # No end time: the event lasts two hours, so at 21:30 it is over.
    page.clock.set_fixed_time(START + timedelta(hours=2, minutes=30))
    log_in_page(page, live_url)
    open_app(page, live_url, f"#/events/{event}/everyone")
    page.get_by_role("button", name="Didn't go").click()
    expect(page.locator(".journal-status")).to_have_text("Noted: you didn't go.")
    # The answer reaches the outbox, then the server: wait for the server, not a badge that
    # may still read "synced" from before the tap.
    page.wait_for_function("() => document.getElementById('pending-badge').dataset.count === '0'"
                           " && document.getElementById('sync-status').dataset.phase !== 'syncing'")
    for _ in range(100):
        if entries(live_app, user_id):
            break
        page.wait_for_timeout(100)
    [entry] = entries(live_app, user_id)
    assert (entry.went, entry.rating, entry.worth) == (False, None, None)

    # Another event, unanswered: offered for seven days, then no more.
    other = add_event(live_app, user_id, ("Alex Kim",), title="Tech Drinks", starts_at=START,
                      ends_at=START + timedelta(hours=2), timezone="Europe/Berlin")
    page.clock.set_fixed_time(START + timedelta(days=6))
    page.goto(f"{live_url}/app#/events/{other}/everyone")
    expect(page.locator(".journal-card h2")).to_have_text("How was Tech Drinks?")
    page.clock.set_fixed_time(START + timedelta(days=8))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tech Drinks")
    page.wait_for_timeout(300)
    expect(page.locator(".journal-card")).to_have_count(0)


def test_the_laptop_journal_shows_the_answer_made_on_the_phone(page, live_app, live_url,
                                                               live_user):
    user_id = live_user[2]
    past = datetime.now(UTC) - timedelta(days=3)  # the server's own clock: a past event
    event = add_event(live_app, user_id, ("Dana Lee",), title="Demo Night #4",
                      starts_at=past, ends_at=past + timedelta(hours=2))
    with live_app.app_context():
        from companion.models import derived_id
        from companion.sync.clock import next_version
        db.session.add(JournalEntry(id=derived_id("journal", user_id, event), user_id=user_id,
                                    event_id=event, rating=5, worth="yes",
                                    line="<i>Two</i> real talks", version=next_version()))
        db.session.commit()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in_page(page, live_url)
    page.goto(f"{live_url}/journal")
    card = page.locator(".series-card")
    expect(card.get_by_role("heading")).to_have_text("Demo Night #4")
    expect(card).to_contain_text("Too early to say: answer at least two of its events"
                                 " (1 answered so far).")
    row = page.locator(f"#event-{event}")
    expect(row).to_contain_text("5")
    row.get_by_text("Change").click()
    expect(row.get_by_label("One line")).to_have_value("<i>Two</i> real talks")
    shot(page, "journal-laptop-1280", full_page=True)
    row.get_by_label("Stars").select_option("3")
    row.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved in your journal.")
    with live_app.app_context():
        assert db.session.scalars(select(JournalEntry.rating)).all() == [3]


def test_the_phone_plan_learns_from_the_series_offline(berlin, live_app, live_url, live_user):
    context, page = berlin
    user_id = live_user[2]
    from companion.models import Event, derived_id
    from companion.sync.clock import next_version
    past = []
    for n, minutes in enumerate([[55, 10], [70, 90]]):
        start = START - timedelta(weeks=4 * (2 - n))
        event_id = add_event(live_app, user_id, [f"Guest {n}-{i}" for i in range(2)],
                             title=f"PM Night #{40 + n}", starts_at=start,
                             ends_at=start + timedelta(hours=2), timezone="Europe/Berlin")
        past.append((event_id, minutes))
    coming = add_event(live_app, user_id, ("Dana Lee",), title="The 45th PM Night",
                       starts_at=START, ends_at=START + timedelta(hours=3),
                       timezone="Europe/Berlin")
    with live_app.app_context():
        for event_id, minutes in past:
            event = db.session.get(Event, event_id)
            db.session.add(JournalEntry(id=derived_id("journal", user_id, event_id),
                                        user_id=user_id, event_id=event_id, worth="yes",
                                        version=next_version()))
            for attendee, minute in zip(event.attendees, minutes, strict=True):
                db.session.add(Mark(id=derived_id("mark", user_id, attendee.id), user_id=user_id,
                                    event_id=event_id, attendee_id=attendee.id, priority="must",
                                    status="met", version=next_version(),
                                    met_at=event.starts_at + timedelta(minutes=minute)))
        db.session.commit()
    page.clock.set_fixed_time(START - timedelta(days=1))
    log_in_page(page, live_url)
    # The events list first, as a person comes in: the worker then keeps what loads on demand.
    open_app(page, live_url)
    page.goto(f"{live_url}/app#/events/{coming}/everyone")
    expect(page.locator(".screen-status")).to_contain_text("Saved for offline use")
    context.set_offline(True)
    page.reload()
    page.locator(".arrival summary").click()
    expect(page.locator(".arrival .series-reason")).to_have_text(
        "At PM Night 3 of your 4 met targets were met 50 minutes or more after the start:"
        " the second wave fits this series.")
    shot(page, "journal-series-reason-390")
