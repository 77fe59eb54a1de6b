"""The floors the phone's figures are held against, measured in the same run on the same machine.

(a) The page floor: the least a web app can do to show 30 rows after a cold start offline. A page
    with the app's own CSS and 30 rows of the app's row markup, no script before it, cached by a
    service worker of a dozen lines, on an origin of its own (a second loopback port). It is
    opened exactly like the app's cold start: a new browser process on its own profile, offline,
    the CPU slowed 4x, the same first-rows probe (bench/browser_figures.py).
(b) The scan floor: one loop over the same folded strings the app searches, `includes` per key,
    in the app's page at the same slowdown: what any search over everyone costs a keystroke
    before it draws a row.
(c) The import floor is bench/import_figures.py's plain executemany.
"""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from companion.shell.served import served_bytes

ROOT = Path(__file__).resolve().parent.parent
ROWS = 30
ROW_HEIGHT = 72  # static/js/parts/person-row.js ROW_HEIGHT

FLOOR_WORKER = """
const CACHE = 'floor';
const FILES = ['/floor', '/floor.css', '/floor.js'];
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
  self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (FILES.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(event.request)));
  }
});
"""

# Registers the worker once the rows are painted: nothing runs before them.
FLOOR_SCRIPT = """
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/floor-worker.js');
"""


def floor_page(people: list[tuple[str, str, str]]) -> bytes:
    """The page: the app's CSS, then the rows the app's Everyone list draws, as static markup."""
    rows = []
    for number, (name, title, company) in enumerate(people[:ROWS]):
        rows.append(
            f'<div class="virtual-row" role="listitem" style="top: {number * ROW_HEIGHT}px; '
            f'height: {ROW_HEIGHT}px;"><a class="person-row" href="#">'
            f'<span class="person-name">{html.escape(name)}</span>'
            f'<span class="person-sub"><span class="person-title">{html.escape(title)}</span>'
            f'<span class="person-company">{html.escape(company)}</span></span>'
            f'<span class="person-chips"></span></a></div>')
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>Floor</title><link rel="stylesheet" href="/floor.css">'
        '<script type="module" src="/floor.js"></script></head>'
        '<body class="app"><main id="main"><div class="virtual-list" role="list" '
        f'style="contain: layout style; height: {ROWS * ROW_HEIGHT}px;">{"".join(rows)}'
        '</div></main></body></html>'
    ).encode()


class FloorServer:
    """The floor page on a loopback port of its own (its own origin, worker and cache)."""

    def __init__(self, people: list[tuple[str, str, str]]):
        files = {
            "/floor": (floor_page(people), "text/html; charset=utf-8"),
            # The app's style sheet as the app's server sends it (minified: shell/served.py).
            "/floor.css": (served_bytes(ROOT / "static", "css/app.css"), "text/css"),
            "/floor.js": (FLOOR_SCRIPT.encode(), "text/javascript"),
            "/floor-worker.js": (FLOOR_WORKER.encode(), "text/javascript"),
        }

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                body, kind = files.get(self.path.split("?")[0], (None, None))
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FloorServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# Floor (b), in the app's page: the same folded text per person the app searches (name, title,
# company and answers, folded by the app's own foldForSearch), built here so a change to the
# app's index cannot move its floor; then each key of the same queries is one plain loop.
BARE_SCAN = """
async ({ eventId, queries }) => {
  const { storedPeople } = await import('/static/js/store/pack.js');
  const { foldForSearch } = await import('/static/js/rules/search.js');
  const { attendees } = await storedPeople(eventId);
  const texts = attendees.map((a) => [a.name, a.title, a.company,
    ...(a.answers || []).map(([, answer]) => answer)].map(foldForSearch).join(' '));
  const times = [];
  let found = 0;
  for (const query of queries) {
    for (let n = 1; n <= query.length; n += 1) {
      const key = foldForSearch(query.slice(0, n));
      const started = performance.now();
      for (let i = 0; i < texts.length; i += 1) if (texts[i].includes(key)) found += 1;
      times.push(performance.now() - started);
    }
  }
  return { times, found, strings: texts.length };
}
"""
