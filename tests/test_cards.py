"""My card's QR code and printable badge, served from the synced card."""

import io

import pytest
from PIL import Image

from companion.models import derived_id
from companion.rules.payload import parse_vcard

from .test_sync import push


def set_card(client, user, seq=1, **fields):
    change = {"seq": seq, "kind": "card", "op": "put", "id": derived_id("card", user),
              "fields": fields}
    assert push(client, [change]).json["rejected"] == []


def test_qr_svg_is_cached_by_content_and_changes_with_the_card(auth_client, user):
    first = auth_client.get("/card/qr.svg")
    assert first.status_code == 200 and first.mimetype == "image/svg+xml"
    assert b"<script" not in first.data and b"<svg" in first.data
    etag = first.headers["ETag"]
    assert auth_client.get("/card/qr.svg", headers={"If-None-Match": etag}).status_code == 304
    set_card(auth_client, user, title="Head of Product")
    changed = auth_client.get("/card/qr.svg", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert int(changed.headers["X-Card-Version"]) > int(first.headers["X-Card-Version"])


def test_qr_holds_only_the_chosen_fields(app, auth_client, user):
    from companion.cards.service import card_payload
    from companion.db import db
    from companion.models import Card

    set_card(auth_client, user, phone="+1 416 555 0100", company="Acme, Inc.",
             in_qr=["name", "company"])
    with app.app_context():
        card = db.session.get(Card, (user, derived_id("card", user)))
        [fields] = parse_vcard(card_payload(card))
    assert fields["name"] == "Ada Lovelace" and fields["company"] == "Acme, Inc."
    assert fields["phone"] == "" and fields["email"] == ""


def test_badge_is_a_printable_png(auth_client, user):
    set_card(auth_client, user, title="Analyst <script>alert(1)</script>",
             company="Difference Engines")
    response = auth_client.get("/card/badge.png?download=1")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert "attachment" in response.headers["Content-Disposition"]
    image = Image.open(io.BytesIO(response.data))
    assert image.size == (1200, 900)
    assert round(image.info["dpi"][0]) == 300
    page = auth_client.get("/card/print").get_data(as_text=True)
    assert "badge.png" in page and "<script>alert" not in page


@pytest.mark.parametrize("path", ["/card/qr.svg", "/card/badge.png", "/card/print"])
def test_card_routes_need_login(client, path):
    assert client.get(path).status_code == 302
