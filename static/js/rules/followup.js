// When a follow-up is due and what its draft says. Twin of companion/rules/followup.py
// (tests/followup_cases.py holds the cases both agree on): the phone makes due items offline.
// Lengths count code points, as Python's len() does, so both cut a draft at the same place.

import { wallClock, wallTimeToInstant } from './zoned.js';

export const KINDS = ['thanks', 'promise', 'missed', 'nudge'];
export const LIMITS = { linkedin: 200, email: 1500 };
const DAYS_AFTER = { thanks: 1, promise: 1, missed: 2, nudge: 7 };
const DAY_STARTS = 5;
const DEFAULT_LENGTH = 2 * 60 * 60 * 1000;
export const MAX_UNANSWERED = 2;
const DAY = 24 * 60 * 60 * 1000;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const SENTENCE_END = /(?<=[.!?…])\s|\n/u;
const PROMISE = /\b(?:i\s+)?promised\b/i;

const length = (text) => [...text].length;
const toDate = (value) => (value instanceof Date ? value : new Date(value));

/** When an event ends: its end, or two hours after its start when it has none. */
export function eventEnd(startsAt, endsAt) {
  return endsAt ? toDate(endsAt) : new Date(toDate(startsAt).getTime() + DEFAULT_LENGTH);
}

/** The day (UTC-midnight Date) `base` belongs to in `zone`: the day before until 05:00. */
export function eventDay(base, zone) {
  const w = wallClock(toDate(base).getTime(), zone);
  const day = Date.UTC(w.year, w.month - 1, w.day);
  return new Date(w.hour < DAY_STARTS ? day - DAY : day);
}

/** 'YYYY-MM-DD' of a day from eventDay(). */
export const isoDay = (day) => day.toISOString().slice(0, 10);

/** The instant (Date) a follow-up of `kind` is due: 09:00 in `zone`, weekends to Monday. */
export function dueAt(kind, base, zone) {
  if (!(kind in DAYS_AFTER)) throw new RangeError(`unknown follow-up kind: ${kind}`);
  let day = eventDay(base, zone).getTime() + DAYS_AFTER[kind] * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;  // Monday 0, as Python's weekday()
  if (weekday >= 5) day += (7 - weekday) * DAY;
  // An instant whose local date in `zone` is `day` (about noon there), then 09:00 on it.
  const w = wallClock(day + 12 * 3600 * 1000, zone);
  const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - (day + 12 * 3600 * 1000);
  return wallTimeToInstant(new Date(day + 12 * 3600 * 1000 - offset), '09:00', zone);
}

/** 'Thursday, March 12' for a day ('YYYY-MM-DD' or a UTC-midnight Date), in any locale. */
export function dayInWords(day) {
  const d = typeof day === 'string' ? new Date(`${day}T00:00:00Z`) : day;
  return `${WEEKDAYS[(d.getUTCDay() + 6) % 7]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** The first sentence of a note as typed (trimmed), or '' for none. */
export function firstSentence(text) {
  const value = (text || '').trim();
  const match = SENTENCE_END.exec(value);
  return (match ? value.slice(0, match.index) : value).trim();
}

/** The sentence of a note that holds a promise ("I promised …"), or null. */
export function promiseIn(text) {
  let rest = (text || '').trim();
  while (rest) {
    const sentence = firstSentence(rest);
    if (PROMISE.test(sentence)) return sentence;
    rest = rest.slice(sentence.length).replace(/^[.!?…\s]+/u, '');
    if (!sentence) break;
  }
  return null;
}

/** The first word of a name, or ''. */
export function firstName(name) {
  return (name || '').trim().split(/\s+/u)[0] || '';
}

/** `text` cut to at most `limit` code points, an ellipsis marking the cut. */
export function clip(text, limit) {
  const chars = [...text];
  if (chars.length <= limit) return text;
  return limit > 0 ? `${chars.slice(0, Math.max(limit - 1, 0)).join('').trimEnd()}…` : '';
}

function email(kind, first, event, day, hook, promise) {
  const opening = {
    thanks: `It was good to meet you at ${event} on ${day}. What we talked about: ${hook}`,
    promise: `As promised at ${event} on ${day}: ${promise || hook}`,
    missed: `Sorry we missed each other at ${event} on ${day}. I had hoped to meet you: ${hook}`,
    nudge: `Following up on my note after ${event} on ${day}. What we talked about: ${hook}`,
  }[kind];
  let extra = promise && kind !== 'promise' ? `\n\n${promise}` : '';
  if (kind === 'promise' && promise) extra = `\n\nWhat we talked about: ${hook}`;
  return `Hi ${first},\n\n${opening}${extra}\n\nWould you have time for a coffee soon?`;
}

function linkedin(kind, first, event, day, hook, promise) {
  const opening = {
    thanks: `good to meet you at ${event} (${day}).`,
    promise: `as promised at ${event} (${day}):`,
    missed: `sorry we missed each other at ${event} (${day}).`,
    nudge: `following up after ${event} (${day}).`,
  }[kind];
  const body = kind === 'promise' && promise ? promise : hook;
  return `Hi ${first}, ${opening} ${body}`;
}

/** The draft in the user's own words, or null when there is no hook (see followup.py). */
export function draft(kind, firstNameText, eventTitle, day, hookText, promiseText = null,
  channel = 'email') {
  if (!(kind in DAYS_AFTER)) throw new RangeError(`unknown follow-up kind: ${kind}`);
  if (!(channel in LIMITS)) throw new RangeError(`unknown channel: ${channel}`);
  let hook = (hookText || '').trim();
  if (!hook) return null;
  let promise = (promiseText || '').trim() || null;
  if (promise === hook && kind !== 'promise') promise = null;
  const limit = LIMITS[channel];
  const render = channel === 'linkedin' ? linkedin : email;
  const first = clip((firstNameText || '').trim(), 40) || 'there';
  let event = (eventTitle || '').trim() || 'the event';
  const words = dayInWords(day);
  const text = render(kind, first, event, words, hook, promise);
  if (length(text) <= limit) return text;
  event = clip(event, 60);
  if (promise) {
    const fixed = length(render(kind, first, event, words, hook, ''));
    promise = clip(promise, Math.max(limit - fixed, 20));
  }
  const fixed = length(render(kind, first, event, words, '', promise));
  hook = clip(hook, Math.max(limit - fixed, 1));
  return clip(render(kind, first, event, words, hook, promise), limit);
}

/** How many touches came after the last reply in a time-ordered history. */
export function unanswered(history) {
  let count = 0;
  for (const entry of history) count = entry === 'reply' ? 0 : count + 1;
  return count;
}

/** Whether one more touch keeps the person below two unanswered ones. */
export const mayTouch = (history) => unanswered(history) < MAX_UNANSWERED;

/** 'nudge' when a sent thank-you got no reply and a touch is allowed, else null. */
export function nextTouch(history) {
  if (!history.length || history[history.length - 1] !== 'thanks' || !mayTouch(history)) {
    return null;
  }
  return 'nudge';
}
