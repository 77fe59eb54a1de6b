// Hash routes, so /app is the one page the worker caches and the start URL:
//   #/                              the events list
//   #/events/3                      an event, on its Targets tab
//   #/events/3/everyone             an event on a tab: targets | everyone | met
//   #/events/3/everyone/12          the same, with attendee 12's mark open
//   #/events/3/scan                 the scanner, saving contacts to event 3
//   #/scan                          "Scan a badge": the event on now, else a one-tap choice
//   #/events/3/suggestions          my goal and every suggestion at event 3 (a table)
//   #/scan/elsewhere                the scanner, for contacts met outside any event
//   #/card                          my card and its QR code
//   #/contacts                      the people met outside any event
//   #/people                        everyone you know, across events
//   #/followups(/board|/debrief/<id>) follow-ups; the laptop's board; an event's debrief
//   #/people/review                 the weekly review
//   #/people/<uuid>                 one person's page

export const TABS = ['targets', 'everyone', 'met'];

const EVENT_ROUTE = /^#?\/events\/(\d+)(?:\/([a-z]+))?(?:\/(\d+))?\/?$/;
const SCAN_ROUTE = /^#?\/(?:events\/(\d+)\/)?scan(\/elsewhere)?\/?$/;
const SUGGESTIONS_ROUTE = /^#?\/events\/(\d+)\/suggestions\/?$/;
const PEOPLE_ROUTE = /^#?\/people(?:\/(review|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))?\/?$/;

/**
 * Return {name: 'events'} | {name: 'event', eventId, tab, attendeeId} | {name: 'card'} |
 * {name: 'contacts'} | {name: 'scan', eventId (or null), choose} |
 * {name: 'suggestions', eventId} |
 * {name: 'people', view: 'list' | 'review' | 'person', personId} |
 * {name: 'followups', view: 'list' | 'board' | 'debrief', eventId} | {name: 'not-found'}.
 * `choose` is true for "#/scan": which event to file to is still to be found (screens/scanner.js).
 */
export function parseHash(hash) {
  if (!hash || hash === '#' || hash === '#/') return { name: 'events' };
  if (/^#?\/card\/?$/.test(hash)) return { name: 'card' };
  if (/^#?\/contacts\/?$/.test(hash)) return { name: 'contacts' };
  const follow = /^#?\/followups(?:\/(board)|\/debrief\/(\d{1,12}))?\/?$/.exec(hash);
  if (follow) {
    return { name: 'followups', view: follow[1] || (follow[2] ? 'debrief' : 'list'),
      eventId: follow[2] ? Number(follow[2]) : null };
  }
  const people = PEOPLE_ROUTE.exec(hash);
  if (people) {
    if (!people[1]) return { name: 'people', view: 'list', personId: null };
    if (people[1] === 'review') return { name: 'people', view: 'review', personId: null };
    return { name: 'people', view: 'person', personId: people[1] };
  }
  const scan = SCAN_ROUTE.exec(hash);
  if (scan?.[1] && scan[2]) return { name: 'not-found' };
  if (scan) {
    const eventId = scan[1] ? Number(scan[1]) : null;
    return { name: 'scan', eventId, choose: eventId === null && !scan[2] };
  }
  const suggestions = SUGGESTIONS_ROUTE.exec(hash);
  if (suggestions) return { name: 'suggestions', eventId: Number(suggestions[1]) };
  const match = EVENT_ROUTE.exec(hash);
  if (!match || (match[2] && !TABS.includes(match[2]))) return { name: 'not-found' };
  return {
    name: 'event',
    eventId: Number(match[1]),
    tab: match[2] || 'targets',
    attendeeId: match[3] ? Number(match[3]) : null,
  };
}

/** Return the hash of an event screen. */
export function eventHash(eventId, tab = 'targets', attendeeId = null) {
  return `#/events/${eventId}/${tab}${attendeeId === null ? '' : `/${attendeeId}`}`;
}

/** Return the hash of the scanner, for one event or (null) none. */
export function scanHash(eventId) {
  return eventId === null ? '#/scan/elsewhere' : `#/events/${eventId}/scan`;
}

/** "Scan a badge" from anywhere: the scanner finds the event on now, or asks which. */
export const SCAN_NOW = '#/scan';

/** Return the hash of my goal and an event's suggestions. */
export const suggestionsHash = (eventId) => `#/events/${eventId}/suggestions`;

/** Call `listener(route)` for the current hash and on every change of it. */
export function onRoute(listener) {
  window.addEventListener('hashchange', () => listener(parseHash(location.hash)));
  listener(parseHash(location.hash));
}
