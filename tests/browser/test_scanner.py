"""The scanner: a QR shown to Chromium's fake camera becomes a contact, offline, matched to the
attendee list (who is then marked met), and reaches the server exactly once."""

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from companion.db import db
from companion.models import Attendee, Contact, Mark, SyncClient

from .conftest import APP_TIMEOUT, CHROMIUM_ARGS, log_in_page, open_app, wait_for_sync
from .fake_camera import write_y4m
from .test_offline import open_event

PHONE = {"width": 390, "height": 844}
FAKE_CAMERA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
DECODER = "/static/vendor/jsqr-1.4.0.js"
DECODER_WORKER = "/static/js/ui/scan-worker.js"
# The app's own IndexedDB module, read from the page: what the phone holds.
STORED = """async () => {
  const db = await import('/static/js/store/db.js');
  const [records, outbox] = await Promise.all([db.getAll('records'), db.getAll('outbox')]);
  return { records, outbox };
}"""
# A BarcodeDetector that "sees" whatever the test put in sessionStorage, for payloads no
# camera frame can carry (5,000 characters) and to drive the detector branch of camera.js.
FAKE_DETECTOR = """
window.BarcodeDetector = class {
  static async getSupportedFormats() { return ['qr_code']; }
  async detect() {
    const text = sessionStorage.getItem('fake-qr');
    return text === null ? [] : [{ rawValue: text, format: 'qr_code' }];
  }
};
"""
MATEO_VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Garcia;Mateo;;;\r\nFN:GARCIA MATEO\r\n"
    "TITLE:Group PM\r\nORG:Acme\r\nEMAIL;TYPE=INTERNET:mateo@acme.example\r\n"
    "TEL;TYPE=CELL:+1 416 555 0100\r\nURL:https://www.linkedin.com/in/mateo-garcia\r\n"
    "END:VCARD\r\n"
)


@pytest.fixture
def camera(playwright_instance, chromium_path, tmp_path):
    """Return show(payload) -> a phone page whose camera films `payload` as a QR code."""
    browsers = []

    def show(payload: str | None):
        args = CHROMIUM_ARGS + FAKE_CAMERA
        if payload is not None:
            video = write_y4m(tmp_path / f"camera-{len(browsers)}.y4m", payload)
            args = args + [f"--use-file-for-fake-video-capture={video}"]
        browser = playwright_instance.chromium.launch(executable_path=chromium_path, args=args)
        browsers.append(browser)
        page = browser.new_context(viewport=PHONE).new_page()
        page.set_default_timeout(APP_TIMEOUT)
        return page

    yield show
    for browser in browsers:
        browser.close()


