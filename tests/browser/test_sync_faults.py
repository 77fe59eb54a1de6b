"""The real app under the faults the report found: a connection that never answers, a network
flap, a backlog too big for one push, and the browser clearing its storage mid-outbox."""

import json

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from companion import create_app
from companion.db import db
from companion.models import Mark, SyncClient

from .conftest import (
    APP_TIMEOUT,
    PEOPLE,
    choose,
    log_in_page,
    open_app,
    wait_for_edit_synced,
    wait_for_sync,
)
from .proxy import SilentProxy
from .test_offline import open_event
from .test_sync import open_person, server_mark

TIMEOUT_SECONDS = 3
PUSH_LIMIT = 64 * 1024


@pytest.fixture
def live_app(tmp_path):
    """The live server, giving up on requests after 3 s and taking pushes up to 64 KiB."""
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite'}",
        "REQUEST_TIMEOUT_SECONDS": TIMEOUT_SECONDS,
        "SYNC_PUSH_LIMIT": PUSH_LIMIT,
    })
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def proxy(live_server):
    proxy = SilentProxy(live_server.server.server_port)
    yield proxy
    proxy.stop()


def status(page):
    return page.locator("#sync-status")


def test_a_connection_that_never_answers_does_not_stop_sync(
        page, context, live_app, live_user, live_event, proxy):
    """Before, one unanswered request froze sync until a reload, and after a network flap the
    header said "Offline" while online."""
    log_in_page(page, proxy.url)
    open_app(page, proxy.url)
    open_event(page, proxy.url, live_event)
    proxy.answering = False  # from now on the connection accepts and never answers
    open_person(page, "Nadia Sharma")
    choose(page, "Met")
    expect(status(page)).to_have_text("Syncing…")
    context.set_offline(True)
    expect(status(page)).to_contain_text("Offline")
    context.set_offline(False)  # the flap: back online while a request still hangs
    expect(status(page)).not_to_contain_text("Offline")
    expect(status(page)).to_contain_text("The server did not answer in time",
                                         timeout=TIMEOUT_SECONDS * 1000 + APP_TIMEOUT)
    assert server_mark(live_app, "Nadia Sharma") is None
    proxy.answering = True  # the connection works again: the next retry goes through
    wait_for_sync(page)
    assert server_mark(live_app, "Nadia Sharma").status == "met"
    expect(page.get_by_role("heading", name="Nadia Sharma")).to_be_visible()  # no reload
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def push_log(page) -> list[dict]:
    """Record every push the app sends: its first change number, size in changes and bytes,
    and the status it got."""
    log: list[dict] = []

    def on_response(response):
        if "/api/sync/push" in response.url:
            body = json.loads(response.request.post_data)
            log.append({"first": body["changes"][0]["seq"], "changes": len(body["changes"]),
                        "bytes": len(response.request.post_data.encode()),
                        "status": response.status})

    page.on("response", on_response)
    return log


SAVE_LONG_NOTES = """async ([eventId, attendeeIds, rounds]) => {
  const { saveMark } = await import('/static/js/store/records.js');
  for (let round = 0; round < rounds; round += 1) {
    for (const id of attendeeIds) {
      await saveMark(eventId, id, { note: `Round ${round}. ` + 'Long note words. '.repeat(1100) });
    }
  }
}"""


def attendee_ids(live_app, event_id):
    from companion.models import Attendee

    with live_app.app_context():
        return db.session.execute(select(Attendee.id).where(Attendee.event_id == event_id)
                                  .order_by(Attendee.id)).scalars().all()


def test_an_oversized_backlog_is_split_by_bytes_and_the_edit_behind_it_goes(
        app_page, context, live_app, live_url, live_event):
    """Before, a 43 MB backlog went as one push, was refused with 413 again and again, and a
    small edit waited behind it for ever. Scaled down: 12 notes of 19 KB, a 64 KiB limit."""
    open_event(app_page, live_url, live_event)
    log = push_log(app_page)
    context.set_offline(True)
    ids = attendee_ids(live_app, live_event)
    app_page.evaluate(SAVE_LONG_NOTES, [live_event, ids, 3])
    open_person(app_page, "Omar Farouk")
    # The small edit behind the backlog: the mark, the person and the meeting.
    choose(app_page, "Met")
    expect(app_page.locator("#pending-badge")).to_have_attribute("data-count", "15")
    context.set_offline(False)
    wait_for_sync(app_page)
    refused = [(push["first"], push["changes"]) for push in log if push["status"] == 413]
    assert refused, log
    taken = [push for push in log if push["status"] == 200]
    assert all(push["bytes"] <= PUSH_LIMIT for push in taken)
    assert not {(push["first"], push["changes"]) for push in taken} & set(refused), \
        "a refused batch was sent again as it was"
    assert server_mark(live_app, "Omar Farouk").status == "met"
    with live_app.app_context():
        notes = [mark.note for mark in db.session.execute(select(Mark)).scalars()]
        assert db.session.execute(select(SyncClient.last_seq)).scalar_one() == 15
    # Each save carried the text both devices started from (none): every round's sentence is
    # there once, and the long text once, not three times over.
    assert len(notes) == len(PEOPLE)
    for note in notes:
        assert [note.count(f"Round {n}.") for n in range(3)] == [1, 1, 1]
        assert note.count("Long note words.") == 1100


