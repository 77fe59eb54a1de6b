"""Issue 13 item 1: everyone you met, with your notes, is in the Met tab's .vcf and .csv.

Marked met with a note and never scanned, or scanned and then given a note on the mark: after a
sync, the exports the Met tab links to carry the person and every note typed about them.
"""

import csv
import io

from playwright.sync_api import expect

from companion.rules.payload import parse_vcard

from .conftest import choose, log_in_page, open_app, wait_for_edit_synced, wait_for_sync
from .phone import shot
from .test_offline import open_event
from .test_scanner import MATEO_VCARD, camera, fake_scan, ready_for_the_venue  # noqa: F401


def met_tab_exports(page) -> tuple[list[dict], list[dict]]:
    """Follow the Met tab's own export links (as the person would); the cards and CSV rows."""
    links = page.locator(".met-actions a")
    # The resolved href (the anchor's .href): what tapping the link downloads.
    vcf_href = links.filter(has_text=".vcf").evaluate("(a) => a.href")
    csv_href = links.filter(has_text=".csv").evaluate("(a) => a.href")
    cards = parse_vcard(page.request.get(vcf_href).text())
    rows = list(csv.DictReader(io.StringIO(page.request.get(csv_href).text())))
    return cards, rows


def test_marked_met_with_a_note_is_in_both_met_tab_exports(phone, live_url, live_user,
                                                           live_event):
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url)
    open_event(page, live_url, live_event)
    page.get_by_role("link", name="Nadia Sharma").click()
    choose(page, "Met")
    page.get_by_label("Note").fill("Hiring a design lead; send the case study")
    page.get_by_label("Note").blur()
    wait_for_edit_synced(page)

    page.goto(f"{live_url}/app#/events/{live_event}/met")
    expect(page.locator(".met-row", has_text="Nadia Sharma")).to_be_visible()
    shot(page, "met-export-marked-met")
    cards, rows = met_tab_exports(page)
    [card] = cards
    assert (card["name"], card["title"], card["company"]) == (
        "Nadia Sharma", "Head of Design", "Brightly")
    assert card["note"].startswith(
        "Hiring a design lead; send the case study\nMet at Product Night")
    [row] = rows
    assert (row["name"], row["company"], row["event"]) == ("Nadia Sharma", "Brightly",
                                                          "Product Night")
    assert row["note"] == "Hiring a design lead; send the case study"


def test_a_note_on_a_scanned_persons_mark_is_exported_with_the_contact_note(
    camera, live_url, live_event  # noqa: F811
):
    page = camera(None)
    page.add_init_script("""
      window.BarcodeDetector = class {
        static async getSupportedFormats() { return ['qr_code']; }
        async detect() {
          const text = sessionStorage.getItem('fake-qr');
          return text === null ? [] : [{ rawValue: text, format: 'qr_code' }];
        }
      };""")
    ready_for_the_venue(page, live_url, live_event)
    fake_scan(page, live_url, live_event, MATEO_VCARD)
    result = page.locator(".scan-result")
    result.get_by_label("Note").fill("Runs the PM guild")
    result.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="See who you met").click()
    row = page.locator(".met-row", has_text="Mateo García")
    row.get_by_label("Note", exact=True).fill("Intro him to Ravi about the roadmap")
    row.get_by_label("Contact note").focus()  # leaving the field saves it
    page.context.set_offline(False)
    wait_for_sync(page)
    expect(page.locator("#pending-badge")).to_have_attribute("data-count", "0")
    shot(page, "met-export-scanned")

    cards, rows = met_tab_exports(page)
    [card] = cards
    assert card["name"] == "GARCIA MATEO" and card["phone"] == "+1 416 555 0100"
    assert card["note"].startswith("Intro him to Ravi about the roadmap\nRuns the PM guild\n")
    [row] = rows
    assert row["note"] == "Intro him to Ravi about the roadmap\nRuns the PM guild"
