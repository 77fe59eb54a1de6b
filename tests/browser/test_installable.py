"""Chromium finds nothing stopping it from installing the app from its start URL."""

from playwright.sync_api import expect

from .conftest import APP_TIMEOUT, log_in_page, wait_for_worker


def test_start_url_has_no_installability_errors(persistent_context, live_url, live_user):
    # A normal (incognito-like) context always reports "in-incognito": a real profile is needed.
    page = persistent_context.new_page()
    page.set_default_timeout(APP_TIMEOUT)
    log_in_page(page, live_url)
    page.goto(f"{live_url}/app")
    wait_for_worker(page)
    cdp = persistent_context.new_cdp_session(page)

    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{live_url}/manifest.webmanifest"
    assert manifest["errors"] == []
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


def test_app_works_for_a_visitor_who_is_not_logged_in(page, live_url):
    page.goto(f"{live_url}/app")
    wait_for_worker(page)  # the shell installs even before logging in
    # Nobody is logged in on this browser: the app shows nobody's data and offers to log in.
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
    login = page.locator("main").get_by_role("link", name="Log in")
    assert "/auth/login?next=%2Fapp" in login.get_attribute("href")


def test_worker_installs_even_when_an_optional_icon_fails(context, page, live_url):
    context.route("**/static/icons/apple-touch-icon.png", lambda route: route.abort())
    page.goto(f"{live_url}/app")
    wait_for_worker(page)
    cached = page.evaluate(
        """async () => {
          const name = (await caches.keys()).find((key) => key.startsWith('companion-shell-'));
          const cache = await caches.open(name);
          return (await cache.keys()).map((request) => new URL(request.url).pathname);
        }"""
    )
    assert "/app" in cached and "/static/js/main.js" in cached
    assert "/static/icons/apple-touch-icon.png" not in cached
