// The follow-up board (#/followups/board, mounted by screens/followups.js), for the laptop: every item across events in one
// table, filtered by event and state, several selected and marked sent, snoozed or dropped at
// once (one transaction, so a batch is all written or not at all). From the device, offline too.

import { formatDateTime } from '../rules/zoned.js';
import { followupList, makeDueItems, setStates } from '../store/followups.js';
import { localChanges } from '../store/records.js';
import { syncEvents } from '../store/sync.js';
import { h } from '../ui/dom.js';
import { useStylesheet } from '../ui/stylesheet.js';

useStylesheet(new URL('../../css/followups.css', import.meta.url));

const KINDS = { thanks: 'Thank you', promise: 'Promise', missed: 'Missed', nudge: 'Nudge' };
const STATES = { todo: 'To do', snoozed: 'Snoozed', sent: 'Sent', dropped: 'Dropped' };
const SHOWN = { open: ['todo', 'snoozed'], sent: ['sent'], all: Object.keys(STATES) };
const ACTIONS = [['sent', 'Mark sent'], ['snooze', 'Snooze a day'], ['drop', 'Drop']];

// In the event's zone, as the item was dated: 09:00 there, wherever the laptop is.
const dueText = (item) => formatDateTime(new Date(item.due), item.event.timezone);

/** Mount the board into `main`; returns {accepts, update, destroy}. */
export function mountBoard(main) {
  const heading = h('h1', { tabindex: '-1' }, 'Follow-up board');
  const eventFilter = h('select', { 'aria-label': 'Event' });
  const stateFilter = h('select', { 'aria-label': 'Show' },
    h('option', { value: 'open' }, 'Still to send'), h('option', { value: 'sent' }, 'Sent'),
    h('option', { value: 'all' }, 'All'));
  const selectAll = h('input', { type: 'checkbox', 'aria-label': 'Select all shown' });
  const chosen = h('span', { class: 'board-chosen', role: 'status' }, 'None selected');
  const buttons = ACTIONS.map(([action, text]) => h('button', { type: 'button', disabled: true,
    dataset: { action }, on: { click: () => act(action) } }, text));
  const body = h('tbody');
  const table = h('table', { class: 'board' },
    h('thead', {}, h('tr', {}, h('th', {}, selectAll), ...['Person', 'Event', 'Kind', 'Due',
      'State', 'Draft'].map((title) => h('th', { scope: 'col' }, title)))), body);
  main.replaceChildren(h('div', { class: 'board-screen' },
    h('a', { class: 'back', href: '#/followups' }, '← Follow up list'), heading,
    h('p', { class: 'board-filters' }, eventFilter, ' ', stateFilter),
    h('p', { class: 'board-bulk' }, chosen, ' ', ...buttons), table));
  document.title = 'Follow-up board · Companion';
  let alive = true;
  let items = [];
  const selected = new Set();

  const shown = () => items.filter((item) => SHOWN[stateFilter.value].includes(item.state)
    && (!eventFilter.value || String(item.event_id) === eventFilter.value));

  function showSelection() {
    const visible = new Set(shown().map((item) => item.id));
    for (const id of selected) if (!visible.has(id)) selected.delete(id);
    chosen.textContent = selected.size ? `${selected.size} selected` : 'None selected';
    for (const button of buttons) button.disabled = !selected.size;
    selectAll.checked = visible.size > 0 && selected.size === visible.size;
  }

  function render() {
    body.replaceChildren(...shown().map((item) => {
      const box = h('input', { type: 'checkbox', checked: selected.has(item.id),
        'aria-label': `Select ${item.attendee.name || 'someone'}, ${item.event.title}`,
        on: { change: () => {
          if (box.checked) selected.add(item.id); else selected.delete(item.id);
          showSelection();
        } } });
      return h('tr', { dataset: { id: item.id, state: item.state } },
        h('td', {}, box), h('td', {}, item.attendee.name || 'Someone'),
        h('td', {}, item.event.title), h('td', {}, KINDS[item.type]), h('td', {}, dueText(item)),
        h('td', {}, STATES[item.state] + (item.replied_at ? ' · replied' : '')),
        h('td', {}, item.text ? 'Ready' : 'Needs one line'));
    }));
    if (!body.children.length) {
      body.append(h('tr', {}, h('td', { colspan: 7 }, 'Nothing here.')));
    }
    showSelection();
  }

  async function refresh() {
    await makeDueItems();
    const next = await followupList();
    if (!alive) return;
    items = next;
    const current = eventFilter.value;
    const events = new Map(items.map((item) => [item.event.id, item.event]));
    eventFilter.replaceChildren(h('option', { value: '' }, 'All events'),
      ...[...events.values()].map((event) => h('option', { value: String(event.id),
        selected: String(event.id) === current }, event.title)));
    render();
  }

  async function act(action) {
    const batch = items.filter((item) => selected.has(item.id));
    if (!batch.length) return;
    await setStates(batch, action);
    selected.clear();
    await refresh();
    chosen.textContent = `${batch.length} ${batch.length === 1 ? 'item' : 'items'}: ` +
      `${ACTIONS.find(([name]) => name === action)[1].toLowerCase()} done`;
  }

  selectAll.addEventListener('change', () => {
    for (const item of shown()) {
      if (selectAll.checked) selected.add(item.id); else selected.delete(item.id);
    }
    render();
  });
  eventFilter.addEventListener('change', render);
  stateFilter.addEventListener('change', render);
  const onChange = ({ detail }) => { if (detail?.kind !== 'followup') refresh(); };
  localChanges.addEventListener('change', onChange);
  syncEvents.addEventListener('synced', refresh);
  refresh();
  return {
    accepts: (route) => route.name === 'followups' && route.view === 'board',
    update() {},
    destroy() {
      alive = false;
      localChanges.removeEventListener('change', onChange);
      syncEvents.removeEventListener('synced', refresh);
    },
  };
}
