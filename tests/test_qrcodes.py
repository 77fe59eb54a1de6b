"""QR images: compact scalable SVG for the screen, PNG for print, cached and named by content."""

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from companion.cards.qrcodes import qr_etag, qr_version, render_png, render_svg
from companion.rules.vcard import FIELDS, build_vcard

SVG = "{http://www.w3.org/2000/svg}"
TYPICAL_CARD = {
    "name": "Zoë Müller",
    "title": "Senior Product Manager",
    "company": "Northwind Analytics",
    "email": "zoe.muller@northwind.example",
    "phone": "+1 416 555 0142",
    "linkedin": "https://www.linkedin.com/in/zoe-muller-4b2a1c",
    "website": "https://zoemuller.example",
}
COMPACT_CARD = {
    "name": "Zoë Müller", "title": "Product Manager", "company": "Acme",
    "email": "zoe@acme.com", "phone": "+1 416 555 0142",
    "linkedin": "linkedin.com/in/zoemuller", "website": "zoemuller.com",
}


def test_svg_is_one_path_on_white_sized_by_viewbox():
    svg = render_svg(build_vcard(TYPICAL_CARD, FIELDS))
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert "width" not in root.attrib and "height" not in root.attrib
    side = int(root.attrib["viewBox"].split()[2])
    assert root.attrib["viewBox"] == f"0 0 {side} {side}"
    assert side == 17 + 4 * qr_version(build_vcard(TYPICAL_CARD, FIELDS)) + 2 * 4
    children = [child.tag for child in root]
    assert children == [SVG + "rect", SVG + "path"]
    assert root[0].attrib["fill"] == "white"
    assert root[1].attrib["d"].startswith("M")
    assert "script" not in svg.lower() and "<?xml" not in svg and "id=" not in svg


def test_png_is_black_on_white_at_the_asked_size():
    payload = build_vcard(TYPICAL_CARD, FIELDS)
    data = render_png(payload, box_size=8, border=4)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    modules = 17 + 4 * qr_version(payload, "H") + 2 * 4
    assert image.size == (modules * 8, modules * 8)
    assert {color for _, color in image.convert("L").getcolors()} == {0, 255}
    assert image.convert("L").getpixel((0, 0)) == 255  # quiet zone is white


def test_renders_are_memoised_by_content():
    payload = build_vcard(TYPICAL_CARD, ["email"])
    assert render_svg(payload) is render_svg(payload)
    assert render_png(payload) is render_png(payload)
    assert render_svg(payload) is not render_svg(payload, error="H")


def test_etag_names_exactly_one_rendering():
    payload = build_vcard(TYPICAL_CARD, FIELDS)
    assert qr_etag(payload) == qr_etag(payload, "svg", error="M", border=4)
    assert qr_etag(payload, "png") == qr_etag(payload, "png", error="H", box_size=10, border=4)
    tags = {
        qr_etag(payload), qr_etag(payload, error="H"), qr_etag(payload, border=2),
        qr_etag(payload, "png"), qr_etag(payload, "png", box_size=4),
        qr_etag(payload + " "),
    }
    assert len(tags) == 6
    assert all(len(tag) == 64 and int(tag, 16) >= 0 for tag in tags)


def test_screen_and_print_use_different_error_correction():
    payload = build_vcard(TYPICAL_CARD, FIELDS)
    assert qr_version(payload, "H") > qr_version(payload, "M")


@pytest.mark.parametrize("card, most", [
    # Level M holds 213 bytes at version 10 (57 modules a side), 251 at 11, 287 at 12. The
    # vCard syntax costs about 120 bytes, so every field filled with short values fits in 11,
    # longer addresses need 12; leaving the website out brings a short card to 10.
    ({key: value for key, value in COMPACT_CARD.items() if key != "website"}, 10),
    (COMPACT_CARD, 11),
    (TYPICAL_CARD, 12),
    ({"name": "Zoë Müller", "email": "zoe@acme.com", "phone": "+1 416 555 0142"}, 7),
])
def test_cards_stay_small_at_level_m(card, most):
    assert qr_version(build_vcard(card, FIELDS), "M") <= most


@pytest.mark.parametrize("call, message", [
    (lambda: render_svg("x", error="Z"), "Error correction"),
    (lambda: render_png("x", box_size=0), "box_size"),
    (lambda: render_svg("x", border=-1), "border"),
    (lambda: render_svg(""), "Nothing"),
    (lambda: render_png("é" * 3000), "Too much data"),
])
def test_bad_requests_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_unknown_options_are_a_programming_error():
    with pytest.raises(TypeError):
        qr_etag("x", "svg", box_size=3)
