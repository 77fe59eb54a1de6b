"""The QR the server serves for my card decodes, in Chromium, back to the card's fields."""

import base64

from companion.db import db
from companion.models import Card, derived_id
from companion.rules.payload import parse_vcard

from .conftest import log_in_page
from .test_qr_decode import DECODE_IN_PAGE, JSQR

CARD = {
    "name": "Zoë Müller", "title": "Lead PM, Growth; Platform", "company": "Acme, Inc.",
    "email": "zoe@acme.example", "phone": "+1 416 555 0142",
    "linkedin": "https://www.linkedin.com/in/zoe-muller", "website": "https://zoe.example",
}


def test_served_card_qr_decodes_to_the_chosen_fields(page, live_app, live_url, live_user):
    with live_app.app_context():
        card = db.session.get(Card, (live_user[2], derived_id("card", live_user[2])))
        for name, value in CARD.items():
            setattr(card, name, value)
        card.in_qr = ["name", "title", "company", "phone", "linkedin"]
        db.session.commit()
    log_in_page(page, live_url)
    for path, mime in (("/card/qr.svg", "image/svg+xml"), ("/card/badge.png", "image/png")):
        image = page.request.get(live_url + path).body()
        page.goto(live_url + "/")
        page.add_script_tag(url=live_url + JSQR)
        result = page.evaluate(DECODE_IN_PAGE, [base64.b64encode(image).decode(), mime, 900])
        assert result is not None, f"jsQR found no QR code in {path}"
        [fields] = parse_vcard(result["text"])
        assert fields["name"] == CARD["name"] and fields["title"] == CARD["title"]
        assert fields["company"] == CARD["company"] and fields["phone"] == CARD["phone"]
        assert fields["linkedin"] == CARD["linkedin"]
        assert fields["email"] == "" and fields["url"] == ""
