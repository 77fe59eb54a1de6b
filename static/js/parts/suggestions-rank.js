// What the Suggested strip and the suggestions screen share: one ranking per list and goal
// (ranking a conference's list is the slow part; a redraw after a tap must not repeat it),
// who on the list I know from before (for "met at PM Night, 8 months ago"), and their
// stylesheet, loaded with them rather than in the shell.

import { knownFrom, suggest } from '../rules/suggest.js';
import { knownOnList, peopleBook } from '../store/people.js';
import { h } from '../ui/dom.js';

// Records that change who on a list I know, or when we last talked.
export const KNOWN_KINDS = new Set(['person', 'interaction']);

/**
 * Return attendee id -> {event, last_contact} (rules/suggest.js knownFrom) for the attendees of
 * one event I know for sure from my person and interaction records on this device: linked by
 * my mark, their email (the server's matches) or LinkedIn, never on a name alone ("ask").
 */
export async function knownOf(eventId, attendees, marks) {
  const [found, book] = await Promise.all([knownOnList(eventId, attendees, marks), peopleBook()]);
  const known = new Map();
  for (const [attendeeId, person] of found) {
    if (person.how === 'ask') continue;
    const said = knownFrom(book.interactions.get(person.id), person.view);
    if (said) known.set(attendeeId, said);
  }
  return known;
}

/**
 * knownOf for an event's loaded data, or an empty Map: a list still arriving (partial) or
 * people that cannot be read leave the ranking without them rather than without a ranking.
 */
export async function knownOrNone(eventId, data) {
  if (data.partial) return new Map();
  try {
    return await knownOf(eventId, data.attendees, data.marks);
  } catch (error) {
    console.warn('Known people not used for suggestions:', error);
    return new Map();
  }
}

let withKnown = { attendees: null, known: null, list: null };

/**
 * Return the attendees to rank, each I know carrying its `known`: the same array while neither
 * the list nor `known` changes, so rankFor keeps its ranking.
 */
export function attendeesWithKnown(attendees, known) {
  if (!known?.size) return attendees;
  if (withKnown.attendees !== attendees || withKnown.known !== known) {
    withKnown = { attendees, known, list: attendees.map((attendee) => (known.has(attendee.id)
      ? { ...attendee, known: known.get(attendee.id) } : attendee)) };
  }
  return withKnown.list;
}

let last = { attendees: null, key: '', ranked: [] };

/** Return suggest(attendees, goal), kept while the same list is ranked for the same goal. */
export function rankFor(attendees, goal) {
  const key = JSON.stringify(goal);
  if (last.attendees !== attendees || last.key !== key) {
    const started = performance.now();
    last = { attendees, key, ranked: suggest(attendees, goal) };
    // Visible in DevTools' performance panel; bench/suggest_figures.py reads it.
    performance.measure('companion:suggest', { start: started, end: performance.now() });
  }
  return last.ranked;
}

const STYLESHEET = '/static/css/suggestions.css';

/** Add the suggestions' stylesheet to the page once (the worker keeps it for offline use). */
export function useStylesheet() {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  document.head.append(h('link', { rel: 'stylesheet', href: STYLESHEET }));
}

/** Fetch the stylesheet through the worker once, so it is there offline before first use. */
export const warmStylesheet = () => fetch(STYLESHEET).then(() => undefined);
