"""static/js/rules/links.js decides links and trims exactly as companion/rules/links.py does.

Over the shared table (tests/links_cases.py): safeHref against http_url, and a trim of the
characters in links.js's WHITESPACE (what payload.js trims) against Python's trim.
"""

from companion.rules.links import WHITESPACE, http_url, trim

from ..links_cases import LINKS, TRIMS

RUN_JS = """async ([links, trims]) => {
  const { SPACE, WHITESPACE, safeHref } = await import('/static/js/rules/links.js');
  // payload.js's trim: WHITESPACE off both ends, nothing else.
  const trim = (value) => {
    let start = 0;
    let end = value.length;
    while (start < end && WHITESPACE.includes(value[start])) start += 1;
    while (end > start && WHITESPACE.includes(value[end - 1])) end -= 1;
    return value.slice(start, end);
  };
  return {
    whitespace: WHITESPACE,
    spaces: [...WHITESPACE].every((char) => SPACE.test(char)),
    links: links.map(safeHref),
    trims: trims.map(trim),
  };
}"""


def test_javascript_twin_agrees_on_every_case(page, live_url):
    page.goto(live_url + "/")
    js = page.evaluate(RUN_JS, [[case.text for case in LINKS], [case.text for case in TRIMS]])
    assert js["whitespace"] == WHITESPACE
    assert js["spaces"]
    python_links = {case.id: http_url(case.text) for case in LINKS}
    assert {case.id: href for case, href in zip(LINKS, js["links"], strict=True)} == python_links
    assert python_links == {case.id: case.text if case.link else None for case in LINKS}
    python_trims = {case.id: trim(case.text) for case in TRIMS}
    assert {case.id: text for case, text in zip(TRIMS, js["trims"], strict=True)} == python_trims
    assert python_trims == {case.id: case.trimmed for case in TRIMS}


def test_javascript_twin_refuses_what_is_not_text(page, live_url):
    page.goto(live_url + "/")
    refused = page.evaluate("""async () => {
      const { safeHref } = await import('/static/js/rules/links.js');
      return [null, undefined, 42, ['https://example.com'], { toString: () => 'https://x.example' }]
        .map(safeHref);
    }""")
    assert refused == [None, None, None, None, None]
