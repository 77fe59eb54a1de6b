"""My card in the app: edited by field name, synced to the server's Card, its QR kept on the
device for the full-screen badge, which shows offline and keeps the screen awake."""

import re

from playwright.sync_api import expect

from companion.db import db
from companion.models import Card, derived_id

from .conftest import log_in_page, open_app, wait_for_edit_synced, wait_for_worker
from .test_scanner import DECODER, poll

STORED_QR = """async () => {
  const db = await import('/static/js/store/db.js');
  return (await db.getMeta('card_qr')) || null;
}"""
# Read the QR the badge shows, from its pixels, with the vendored decoder.
READ_BADGE = """() => {
  const image = document.querySelector('.badge-qr');
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 600;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0, 600, 600);
  const code = self.jsQR(context.getImageData(0, 0, 600, 600).data, 600, 600);
  return code && code.data;
}"""
# navigator.wakeLock as the browser would give it, recording what the app asks of it.
WAKE_LOCK = """
window.wakeLockCalls = [];
window.wakeLockSentinels = [];
Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: {
  async request(type) {
    window.wakeLockCalls.push(type);
    const sentinel = { released: false, async release() { this.released = true; } };
    window.wakeLockSentinels.push(sentinel);
    return sentinel;
  },
} });
"""


def server_card(live_app, user_id: int) -> Card:
    with live_app.app_context():
        card = db.session.get(Card, (user_id, derived_id("card", user_id)))
        db.session.expunge(card)
        return card


def served_qr(page, live_url) -> tuple[str, str]:
    response = page.request.get(live_url + "/card/qr.svg")
    assert response.status == 200
    return response.headers["etag"], response.text()


def wait_for_stored_qr(page, etag: str) -> dict:
    """Wait until the device keeps the QR with this ETag; return it."""
    return poll(page, f"async (etag) => {{ const qr = await ({STORED_QR})(); "
                "return qr && qr.etag === etag && qr; }", etag)


def test_card_starts_from_the_account_and_edits_reach_the_server_and_the_qr(
    app_page, live_app, live_url, live_user
):
    page = app_page
    page.goto(f"{live_url}/app#/card")
    form = page.locator("form.card-form")
    expect(form.locator("input[name=name]")).to_have_value("Ada Lovelace")
    expect(form.locator("input[name=email]")).to_have_value("ada@example.com")
    before_etag, before_svg = served_qr(page, live_url)
    assert wait_for_stored_qr(page, before_etag)["svg"] == before_svg
    expect(page.get_by_role("img", name="QR code of my contact card")).to_be_visible()

    form.locator("input[name=title]").fill("Engineer")
    form.locator("input[name=company]").fill("Analytical Engines")
    form.locator("input[name=phone]").fill("+44 20 7946 0000")
    form.locator("input[name=linkedin]").fill("linkedin.com/in/ada")
    form.locator("input[name=website]").fill("https://ada.example")
    form.locator("input[name=in_qr_email]").uncheck()
    form.locator("input[name=in_qr_phone]").check()
    expect(form.locator("input[name=in_qr_name]")).to_be_disabled()
    form.get_by_role("button", name="Save card").click()
    expect(form.get_by_role("status")).to_have_text("Saved on this device.")
    expect(form.locator("input[name=linkedin]")).to_have_value("https://linkedin.com/in/ada")
    wait_for_edit_synced(page)

    card = server_card(live_app, live_user[2])
    assert (card.name, card.title, card.company, card.email, card.phone) == (
        "Ada Lovelace", "Engineer", "Analytical Engines", "ada@example.com", "+44 20 7946 0000")
    assert (card.linkedin, card.website) == ("https://linkedin.com/in/ada", "https://ada.example")
    assert card.in_qr == ["name", "title", "company", "phone", "linkedin", "website"]
    after_etag, after_svg = served_qr(page, live_url)
    assert after_etag != before_etag and after_svg != before_svg
    assert wait_for_stored_qr(page, after_etag)["svg"] == after_svg  # the phone keeps the new one
    expect(page.locator(".card-side")).to_contain_text("kept on this device")


