"""Issue 13 item 12, the small ones, on a 390x844 phone: logging in lands in the app, /app
logged out says one thing, the prep pages follow a dark system setting, the share link copies,
no "p.m.." (tests/browser/test_arrival_agrees.py), and a 404 of the site's own."""

from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import APP_TIMEOUT, log_in_page
from .phone import shot

CONTRAST = """(selector) => {
  const rgb = (text) => text.match(/[0-9.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const el = document.querySelector(selector);
  const ink = lum(rgb(getComputedStyle(el).color));
  const paper = lum(rgb(getComputedStyle(document.body).backgroundColor));
  return (Math.max(ink, paper) + 0.05) / (Math.min(ink, paper) + 0.05);
}"""


def test_logging_in_on_a_phone_lands_in_the_app(phone, browser, live_url, live_user):
    log_in_page(phone, live_url)
    expect(phone).to_have_url(f"{live_url}/app")
    expect(phone.get_by_role("heading", name="Your events")).to_be_visible()
    laptop = browser.new_context(viewport={"width": 1280, "height": 800})
    page = laptop.new_page()
    log_in_page(page, live_url)
    expect(page).to_have_url(f"{live_url}/events/")  # the evening-before prep page
    laptop.close()


def test_the_logged_out_app_says_one_thing(phone, live_url, live_user):
    page = phone
    page.goto(f"{live_url}/app")
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
    # Nothing else to read or press: no QR, no sync, no second sentence about logging in.
    expect(page.get_by_role("button", name="My QR")).to_be_hidden()
    expect(page.get_by_role("button", name="Sync now")).to_be_hidden()
    expect(page.get_by_text("Log in", exact=False)).to_have_count(2)  # the sentence and button
    shot(page, "app-logged-out")
    page.get_by_role("link", name="Log in").click()
    page.fill("input[name=email]", "ada@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_url}/app")  # back in the app, on a phone


def test_prep_pages_follow_a_dark_setting(browser, live_url, live_user, live_event):
    for scheme, paper in (("dark", "rgb(13, 27, 42)"), ("light", "rgb(255, 255, 255)")):
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{live_url}/auth/login")
        page.fill("input[name=email]", "ada@example.com")
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_url}/events/{live_event}")
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == paper
        for selector in ("main h1", "main p", "main a", "main a.button", "main .hint"):
            assert page.evaluate(CONTRAST, selector) >= 4.5, (scheme, selector)
        shot(page, f"prep-{scheme}")
        context.close()


def test_the_share_link_copies_in_one_tap(phone, live_url, live_user, live_event):
    page = phone
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    log_in_page(page, live_url)
    page.goto(f"{live_url}/events/{live_event}")
    page.get_by_role("button", name="Create a share link").click()
    link = page.get_by_label("Share link").input_value()
    assert "/events/join/" in link
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator(".copy-line [role=status]")).to_have_text("Copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    shot(page, "share-copy")


def test_a_missing_page_is_the_sites_own(phone, live_url, live_user):
    page = phone
    log_in_page(page, live_url)
    response = page.goto(f"{live_url}/events/999999")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("link", name="Your events")).to_be_visible()
    shot(page, "prep-404")


APP_PAIRS = ("main h1", "main .event-when", ".screen-status", ".tab[aria-current=page]",
             ".chip.priority-must", ".person-row .person-name", ".room-action.scan-action")
# The contrast of an element's text on the nearest background actually painted behind it.
PAINTED_CONTRAST = """(selector) => {
  const rgb = (text) => text.match(/[0-9.]+/g).slice(0, 4).map(Number);
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const el = document.querySelector(selector);
  let back = el;
  while (back && (() => { const c = rgb(getComputedStyle(back).backgroundColor);
    return c.length === 4 && c[3] === 0; })()) back = back.parentElement;
  const ink = lum(rgb(getComputedStyle(el).color));
  const paper = lum(rgb(getComputedStyle(back || document.body).backgroundColor));
  return (Math.max(ink, paper) + 0.05) / (Math.min(ink, paper) + 0.05);
}"""


def test_the_app_follows_the_system_colour_scheme(browser, live_app, live_url, live_user,
                                                  live_event):
    from .test_targets_first import mark_targets

    mark_targets(live_app, live_user[2], live_event)
    for scheme, paper in (("dark", "rgb(13, 27, 42)"), ("light", "rgb(244, 247, 250)")):
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      color_scheme=scheme)
        page = context.new_page()
        log_in_page(page, live_url)
        page.goto(f"{live_url}/app#/events/{live_event}/targets")
        # The targets come with the first sync (what this test looks at is their colours).
        expect(page.locator(".person-row").first).to_be_visible(timeout=APP_TIMEOUT)
        assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == paper
        for selector in APP_PAIRS:
            assert page.evaluate(PAINTED_CONTRAST, selector) >= 4.5, (scheme, selector)
        shot(page, f"app-{scheme}")
        context.close()
