// A list of any length with only the rows on screen (plus a margin) in the DOM. Rows have one
// fixed height, so row i sits at i * rowHeight and the visible range is simple arithmetic.
// The page itself scrolls (no inner scroll box): on a phone that is what a thumb expects.
//
// A new list (a keystroke in the search box) draws only the rows on screen at once; the margin
// follows when the browser is idle. Styling and laying out rows is most of what a keystroke
// costs on a phone, so drawing fewer of them keeps it within one frame.

const OVERSCAN = 10;  // rows kept beyond each edge of the screen, so fast flicks show no gaps
const IDLE_TIMEOUT = 300;  // ms: draw the margin by then even if the browser is never idle

const whenIdle = window.requestIdleCallback
  ? (work) => requestIdleCallback(work, { timeout: IDLE_TIMEOUT })
  : (work) => setTimeout(work, 50);
const cancelIdle = window.cancelIdleCallback || clearTimeout;

/**
 * Turn `container` into a virtual list. `renderRow(item, index)` returns the row's content.
 * Items are any list with `length` and `at(i)`: an array, or a search result that reads its
 * 70,000 entries only when they scroll into view.
 * `keyed`: a row depends on its item alone (not its index), so a new list keeps the rows of
 * the items it still shows, moved to their new places, instead of drawing them again.
 * Returns {setItems(items), refresh(), destroy()}.
 */
export function createVirtualList(container, { rowHeight, renderRow, label, keyed = false }) {
  let items = [];
  const shown = new Map();  // index -> row element
  const spare = new Map();  // keyed: item -> its row from the last list, until placed or dropped
  let frame = 0;
  let idle = 0;

  container.classList.add('virtual-list');
  // What happens inside the list (rows coming and going) never moves anything outside it.
  container.style.contain = 'layout style';
  container.setAttribute('role', 'list');
  if (label) container.setAttribute('aria-label', label);

  function place(row, index) {
    const top = `${index * rowHeight}px`;
    if (row.style.top !== top) row.style.top = top;
    const size = String(items.length);
    if (row.getAttribute('aria-setsize') !== size) row.setAttribute('aria-setsize', size);
    const position = String(index + 1);
    if (row.getAttribute('aria-posinset') !== position) row.setAttribute('aria-posinset', position);
  }

  function makeRow(index) {
    const item = items.at(index);
    const kept = spare.get(item);
    if (kept) {
      spare.delete(item);
      place(kept, index);
      return kept;
    }
    const row = document.createElement('div');
    row.className = 'virtual-row';
    row.setAttribute('role', 'listitem');
    // Screen readers only see the rows in the DOM; these say where they are in the whole list.
    row.setAttribute('aria-setsize', String(items.length));
    row.setAttribute('aria-posinset', String(index + 1));
    row.style.top = `${index * rowHeight}px`;
    row.style.height = `${rowHeight}px`;
    row.append(renderRow(item, index));
    return row;
  }

  // Where the list starts on the page, as last measured. A new list is drawn from it without
  // asking the browser (asking after the input changed costs a layout of the whole page in the
  // middle of the keystroke); the margin, drawn later, measures again.
  // Even reading window.scrollY lays the page out when the DOM has changed, so the scroll
  // position is noted when the page scrolls instead.
  let measured = null;
  let scrolled = window.scrollY;

  function measure() {
    const top = container.getBoundingClientRect().top;
    scrolled = window.scrollY;
    measured = { top, scrolled };
    return top;
  }

  function render(overscan = OVERSCAN, top = measure()) {
    frame = 0;
    const first = Math.max(0, Math.floor(-top / rowHeight) - overscan);
    const bottom = window.innerHeight - top;
    const last = Math.min(items.length, Math.ceil(bottom / rowHeight) + overscan);
    for (const [index, row] of shown) {
      if (index < first || index >= last) {
        row.remove();
        shown.delete(index);
      }
    }
    const added = document.createDocumentFragment();
    for (let index = first; index < last; index += 1) {
      if (!shown.has(index)) {
        const row = makeRow(index);
        shown.set(index, row);
        if (!row.isConnected) added.append(row);
      }
    }
    container.append(added);
    for (const row of spare.values()) row.remove();
    spare.clear();
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => render());
  }

  function onScroll() {
    scrolled = window.scrollY;
    schedule();
  }

  // The rows on screen now, the margin once the browser has time.
  function renderSoon() {
    const top = measured ? measured.top + measured.scrolled - scrolled : measure();
    cancelIdle(idle);
    render(0, top);
    idle = whenIdle(() => render());
  }

  function clear() {
    for (const row of [...shown.values(), ...spare.values()]) row.remove();
    shown.clear();
    spare.clear();
  }

  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', schedule);

  return {
    /** Show a new list (a new search result or order). */
    setItems(next) {
      if (keyed) {
        for (const [index, row] of shown) spare.set(items.at(index), row);
        shown.clear();
      } else {
        clear();
      }
      items = next;
      const height = `${items.length * rowHeight}px`;
      if (container.style.height !== height) container.style.height = height;
      renderSoon();
    },
    /** Draw the visible rows again (their data changed, not the list). */
    refresh() {
      clear();
      renderSoon();
    },
    destroy() {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
      cancelIdle(idle);
      clear();
    },
  };
}
