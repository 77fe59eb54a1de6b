// A list of any length with only the rows on screen (plus a margin) in the DOM. Rows have one
// fixed height, so row i sits at i * rowHeight and the visible range is simple arithmetic.
// The page itself scrolls (no inner scroll box): on a phone that is what a thumb expects.

const OVERSCAN = 10;  // rows kept beyond each edge of the screen, so fast flicks show no gaps

/**
 * Turn `container` into a virtual list. `renderRow(item, index)` returns the row's content.
 * Returns {setItems(items), refresh(), destroy()}.
 */
export function createVirtualList(container, { rowHeight, renderRow, label }) {
  let items = [];
  const shown = new Map();  // index -> row element
  let frame = 0;

  container.classList.add('virtual-list');
  container.setAttribute('role', 'list');
  if (label) container.setAttribute('aria-label', label);

  function makeRow(index) {
    const row = document.createElement('div');
    row.className = 'virtual-row';
    row.setAttribute('role', 'listitem');
    // Screen readers only see the rows in the DOM; these say where they are in the whole list.
    row.setAttribute('aria-setsize', String(items.length));
    row.setAttribute('aria-posinset', String(index + 1));
    row.style.top = `${index * rowHeight}px`;
    row.style.height = `${rowHeight}px`;
    row.append(renderRow(items[index], index));
    return row;
  }

  function render() {
    frame = 0;
    const top = container.getBoundingClientRect().top;
    const first = Math.max(0, Math.floor(-top / rowHeight) - OVERSCAN);
    const bottom = window.innerHeight - top;
    const last = Math.min(items.length, Math.ceil(bottom / rowHeight) + OVERSCAN);
    for (const [index, row] of shown) {
      if (index < first || index >= last) {
        row.remove();
        shown.delete(index);
      }
    }
    for (let index = first; index < last; index += 1) {
      if (!shown.has(index)) {
        const row = makeRow(index);
        shown.set(index, row);
        container.append(row);
      }
    }
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  function clear() {
    for (const row of shown.values()) row.remove();
    shown.clear();
  }

  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);

  return {
    /** Show a new list (a new search result or order). */
    setItems(next) {
      items = next;
      container.style.height = `${items.length * rowHeight}px`;
      clear();
      render();
    },
    /** Draw the visible rows again (their data changed, not the list). */
    refresh() {
      clear();
      render();
    },
    destroy() {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
      clear();
    },
  };
}
