// A list of any length with only the rows on screen (plus a margin) in the DOM. Rows have one
// fixed height, so row i sits at i * rowHeight and the visible range is simple arithmetic.
// The page itself scrolls (no inner scroll box): on a phone that is what a thumb expects.
//
// A new list (a keystroke in the search box) draws only the rows on screen at once; the margin
// follows when the browser is idle. Styling and laying out rows is most of what a keystroke
// costs on a phone, so drawing fewer of them keeps it within one frame.

const OVERSCAN = 10;  // rows kept beyond each edge of the screen, so fast flicks show no gaps
const IDLE_TIMEOUT = 300;  // ms: draw the margin by then even if the browser is never idle
const READ_SLICE = 6;  // ms: a lazy list is read in slices this long, between frames

const whenIdle = window.requestIdleCallback
  ? (work) => requestIdleCallback(work, { timeout: IDLE_TIMEOUT })
  : (work) => setTimeout(work, 50);
const cancelIdle = window.cancelIdleCallback || clearTimeout;

/**
 * Turn `container` into a virtual list. `renderRow(item, index)` returns the row's content.
 * Items are any list with `length` and `at(i)`: an array, or a search result that reads its
 * 70,000 entries only when they scroll into view. A lazy list (rules/search.js) also has
 * `settled`, `atLeast(n)` and `readFor(ms)`: the list reads only as far as the rows it draws,
 * the rest in slices after the frame, and then calls `onSettled()` (its length is known).
 * `keyed`: a row depends on its item alone (not its index), so a new list keeps the rows of
 * the items it still shows, moved to their new places, instead of drawing them again.
 * `refillRow(content, item, index)`: make a row's content show another item in place (true
 * when it could); a new list then reuses the rows it had instead of building new ones.
 * Returns {setItems(items), refresh(), count(), destroy()}.
 */
export function createVirtualList(container,
  { rowHeight, renderRow, label, keyed = false, refillRow = null, onSettled = () => {} }) {
  let items = [];
  const pool = [];  // refillRow: rows of the last list, to show items of the new one
  let count = 0;  // the items known so far: all of them, unless a lazy list is still being read
  let readingFrame = 0;
  let readingTimer = 0;
  const shown = new Map();  // index -> row element
  const spare = new Map();  // keyed: item -> its row from the last list, until placed or dropped
  let frame = 0;
  let idle = 0;

  container.classList.add('virtual-list');
  // What happens inside the list (rows coming and going) never moves anything outside it.
  container.style.contain = 'layout style';
  container.setAttribute('role', 'list');
  if (label) container.setAttribute('aria-label', label);

  const unread = () => items.settled === false;
  // Read a lazy list until `wanted` are known; returns how many are.
  function known(wanted) {
    count = unread() ? items.atLeast(wanted) : items.length;
    return count;
  }
  // While a lazy list is being read its length is not known: ARIA's -1 says so.
  const setSize = () => String(unread() ? -1 : count);

  function place(row, index) {
    const top = `${index * rowHeight}px`;
    if (row.style.top !== top) row.style.top = top;
    const size = setSize();
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
    const reused = pool.pop();
    if (reused) {
      if (!refillRow(reused.firstChild, item, index)) {
        reused.replaceChildren(renderRow(item, index));
      }
      place(reused, index);
      return reused;
    }
    const row = document.createElement('div');
    row.className = 'virtual-row';
    row.setAttribute('role', 'listitem');
    // Screen readers only see the rows in the DOM; these say where they are in the whole list.
    row.setAttribute('aria-setsize', setSize());
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
    const wanted = Math.ceil(bottom / rowHeight) + overscan;
    // At least one, even for a list below the screen: whether it has any is shown at once.
    const last = Math.min(known(Math.max(1, wanted)), wanted);
    fitHeight();
    for (const [index, row] of shown) {
      if (index < first || index >= last) {
        row.remove();
        shown.delete(index);
      }
    }
    // The rows stay in the DOM in the list's order, which a screen reader and the Tab key
    // follow: new rows above the ones kept go before them.
    let lowest = Infinity;
    for (const index of shown.keys()) lowest = Math.min(lowest, index);
    const above = document.createDocumentFragment();
    const below = document.createDocumentFragment();
    for (let index = first; index < last; index += 1) {
      if (!shown.has(index)) {
        const row = makeRow(index);
        shown.set(index, row);
        if (!row.isConnected) (index < lowest ? above : below).append(row);
      }
    }
    container.prepend(above);
    container.append(below);
    for (const row of spare.values()) row.remove();
    spare.clear();
    for (const row of pool) row.remove();
    pool.length = 0;
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

  function fitHeight() {
    const height = `${count * rowHeight}px`;
    if (container.style.height !== height) container.style.height = height;
  }

  // The rest of a lazy list, a slice per task after the rows on screen were painted; then its
  // length is known: the height, the rows' set size and the margin follow.
  function stopReading() {
    cancelAnimationFrame(readingFrame);
    clearTimeout(readingTimer);
  }

  function readRest() {
    stopReading();
    if (!unread()) return;
    const slice = () => {
      if (!items.readFor(READ_SLICE)) {
        readingTimer = setTimeout(slice);
        return;
      }
      known(Infinity);
      fitHeight();
      for (const [index, row] of shown) place(row, index);
      schedule();
      onSettled();
    };
    readingFrame = requestAnimationFrame(() => { readingTimer = setTimeout(slice); });
  }

  function clear() {
    for (const row of [...shown.values(), ...spare.values(), ...pool]) row.remove();
    shown.clear();
    spare.clear();
    pool.length = 0;
  }

  // Drop the rows shown, or keep them to be refilled by the next render.
  function letGo() {
    if (!refillRow) {
      clear();
      return;
    }
    // Last row first: the rows are refilled from the top, taken off the end, in the DOM's order.
    pool.push(...[...container.children].filter((row) => row.className === 'virtual-row')
      .reverse());
    shown.clear();
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
        letGo();
      }
      items = next;
      renderSoon();
      readRest();
    },
    /** Draw the visible rows again (their data changed, not the list). */
    refresh() {
      letGo();
      renderSoon();
    },
    /** How many items are known: all, unless a lazy list is still being read. */
    count: () => count,
    destroy() {
      stopReading();
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
      cancelIdle(idle);
      clear();
    },
  };
}
