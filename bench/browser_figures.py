"""The phone's figures: the real app in Chromium, its CPU slowed 4x through the DevTools protocol.

4x is DevTools' "mid-tier mobile" setting: a laptop core slowed to a mid-range phone's. The app
is installed once (worker, shell, pack), then measured the way it is used at the venue: the pack
stored, a cold start with no network, and search as you type over everyone.
"""

from __future__ import annotations

import math
from pathlib import Path

from .machine import CHROMIUM

CPU_SLOWDOWN = 4
PHONE = {"width": 390, "height": 844}  # CSS pixels of a current mid-size phone
INSTALL_TIMEOUT = 180_000  # ms: the first, unthrottled download of a 70,000-person pack
STEP_TIMEOUT = 120_000
# Typed one key at a time, as people look someone up: names, a company, a title.
QUERIES = ("maria garcia", "kowalski", "zoë", "product manager", "senior data", "acme")
# Chromium's flags in the browser tests (tests/browser/conftest.py), kept equal on purpose.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Runs before the app's own scripts on every page: note when the first attendee rows are on
# screen. Row names are marked for Element Timing as they enter the DOM (each one: a row may be
# replaced before its frame is shown); the browser reports when a frame showing one was painted.
# Waiting for animation frames instead would also count whatever long task follows the paint,
# and the app reads the whole list right after painting the first rows.
FIRST_ROWS_PROBE = """
(() => {
  const marker = new MutationObserver(() => {
    for (const name of document.querySelectorAll('.virtual-row .person-name')) {
      name.setAttribute('elementtiming', 'companion-row');
    }
  });
  marker.observe(document, { childList: true, subtree: true });
  new PerformanceObserver((entries, observer) => {
    const painted = entries.getEntries().filter((entry) => entry.identifier === 'companion-row');
    if (!painted.length) return;
    observer.disconnect();
    marker.disconnect();
    window.__companionFirstRows = Math.min(...painted.map((entry) => entry.renderTime));
  }).observe({ type: 'element', buffered: true });
})();
"""

STORE_PACK = """
async (eventId) => {
  const { inTransaction, promisifyRequest } = await import('/static/js/store/db.js');
  const { downloadPack } = await import('/static/js/store/pack.js');
  // Forget the ETag, so the pack comes whole, as on a phone that never had it.
  await inTransaction(['events'], 'readwrite', async (tx) => {
    const store = tx.objectStore('events');
    const event = await promisifyRequest(store.get(eventId));
    store.put({ ...event, etag: null });
  });
  performance.clearMeasures();
  const started = performance.now();
  const { count } = await downloadPack(eventId);
  const total = performance.now() - started;
  const [store] = performance.getEntriesByName('companion:store-pack');
  return { total, store: store ? store.duration : null, count };
}
"""

TYPE_QUERIES = """
async (queries) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const input = document.querySelector('.search-field input');
  // The rows on screen come in the keystroke; the count once the search has read everyone
  // (in slices between frames), when the summary is no longer busy.
  const summary = document.querySelector('.list-summary');
  const reading = () => summary.getAttribute('aria-busy') === 'true';
  const times = [];
  const settled = [];
  let rows = 0;
  for (const query of queries) {
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await frame();
    for (const key of query) {
      const started = performance.now();
      input.value += key;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      document.body.getBoundingClientRect();  // the style and layout the next frame needs
      times.push(performance.now() - started);
      rows = Math.max(rows, document.querySelectorAll('.virtual-row').length);
      await frame();
      while (reading()) await frame();
      settled.push(performance.now() - started);
    }
  }
  return { times, settled, rows };
}
"""

SCROLL_AND_COUNT = """
async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  let most = document.querySelectorAll('.virtual-row').length;
  for (const fraction of [0.25, 0.5, 0.999]) {
    window.scrollTo(0, document.documentElement.scrollHeight * fraction);
    await frame();
    await frame();
    most = Math.max(most, document.querySelectorAll('.virtual-row').length);
  }
  window.scrollTo(0, 0);
  return most;
}
"""