def test_card_edits_offline_wait_for_sync_before_the_qr_changes(
    app_page, context, live_app, live_url, live_user
):
    page = app_page
    page.goto(f"{live_url}/app#/card")
    etag, _ = served_qr(page, live_url)
    wait_for_stored_qr(page, etag)
    context.set_offline(True)
    expect(page.get_by_role("link", name="Printable badge")).to_be_hidden()
    expect(page.locator(".card-side")).to_contain_text("Printing the badge needs a connection.")
    page.locator("input[name=title]").fill("Countess")
    page.get_by_role("button", name="Save card").click()
    expect(page.locator(".card-side")).to_contain_text("Your QR updates after sync.")
    page.locator("input[name=website]").fill("javascript:alert(1)")
    page.get_by_role("button", name="Save card").click()
    expect(page.locator("form.card-form").get_by_role("status")).to_contain_text(
        "must be a web address")

    context.set_offline(False)
    new_etag = poll(page, f"async (etag) => {{ const qr = await ({STORED_QR})(); "
                    "return qr && qr.etag !== etag && qr.etag; }", etag)
    assert server_card(live_app, live_user[2]).title == "Countess"
    assert server_card(live_app, live_user[2]).website == ""
    assert new_etag == served_qr(page, live_url)[0]
    expect(page.locator(".card-side")).not_to_contain_text("Your QR updates after sync.")
    expect(page.get_by_role("link", name="Printable badge")).to_have_attribute("href",
                                                                              "/card/print")


def test_badge_shows_the_stored_qr_offline_and_keeps_the_screen_awake(
    page, context, live_url, live_user
):
    log_in_page(page, live_url)
    open_app(page, live_url)
    etag, _ = served_qr(page, live_url)
    wait_for_stored_qr(page, etag)  # kept after the first sync, without opening the card
    poll(page, "async (url) => Boolean(await caches.match(url))", DECODER)
    context.set_offline(True)
    page.add_init_script(WAKE_LOCK)
    page.reload()  # the app starts again from the worker's cache, with no network
    wait_for_worker(page)

    page.get_by_role("button", name="My QR").click()
    badge = page.get_by_role("dialog", name="My QR code")
    expect(badge).to_be_visible()
    image = badge.get_by_role("img", name="QR code of my contact card")
    expect(image).to_have_attribute("src", re.compile(r"^blob:"))
    page.wait_for_function("() => document.querySelector('.badge-qr').naturalWidth > 0")
    page.add_script_tag(url=live_url + DECODER)  # kept by the service worker, offline
    assert "FN:Ada Lovelace\r\n" in page.evaluate(READ_BADGE)
    expect(badge).to_contain_text("Ada Lovelace")
    box = image.bounding_box()
    viewport = page.viewport_size
    assert box["width"] >= 0.9 * min(viewport["width"], viewport["height"] - 160)
    assert page.evaluate("() => window.wakeLockCalls") == ["screen"]

    # The system drops the lock when the page is hidden; coming back asks again.
    page.evaluate("""() => { window.wakeLockSentinels[0].released = true;
      document.dispatchEvent(new Event('visibilitychange')); }""")
    page.wait_for_function("() => window.wakeLockCalls.length === 2")

    page.keyboard.press("Escape")
    expect(badge).to_be_hidden()
    assert page.evaluate("() => window.wakeLockSentinels.map((s) => s.released)") == [True, True]
    expect(page.get_by_role("button", name="My QR")).to_be_focused()


def test_card_opened_first_on_a_new_device_shows_no_stale_login_message(
        page, live_url, live_user):
    # The very first screen of a fresh device is the card: it opens before the first sync has
    # learnt who is logged in, and must not keep saying so once it knows.
    log_in_page(page, live_url)
    open_app(page, live_url, "#/card")
    expect(page.locator("input[name=name]")).to_have_value("Ada Lovelace")
    expect(page.get_by_text("Log in once with a connection")).to_have_count(0)
