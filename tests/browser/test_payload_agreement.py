"""static/js/rules/payload.js parses every scanned payload exactly as companion/rules/payload.py."""

import random
from dataclasses import asdict

from companion.rules.links import http_url
from companion.rules.payload import PayloadError, parse_scanned

from ..payload_cases import CASES, HREF_CASES

RUN_JS = """async ([payloads, hrefs]) => {
  const payload = await import("/static/js/rules/payload.js");
  return [payloads.map(payload.parseScanned), hrefs.map(payload.safeHref)];
}"""
# Pieces spliced into the table's payloads so the twins are also compared on near-misses.
NOISE = [
    "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "\r\n", "\n", " ", "\t", ";", ",", ":", "=",
    "\\", '"', "=C3=AB", "=8F", "item1.", "TYPE=PREF", "CHARSET=ISO-8859-1", "MECARD:",
    "https://", "linkedin.com/in/", "-4b2a1c9", "%C3%AB", "ë", "山田", "🎉", "\u2028", "\ufeff",
    "\u00a0", "İ", "ß", "javascript:", "@",
    # The classes real codes brought: BIZCARD, bookmarks, au, plain lines, scheme-less links,
    # 2.1 backslashes and 8-bit bytes in a named charset, a control in an unread property.
    "BIZCARD:", "N:", "X:", "MEBKM:", "URL:", "NAME1:", "MEMORY:", "TEL1:", "MAIL1:",
    "www.", "/in/", "\\\"", "\\;", "VERSION:3.0", "CHARSET=SHIFT_JIS", "CHARSET=UTF-8",
    "\x88\xc0", "\x93", "\x81", "\x0c", "=0C", "FBURL;ENCODING=QUOTED-PRINTABLE:",
    "+1 416 555 0100", "ada@example.org", "\r\n", "Zoë Müller\n",
]


def python_result(payload: str) -> dict:
    try:
        return asdict(parse_scanned(payload))
    except PayloadError as error:
        return {"error": str(error)}


def near_misses(count: int) -> list[str]:
    """Return count payloads made by splicing NOISE into the table's payloads (fixed seed)."""
    rng = random.Random(20261203)
    out = []
    for _ in range(count):
        text = rng.choice(CASES).payload
        at = rng.randrange(len(text) + 1)
        out.append(text[:at] + rng.choice(NOISE) + text[at + rng.randrange(4):])
    return out


def test_javascript_twin_agrees_on_every_case(page, live_url):
    page.goto(live_url + "/")
    results, hrefs = page.evaluate(
        RUN_JS, [[case.payload for case in CASES], [href for href, _ in HREF_CASES]]
    )
    js = {case.id: result for case, result in zip(CASES, results, strict=True)}
    python = {case.id: python_result(case.payload) for case in CASES}
    assert js == python
    assert [href is not None for href in hrefs] == [allowed for _, allowed in HREF_CASES]
    assert [bool(http_url(href)) for href, _ in HREF_CASES] == [a for _, a in HREF_CASES]


def test_javascript_twin_agrees_on_near_misses(page, live_url):
    page.goto(live_url + "/")
    payloads = near_misses(3000)
    results, _ = page.evaluate(RUN_JS, [payloads, []])
    differences = [
        (payload, js, python_result(payload))
        for payload, js in zip(payloads, results, strict=True)
        if js != python_result(payload)
    ]
    assert differences == []