def chromium_path() -> str | None:
    return next((path for path in CHROMIUM if Path(path).exists()), None)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


def slow_down(context, page, *, offline: bool = False) -> None:
    """Slow the page's CPU 4x; offline, tell the page so through the same DevTools session.

    (Playwright's set_offline alone blocks the requests, but with a second DevTools session on
    the page, navigator.onLine goes on saying true, and the app would try the network.)
    """
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    if offline:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def log_in(page, url: str, email: str, password: str) -> None:
    page.goto(url + "/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def install(page, url: str) -> None:
    """Open the app once online: its worker caches the shell and the events screen the pack."""
    page.goto(url + "/app#/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null",
                           timeout=INSTALL_TIMEOUT)
    page.wait_for_function(
        "() => { const cards = [...document.querySelectorAll('.event-offline')];"
        " return cards.length && cards.every((node) => !node.textContent.startsWith('Not yet')); }",
        timeout=INSTALL_TIMEOUT,
    )


def heap_bytes(context, page) -> int:
    """The page's JavaScript heap in use after a full garbage collection (what it keeps)."""
    cdp = context.new_cdp_session(page)
    cdp.send("HeapProfiler.enable")
    cdp.send("HeapProfiler.collectGarbage")
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    cdp.detach()
    return int(used)


# True once the app has kept the screen at the page's hash for the next start (ui/snapshot.js).
SNAPSHOT_KEPT = "() => document.documentElement.dataset.snapshotKept === location.hash.slice(1)"


def leave_screen(open_phone, url: str) -> None:
    """Open `url` and leave it once the app has kept it for the next start, as a person does who
    puts the phone away on that screen (static/js/ui/snapshot.js)."""
    context = open_phone()
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(url)
        page.wait_for_function(
            "() => performance.getEntriesByName('companion:whole-list').length > 0")
        page.wait_for_function(SNAPSHOT_KEPT, timeout=15_000)
    finally:
        context.close()


def cold_start(open_phone, url: str, *, whole_list: bool = True) -> dict:
    """Start the browser afresh on a profile, offline, slowed from the first instruction.

    The worker serves the page; IndexedDB holds everything else. Returns the milliseconds to
    the first rows painted and (for the app: `whole_list`) to the whole list shown, from
    navigation start, how many marks the device holds for the event, and the page's JS heap
    once the whole list is in memory.
    """
    context = open_phone()
    try:
        context.add_init_script(FIRST_ROWS_PROBE)
        context.set_offline(True)
        page = context.pages[0] if context.pages else context.new_page()
        slow_down(context, page, offline=True)
        page.goto(url)
        page.wait_for_function("() => window.__companionFirstRows !== undefined")
        # The browser tells the page it is offline a moment after it loaded: wait for it.
        page.wait_for_function("() => !navigator.onLine", timeout=10_000)
        if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
            raise RuntimeError(f"no service worker served {url}")
        if not whole_list:
            return {"first_rows": page.evaluate("() => window.__companionFirstRows")}
        page.wait_for_function(
            "() => performance.getEntriesByName('companion:whole-list').length > 0")
        event_id = int(url.split("/events/")[1].split("/")[0])
        # The marks on the device are read before the first paint: part of the workload.
        figures = page.evaluate("""async (eventId) => ({
          first_rows: window.__companionFirstRows,
          // Where the start went: the page's HTML from the worker, its modules run.
          html: performance.getEntriesByType('navigation')[0].responseEnd,
          modules: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
          // Files the browser answered from the cache through the worker's static routes.
          routed: performance.getEntriesByType('resource')
            .filter((entry) => entry.workerMatchedSourceType === 'cache').length,
          files: performance.getEntriesByType('resource').length,
          whole_list: performance.getEntriesByName('companion:whole-list')[0].startTime,
          // The live screen in place of the last screen's copy (none: there was no copy).
          live: performance.getEntriesByName('companion:live-screen')[0]?.startTime ?? null,
          marks: (await (await import('/static/js/store/records.js'))
            .recordsForEvent('mark', eventId)).length,
        })""", event_id)
        figures["heap_bytes"] = heap_bytes(context, page)
        return figures
    finally:
        context.close()


def floor_figures(playwright, executable: str, floor_url: str, profile: Path,
                  repeats: int) -> list[float]:
    """Floor (a): the static page's first rows, cold and offline like the app (bench/floors.py)."""
    def open_floor():
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, args=CHROMIUM_ARGS, headless=True,
            viewport=PHONE, service_workers="allow",
        )
        context.set_default_timeout(STEP_TIMEOUT)
        return context

    context = open_floor()
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(floor_url + "/floor")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null",
                           timeout=INSTALL_TIMEOUT)
    page.wait_for_function("async () => (await (await caches.open('floor')).keys()).length === 3")
    context.close()
    return [cold_start(open_floor, floor_url + "/floor", whole_list=False)["first_rows"]
            for _ in range(repeats)]


