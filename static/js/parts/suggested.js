// The "Suggested" strip under Targets: the five people on this event's list who best fit my
// goal, ranked on the device (rules/suggest.js) from the stored pack, so it works with no
// signal. One tap makes a target with the why and an opener filled in; "Not now" hides someone
// at this event, "Never" at every event. Loaded on demand (main.js): the shell stays small.

import { opener, why } from '../rules/suggest.js';
import { loadRanking, skipForNow, skipForever } from '../store/goal.js';
import { localChanges, saveMark } from '../store/records.js';
import { syncEvents } from '../store/sync.js';
import { h, uniqueId } from '../ui/dom.js';
import { eventHash, suggestionsHash } from '../ui/router.js';
import {
  KNOWN_KINDS, attendeesWithKnown, knownOrNone, rankFor, useStylesheet,
} from './suggestions-rank.js';

export { warmStylesheet } from './suggestions-rank.js';

const SHOWN = 5;
const RANKED_KINDS = new Set(['goal', 'skip', 'card']);

/** Return the mark a "Target" tap writes for one suggestion. */
export const targetMark = (attendee, result) => ({
  priority: 'want', why: why(result), opener: opener(attendee, result),
});

/** The reasons of one suggestion as chips, each quoting the words that matched. */
export const reasonChips = (result) => h('ul', { class: 'reason-chips' },
  result.reasons.map((reason) => h('li', { class: `chip reason reason-${reason.part}` },
    reason.text)));

/**
 * Mount the strip into `container` for event `eventId`. Returns {setData(data), destroy()}:
 * `data` is the event screen's (store/event-data.js).
 */
export function mountSuggested(container, eventId) {
  useStylesheet();
  let data = null;
  let ranking = null;  // loadRanking(): my goal, card and skips
  let known = null;  // knownOf(): attendee id -> when I last talked to them, if I know them
  let knownFor = null;  // the attendee list `known` was read for
  let knownTicket = 0;
  let closed = false;
  let timer = 0;
  let said = '';  // what the last tap did, until the strip has nothing to show
  const headingId = uniqueId('suggested');
  const goalLine = h('p', { class: 'suggested-goal' });
  const list = h('ol', { class: 'suggested-list' });
  const status = h('p', { class: 'suggested-status', role: 'status' });
  container.replaceChildren(h('section', { class: 'suggested', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Suggested'), goalLine, status, list));

  async function act(button, work, done) {
    button.disabled = true;
    try {
      await work();
      said = done;
      status.textContent = done;
    } catch (error) {
      button.disabled = false;
      status.textContent = `Not saved: ${error.message}`;
    }
  }

  function card(attendee, result) {
    const target = h('button', { type: 'button', class: 'primary' }, 'Target');
    const later = h('button', { type: 'button' }, 'Not now');
    const never = h('button', { type: 'button' }, 'Never');
    target.addEventListener('click', () => act(target,
      () => saveMark(eventId, attendee.id, targetMark(attendee, result)),
      `${attendee.name} is a target now: why and opener filled in.`));
    later.addEventListener('click', () => act(later, () => skipForNow(eventId, attendee),
      `${attendee.name} is hidden from this event's suggestions.`));
    never.addEventListener('click', () => act(never, () => skipForever(attendee),
      `${attendee.name} will not be suggested again, at any event.`));
    return h('li', { class: 'suggestion', dataset: { attendee: String(attendee.id) } },
      h('p', { class: 'suggestion-head' },
        h('a', { class: 'suggestion-name', href: eventHash(eventId, 'targets', attendee.id) },
          attendee.name),
        h('span', { class: 'suggestion-score', title: 'Score out of 100' }, String(result.score))),
      h('p', { class: 'suggestion-sub' },
        [attendee.title, attendee.company].filter(Boolean).join(' · ')),
      reasonChips(result),
      h('p', { class: 'suggestion-actions' }, target, later, never));
  }

  function draw() {
    if (closed || !data || !ranking || !known) return;
    const { goal, fields } = ranking;
    const terms = [...fields.seek, ...fields.offer];
    goalLine.replaceChildren(
      terms.length ? `For: ${terms.join(', ')} · ` : '',
      h('a', { href: suggestionsHash(eventId) },
        terms.length || fields.my_level ? 'Goal and all suggestions' : 'Set your goal'));
    if (data.partial) {
      list.replaceChildren();
      status.textContent = 'Suggestions once the whole list is read…';
      return;
    }
    const ranked = rankFor(attendeesWithKnown(data.attendees, known), goal);
    const shown = [];
    for (const result of ranked) {
      if (shown.length === SHOWN) break;
      if (data.marks.get(result.id)?.priority) continue;  // already a target
      const attendee = data.byId.get(result.id);
      if (attendee) shown.push(card(attendee, result));
    }
    list.replaceChildren(...shown);
    if (shown.length) status.textContent = said;
    else if (terms.length || fields.my_level) {
      status.textContent = 'Nobody else on this list matches your goal.';
    } else {
      status.textContent = 'Say what you came for and who you want to meet: Companion ' +
        'suggests people from the list, on this device.';
    }
  }

  // Ranking 70,000 people takes a slowed phone a moment: after the frame, not in it.
  const drawSoon = () => { clearTimeout(timer); timer = setTimeout(draw, 0); };
  async function reload() {
    ranking = await loadRanking();
    drawSoon();
  }
  async function readKnown() {
    const ticket = ++knownTicket;
    knownFor = data.attendees;
    const found = await knownOrNone(eventId, data);
    if (ticket !== knownTicket) return;
    known = found;
    drawSoon();
  }
  const onSynced = () => { reload(); if (data) readKnown(); };
  const onChange = ({ detail: record }) => {
    if (RANKED_KINDS.has(record.kind)) reload();
    if (KNOWN_KINDS.has(record.kind) && data) readKnown();
  };
  localChanges.addEventListener('change', onChange);
  syncEvents.addEventListener('synced', onSynced);
  reload().catch((error) => { status.textContent = `Suggestions unavailable: ${error.message}`; });

  return {
    setData(next) {
      data = next;
      if (knownFor !== data.attendees) readKnown();
      drawSoon();
    },
    destroy() {
      closed = true;
      clearTimeout(timer);
      localChanges.removeEventListener('change', onChange);
      syncEvents.removeEventListener('synced', onSynced);
    },
  };
}
