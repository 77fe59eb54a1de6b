// Hash routes, so /app is the one page the worker caches and the start URL:
//   #/                              the events list
//   #/events/3                      an event, on its Targets tab
//   #/events/3/everyone             an event on a tab: targets | everyone | met
//   #/events/3/everyone/12          the same, with attendee 12's mark open

export const TABS = ['targets', 'everyone', 'met'];

const EVENT_ROUTE = /^#?\/events\/(\d+)(?:\/([a-z]+))?(?:\/(\d+))?\/?$/;

/** Return {name: 'events'} | {name: 'event', eventId, tab, attendeeId} | {name: 'not-found'}. */
export function parseHash(hash) {
  if (!hash || hash === '#' || hash === '#/') return { name: 'events' };
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

/** Call `listener(route)` for the current hash and on every change of it. */
export function onRoute(listener) {
  window.addEventListener('hashchange', () => listener(parseHash(location.hash)));
  listener(parseHash(location.hash));
}