def clear_indexeddb(context, page, origin: str) -> None:
    """What a browser short of space does: delete the site's IndexedDB under the running app."""
    cdp = context.new_cdp_session(page)
    cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "indexeddb"})


def test_storage_cleared_with_changes_waiting_is_told_and_the_app_keeps_working(
        app_page, context, live_app, live_url, live_event):
    """Before: no warning, a stale "3 changes waiting", raw IndexedDB errors, and the changes
    silently gone."""
    open_event(app_page, live_url, live_event)
    open_person(app_page, "Nadia Sharma")
    choose(app_page, "Must meet")
    wait_for_edit_synced(app_page)
    app_page.route("**/api/sync/push", lambda route: route.abort())  # these will not get out
    choose(app_page, "Met")
    app_page.get_by_label("Note").fill("Ask about the design system")
    app_page.get_by_label("Why I want to meet them").focus()
    # Met (the mark, the person, the meeting) and the note.
    expect(app_page.locator("#pending-badge")).to_have_attribute("data-count", "4")

    clear_indexeddb(context, app_page, live_url)
    alert = app_page.locator("#notices").get_by_role("alert")
    expect(alert).to_contain_text("This browser deleted Companion's data on this device.")
    expect(alert).to_contain_text("4 changes made here")
    expect(alert).to_contain_text("are lost")
    app_page.unroute("**/api/sync/push")
    expect(app_page.locator("#pending-badge")).to_have_attribute("data-count", "0")
    wait_for_sync(app_page)
    # What had synced comes back; the app keeps working: a new edit goes to the server.
    app_page.goto(f"{live_url}/app#/events/{live_event}/targets")
    expect(app_page.locator(".person-row", has_text="Nadia Sharma")).to_contain_text("Must meet")
    app_page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    open_person(app_page, "Omar Farouk")
    choose(app_page, "Missed")
    wait_for_edit_synced(app_page)
    assert server_mark(live_app, "Omar Farouk").status == "missed"
    assert server_mark(live_app, "Nadia Sharma").status == "not-yet"  # what was lost is lost
    expect(app_page.get_by_role("alert")).to_have_count(1)  # no raw IndexedDB errors
    app_page.locator("#notices").get_by_role("button", name="OK").click()
    expect(alert).to_have_count(0)


def test_storage_cleared_while_the_app_was_closed_is_told_on_the_next_start(
        app_page, context, live_app, live_url, live_event):
    open_event(app_page, live_url, live_event)
    context.set_offline(True)
    open_person(app_page, "Zoë Lindqvist")
    choose(app_page, "Want to meet")
    expect(app_page.locator("#pending-badge")).to_have_attribute("data-count", "1")
    app_page.route("**/api/sync/push", lambda route: route.abort())
    context.set_offline(False)
    app_page.goto(f"{live_url}/auth/login")  # the app is closed ...
    clear_indexeddb(context, app_page, live_url)  # ... and the browser clears its storage
    app_page.unroute("**/api/sync/push")
    open_app(app_page, live_url)
    expect(app_page.locator("#notices").get_by_role("alert")).to_contain_text(
        "1 change made here")


def test_the_app_asks_to_keep_its_storage_and_says_when_the_browser_will_not(
        page, context, live_url, live_user, live_event):
    context.add_init_script("""
      window.__persistAsked = 0;
      navigator.storage.persisted = async () => false;
      navigator.storage.persist = async () => { window.__persistAsked += 1; return false; };
    """)
    log_in_page(page, live_url)
    open_app(page, live_url)
    notice = page.locator(".events-screen").get_by_role("status").filter(
        has_text="may clear Companion's offline copy")
    expect(notice).to_be_visible()
    assert page.evaluate("window.__persistAsked") >= 1
    notice.get_by_role("button", name="OK").click()
    page.reload()
    expect(page.get_by_role("heading", name="Your events")).to_be_visible()
    expect(notice).to_have_count(0)  # read once is enough
