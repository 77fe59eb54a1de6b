// Wall-clock times in an event's time zone, with Intl only (no tz library), correct across DST.
// Twin of companion/rules/arrival.py `earliest_on_event_day` for the "HH:MM" conversion.

const DAY = 24 * 60 * 60 * 1000;
const HHMM = /^([0-9]{1,2}):([0-9]{2})$/;
const partFormatters = new Map();

// en-US with h23 gives plain numeric parts whatever the user's locale is.
function partFormatter(timeZone) {
  if (!partFormatters.has(timeZone)) {
    partFormatters.set(timeZone, new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    }));
  }
  return partFormatters.get(timeZone);
}

// The wall clock in `timeZone` at `ms`: {year, month (1-12), day, hour, minute, second}.
export function wallClock(ms, timeZone) {
  const parts = {};
  for (const { type, value } of partFormatter(timeZone).formatToParts(new Date(ms))) {
    if (type !== 'literal') parts[type] = Number(value);
  }
  if (parts.hour === 24) parts.hour = 0;  // some engines print midnight as 24 even with h23
  return parts;
}

// How far the wall clock in `timeZone` is ahead of UTC at `ms`, in milliseconds.
function offsetAt(ms, timeZone) {
  const w = wallClock(ms, timeZone);
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallMs - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant of wall time "HH:MM" on the local date of `dayInstant` in `timeZone`.
 * A time that occurs twice (autumn) means its first occurrence; a time skipped in spring lands
 * after the gap, read with the offset from before the change (as Python's fold=0 does).
 */
export function wallTimeToInstant(dayInstant, hhmm, timeZone) {
  const match = typeof hhmm === 'string' ? HHMM.exec(hhmm) : null;
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new RangeError(`expected a time as HH:MM, got ${JSON.stringify(hhmm)}`);
  }
  const day = wallClock(dayInstant.getTime(), timeZone);
  const wallMs = Date.UTC(day.year, day.month - 1, day.day, Number(match[1]), Number(match[2]));
  // Offsets a day either side bracket any single change; a candidate is real if the zone's
  // own offset at that instant is the one used to reach it.
  const before = wallMs - offsetAt(wallMs - DAY, timeZone);
  const after = wallMs - offsetAt(wallMs + DAY, timeZone);
  const real = [before, after].filter((ms) => ms + offsetAt(ms, timeZone) === wallMs);
  return new Date(real.length ? Math.min(...real) : before);
}

// "19:50" in 24-hour locales (numeric alone gives "1:50" there), "7:50 PM" in 12-hour ones.
function timeFormat(timeZone, locale, extra = {}) {
  const options = { timeZone, hour: 'numeric', minute: '2-digit', ...extra };
  const { hourCycle } = new Intl.DateTimeFormat(locale, options).resolvedOptions();
  const twoDigits = hourCycle === 'h23' || hourCycle === 'h24';
  return new Intl.DateTimeFormat(locale, twoDigits ? { ...options, hour: '2-digit' } : options);
}

/** Format the time of day of `date` in `timeZone`, in the user's locale unless one is given. */
export function formatTime(date, timeZone, locale = undefined) {
  return timeFormat(timeZone, locale).format(date);
}

/** Format the weekday, date and time of `date` in `timeZone`. */
export function formatDateTime(date, timeZone, locale = undefined) {
  return timeFormat(timeZone, locale, {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
  }).format(date);
}
