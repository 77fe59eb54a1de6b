"""A cold start with a long list: the event's first screen is painted from its record at once,
before the whole stored list is read; the people I marked are in that first screen too."""

import time

import pytest
from playwright.sync_api import expect

from companion.db import db
from companion.models import Attendee, Event, Mark, derived_id
from companion.sync.clock import next_version

from .conftest import APP_TIMEOUT, add_event, log_in_page, open_app
from .test_everyone_list import crowd, fold

COUNT = 300
FIRST_SCREEN = 60  # store/pack.js FIRST_SCREEN_ROWS

# Holds every read of a stored pack (the `attendees` store) until the test calls
# window.releasePack(): what the app shows meanwhile is what it shows before the read ends.
HOLD_PACK_READS = """
(() => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  window.releasePack = () => release();
  const get = IDBObjectStore.prototype.get;
  IDBObjectStore.prototype.get = function (...args) {
    const request = get.apply(this, args);
    if (this.name !== 'attendees') return request;
    Object.defineProperty(request, 'onsuccess', {
      set(handler) {
        request.addEventListener('success', () => held.then(() => handler.call(request)));
      },
    });
    return request;
  };
})();
"""

STORED_PREVIEW = """
async (eventId) => {
  const { storedEvent } = await import('/static/js/store/pack.js');
  const preview = (await storedEvent(eventId))?.preview;
  return preview && { first: preview.first.map((a) => a.name),
    linked: preview.linked.map((a) => a.name), total: preview.total };
}
"""


def name_order(people) -> list[str]:
    return [name for name, _, _ in sorted(people, key=lambda person: fold(person[0]))]


def mark_as_target(live_app, user_id: int, event_id: int, name: str) -> None:
    with live_app.app_context():
        attendee = db.session.scalars(db.select(Attendee).where(
            Attendee.event_id == event_id, Attendee.name == name)).one()
        db.session.add(Mark(id=derived_id("mark", user_id, attendee.id), user_id=user_id,
                            event_id=event_id, attendee_id=attendee.id, priority="must",
                            version=next_version()))
        db.session.commit()


def stored_preview(page, event_id: int, wanted=lambda preview: True) -> dict:
    """Wait until the event's stored preview satisfies `wanted`; return it."""
    deadline = time.monotonic() + APP_TIMEOUT / 1000
    while True:
        preview = page.evaluate(STORED_PREVIEW, event_id)
        if preview and wanted(preview):
            return preview
        assert time.monotonic() < deadline, f"stored preview never as wanted: {preview}"
        page.wait_for_timeout(100)


@pytest.fixture
def crowded(page, live_app, live_url, live_user):
    """A 300-person event opened once online, with the last person by name as a target."""
    people = crowd(COUNT)
    event_id = add_event(live_app, live_user[2], people, title="Big Summit", kind="conference")
    last = name_order(people)[-1]
    mark_as_target(live_app, live_user[2], event_id, last)
    log_in_page(page, live_url)
    open_app(page, live_url, f"#/events/{event_id}/everyone")
    expect(page.locator(".screen-status")).to_contain_text("Saved for offline use")
    return page, event_id, people, last


def test_the_first_screen_is_shown_before_the_whole_list_is_read(crowded, live_url):
    page, event_id, people, target = crowded
    preview = stored_preview(page, event_id, lambda p: target in p["linked"])
    assert preview["first"] == name_order(people)[:FIRST_SCREEN]
    assert preview["total"] == COUNT

    page.context.add_init_script(HOLD_PACK_READS)
    page.context.set_offline(True)
    page.reload()
    summary = page.locator(".list-summary")
    expect(summary).to_have_text(f"First {FIRST_SCREEN} · Loading all {COUNT} people…")
    rows = page.locator(".virtual-row")
    expect(rows.first).to_contain_text(name_order(people)[0])
    expect(page.locator(".tab", has_text="Everyone")).to_have_text(f"Everyone ({COUNT})")

    # The target is far down the alphabet, yet on the Targets tab before the list is read.
    page.locator(".tab", has_text="Targets").click()
    expect(page.locator(".tab", has_text="Targets")).to_have_text("Targets (1)")
    expect(page.locator(".target-item").first).to_contain_text(target)  # a plain list

    # A search typed meanwhile waits for the whole list, then applies to everyone.
    page.locator(".tab", has_text="Everyone").click()
    page.get_by_label("Search everyone").fill("0299")
    expect(summary).to_have_text(f"Loading all {COUNT} people…")
    page.evaluate("() => window.releasePack()")
    expect(summary).to_have_text(f"Showing 1 of {COUNT}")
    expect(rows.first).to_contain_text("0299")
    assert not page.evaluate("() => navigator.onLine")


def test_a_new_list_replaces_the_first_screen(crowded, live_app, live_url, live_user):
    page, event_id, people, _ = crowded
    stored_preview(page, event_id)
    with live_app.app_context():
        event = db.session.get(Event, event_id)
        event.attendees.append(Attendee(key="name:aaron aardvark", name="Aaron Aardvark",
                                        position=COUNT))
        event.pack_version += 1  # as an import does: the pack's ETag changes
        db.session.commit()
    page.reload()
    expect(page.locator(".list-summary")).to_have_text(f"Showing {COUNT + 1} of {COUNT + 1}")
    preview = stored_preview(page, event_id, lambda p: p["total"] == COUNT + 1)
    assert preview["first"] == name_order(
        [("Aaron Aardvark", "", ""), *people])[:FIRST_SCREEN]


def test_an_event_stored_without_a_first_screen_still_opens_offline(crowded):
    # Stored by a version of the app before previews: the whole list is read, then shown.
    page, event_id, people, _ = crowded
    stored_preview(page, event_id)
    page.evaluate("""async (eventId) => {
      const { inTransaction, promisifyRequest } = await import('/static/js/store/db.js');
      await inTransaction(['events'], 'readwrite', async (tx) => {
        const store = tx.objectStore('events');
        const event = await promisifyRequest(store.get(eventId));
        delete event.preview;
        store.put(event);
      });
    }""", event_id)
    page.context.set_offline(True)
    page.reload()
    expect(page.locator(".list-summary")).to_have_text(f"Showing {COUNT} of {COUNT}")
    expect(page.locator(".virtual-row").first).to_contain_text(name_order(people)[0])
