// Whether an attendee is someone you know from other events: "Known · last talked 8 months
// ago" with a link to their page, or the question "Is this the Dana Lee you met at PM Night?"
// when only the name and company agree (never linked on a name alone).

import { dayText, sinceText } from '../rules/people.js';
import { knownOnList, linkAttendee, localDay, notThisPerson, readRecord } from '../store/people.js';
import { currentUserId } from '../store/records.js';
import { markId } from '../store/uuid.js';
import { h } from '../ui/dom.js';

/** Return "Known · last talked 8 months ago" for a {standing} (or just "Known"). */
export function knownText(known, today = localDay()) {
  const last = known.standing?.last_contact;
  return last ? `Known · last talked ${sinceText(last, today)}` : 'Known';
}

const firstMet = (view) => (view.first_met_event
  ? ` you met at ${view.first_met_event}${view.first_met_on ? `, ${dayText(view.first_met_on)}` : ''}`
  : '');

/** Mount into `container`; returns {refresh()}. */
export function mountPersonLink(container, { eventId, attendee }) {
  let ticket = 0;

  async function refresh() {
    const mine = ++ticket;
    const mark = await readRecord('mark', await markId(await currentUserId(), attendee.id));
    const marks = new Map(mark && !mark.deleted ? [[attendee.id, mark.fields]] : []);
    const known = (await knownOnList(eventId, [attendee], marks)).get(attendee.id);
    if (mine !== ticket) return;
    if (!known) { container.replaceChildren(); return; }
    const name = known.view.name || attendee.name;
    if (known.how === 'ask') {
      const status = h('p', { role: 'status', class: 'save-state' });
      container.replaceChildren(h('div', { class: 'known-ask' },
        h('p', {}, `Is this the ${name}${firstMet(known.view)}?`),
        h('div', { class: 'actions' },
          h('button', { type: 'button', on: { click: async () => {
            await linkAttendee(eventId, attendee.id, known.id);
            refresh();
          } } }, 'Yes, same person'),
          h('button', { type: 'button', on: { click: async () => {
            await notThisPerson(known.id, attendee.id);
            status.textContent = 'Noted: someone else.';
            refresh();
          } } }, 'No, someone else')),
        status));
      return;
    }
    container.replaceChildren(h('p', { class: 'known-line' },
      h('span', { class: 'chip known' }, knownText(known)), ' ',
      h('a', { href: `#/people/${known.id}` }, `${name}’s page`)));
  }

  refresh().catch((error) => console.warn(error));
  return { refresh: () => refresh().catch((error) => console.warn(error)) };
}
