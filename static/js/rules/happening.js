// Which events a scan at this moment belongs to: the scanner files a badge to the event that
// is on (or starting within the hour) without asking, and asks otherwise. The phone's own rule:
// the server never needs to know which event "now" is.

export const SOON_MS = 60 * 60 * 1000;  // arriving early: a scan an hour before doors counts
const LENGTH_MS = 3 * 60 * 60 * 1000;  // an event with no end time is taken to last 3 hours

const startOf = (event) => Date.parse(event.starts_at);
const endOf = (event) => (event.ends_at ? Date.parse(event.ends_at) : startOf(event) + LENGTH_MS);

/** The events on at `now` or starting within SOON_MS of it, the soonest start first. */
export function eventsOnNow(events, now = Date.now()) {
  return events
    .filter((event) => startOf(event) - SOON_MS <= now && now <= endOf(event))
    .sort((a, b) => startOf(a) - startOf(b));
}

/**
 * The events to offer when none is on: those still to come (soonest first), then those just
 * past (latest first), at most `limit` of them; met elsewhere is always offered beside them.
 */
export function eventsToOffer(events, now = Date.now(), limit = 5) {
  const coming = events.filter((event) => endOf(event) >= now)
    .sort((a, b) => startOf(a) - startOf(b));
  const past = events.filter((event) => endOf(event) < now)
    .sort((a, b) => endOf(b) - endOf(a));
  return [...coming, ...past].slice(0, limit);
}
