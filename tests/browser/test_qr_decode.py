"""Server-rendered QR codes decode, in Chromium, with the vendored jsQR, to the exact card."""

import base64

import pytest

from companion.cards.qrcodes import render_png, render_svg
from companion.rules.payload import parse_vcard
from companion.rules.vcard import FIELDS, build_vcard

JSQR = "/static/vendor/jsqr-1.4.0.js"
CARDS = {
    "latin": {
        "name": "Zoë Müller",
        "title": "Lead \\ PM, Growth; Platform",
        "company": "Acme, Inc.; R&D",
        "email": "zoë@acme.example",
        "phone": "+1 (416) 555-0142",
        "linkedin": "https://www.linkedin.com/in/zoe-muller-4b2a1c",
        "website": "https://zoe.example/a,b;c",
    },
    "cjk": {
        "name": "山田太郎",
        "title": "プロダクトマネージャー",
        "company": "株式会社サンプル",
        "email": "taro@example.jp",
        "phone": "+81 90-1234-5678",
        "linkedin": "linkedin.com/in/taro-yamada",
        "website": "yamada.example.jp",
    },
}
# Draw the image (a blob: URL, as the app's CSP allows) at a screen-like size, read the pixels
# and hand them to jsQR; also return what payload.js makes of the decoded text.
DECODE_IN_PAGE = """async ([base64, type, size]) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const image = new Image();
  image.src = url;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0, size, size);
  const pixels = context.getImageData(0, 0, size, size);
  const code = self.jsQR(pixels.data, size, size);
  const payload = await import("/static/js/rules/payload.js");
  return code && { text: code.data, parsed: payload.parseScanned(code.data) };
}"""
WORKER = "/static/vendor/jsqr-worker-test.js"
WORKER_SOURCE = f"""importScripts("{JSQR}");
onmessage = (event) => {{
  const {{ data, width, height }} = event.data;
  const code = jsQR(data, width, height);
  postMessage(code ? code.data : null);
}};"""
DECODE_IN_WORKER = """async ([base64, size, workerUrl]) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext("2d");
  context.drawImage(bitmap, 0, 0, size, size);
  const pixels = context.getImageData(0, 0, size, size);
  const worker = new Worker(workerUrl);
  const answer = new Promise((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(event.message));
  });
  worker.postMessage({ data: pixels.data, width: size, height: size });
  return answer;
}"""


def expected(card: dict) -> dict:
    """Return the fields a scan of card must give back (links as the card makes them)."""
    [fields] = parse_vcard(build_vcard(card, FIELDS))
    return fields


def open_decoder(page, live_url):
    page.goto(live_url + "/")
    page.add_script_tag(url=live_url + JSQR)


@pytest.mark.parametrize("card_id", CARDS)
@pytest.mark.parametrize("kind", ["png", "svg"])
def test_rendered_card_decodes_to_every_field(page, live_url, card_id, kind):
    card = CARDS[card_id]
    payload = build_vcard(card, FIELDS)
    if kind == "png":
        image, mime = render_png(payload), "image/png"
    else:
        image, mime = render_svg(payload).encode("utf-8"), "image/svg+xml"
    open_decoder(page, live_url)
    result = page.evaluate(DECODE_IN_PAGE, [base64.b64encode(image).decode(), mime, 600])
    assert result is not None, "jsQR found no QR code"
    assert result["text"] == payload
    [fields] = parse_vcard(result["text"])
    assert fields == expected(card)
    assert fields["name"] == card["name"] and fields["title"] == card["title"]
    assert {k: v for k, v in result["parsed"].items() if k not in ("kind", "raw")} == fields


def test_vendored_decoder_works_inside_a_worker(page, live_url):
    # The scanner decodes off the main thread: jsQR is loaded with importScripts in a Worker.
    # The worker script here is the smallest one that does that, served at a same-origin URL.
    page.route(live_url + WORKER, lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=WORKER_SOURCE,
    ))
    page.goto(live_url + "/")
    payload = build_vcard(CARDS["latin"], FIELDS)
    png = base64.b64encode(render_png(payload, box_size=6)).decode()
    assert page.evaluate(DECODE_IN_WORKER, [png, 500, WORKER]) == payload
