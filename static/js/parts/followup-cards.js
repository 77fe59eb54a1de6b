// What the events screen shows about follow-ups, loaded on demand so the first screen stays
// small: the count on the Follow up button, a debrief card once an event is over (everyone met
// without a note), and on the first open of a morning with items due, a card saying so.

import { followupSummary, pendingDebriefs } from '../store/followups.js';
import { h } from '../ui/dom.js';
import { useStylesheet } from '../ui/stylesheet.js';

useStylesheet(new URL('../../css/followups.css', import.meta.url));

const people = (n) => (n === 1 ? '1 person' : `${n} people`);

/**
 * Show on the events screen (`screen`) the debrief and morning cards, under its heading, and on
 * its Follow up link the number due today or overdue. Returns what it showed.
 */
export async function showFollowupCards(screen, now = new Date()) {
  const [debriefs, summary] = await Promise.all([pendingDebriefs(now), followupSummary(now)]);
  const button = screen.querySelector('a[href="#/followups"]');
  const box = screen.querySelector('.followup-cards')
    || screen.querySelector('h1').insertAdjacentElement('afterend',
      h('div', { class: 'followup-cards' }));
  const badge = button.querySelector('.badge') || button.appendChild(h('span', { class: 'badge' }));
  badge.textContent = String(summary.due);
  badge.dataset.count = String(summary.due);
  button.setAttribute('aria-label', `Follow up, ${summary.due} due`);
  const cards = debriefs.map(({ event, people: list }) => h('a', {
    class: 'notice followup-notice debrief-card', href: `#/followups/debrief/${event.id}` },
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
