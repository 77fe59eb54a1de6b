// What the events screen shows about follow-ups, loaded on demand so the first screen stays
// small: the count on the Follow up button, a debrief card once an event is over (everyone met
// without a note), and on the first open of a morning with items due, a card saying so.

import { followupSummary, pendingDebriefs } from '../store/followups.js';
import { h } from '../ui/dom.js';

const people = (n) => (n === 1 ? '1 person' : `${n} people`);

/**
 * Fill `box` with the debrief and morning cards and `button` (the Follow up link) with the
 * number due today or overdue. Returns what it showed, for the caller to ignore.
 */
export async function showFollowupCards(box, button, now = new Date()) {
  const [debriefs, summary] = await Promise.all([pendingDebriefs(now), followupSummary(now)]);
  const badge = button.querySelector('.badge') || button.appendChild(
    h('span', { class: 'badge', 'aria-label': 'due' }));
  badge.textContent = String(summary.due);
  badge.dataset.count = String(summary.due);
  button.setAttribute('aria-label', `Follow up, ${summary.due} due`);
  const cards = debriefs.map(({ event, people: list }) => h('a', {
    class: 'notice followup-notice debrief-card', href: `#/debrief/${event.id}` },
  h('strong', {}, `Debrief ${event.title}`),
  ` · ${people(list.length)} you met without a note. One line each, one minute.`));
  if (summary.morning) {
    const events = [...new Set(summary.morning.map((item) => item.event.title))];
    const morning = h('div', { class: 'notice followup-notice morning-card', role: 'status' },
      h('p', {}, h('a', { href: '#/followups' }, h('strong', {}, summary.morning.length === 1
        ? '1 follow-up due today' : `${summary.morning.length} follow-ups due today`)),
      ` from ${events.join(', ')}: the drafts are ready, in your words.`));
    morning.append(h('button', { type: 'button', on: { click: () => morning.remove() } },
      'Later'));
    cards.unshift(morning);
  }
  box.replaceChildren(...cards);
  return { debriefs, summary };
}
