"""A changed static file makes a new worker, which waits for the user's "reload"."""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from companion import create_app
from companion.db import db

from .conftest import LiveServer, wait_for_worker

ROOT = Path(__file__).resolve().parents[2]
SHELL_CACHES = """async () =>
  (await caches.keys()).filter((name) => name.startsWith('companion-shell-'))"""


@pytest.fixture
def static_copy(tmp_path) -> Path:
    copy = tmp_path / "static"
    shutil.copytree(ROOT / "static", copy)
    return copy


@pytest.fixture
def copy_server(tmp_path, static_copy):
    """The app on a live server, serving its static files from a copy the test may change."""
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'update.sqlite'}",
        "STATIC_DIR": str(static_copy),
    })
    with app.app_context():
        db.create_all()
    server = LiveServer(app)
    yield server
    server.stop()


def served_version(page, url: str) -> str:
    source = page.evaluate("async (url) => (await fetch(url)).text()", url)
    return re.search(r'"version": "([0-9a-f]{12})"', source).group(1)


def test_changed_file_offers_new_version_and_reload_switches_to_it(page, copy_server,
                                                                    static_copy):
    url = copy_server.url
    page.goto(f"{url}/app")
    wait_for_worker(page)
    old_version = served_version(page, f"{url}/service-worker.js")
    assert page.evaluate(SHELL_CACHES) == [f"companion-shell-{old_version}"]
    expect(page.locator("#update-banner")).to_be_hidden()

    css = static_copy / "css" / "app.css"
    # A rule, not a comment: the server sends style sheets without their comments.
    css.write_text(css.read_text() + "\n.new-version-marker { color: red; }\n")
    stat = css.stat()
    os.utime(css, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    new_version = served_version(page, f"{url}/service-worker.js")
    assert new_version != old_version

    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    button = page.get_by_role("button", name="New version — reload")
    expect(button).to_be_visible()
    # Still the old code until the user says so.
    assert "new-version-marker" not in page.evaluate(
        "async () => (await fetch('/static/css/app.css')).text()"
    )

    page.evaluate("() => { window.beforeReload = true; }")
    with page.expect_event("load"):
        button.click()
    assert page.evaluate("() => window.beforeReload") is None  # a fresh page
    wait_for_worker(page)
    expect(page.locator("#update-banner")).to_be_hidden()
    # The new worker drops the old version's cache while it activates.
    for _ in range(50):
        if page.evaluate(SHELL_CACHES) == [f"companion-shell-{new_version}"]:
            break
        page.wait_for_timeout(100)
    assert page.evaluate(SHELL_CACHES) == [f"companion-shell-{new_version}"]
    assert "new-version-marker" in page.evaluate(
        "async () => (await fetch('/static/css/app.css')).text()"
    )
