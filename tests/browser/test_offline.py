"""After one online visit the app opens, reads and edits with no network at all."""

from playwright.sync_api import expect

from .conftest import PEOPLE, choose, open_app, wait_for_worker


def open_event(page, live_url, event_id: int, tab: str = "everyone") -> None:
    """Open an event online and wait until its pack is stored for offline use."""
    page.goto(f"{live_url}/app#/events/{event_id}/{tab}")
    expect(page.locator(".screen-status")).to_contain_text(
        f"Saved for offline use · {len(PEOPLE)} people"
    )


def test_start_url_reloads_offline(app_page, context, live_url):
    expect(app_page.get_by_role("link", name="Product Night")).to_be_visible()
    context.set_offline(True)
    app_page.reload()
    expect(app_page.get_by_role("heading", name="Your events")).to_be_visible()
    expect(app_page.get_by_role("link", name="Product Night")).to_be_visible()
    expect(app_page.locator("#sync-status")).to_contain_text("Offline")


def test_event_opens_offline_in_a_new_page(app_page, context, live_url, live_event):
    open_event(app_page, live_url, live_event)
    context.set_offline(True)
    app_page.close()
    page = context.new_page()  # the tab was closed; the app is opened again from the icon
    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    expect(page.get_by_role("heading", name="Product Night")).to_be_visible()
    for name, _, _ in PEOPLE:
        expect(page.get_by_role("link", name=name)).to_be_visible()
    page.get_by_label("Search everyone").fill("zeta")
    expect(page.locator(".person-row")).to_have_count(1)
    expect(page.locator(".person-row")).to_contain_text("Omar Farouk")


def test_marking_and_note_offline_survive_reload_and_a_new_page(
    app_page, context, live_url, live_event
):
    open_event(app_page, live_url, live_event)
    context.set_offline(True)
    page = app_page
    page.get_by_role("link", name="Nadia Sharma").click()
    expect(page.get_by_role("heading", name="Nadia Sharma")).to_be_visible()
    choose(page, "Met")
    page.get_by_label("Note").fill("Loves offline-first apps; send her the talk")
    choose(page, "Must meet")  # moving on saves the note at once
    # Status (with the person she now is and the meeting logged), note, priority: a change
    # each in the outbox, none sent.
    expect(page.locator("#pending-badge")).to_have_attribute("data-count", "5")

    page.reload()
    wait_for_worker(page)
    expect(page.get_by_label("Met", exact=True)).to_be_checked()
    expect(page.get_by_label("Must meet")).to_be_checked()
    expect(page.get_by_label("Note")).to_have_value("Loves offline-first apps; send her the talk")
    expect(page.locator("#pending-badge")).to_have_attribute("data-count", "5")

    other = context.new_page()
    other.goto(f"{live_url}/app#/events/{live_event}/met")
    expect(other.get_by_role("link", name="Nadia Sharma")).to_be_visible()
    other.goto(f"{live_url}/app#/events/{live_event}/targets")
    target = other.locator(".person-row", has_text="Nadia Sharma")
    expect(target).to_contain_text("Must meet")


def test_app_opens_offline_after_only_the_first_visit(page, context, live_url, live_user,
                                                      live_event):
    from .conftest import log_in_page

    log_in_page(page, live_url)
    open_app(page, live_url)
    context.set_offline(True)
    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    expect(page.get_by_role("link", name="Mateo García")).to_be_visible()



def test_a_screen_opened_before_the_worker_took_over_opens_offline(page, context, live_url,
                                                                   live_user, live_event):
    """On the first visit the page runs before its worker controls it: the mark editor opened
    then (loaded on demand, not precached) opens offline later all the same."""
    from .conftest import log_in_page

    log_in_page(page, live_url)
    held = []

    def hold(route):  # the worker arrives only once someone has been opened
        held.append(route)

    context.route("**/service-worker.js", hold)
    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    page.get_by_role("link", name="Nadia Sharma").click()
    expect(page.get_by_role("heading", name="Nadia Sharma")).to_be_visible()
    assert held and page.evaluate("() => navigator.serviceWorker.controller === null")
    for route in held:
        route.continue_()
    context.unroute("**/service-worker.js")
    wait_for_worker(page)
    context.set_offline(True)
    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    page.reload()
    page.get_by_role("link", name="Omar Farouk").click()
    expect(page.get_by_role("heading", name="Omar Farouk")).to_be_visible()
    expect(page.get_by_role("alert")).to_be_hidden()

SHELL_FILES_SERVED = """
() => performance.getEntriesByType('resource')
  .filter((entry) => new URL(entry.name).pathname.startsWith('/static/js/'))
  .map((entry) => ({ path: new URL(entry.name).pathname,
    source: entry.workerMatchedSourceType ?? null }))
"""


def test_the_browser_answers_the_shell_modules_from_the_cache_by_static_route(
    app_page, context, live_url, live_event
):
    # Chromium's static routing (service-worker.js addShellRoutes): offline, the first screen's
    # modules come from this version's cache without the worker's fetch handler, and the app
    # works as before.
    open_event(app_page, live_url, live_event)
    context.set_offline(True)
    app_page.close()
    page = context.new_page()
    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    expect(page.get_by_role("link", name=PEOPLE[0][0])).to_be_visible()
    served = page.evaluate(SHELL_FILES_SERVED)
    by_path = {entry["path"]: entry["source"] for entry in served}
    assert by_path.get("/static/js/main.js") == "cache", served
    assert by_path.get("/static/js/screens/event.js") == "cache", served
