"""Real-browser fixtures: the app on a live HTTP server and Chromium driven by Playwright."""

import os
import shutil
import subprocess
import sys
import threading

import pytest
from werkzeug.serving import make_server

from companion import create_app
from companion.accounts.service import create_user
from companion.db import db

from ..conftest import PASSWORD

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def chromium_executable(playwright) -> str | None:
    """Find a Chromium: the system's, else Playwright's own, installing it only off CI."""
    for path in SYSTEM_CHROMIUM:
        if shutil.which(path):
            return path
    bundled = playwright.chromium.executable_path
    if os.path.exists(bundled):
        return None  # Playwright finds its own browser
    if os.environ.get("CI"):
        # CI installs Debian's chromium first (.ci/run); a missing browser is a failure, not a skip.
        pytest.fail("No Chromium found: install the 'chromium' package (CI never downloads one).")
    subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=True)
    return None


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium_path(playwright_instance):
    return chromium_executable(playwright_instance)


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium_path):
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


class LiveServer:
    """The app on a real socket, in a thread, with its own fresh database."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("localhost", 0, app, threaded=True)
        self.url = f"http://localhost:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_app(tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite'}",
    })
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def live_server(live_app):
    server = LiveServer(live_app)
    yield server
    server.stop()


@pytest.fixture
def live_url(live_server):
    return live_server.url


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def live_user(live_app):
    """An account on the live server: (email, password, user id)."""
    with live_app.app_context():
        user = create_user("ada@example.com", PASSWORD, "Ada Lovelace")
        db.session.commit()
        return "ada@example.com", PASSWORD, user.id


def log_in_page(page, live_url, email="ada@example.com", password=PASSWORD):
    """Log in through the real form."""
    page.goto(live_url + "/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    # The login form's button: someone logged in already also sees the header's "Log out".
    page.locator("form", has=page.locator("input[name=password]")).locator(
        "button[type=submit]").click()
    page.wait_for_load_state()
    if page.url.split("#")[0].endswith("/app"):
        # A phone lands in the app (issue 13): let its first requests settle, so a test that
        # goes on to a prep page does not race them for the session cookie.
        wait_for_sync(page)


# --- The installed app (/app): data on the live server, a logged-in app page, real profiles. ---

APP_TIMEOUT = 15_000


def add_event(live_app, owner_id: int, people=(), **overrides) -> int:
    """Create an event on the live server; `people` are names or (name, title, company)."""
    from datetime import UTC, datetime, timedelta

    from companion.models import Attendee, Event

    start = datetime(2030, 12, 3, 0, 0, tzinfo=UTC)  # 19:00 in Toronto, safely upcoming
    fields = dict(
        title="Product Night", starts_at=start, ends_at=start + timedelta(hours=3),
        timezone="America/Toronto", venue="The Loft", address="1 King St W", kind="networking",
    ) | overrides
    with live_app.app_context():
        event = Event(owner_id=owner_id, **fields)
        for position, person in enumerate(people):
            name, title, company = (person, "", "") if isinstance(person, str) else person
            event.attendees.append(Attendee(
                key=f"name:{name.lower()}", name=name, title=title, company=company,
                position=position,
            ))
        db.session.add(event)
        db.session.commit()
        return event.id


PEOPLE = (
    ("Mateo García", "Product Manager", "Acme"),
    ("Nadia Sharma", "Head of Design", "Brightly"),
    ("Omar Farouk", "Staff Engineer", "Zeta Labs"),
    ("Zoë Lindqvist", "Founder", "Northwind"),
)


@pytest.fixture
def live_event(live_app, live_user) -> int:
    """An event of the live user with four attendees; its id."""
    return add_event(live_app, live_user[2], PEOPLE)


def wait_for_worker(page) -> None:
    """Wait until a worker controls the page and the on-demand screens are cached too."""
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=APP_TIMEOUT
    )
    if page.url.split("#")[0].endswith("/app"):
        # Warming fetches every on-demand screen and the QR decoder once: on a loaded 2-core
        # machine that has taken more than APP_TIMEOUT, and a test is not about its speed.
        page.wait_for_function(
            "() => document.documentElement.dataset.onDemand === 'ready'",
            timeout=2 * APP_TIMEOUT,
        )


def wait_for_sync(page) -> None:
    """Wait until the app reports every change synced."""
    page.wait_for_function(
        """() => {
          const status = document.getElementById('sync-status');
          return status && status.dataset.phase === 'idle'
            && document.getElementById('pending-badge').dataset.count === '0'
            && status.textContent.includes('Synced');
        }""",
        timeout=APP_TIMEOUT,
    )


def wait_for_edit_synced(page) -> None:
    """Wait until an edit just made has reached the outbox, then until it is synced."""
    page.wait_for_function(
        "() => document.getElementById('pending-badge').dataset.count !== '0'",
        timeout=APP_TIMEOUT,
    )
    wait_for_sync(page)


def open_app(page, live_url, route: str = "") -> None:
    """Open /app (at a hash route) and wait for the worker and the first sync."""
    page.goto(f"{live_url}/app{route}")
    wait_for_worker(page)
    wait_for_sync(page)


@pytest.fixture
def app_page(page, live_url, live_user, live_event):
    """A logged-in page showing the app, with its worker installed and the first sync done."""
    log_in_page(page, live_url)
    open_app(page, live_url)
    return page


@pytest.fixture
def persistent_context(playwright_instance, chromium_path, tmp_path):
    """A context with a profile on disk: like an installed browser, not incognito."""
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=chromium_path, args=CHROMIUM_ARGS,
        headless=True,
    )
    yield context
    context.close()


def choose(page, label: str) -> None:
    """Tap one of the mark editor's big choice buttons (status, priority) by its text."""
    page.locator(".person-detail").get_by_text(label, exact=True).click()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test leaves a screenshot of each page it had open (see phone.py)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        from .phone import save_failure_screenshots

        for path in save_failure_screenshots(item):
            report.sections.append(("screenshot", str(path)))


@pytest.fixture
def phone_context(browser):
    """A 390x844 phone in Toronto: touch, a phone's pixel ratio, the zone the issue tried."""
    from .phone import PHONE

    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, timezone_id="America/Toronto",
                                  locale="en-CA")
    yield context
    context.close()


@pytest.fixture
def phone(phone_context):
    page = phone_context.new_page()
    page.set_default_timeout(10_000)
    return page
