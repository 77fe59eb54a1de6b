// One attendee as a row of a list (Targets, Everyone, Met): the same row on every tab, so a
// mark looks the same wherever it is seen.

import { h, setAttribute, setText } from '../ui/dom.js';

export const PRIORITY_LABELS = { must: 'Must meet', want: 'Want to meet', maybe: 'Maybe' };
export const PRIORITY_RANK = { must: 0, want: 1, maybe: 2 };
export const STATUS_LABELS = { 'not-yet': 'Not yet', met: 'Met', missed: 'Missed' };

/** The row height in px; the virtual list needs it fixed (app.css .person-row matches).
 * Target rows (Targets tab, a plain list) grow with their why and opener. */
export const ROW_HEIGHT = 72;

// What a row's chips show, to tell whether a refilled row needs new ones: row -> key.
const chipsShown = new WeakMap();
const chipsKey = (attendee, mark, known) =>
  [known, mark?.priority, mark?.status, attendee.is_host, mark?.is_speaker].join('|');

function chips(attendee, mark, known) {
  const list = [];
  if (known) list.push(h('span', { class: 'chip known' }, known));
  if (mark?.priority) {
    list.push(h('span', { class: `chip priority-${mark.priority}` },
      PRIORITY_LABELS[mark.priority]));
  }
  if (mark && mark.status !== 'not-yet') {
    list.push(h('span', { class: `chip status-${mark.status}` }, STATUS_LABELS[mark.status]));
  }
  if (attendee.is_host || mark?.is_speaker) {
    list.push(h('span', { class: 'chip host' }, attendee.is_host ? 'Host' : 'Speaker'));
  }
  return list;
}

/**
 * Return the row link for one attendee. `withPlan` adds the why and the opener line (the
 * Targets tab: what to remember walking up to them); `known`, the "Known · last talked…" chip
 * of someone met before.
 */
export function personRow(attendee, mark, href,
  { withPlan = false, selected = false, known = '' } = {}) {
  const row = h('a', {},
    h('span', { class: 'person-name' }, ''),
    // One line "title · company" on a phone; two columns of the table on a laptop.
    h('span', { class: 'person-sub' },
      h('span', { class: 'person-title' }, ''), h('span', { class: 'person-company' }, '')),
    h('span', { class: 'person-chips' }));
  fill(row, attendee, mark, href, { withPlan, selected, known });
  if (withPlan) {
    // The line to say first, then why: what to remember walking up to them.
    row.append(
      h('span', { class: 'person-opener' },
        h('span', { class: 'label' }, 'Opener: '), mark?.opener || '—'),
      h('span', { class: 'person-why' },
        h('span', { class: 'label' }, 'Why: '), mark?.why || '—'),
    );
  }
  return row;
}

// Write what a row shows of one attendee into it, changing only what differs (a new row's
// empty spans, or a row that showed someone else).
function fill(row, attendee, mark, href, { withPlan = false, selected = false, known = '' }) {
  const [name, sub, chipBox] = row.children;
  const [title, company] = sub.children;
  setAttribute(row, 'class',
    `person-row${withPlan ? ' with-plan' : ''}${selected ? ' selected' : ''}`);
  setAttribute(row, 'href', href);
  if (selected) setAttribute(row, 'aria-current', 'true');
  else row.removeAttribute('aria-current');
  setText(name, attendee.name);
  setText(title, attendee.title || '');
  setText(company, attendee.company || '');
  const key = chipsKey(attendee, mark, known);
  if (chipsShown.get(row) !== key) {
    chipBox.replaceChildren(...chips(attendee, mark, known));
    chipsShown.set(row, key);
  }
}

/**
 * Make `row`, a row from personRow without the plan, show `attendee` instead: a keystroke in a
 * search then lays out new text in the rows on screen but builds and styles no new elements
 * (most rows have no chips). Returns false for a row it cannot refill (one with the plan),
 * which is then drawn anew.
 */
export function refillPersonRow(row, attendee, mark, href, { selected = false, known = '' } = {}) {
  if (row.classList.contains('with-plan')) return false;
  fill(row, attendee, mark, href, { selected, known });
  return true;
}
