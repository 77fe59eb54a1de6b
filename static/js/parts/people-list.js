// The list half of an event: tabs Targets / Everyone / Met, search and sort on Everyone, and
// one virtual list for Targets or Everyone (70,000 people or 40, the DOM stays small). The Met
// tab's list is met-list.js; this module counts it for the tab's label.

import { byName, formatCount } from '../rules/locale.js';
import { countMet } from '../rules/met.js';
import { SORT_KEYS, search } from '../rules/search.js';
import { h, setAttribute, setText, uniqueId } from '../ui/dom.js';
import { TABS, eventHash, scanHash } from '../ui/router.js';
import { createVirtualList } from '../ui/virtual-list.js';
import { PRIORITY_RANK, ROW_HEIGHT, personRow, refillPersonRow } from './person-row.js';

const TAB_LABELS = { targets: 'Targets', everyone: 'Everyone', met: 'Met' };
const SORT_LABELS = { name: 'Name', company: 'Company', title: 'Title' };

/**
 * Mount into `container`; returns {setData(data), setRoute(route), isDefaultView(), refresh(),
 * destroy()}.
 * While `data.partial`, `data.attendees` are only the first people in name order (a cold
 * start's first screen) and `data.total` counts everyone: Everyone shows them in name order
 * only, and a search or sort chosen meanwhile applies when the whole list arrives.
 */
