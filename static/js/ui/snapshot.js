// The last screen, kept for the next cold start. The service worker serves the shell page with
// this HTML inside <main> when it was drawn for the account logged in now (service-worker.js);
// app.css shows it only when its route is the URL's hash. So a cold start paints the screen the
// person left before any module has loaded or IndexedDB has opened (README: where the time
// goes), and main.js swaps in the live screen once that has drawn its rows.
//
// The HTML is the DOM's own serialization of what the app drew with textContent, so names stay
// text. The copy is for the eye and the thumb: its links still go where they went (a tap changes
// the hash, and the live screen opens that route), but its form controls are disabled, and ids
// and labels are dropped so that nothing in it is taken for the live screen's own. Inline styles
// are dropped too: the page's policy would refuse them (app.css lays the rows out in flow).
// Loaded on demand: nothing here is needed before the first paint.

// The worker names the same cache and key (service-worker.js).
const SNAPSHOT_CACHE = 'companion-snapshot';
const SNAPSHOT_KEY = '/app/snapshot';

/** The route a snapshot is kept under: the hash without its '#', as `:target` matches it. */
export const currentRoute = () => location.hash.slice(1);

/** A copy of `container`'s screen that can be shown as plain HTML, without scripts or styles. */
export function snapshotHtml(container) {
  const copy = container.cloneNode(true);
  for (const node of copy.querySelectorAll('[style]')) node.removeAttribute('style');
  for (const node of copy.querySelectorAll('[id]')) node.removeAttribute('id');
  for (const node of copy.querySelectorAll('label[for]')) node.removeAttribute('for');
  for (const node of copy.querySelectorAll('[aria-live]')) node.removeAttribute('aria-live');
  // What the screen does not show stays out: a closed <details> keeps only its summary, and
  // hidden elements go. Parsed and laid out on the slowed phone, a closed arrival plan's time
  // and number fields (each with its own shadow tree, the time field with an SVG icon) pushed
  // the rows below them out of the first painted frame (seen: 100-200 ms later).
  for (const details of copy.querySelectorAll('details:not([open])')) {
    for (const child of [...details.children]) {
      if (child.tagName !== 'SUMMARY') child.remove();
    }
  }
  for (const node of copy.querySelectorAll('[hidden]')) node.remove();
  for (const node of copy.querySelectorAll('input, button, select, textarea')) {
    node.setAttribute('disabled', '');
  }
  // In flow, rows must come in list order (scrolling back up put the rows above at the end).
  for (const list of copy.querySelectorAll('.virtual-list')) {
    const rows = [...list.querySelectorAll(':scope > .virtual-row')];
    rows.sort((a, b) => Number(a.getAttribute('aria-posinset'))
      - Number(b.getAttribute('aria-posinset')));
    list.append(...rows);
  }
  return copy.innerHTML;
}

let lastKept = '';  // the body last written: a screen that settled unchanged is not written again

/** Keep what `container` shows as the snapshot of the current route for `account`. */
export async function keepSnapshot(container, account) {
  const route = currentRoute();
  if (!route) return;
  const body = JSON.stringify({ route, account: String(account), html: snapshotHtml(container) });
  if (body === lastKept) return;
  const cache = await caches.open(SNAPSHOT_CACHE);
  await cache.put(SNAPSHOT_KEY, new Response(body,
    { headers: { 'Content-Type': 'application/json' } }));
  lastKept = body;
  // Read by the tests and bench/browser_figures.py: the screen has been kept.
  document.documentElement.dataset.snapshotKept = route;
}

/** Forget the snapshot (nobody is logged in any more). */
export function forgetSnapshot() {
  lastKept = '';
  return caches.delete(SNAPSHOT_CACHE);
}
