"""A cold start paints the last screen before any module has run, only for the same URL and the
same account, as text, and hands over to the live screen (service-worker.js shellPage,
static/js/snapshot-guard.js, static/js/ui/snapshot.js, main.js mountInto).

Each test first leaves a screen the way a person puts the phone away on it: opened, settled,
kept. Then a new page opens the app offline, as after the phone dropped the tab, and an init
script notes what the parsed page held before the app's modules were even requested.
"""

from playwright.sync_api import expect

from bench.browser_figures import SNAPSHOT_KEPT
from companion.accounts.service import create_user
from companion.db import db
from companion.models import Membership

from .conftest import PASSWORD, PEOPLE, log_in_page, open_app, wait_for_sync
from .test_markup_as_text import NOTHING_MADE, PERSON, Watch, hostile  # noqa: F401 (fixture)

# Runs before the page's own scripts: what the page held once parsed, before any module ran.
COPY_AT_PARSE = """
document.addEventListener('DOMContentLoaded', () => {
  const copy = document.querySelector('main > .snapshot');
  window.__copy = copy && {
    shown: getComputedStyle(copy).display !== 'none',
    names: [...copy.querySelectorAll('.person-name')].map((name) => name.textContent),
    // What the screen did not show is not in the copy: a closed plan's fields, hidden notes.
    unseen: copy.querySelectorAll('details:not([open]) > :not(summary), [hidden]').length,
    summaries: copy.querySelectorAll('details > summary').length,
    appRequested: performance.getEntriesByType('resource')
      .some((entry) => entry.name.endsWith('/static/js/main.js')),
  };
}, { once: true });
"""


def leave_screen(page, live_url, route: str) -> None:
    """Open `route` and wait until the app has kept it for the next start."""
    open_app(page, live_url, route)
    expect(page.locator(".screen-status")).to_contain_text("Saved for offline use")
    page.wait_for_function(SNAPSHOT_KEPT, timeout=15_000)


def start_again(context, live_url, route: str, before=None):
    """A new page, offline, at `route`: the phone's cold start. Returns (page, the copy seen).
    `before(page)` runs before the page opens (to watch it load)."""
    context.set_offline(True)
    context.add_init_script(COPY_AT_PARSE)
    page = context.new_page()
    if before:
        before(page)
    page.goto(f"{live_url}/app{route}")
    page.wait_for_function("() => document.readyState === 'complete'")
    return page, page.evaluate("() => window.__copy")


def test_a_cold_start_paints_the_last_screen_then_the_live_one_takes_over(
        page, context, live_url, live_user, live_event):
    route = f"#/events/{live_event}/everyone"
    log_in_page(page, live_url)
    leave_screen(page, live_url, route)
    page.close()

    again, copy = start_again(context, live_url, route)
    names = sorted(name for name, _, _ in PEOPLE)
    assert copy == {"shown": True, "names": names, "unseen": 0, "summaries": 1,
                    "appRequested": False}
    # The live screen replaces the copy once it has drawn its rows, and works.
    expect(again.locator("main > .snapshot")).to_have_count(0)
    expect(again.locator(".person-name")).to_have_text(names)
    again.get_by_label("Search everyone").fill("zeta")
    expect(again.locator(".person-row")).to_have_count(1)
    again.get_by_role("link", name="Omar Farouk").click()
    expect(again.get_by_role("heading", name="Omar Farouk")).to_be_visible()


def test_the_last_screen_is_not_shown_at_another_route(page, context, live_url, live_user,
                                                        live_event):
    log_in_page(page, live_url)
    leave_screen(page, live_url, f"#/events/{live_event}/everyone")
    page.close()

    again, copy = start_again(context, live_url, f"#/events/{live_event}/targets")
    assert copy is None or not copy["shown"]
    expect(again.get_by_role("heading", name="Product Night")).to_be_visible()
    expect(again.locator("main > .snapshot")).to_have_count(0)
    expect(again.locator(".tab[aria-current=page]")).to_contain_text("Targets")


def test_another_account_on_the_phone_never_gets_the_last_screen(
        page, context, live_app, live_url, live_user, live_event):
    """Ada and Bea share an event: the same URL on one phone, but Ada's screen is Ada's."""
    with live_app.app_context():
        bea = create_user("bea@example.com", PASSWORD, "Bea Rossi").id
        db.session.add(Membership(event_id=live_event, user_id=bea))
        db.session.commit()
    route = f"#/events/{live_event}/everyone"
    log_in_page(page, live_url)
    leave_screen(page, live_url, route)
    wait_for_sync(page)
    page.goto(f"{live_url}/events/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    log_in_page(page, live_url, email="bea@example.com")
    page.close()

    again, copy = start_again(context, live_url, route)
    assert copy is None  # the worker did not put Ada's screen in Bea's page at all
    # Bea never opened the event on this phone: nothing of it, and nothing of Ada's, is shown.
    expect(again.locator("h1")).to_have_text("Event not on this device")
    expect(again.locator(".person-name")).to_have_count(0)


def test_logging_out_forgets_the_last_screen(page, context, live_url, live_user, live_event):
    log_in_page(page, live_url)
    leave_screen(page, live_url, f"#/events/{live_event}/everyone")
    assert page.evaluate("() => caches.has('companion-snapshot')")
    page.goto(f"{live_url}/events/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    page.goto(f"{live_url}/app#/events/{live_event}/everyone")
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
    page.wait_for_function("async () => !(await caches.has('companion-snapshot'))")


def test_names_in_the_last_screen_stay_text(page, context, live_url, live_user, hostile):  # noqa: F811
    event_id, _ = hostile
    route = f"#/events/{event_id}/everyone"
    log_in_page(page, live_url)
    leave_screen(page, live_url, route)
    page.close()

    watches = []
    again, copy = start_again(context, live_url, route, lambda opening: watches.append(
        Watch(opening)))
    assert copy["shown"] and PERSON[0] in copy["names"]
    expect(again.locator("main > .snapshot")).to_have_count(0)
    expect(again.locator(".person-name").first).to_have_text(PERSON[0])
    assert again.evaluate(NOTHING_MADE) == {"elements": 0, "ran": None}
    watches[0].check()  # no CSP complaint either: the copy carries no inline style