export function mountPeopleList(container, eventId) {
  let data = {
    attendees: [], index: null, byId: new Map(), marks: new Map(), contacts: [], total: 0,
  };
  let route = { tab: 'targets', attendeeId: null };
  let query = '';
  let sort = { key: 'name', descending: false };
  let list = null;
  let listHeight = 0;
  // attendee id -> "Known · last talked…", for people met at other events (store/people.js,
  // loaded on demand once the whole list is read: the first screen never waits for it).
  let known = new Map();
  let knownFor = null;
  let knownTimer = 0;
  const KNOWN_DELAY = 400;  // ms

  const tabLinks = new Map(TABS.map(
    (tab) => [tab, h('a', { class: 'tab', href: eventHash(eventId, tab) })]));
  const searchId = uniqueId('search');
  const onSearch = () => { query = searchInput.value; renderList(); };
  const searchInput = h('input', {
    id: searchId, type: 'search', autocomplete: 'off', enterkeyhint: 'search',
    placeholder: 'Name, company or title', on: { input: onSearch },
  });
  // Tapping the active column again reverses it.
  const sortBy = (key) => {
    sort = { key, descending: sort.key === key && !sort.descending };
    renderList();
  };
  const sortButtons = new Map(SORT_KEYS.map((key) => [key, h('button', {
    type: 'button', class: `sort sort-${key}`, on: { click: () => sortBy(key) },
  })]));
  const controls = h('div', { class: 'list-controls' },
    h('div', { class: 'field search-field' },
      h('label', { for: searchId }, 'Search everyone'), searchInput),
    h('div', { class: 'sort-bar', role: 'group', 'aria-label': 'Sort by' },
      ...sortButtons.values()));
  const summary = h('p', { class: 'list-summary', role: 'status' });
  const listBox = h('div');
  const empty = h('div', { class: 'empty' });
  // On a phone the lists, the scanner and my QR are one bar at the bottom, in thumb reach
  // (app.css); on a laptop the tabs sit above the list and the header has the rest.
  const badgeButton = h('button', { type: 'button', class: 'room-action', 'aria-haspopup': 'dialog',
    on: { click: async () => (await import('./badge.js')).openBadge(badgeButton) } }, 'My QR');
  const sayHiHeading = h('h2', { class: 'say-hi-heading' }, 'Say hi again');
  const sayHiList = h('div', { class: 'say-hi-list', role: 'list' });
  const sayHi = h('section', { class: 'say-hi', hidden: true, 'aria-label': 'Say hi again' },
    sayHiHeading, h('p', { class: 'hint' }, 'People you know from other events, here too.'),
    sayHiList);
  container.replaceChildren(
    h('nav', { class: 'tabs', 'aria-label': 'Lists' }, ...tabLinks.values(),
      h('a', { class: 'room-action scan-action', href: scanHash(eventId) }, 'Scan a badge'),
      badgeButton),
    controls, summary, empty, listBox, sayHi);

  // My targets among the people on the list.
  const targetMarks = () => [...data.marks.values()]
    .filter((mark) => mark.priority && data.byId.has(mark.attendee_id));

  function rowsFor(tab) {
    if (tab === 'targets') {
      // People you know are shown apart, under "Say hi again".
      return targetMarks().filter((mark) => !known.has(mark.attendee_id))
        .map((mark) => [data.byId.get(mark.attendee_id), mark])
        .sort(([a, x], [b, y]) =>
          PRIORITY_RANK[x.priority] - PRIORITY_RANK[y.priority] || byName(a, b))
        .map(([attendee]) => attendee);
    }
    // The Met tab is met-list.js's own list; this one is hidden meanwhile.
    if (tab === 'met') return [];
    if (data.partial) return showsFirstInNameOrder() ? data.attendees : [];
    return data.index ? search(data.index, query, sort) : [];
  }

  const showsFirstInNameOrder = () => !query.trim() && sort.key === 'name' && !sort.descending;
  const loadingText = () => `Loading all ${formatCount(data.total)} people…`;

  function emptyText(tab, shown) {
    if (shown || tab === 'met') return '';
    if (tab === 'targets') {
      return 'No targets yet. Open Everyone and give a priority to the people you came to meet.';
    }
    if (data.partial && data.total) return loadingText();
    if (!data.attendees.length) {
      return 'No attendee list yet. The event’s owner imports it on the prep page.';
    }
    return `Nobody matches “${query.trim()}”.`;
  }

  // Targets are the people I marked (tens, not thousands): a plain list, each row as tall as
  // its why and opener need, so both read in full, wrapped, with no fixed row to clip them.
  // Drawn again only when what they show changed: a sync that changed nothing here must not
  // swap the rows under a thumb about to tap one.
  let targetsShown = '';
  function renderTargets(rows) {
    const shown = JSON.stringify(rows.map((attendee) => {
      const mark = data.marks.get(attendee.id);
      return [attendee.id, attendee.name, attendee.title, attendee.company, attendee.is_host,
        mark?.priority, mark?.status, mark?.is_speaker, mark?.why, mark?.opener,
        attendee.id === route.attendeeId];
    }));
    if (!list && shown === targetsShown) return;
    targetsShown = shown;
    list?.destroy();
    list = null;
    listHeight = 0;
    listBox.classList.remove('virtual-list');
    listBox.removeAttribute('style');
    listBox.setAttribute('role', 'list');
    listBox.replaceChildren(...rows.map((attendee) => h('div', { role: 'listitem',
      class: 'target-item' }, personRow(attendee, data.marks.get(attendee.id),
      eventHash(eventId, 'targets', attendee.id),
      { withPlan: true, selected: attendee.id === route.attendeeId }))));
  }

  // The rows on screen now, in their order, and where the last one looked up sits in them.
  let shownRows = [];
  let lastIndex = -1;
  const indexOf = (attendeeId) => {
    if (lastIndex >= 0 && shownRows.at(lastIndex)?.id === attendeeId) return lastIndex;
    for (let i = 0; i < shownRows.length; i += 1) if (shownRows.at(i).id === attendeeId) return i;
    return -1;
  };

  const rowOptions = (attendee) =>
    ({ selected: attendee.id === route.attendeeId, known: known.get(attendee.id) });

  function renderList() {
    const { tab } = route;
    const rows = rowsFor(tab);
    shownRows = rows;
    lastIndex = -1;
    const height = ROW_HEIGHT;
    if (tab === 'targets') {
      renderTargets(rows);
    } else if (!list || listHeight !== height) {
      targetsShown = '';
      list?.destroy();
      listBox.replaceChildren();
      listHeight = height;
      list = createVirtualList(listBox, {
        rowHeight: height,
        label: TAB_LABELS[route.tab],
        onSettled: () => renderSummary(shownRows),
        renderRow: (attendee) => personRow(attendee, data.marks.get(attendee.id),
          eventHash(eventId, route.tab, attendee.id), rowOptions(attendee)),
        refillRow: (row, attendee) => refillPersonRow(row, attendee, data.marks.get(attendee.id),
          eventHash(eventId, route.tab, attendee.id), rowOptions(attendee)),
      });
    }
    setAttribute(listBox, 'aria-label', TAB_LABELS[tab]);
    list?.setItems(rows);
    renderSayHi(tab);
    // A search is read as far as the screen needs: one match is enough to know it has some.
    const some = tab === 'targets' ? rows.length || known.size
      : list?.count() ?? rows.length;
    setText(empty, emptyText(tab, some));
    renderSummary(rows);
    for (const [key, button] of sortButtons) {
      const active = sort.key === key;
      const arrow = sort.descending ? ' ↓' : ' ↑';
      setText(button, `${SORT_LABELS[key]}${active ? arrow : ''}`);
      setAttribute(button, 'aria-pressed', String(active));
      setAttribute(button, 'aria-label', `Sort by ${SORT_LABELS[key].toLowerCase()}` +
        (active ? (sort.descending ? ', Z to A' : ', A to Z') : ''));
    }
  }

  // "Showing 12 of 70,000" once the search has read everyone: until then (a frame or two on a
  // phone) the line keeps what it said and is marked busy, rather than count the whole list
  // in the keystroke.
  function renderSummary(rows) {
    const reading = rows.settled === false;
    if (reading) summary.setAttribute('aria-busy', 'true');
    else summary.removeAttribute('aria-busy');
    if (reading) return;
    if (route.tab !== 'everyone') {
      setText(summary, '');  // the tab's label counts them: no line above the targets
    } else if (data.partial && rows.length < data.total) {
      setText(summary, rows.length
        ? `First ${formatCount(rows.length)} · ${loadingText()}` : loadingText());
    } else {
      setText(summary, `Showing ${formatCount(rows.length)} of ${formatCount(data.total)}`);
    }
  }

  // At most this many under "Say hi again": a conference may hold hundreds you know.
  const SAY_HI_ROWS = 50;

  function renderSayHi(tab) {
    const people = tab === 'targets' ? [...known.keys()].map((id) => data.byId.get(id))
      .filter(Boolean).sort(byName) : [];
    if (sayHi.hidden !== !people.length) sayHi.hidden = !people.length;
    // Off the Targets tab it stays empty: a keystroke in Everyone need not empty it again.
    if (!people.length && !sayHiList.firstChild) return;
    setText(sayHiHeading, `Say hi again (${formatCount(people.length)})`);
    sayHiList.replaceChildren(...people.slice(0, SAY_HI_ROWS).map((attendee) =>
      h('div', { role: 'listitem' }, personRow(attendee, data.marks.get(attendee.id),
        eventHash(eventId, 'targets', attendee.id),
        { withPlan: Boolean(data.marks.get(attendee.id)?.priority),
          selected: attendee.id === route.attendeeId, known: known.get(attendee.id) }))));
    if (people.length > SAY_HI_ROWS) {
      sayHiList.append(h('p', { class: 'hint' },
        `And ${formatCount(people.length - SAY_HI_ROWS)} more: search Everyone.`));
    }
  }

  // Who on this list you know: once per whole list read, again after edits and syncs (a
  // burst of them read once: on a 70,000-person list it is a pass over everyone).
  function loadKnown() {
    clearTimeout(knownTimer);
    knownTimer = setTimeout(readKnown, known.size || knownFor ? KNOWN_DELAY : 0);
  }

  function readKnown() {
    if (data.partial || !data.attendees.length) return;
    const ticket = {};
    knownFor = ticket;
    import('../store/people.js').then(async (people) => {
      const found = await people.knownOnList(eventId, data.attendees, data.marks);
      if (knownFor !== ticket) return;
      const today = people.localDay();
      const { knownText } = await import('./person-link.js');
      known = new Map([...found].filter(([, person]) => person.how !== 'ask' && person.elsewhere)
        .map(([id, person]) => [id, knownText(person, today)]));
      renderTabs();
      renderList();
    }).catch((error) => console.warn('Known people not shown:', error));
  }

  function renderTabs() {
    // Counted, not sorted: only the open tab's rows are put in order.
    const counts = { targets: targetMarks().length, met: countMet(data), everyone: data.total };
    for (const [tab, link] of tabLinks) {
      link.textContent = `${TAB_LABELS[tab]} (${formatCount(counts[tab])})`;
      if (tab === route.tab) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    controls.hidden = route.tab !== 'everyone';
  }

  return {
    setData(next) { data = next; renderTabs(); renderList(); loadKnown(); },
    setRoute(next) {
      const tabChanged = next.tab !== route.tab;
      route = next;
      renderTabs();
      if (tabChanged || !list) renderList();
      else list.refresh();  // the selected row changed
    },
    /** True when no search is typed and the list is in name order, A to Z. */
    isDefaultView: () => showsFirstInNameOrder(),
    refresh() {
      renderTabs();
      if (route.tab === 'everyone') list?.refresh();
      else renderList();
      loadKnown();
    },
    /** The attendee `step` rows after (or before) `attendeeId` in the list shown, or null. */
    neighbour(attendeeId, step) {
      if (!shownRows.length) return null;
      const at = attendeeId === null ? -1 : indexOf(attendeeId);
      const next = at < 0 ? (step > 0 ? 0 : shownRows.length - 1) : at + step;
      if (next < 0 || next >= shownRows.length) return null;
      lastIndex = next;
      return shownRows.at(next);
    },
    /** Scroll the page so the row of `attendeeId` is on screen. */
    reveal(attendeeId) {
      const at = indexOf(attendeeId);
      if (at < 0) return;
      const box = listBox.getBoundingClientRect();
      const item = list ? null : listBox.children[at];
      if (item) { item.scrollIntoView({ block: 'nearest' }); return; }
      const top = box.top + at * ROW_HEIGHT;
      if (top < 80 || top + ROW_HEIGHT > window.innerHeight) {
        window.scrollTo(0, window.scrollY + top - window.innerHeight / 3);
      }
    },
    destroy() { clearTimeout(knownTimer); knownFor = null; list?.destroy(); },
  };
}