def poll(page, script: str, arg=None, timeout_ms: int = APP_TIMEOUT):
    """Evaluate an async `script` until it returns something truthy; return that.

    page.wait_for_function cannot wait on a promise (it is truthy before it settles).
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still falsy after {timeout_ms} ms: {script}")
        page.wait_for_timeout(100)


def ready_for_the_venue(page, live_url, event_id: int) -> None:
    """One online visit: logged in, the event's list stored, the QR decoder and its worker
    kept (neither is in the precached shell); then offline."""
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, event_id)
    for url in (DECODER, DECODER_WORKER):
        poll(page, "async (url) => Boolean(await caches.match(url))", url)
    page.context.set_offline(True)


def stored(page) -> dict:
    """Return the contacts and marks on the device and the outbox."""
    data = page.evaluate(STORED)
    by_kind = {"contact": [], "mark": []}
    for record in data["records"]:
        if record["kind"] in by_kind:
            by_kind[record["kind"]].append(record)
    return {**by_kind, "outbox": data["outbox"]}


def attendee_id(live_app, name: str) -> int:
    with live_app.app_context():
        return db.session.execute(select(Attendee.id).where(Attendee.name == name)).scalar_one()


def server_contacts(live_app) -> list[Contact]:
    with live_app.app_context():
        contacts = db.session.execute(select(Contact)).scalars().all()
        for contact in contacts:
            db.session.expunge(contact)
        return contacts


def server_mark(live_app, attendee: int) -> Mark | None:
    with live_app.app_context():
        return db.session.execute(
            select(Mark).where(Mark.attendee_id == attendee)
        ).scalar_one_or_none()


def scan(page, live_url, event_id: int):
    """Open the scanner for the event; return the result panel once a code was read."""
    page.goto(f"{live_url}/app#/events/{event_id}/scan")
    result = page.locator(".scan-result")
    expect(result).to_be_visible()
    return result


def test_scanning_an_attendee_offline_saves_the_contact_and_the_met_mark_once(
    camera, live_app, live_url, live_event
):
    page = camera(MATEO_VCARD)
    ready_for_the_venue(page, live_url, live_event)
    mateo = attendee_id(live_app, "Mateo García")

    result = scan(page, live_url, live_event)
    expect(result.get_by_role("heading", name="GARCIA MATEO")).to_be_visible()
    expect(result).to_contain_text("On the attendee list: Mateo García")
    profile = "https://www.linkedin.com/in/mateo-garcia"
    expect(result.get_by_role("link", name=profile)).to_have_attribute("href", profile)
    result.get_by_label("Note").fill("Runs the PM guild; coffee next week")
    result.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved GARCIA MATEO.")).to_contain_text(
        "Mateo García is marked as met.")

    device = stored(page)
    [contact] = device["contact"]
    [mark] = device["mark"]
    person_id = contact["fields"]["person_id"]
    assert contact["fields"] | {"met_at": None} == {
        "event_id": live_event, "attendee_id": mateo, "source": "scan", "met_at": None,
        "person_id": person_id,
        "name": "GARCIA MATEO", "title": "Group PM", "company": "Acme",
        "email": "mateo@acme.example", "phone": "+1 416 555 0100",
        "linkedin": "https://www.linkedin.com/in/mateo-garcia", "url": "",
        "note": "Runs the PM guild; coffee next week", "raw": MATEO_VCARD,
    }
    assert contact["fields"]["met_at"].endswith("Z")
    assert (mark["fields"]["attendee_id"], mark["fields"]["status"]) == (mateo, "met")
    assert mark["fields"]["person_id"] == person_id
    # One transaction: the contact, the met mark, the person they are and the meeting.
    assert [(c["seq"], c["kind"]) for c in device["outbox"]] == [
        (1, "contact"), (2, "mark"), (3, "person"), (4, "interaction")]
    expect(page.locator("#pending-badge")).to_have_attribute("data-count", "4")

    page.get_by_role("link", name="See who you met").click()
    row = page.locator(".met-row", has_text="Mateo García")
    expect(row).to_have_count(1)  # the scan shows once, under the attendee
    expect(row).to_contain_text("mateo@acme.example")
    expect(row.get_by_label("Contact note")).to_have_value(
        "Runs the PM guild; coffee next week")
    expect(page.locator(".tab[aria-current=page]")).to_contain_text("Met (1)")
    assert server_contacts(live_app) == []

    page.context.set_offline(False)
    wait_for_sync(page)
    [saved] = server_contacts(live_app)
    assert (saved.id, saved.name, saved.email) == (contact["id"], "GARCIA MATEO",
                                                   "mateo@acme.example")
    assert (saved.event_id, saved.attendee_id, saved.source) == (live_event, mateo, "scan")
    assert saved.raw == MATEO_VCARD and saved.note == "Runs the PM guild; coffee next week"
    assert server_mark(live_app, mateo).status == "met"

    page.click("#sync-button")  # another round sends nothing twice
    wait_for_sync(page)
    assert len(server_contacts(live_app)) == 1
    with live_app.app_context():
        assert db.session.execute(select(func.count()).select_from(Mark)).scalar_one() == 1
        assert db.session.execute(select(SyncClient.last_seq)).scalar_one() == 4


@pytest.mark.parametrize(("payload", "shown", "matched", "fields"), [
    ("MECARD:N:Lindqvist,Zoe;TEL:+46 8 555 0101;EMAIL:zoe@northwind.example;"
     "URL:https://northwind.example;;",
     "Zoe Lindqvist", "Zoë Lindqvist",
     {"email": "zoe@northwind.example", "phone": "+46 8 555 0101",
      "url": "https://northwind.example", "linkedin": ""}),
    ("https://www.linkedin.com/in/nadia-sharma-4b2a1c9",
     "Nadia Sharma", "Nadia Sharma",
     {"linkedin": "https://www.linkedin.com/in/nadia-sharma-4b2a1c9", "email": "", "url": ""}),
], ids=["mecard", "linkedin"])
def test_mecard_and_linkedin_codes_match_the_attendee_offline(
    camera, live_app, live_url, live_event, payload, shown, matched, fields
):
    page = camera(payload)
    ready_for_the_venue(page, live_url, live_event)
    result = scan(page, live_url, live_event)
    expect(result.get_by_role("heading", name=shown)).to_be_visible()
    expect(result).to_contain_text(f"On the attendee list: {matched}")
    result.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text=f"Saved {shown}.")).to_be_visible()

    [contact] = stored(page)["contact"]
    assert {name: contact["fields"][name] for name in fields} == fields
    assert contact["fields"]["attendee_id"] == attendee_id(live_app, matched)
    [mark] = stored(page)["mark"]
    assert mark["fields"]["status"] == "met"
    page.context.set_offline(False)
    wait_for_sync(page)
    [saved] = server_contacts(live_app)
    assert saved.name == shown and saved.attendee_id == attendee_id(live_app, matched)


def test_without_the_kept_decoder_the_scanner_says_so_offline(camera, live_url, live_event):
    page = camera(MATEO_VCARD)
    ready_for_the_venue(page, live_url, live_event)
    # As if the decoder had never been fetched online (or the browser evicted it).
    page.evaluate("async (url) => (await caches.open('companion-runtime')).delete(url)", DECODER)
    page.goto(f"{live_url}/app#/events/{live_event}/scan")
    expect(page.get_by_role("alert")).to_contain_text("The QR decoder could not load.")
    expect(page.get_by_role("button", name="Add by hand")).to_be_visible()


@pytest.fixture
def detector_page(camera, live_url, live_event):
    """A logged-in phone whose BarcodeDetector reads sessionStorage['fake-qr'], offline."""
    page = camera(None)
    page.add_init_script(FAKE_DETECTOR)
    ready_for_the_venue(page, live_url, live_event)
    return page


def fake_scan(page, live_url, event_id: int, payload: str) -> None:
    page.goto(f"{live_url}/app")
    page.evaluate("(text) => sessionStorage.setItem('fake-qr', text)", payload)
    page.goto(f"{live_url}/app#/events/{event_id}/scan")


HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def test_scanned_markup_stays_text_everywhere(detector_page, live_url, live_event):
    page = detector_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = (f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{HOSTILE_NAME}\r\n"
               "ORG:<b>Bold</b> & Co\r\nURL:javascript:alert(2)\r\n"
               "URL:https://example.com/?q=<script>\r\nEND:VCARD\r\n")
    fake_scan(page, live_url, live_event, payload)
    result = page.locator(".scan-result")
    expect(result.get_by_role("heading", name=HOSTILE_NAME)).to_be_visible()
    expect(result).to_contain_text("<b>Bold</b> & Co")
    assert result.locator("img, b, script").count() == 0
    links = result.get_by_role("link")
    expect(links).to_have_count(1)  # the https address only; javascript: is dropped
    expect(links).to_have_attribute("href", "https://example.com/?q=<script>")
    expect(result).not_to_contain_text("javascript:")
    result.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="See who you met").click()
    row = page.locator(".met-row", has_text=HOSTILE_NAME)
    expect(row).to_be_visible()
    assert page.locator(".met-list img, .met-list b").count() == 0
    assert dialogs == []


@pytest.mark.parametrize(("payload", "shown"), [
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("Find me at the bar\n<a href=javascript:alert(1)>me</a>",
     "<a href=javascript:alert(1)>me</a>"),
])
def test_text_codes_show_as_text_without_links(detector_page, live_url, live_event, payload,
                                               shown):
    fake_scan(detector_page, live_url, live_event, payload)
    result = detector_page.locator(".scan-result")
    expect(result.get_by_role("heading", name="Who is this?")).to_be_visible()
    expect(result.locator(".scanned-text")).to_have_text(payload)
    expect(result).to_contain_text(shown)
    assert result.locator("a").count() == 0


@pytest.mark.parametrize(("payload", "kind", "name", "shown"), [
    ("BIZCARD:N:Sean;X:Owen;T:Engineer;C:Google;M:+12125551212;E:srowen@example.org;;",
     "Contact card", "Sean Owen", ["Engineer", "Google", "+12125551212", "srowen@example.org"]),
    ("MEMORY:met at the bar\r\nNAME1:Aiko Tanaka\r\nTEL1:+81 90 1234 5678\r\n",
     "Contact card", "Aiko Tanaka", ["+81 90 1234 5678"]),
    ("Zoë Müller\n+49 30 1234567\nzoe@example.org\nwww.zoe.dev",
     "Contact details", "Zoë Müller", ["+49 30 1234567", "zoe@example.org",
                                       "https://www.zoe.dev"]),
    ("/in/ada-lovelace-4b2a1c9", "LinkedIn profile", "Ada Lovelace",
     ["https://www.linkedin.com/in/ada-lovelace-4b2a1c9"]),
    ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:"
     + "安藤 ロイド".encode("shift_jis").decode("latin-1") + "\r\nURL:www.example.jp\r\n"
     "FBURL;ENCODING=QUOTED-PRINTABLE:??=0C\r\nEND:VCARD\r\n",
     "Contact card", "安藤 ロイド", ["https://www.example.jp"]),
], ids=["bizcard", "au", "plain-lines", "luma-handle", "shift-jis-bytes"])
def test_the_codes_real_phones_and_badges_carry_are_read(detector_page, live_url, live_event,
                                                         payload, kind, name, shown):
    fake_scan(detector_page, live_url, live_event, payload)
    result = detector_page.locator(".scan-result")
    expect(result.locator(".scanned-kind")).to_have_text(kind)
    expect(result.get_by_role("heading", name=name)).to_be_visible()
    for text in shown:
        expect(result).to_contain_text(text)
    for link in result.get_by_role("link").all():
        assert link.get_attribute("href").startswith("https://")
    if "MEMORY:" in payload:  # the au code's memo is the note, ready to edit
        expect(result.get_by_label("Note")).to_have_value("met at the bar")
    result.get_by_role("button", name="Save").click()
    expect(detector_page.locator(".scan-saved")).to_be_visible()
    [contact] = stored(detector_page)["contact"]
    assert contact["fields"]["name"] == name and contact["fields"]["raw"] == payload


@pytest.mark.parametrize(("payload", "message"), [
    ("1" * 5000, "This code holds too much data (over 4096 characters)."),
    ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Off\r\n", "This contact card is cut off"),
    ("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n", "This contact card has no name."),
    ("Ada\x00Lovelace", "control characters"),
], ids=["oversized", "cut-off", "nameless", "control"])
def test_refused_codes_say_why_and_save_nothing(detector_page, live_url, live_event, payload,
                                                message):
    page = detector_page
    fake_scan(page, live_url, live_event, payload)
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    page.get_by_role("button", name="Scan again").click()  # the camera opens again
    expect(page.get_by_role("alert")).to_contain_text(message)  # and reads the same code
    assert stored(page)["contact"] == [] and stored(page)["outbox"] == []


def test_adding_by_hand_offline_matches_and_reaches_the_server(
    detector_page, live_app, live_url, live_event
):
    page = detector_page
    page.goto(f"{live_url}/app#/events/{live_event}/scan")
    page.get_by_role("button", name="Add by hand").click()
    form = page.locator(".contact-form")
    form.get_by_label("Name").fill("sharma, NADIA")
    form.get_by_label("Email").fill("nadia@brightly.example")
    form.get_by_label("LinkedIn profile").fill("linkedin.com/in/nadia")
    form.get_by_label("Note").fill("Design systems")
    form.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("status").filter(has_text="Saved sharma, NADIA.")).to_contain_text(
        "Nadia Sharma is marked as met.")

    page.get_by_role("button", name="Add by hand").click()
    form = page.locator(".contact-form")
    form.get_by_label("LinkedIn profile").fill("javascript:alert(1)")
    form.get_by_label("Name").fill("Priya Natarajan")
    form.get_by_role("button", name="Save contact").click()
    expect(form.get_by_role("alert")).to_contain_text("must be a web address")
    form.get_by_label("LinkedIn profile").fill("")
    form.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("status").filter(has_text="Saved Priya Natarajan.")).to_be_visible()

    page.goto(f"{live_url}/app#/events/{live_event}/met")
    expect(page.locator(".met-row")).to_have_count(2)
    expect(page.locator(".met-row", has_text="Priya Natarajan")).to_contain_text("Added by hand")
    # Priya is on no list, yet met: the tab counts every row it shows.
    expect(page.locator(".tab[aria-current=page]")).to_have_text("Met (2)")
    page.context.set_offline(False)
    wait_for_sync(page)
    saved = {contact.name: contact for contact in server_contacts(live_app)}
    assert set(saved) == {"sharma, NADIA", "Priya Natarajan"}
    nadia = saved["sharma, NADIA"]
    assert (nadia.source, nadia.raw, nadia.linkedin) == ("manual", "",
                                                         "https://linkedin.com/in/nadia")
    assert nadia.attendee_id == attendee_id(live_app, "Nadia Sharma")
    assert saved["Priya Natarajan"].attendee_id is None
    assert server_mark(live_app, attendee_id(live_app, "Nadia Sharma")).status == "met"

    # The contact's note is free text: edited offline, it travels with the text it replaced.
    page.context.set_offline(True)
    row = page.locator(".met-row", has_text="Nadia Sharma")
    contact_note = row.get_by_label("Contact note")
    expect(contact_note).to_have_value("Design systems")
    contact_note.fill("Design systems; intro to her CTO")
    row.get_by_label("Note", exact=True).focus()  # leaving the field saves it
    expect(page.locator("#pending-badge")).to_have_attribute("data-count", "1")
    [change] = stored(page)["outbox"]
    assert (change["kind"], change["id"]) == ("contact", nadia.id)
    assert change["fields"] == {"note": "Design systems; intro to her CTO"}
    assert change["base"] == {"note": "Design systems"}
    page.context.set_offline(False)
    wait_for_sync(page)
    [nadia] = [c for c in server_contacts(live_app) if c.id == nadia.id]
    assert nadia.note == "Design systems; intro to her CTO"


# The mark's outbox entry fails to write: the contact written before it must not stay either.
FAIL_MARK_OUTBOX = """
const add = IDBObjectStore.prototype.add;
IDBObjectStore.prototype.add = function (value, ...rest) {
  if (this.name === 'outbox' && value && value.kind === 'mark') {
    throw new DOMException('The disk is full.', 'QuotaExceededError');
  }
  return add.call(this, value, ...rest);
};
"""


def test_contact_and_mark_are_saved_together_or_not_at_all(detector_page, live_url, live_event):
    page = detector_page
    page.add_init_script(FAIL_MARK_OUTBOX)
    fake_scan(page, live_url, live_event, "MECARD:N:Farouk,Omar;EMAIL:omar@zeta.example;;")
    result = page.locator(".scan-result")
    expect(result).to_contain_text("On the attendee list: Omar Farouk")
    result.get_by_role("button", name="Save").click()
    expect(result.get_by_role("alert")).to_contain_text("Not saved")
    device = stored(page)
    assert device["contact"] == [] and device["mark"] == [] and device["outbox"] == []


def test_people_met_outside_events_have_their_own_list_offline(
    detector_page, live_app, live_url, live_event
):
    page = detector_page  # offline from here
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_url}/app#/")
    page.get_by_role("link", name="Scan a badge").click()
    # No event is on now (the test event is in 2030): the scanner asks, "No event" is a choice.
    page.get_by_role("link", name="No event").click()
    expect(page.get_by_label("Save contacts to")).to_have_value("")  # No event
    page.get_by_role("button", name="Add by hand").click()
    form = page.locator(".contact-form")
    form.get_by_label("Name").fill(HOSTILE_NAME)
    form.get_by_label("Email").fill("someone@example.com")
    form.get_by_role("button", name="Save contact").click()
    page.get_by_role("link", name="See who you met").click()

    expect(page.get_by_role("heading", name="Met outside events")).to_be_visible()
    row = page.locator(".met-row")
    expect(row).to_have_count(1)
    expect(row.locator(".person-name")).to_have_text(HOSTILE_NAME)  # text, not an image
    expect(row.locator("img")).to_have_count(0)
    expect(row).to_contain_text("someone@example.com")
    expect(row.locator(".met-source")).to_contain_text("Added by hand")
    # Met elsewhere, the day is shown too (at an event its time says enough).
    year = page.evaluate("() => String(new Date().getFullYear())")
    expect(row.locator(".met-source")).to_contain_text(year)
    expect(page.get_by_role("link", name="Export all contacts (.vcf)")).to_be_hidden()  # offline

    # A contact saved at the event is not listed here; one saved here is not on the event.
    note = row.get_by_label("Note")
    note.fill("Met on the train")
    page.get_by_role("heading", name="Met outside events").click()  # leaving the field saves it
    # The contact, the person they are, the meeting, and the note.
    expect(page.locator("#pending-badge")).to_have_attribute("data-count", "4")
    page.goto(f"{live_url}/app#/events/{live_event}/met")
    expect(page.locator(".met-row")).to_have_count(0)
    expect(page.locator(".tab[aria-current=page]")).to_have_text("Met (0)")

    page.context.set_offline(False)
    wait_for_sync(page)
    [saved] = server_contacts(live_app)
    assert (saved.name, saved.event_id, saved.note) == (HOSTILE_NAME, None, "Met on the train")
    page.goto(f"{live_url}/app#/contacts")
    expect(page.locator(".met-row").get_by_label("Note")).to_have_value("Met on the train")
    expect(page.get_by_role("link", name="Export all contacts (.vcf)")).to_be_visible()
    assert dialogs == []


def test_nobody_met_outside_events_says_how_to_add_someone(app_page, live_url):
    app_page.get_by_role("link", name="Met outside events").click()
    expect(app_page.locator(".met-empty")).to_have_text(
        "Nobody yet. People you scan or add with “No event” chosen are kept here.")