def browser_figures(url: str, email: str, password: str, event_id: int, small_event_id: int,
                    profile: Path, repeats: int = 1, floor_url: str | None = None) -> dict:
    """Return the phone's figures for the event (and a 40-person one), with floors (a) and (b)."""
    from playwright.sync_api import sync_playwright

    from .floors import BARE_SCAN

    executable = chromium_path()
    figures: dict = {"cpu_slowdown": CPU_SLOWDOWN}
    with sync_playwright() as playwright:
        def open_phone():
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=executable, args=CHROMIUM_ARGS, headless=True,
                viewport=PHONE, service_workers="allow",
            )
            context.set_default_timeout(STEP_TIMEOUT)
            return context

        if floor_url:
            figures["floor_page"] = floor_figures(
                playwright, executable, floor_url, profile.with_name(profile.name + "-floor"),
                repeats)

        context = open_phone()
        page = context.pages[0] if context.pages else context.new_page()
        log_in(page, url, email, password)
        install(page, url)
        page.goto(url + "/app#/bench")  # a screen that starts no download of its own
        slow_down(context, page)
        figures["pack"] = [page.evaluate(STORE_PACK, event_id) for _ in range(repeats)]

        page.goto(f"{url}/app#/events/{event_id}/everyone")
        page.wait_for_selector(".virtual-row")
        page.wait_for_function(
            "() => performance.getEntriesByName('companion:whole-list').length > 0")
        times, settled, rows, scans = [], [], 0, []
        for _ in range(repeats):
            typed = page.evaluate(TYPE_QUERIES, list(QUERIES))
            times += typed["times"]
            settled += typed["settled"]
            rows = max(rows, typed["rows"])
            scans += page.evaluate(BARE_SCAN, {"eventId": event_id,
                                               "queries": list(QUERIES)})["times"]
        figures["search"] = {
            "keystrokes": len(times), "p95_ms": percentile(times, 0.95),
            "median_ms": percentile(times, 0.5), "max_ms": max(times),
            "settled_p95_ms": percentile(settled, 0.95),
            "settled_median_ms": percentile(settled, 0.5),
        }
        figures["scan_floor"] = {
            "keystrokes": len(scans), "p95_ms": percentile(scans, 0.95),
            "median_ms": percentile(scans, 0.5),
        }
        figures["dom_rows"] = max(rows, page.evaluate(SCROLL_AND_COUNT))
        context.close()

        big = f"{url}/app?start=cold#/events/{event_id}/everyone"
        small = f"{url}/app?start=cold#/events/{small_event_id}/everyone"
        # Each event's screen was the last one left, as on a phone put away on it.
        leave_screen(open_phone, big)
        figures["cold_start"] = [cold_start(open_phone, big) for _ in range(repeats)]
        leave_screen(open_phone, small)
        figures["small_cold_start"] = [cold_start(open_phone, small) for _ in range(repeats)]
    return figures
