"""Issue 13 item 9: a field typed into my card goes into the QR unless switched off, and the
card screen says whether the QR still reads at arm's length.

The limit it states (61 modules across) is measured here: the densest typical card (every
field filled) makes a 61-module code that the vendored decoder reads from 200 pixels, about
what a phone camera sees of another phone's screen held at arm's length.
"""

import base64

from playwright.sync_api import expect

from companion.cards.qrcodes import render_svg
from companion.db import db
from companion.models import Card, derived_id
from companion.rules.payload import parse_vcard
from companion.rules.vcard import build_vcard

from .conftest import log_in_page, open_app, wait_for_edit_synced
from .phone import shot
from .test_card_screen import served_qr, server_card, wait_for_stored_qr
from .test_qr_decode import DECODE_IN_PAGE, JSQR

FULL_CARD = {
    "name": "Zoë Müller", "title": "Lead PM, Growth; Platform", "company": "Acme, Inc.",
    "email": "zoe@acme.example", "phone": "+1 416 555 0142",
    "linkedin": "https://www.linkedin.com/in/zoe-muller", "website": "https://zoe.example",
}


def test_typed_phone_and_linkedin_go_into_the_qr(phone, live_app, live_url, live_user):
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url, "#/card")
    form = page.locator("form.card-form")
    expect(form.locator("input[name=name]")).to_have_value("Ada Lovelace")
    form.locator("input[name=in_qr_website]").uncheck()  # switched off before typing: stays off
    form.locator("input[name=phone]").fill("+44 20 7946 0000")
    form.locator("input[name=linkedin]").fill("linkedin.com/in/ada")
    form.locator("input[name=website]").fill("https://ada.example")
    expect(form.locator("input[name=in_qr_phone]")).to_be_checked()
    expect(form.locator("input[name=in_qr_linkedin]")).to_be_checked()
    expect(form.locator("input[name=in_qr_website]")).not_to_be_checked()
    form.get_by_role("button", name="Save card").click()
    wait_for_edit_synced(page)

    card = server_card(live_app, live_user[2])
    assert {"phone", "linkedin"} <= set(card.in_qr) and "website" not in card.in_qr
    etag, svg = served_qr(page, live_url)
    wait_for_stored_qr(page, etag)
    page.goto(live_url + "/")
    page.add_script_tag(url=live_url + JSQR)
    decoded = page.evaluate(DECODE_IN_PAGE, [base64.b64encode(svg.encode()).decode(),
                                             "image/svg+xml", 600])
    [fields] = parse_vcard(decoded["text"])
    # The QR gives the profile its canonical address (rules/links.py typed_link).
    assert (fields["phone"], fields["linkedin"]) == ("+44 20 7946 0000",
                                                    "https://www.linkedin.com/in/ada")
    assert fields["url"] == ""

    page.goto(f"{live_url}/app#/card")
    fit = page.locator(".qr-fit")
    expect(fit).to_contain_text(
        "In your QR: Name, Email, Phone, LinkedIn profile. At 49×49 modules")
    expect(fit).to_contain_text("reads at arm’s length")
    page.locator(".card-side").scroll_into_view_if_needed()
    shot(page, "card-qr-fields")


def test_the_arm_length_limit_is_what_a_full_card_needs_and_decodes(page, live_url):
    payload = build_vcard(FULL_CARD, FULL_CARD)
    svg = render_svg(payload)
    assert 'viewBox="0 0 69 69"' in svg  # 61 modules and the 4-module quiet zone each side
    page.goto(live_url + "/")
    page.add_script_tag(url=live_url + JSQR)
    decoded = page.evaluate(DECODE_IN_PAGE, [base64.b64encode(svg.encode()).decode(),
                                             "image/svg+xml", 200])
    assert decoded is not None and decoded["text"] == payload


def test_a_denser_qr_says_to_switch_something_off(phone, live_app, live_url, live_user):
    with live_app.app_context():
        card = db.session.get(Card, (live_user[2], derived_id("card", live_user[2])))
        for name, value in FULL_CARD.items():
            setattr(card, name, value)
        card.website = "https://zoe.example/portfolio/product-management/case-studies/2026"
        card.in_qr = list(FULL_CARD)
        db.session.commit()
    page = phone
    log_in_page(page, live_url)
    open_app(page, live_url, "#/card")
    fit = page.locator(".qr-fit")
    expect(fit).to_contain_text("it is dense: phones must come close")
    expect(fit).to_contain_text("Switch off a long field")
