// The Follow up screen (#/followups): what to send today, what is overdue, what comes next,
// each with its draft in the user's own words. Sending is the user's act (copy, mail, share,
// LinkedIn); Companion sends nothing. Everything from the device, so it works with no signal.

import { mountDebrief } from '../parts/debrief.js';
import { mountBoard } from '../parts/followup-board.js';
import { LIMITS, firstName } from '../rules/followup.js';
import { safeHref } from '../rules/links.js';
import { formatDateTime } from '../rules/zoned.js';
import { followupList, makeDueItems, setState } from '../store/followups.js';
import { localDay } from '../store/people.js';
import { localChanges, saveMark } from '../store/records.js';
import { syncEvents } from '../store/sync.js';
import { h } from '../ui/dom.js';
import { useStylesheet } from '../ui/stylesheet.js';

useStylesheet(new URL('../../css/followups.css', import.meta.url));

const LABELS = { thanks: 'Thank you', promise: 'Promise', missed: 'Sorry we missed each other',
  nudge: 'Nudge' };
const SUBJECTS = { thanks: 'Good to meet you at', promise: 'As promised at',
  missed: 'Sorry we missed each other at', nudge: 'Following up after' };

function mailto(item, text) {
  const subject = `${SUBJECTS[item.type]} ${item.event.title}`;
  const to = item.email || '';
  return `mailto:${encodeURIComponent(to)}?subject=${encodeURIComponent(subject)}` +
    `&body=${encodeURIComponent(text)}`;
}

// No hook, no draft: one line asked for here becomes the note (the why, for a missed target),
// and the draft is made from it.
function askLine(item, name) {
  const field = item.type === 'missed' ? 'why' : 'note';
  const input = h('input', { type: 'text', maxlength: 300, autocomplete: 'off',
    'aria-label': `One thing you remember about ${name}`, on: { change: () => {
      const value = input.value.trim();
      if (value) {
        saveMark(item.event_id, item.attendee_id, { [field]: value }, { [field]: '' })
          .catch((error) => { input.setCustomValidity(error.message); input.reportValidity(); });
      }
    } } });
  return h('label', { class: 'ask' },
    `${item.type === 'missed' ? 'Why did you want to meet' : 'One thing you remember about'} ` +
    `${firstName(name) || name}?`, input);
}

function card(item, refresh) {
  const name = item.attendee.name || 'Someone';
  const { text } = item;
  const limit = LIMITS[item.channel];
  const act = (action) => async () => { await setState(item, action); refresh(); };
  const channel = h('select', { 'aria-label': 'Channel', on: { change: async (e) => {
    await setState({ ...item, channel: e.target.value }, 'channel'); refresh(); } } },
  ...Object.keys(LIMITS).map((c) => h('option', { value: c, selected: c === item.channel },
    c === 'email' ? 'Email' : 'LinkedIn')));
  const body = text
    ? [h('p', { class: 'draft', text }),
      h('p', { class: 'meter', dataset: { over: String([...text].length > limit) } },
        `${[...text].length} / ${limit}`)]
    : [askLine(item, name)];
  const linkedin = safeHref(item.attendee.linkedin || '');
  const share = navigator.share && text
    ? h('button', { type: 'button', on: { click: () => navigator.share({ text }).catch(() => {}) } },
      'Share') : null;
  return h('li', { class: 'followup-card', dataset: { id: item.id, state: item.state } },
    h('h3', {}, `${LABELS[item.type]}: ${name}`),
    h('p', { class: 'meta' }, `${item.event.title} · due ` +
      formatDateTime(new Date(item.due), item.event.timezone)),
    channel, ...body,
    h('div', { class: 'actions' },
      text ? h('button', { type: 'button', on: { click: () =>
        navigator.clipboard?.writeText(text) } }, 'Copy') : null,
      text ? h('a', { class: 'button', href: mailto(item, text) }, 'Open in mail') : null,
      share,
      linkedin ? h('a', { class: 'button', href: linkedin, target: '_blank',
        rel: 'noopener noreferrer' }, 'Open their LinkedIn') : null),
    h('div', { class: 'actions' },
      item.state !== 'sent' ? h('button', { type: 'button', class: 'primary',
        on: { click: act('sent') } }, 'Sent') : h('span', { class: 'chip' }, 'Sent'),
      item.replied_at ? h('span', { class: 'chip' }, 'Replied')
        : h('button', { type: 'button', on: { click: act('replied') } }, 'They replied'),
      item.state === 'todo' || item.state === 'snoozed'
        ? h('button', { type: 'button', on: { click: act('snooze') } }, 'Snooze') : null,
      item.state === 'todo' || item.state === 'snoozed'
        ? h('button', { type: 'button', on: { click: act('drop') } }, 'Drop') : null));
}

/**
 * Mount the Follow up screen for `route` into `main`: the list, the laptop's board or an event's
 * debrief (one module for the three, so warming one warms them all). Returns {accepts, update,
 * destroy}.
 */
export function mountFollowups(main, route) {
  if (route.view === 'board') return mountBoard(main);
  if (route.view === 'debrief') return mountDebrief(main, route);
  const heading = h('h1', { tabindex: '-1' }, 'Follow up');
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const content = h('div', {});
  const exports = h('p', { class: 'exports' },
    h('a', { href: '/followups/followups.csv' }, 'Download followups.csv'), ' · ',
    h('a', { href: '/followups/followups.ics' }, 'Add due items to a calendar (.ics)'),
    h('br'), 'Google Calendar ignores reminders in imported files: this list is the reminder.');
  const board = h('p', { class: 'board-link' },
    h('a', { href: '#/followups/board' }, 'Board: every event, several at once'));
  main.replaceChildren(h('div', { class: 'followups-screen' }, heading, count, board, content,
    exports));
  let alive = true;

  async function refresh() {
    await makeDueItems();
    const items = await followupList();
    if (!alive) return;
    const now = Date.now();
    const today = localDay();
    const open = items.filter((i) => i.state === 'todo' || i.state === 'snoozed');
    const groups = [
      ['Overdue', open.filter((i) => localDay(new Date(i.due)) < today)],
      ['Today', open.filter((i) => localDay(new Date(i.due)) === today)],
      ['Upcoming', open.filter((i) => localDay(new Date(i.due)) > today)],
      ['Sent, waiting for a reply', items.filter((i) => i.state === 'sent' && !i.replied_at)],
    ];
    const dueNow = open.filter((i) => Date.parse(i.due) <= now || localDay(new Date(i.due)) <= today);
    count.textContent = dueNow.length === 1 ? '1 follow-up due' : `${dueNow.length} follow-ups due`;
    // A line being typed on a card survives a redraw (a sync, another card's save).
    const typed = new Map([...content.querySelectorAll('.ask input')].filter((i) => i.value)
      .map((input) => [input.closest('.followup-card').dataset.id, input]));
    const focused = document.activeElement?.closest?.('.followup-card')?.dataset.id;
    content.replaceChildren(...groups.filter(([, list]) => list.length).map(([title, list]) =>
      h('section', { class: 'followup-group' }, h('h2', {}, title),
        h('ul', { class: 'followup-list' }, ...list.map((item) => card(item, refresh))))));
    for (const shown of content.querySelectorAll('.followup-card')) {
      const input = shown.querySelector('.ask input');
      const before = typed.get(shown.dataset.id);
      if (input && before) input.value = before.value;
      if (input && shown.dataset.id === focused) input.focus();
    }
    if (!items.length) {
      content.replaceChildren(h('p', { class: 'empty' },
        'Nothing to follow up yet. After an event, the people you marked met show up here.'));
    }
  }
  const onChange = ({ detail }) => { if (detail?.kind !== 'followup') refresh(); };
  localChanges.addEventListener('change', onChange);
  syncEvents.addEventListener('synced', refresh);
  refresh();
  return {
    accepts: (next) => next.name === 'followups' && next.view === 'list',
    update() {},
    destroy() {
      alive = false;
      localChanges.removeEventListener('change', onChange);
      syncEvents.removeEventListener('synced', refresh);
    },
  };
}
