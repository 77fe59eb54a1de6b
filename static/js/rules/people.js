// Who is the same person across events, and how a relationship stands. The twin of
// companion/rules/people.py (tests/people_cases.py holds the cases both must agree on): a badge
// scanned offline links to the person the server would link it to. Dates are 'YYYY-MM-DD'.

import { SPACE, WHITESPACE } from './links.js';
import { foldText } from './names.js';

export const CADENCES = { none: null, '3w': 21, '2m': 61, '6m': 183, '1y': 365 };
export const CADENCE_LABELS = { none: 'None', '3w': 'Every 3 weeks', '2m': 'Every 2 months',
  '6m': 'Every 6 months', '1y': 'Once a year' };
export const DEFAULT_WARM_DAYS = 90;
export const TWO_WAY = new Set(['met', 'reply', 'coffee', 'call']);

const PROFILE = /^(?:(?:https?:\/\/)?(?:(?:www|m|[a-z]{2})\.)?linkedin\.com)?\/in\/([^/?#<>"'`\\]+)(?:[/?#][\s\S]*)?$/i;
const PERCENT = /%[0-9A-Fa-f]{2}/g;
const COMPANY_SUFFIXES = new Set(('inc incorporated ltd limited llc llp corp corporation co ' +
  'gmbh ag sa sas sarl bv nv plc pty oy ab as srl spa kk').split(' '));

function trim(value) {
  let start = 0;
  let end = value.length;
  while (start < end && WHITESPACE.includes(value[start])) start += 1;
  while (end > start && WHITESPACE.includes(value[end - 1])) end -= 1;
  return value.slice(start, end);
}

/** Return a profile link's slug, lower-case and percent-decoded, or null (company pages too). */
export function linkedinSlug(text) {
  const value = trim(typeof text === 'string' ? text : '');
  const match = !value || SPACE.test(value) ? null : PROFILE.exec(value);
  if (!match) return null;
  let slug = match[1];
  if (slug.includes('%')) {
    // Only a well-formed escape of UTF-8 is decoded, as in Python.
    if ((slug.match(PERCENT) || []).length !== slug.split('%').length - 1) {
      return slug.toLowerCase();
    }
    try {
      slug = decodeURIComponent(slug);
    } catch {
      return match[1].toLowerCase();
    }
  }
  return slug.toLowerCase() || null;
}

// Apostrophes and full stops join ("O'Brien", "J.R."); other marks separate words.
const NOT_ALNUM = /[^\p{L}\p{N}]+/u;
const words = (text) => foldText(text).replaceAll("'", '').replaceAll('.', '')
  .split(NOT_ALNUM).filter(Boolean);

// Python sorts strings by code point; JavaScript's default sort compares UTF-16 units.
function byCodePoint(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const difference = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (difference) return difference;
  }
  return x.length - y.length;
}

/** Return a key equal for one name in any case, accents, punctuation or order. */
export function personNameKey(name) {
  return words(name || '').sort(byCodePoint).join(' ');
}

/** Return a company's name without case, accents, punctuation or a legal form. */
export function companyKey(company) {
  const list = words(company || '');
  while (list.length > 1 && COMPANY_SUFFIXES.has(list[list.length - 1])) list.pop();
  return list.join(' ');
}

// companion/rules/emails.py valid_email: Python's str.strip() whitespace and \s spelled out.
const PY_SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const EMAIL_CHAR = `[^@${PY_SPACE}<>()\\[\\],;:"'\\\\]`;
const EMAIL = new RegExp(`^${EMAIL_CHAR}+@${EMAIL_CHAR}+\\.[^@${PY_SPACE}<>()\\[\\],;:"'\\\\.]{2,}$`);

/** Return the folded address, or null when it is not something@something.tld. */
export function emailKey(value) {
  let address = String(value ?? '').replaceAll('\0', '').replace(STRIP, '').toLowerCase();
  address = address.replace(/^[<>]+|[<>]+$/g, '');
  if (address.startsWith('mailto:')) address = address.slice(7);
  return [...address].length <= 254 && EMAIL.test(address) ? address : null;
}

const emailsOf = (person) => new Set((person.emails || []).map(emailKey).filter(Boolean));

/** Return 'same', 'ask' or 'different' for two {name, emails, linkedin, company}. */
export function samePerson(a, b) {
  const theirs = emailsOf(b);
  for (const email of emailsOf(a)) if (theirs.has(email)) return 'same';
  const slug = linkedinSlug(a.linkedin);
  if (slug !== null && slug === linkedinSlug(b.linkedin)) return 'same';
  const name = personNameKey(a.name);
  const company = companyKey(a.company);
  if (name && company && name === personNameKey(b.name) && company === companyKey(b.company)) {
    return 'ask';
  }
  return 'different';
}

const DAY = 86_400_000;
const toDays = (day) => Date.parse(`${day}T00:00:00Z`) / DAY;
const fromDays = (days) => new Date(days * DAY).toISOString().slice(0, 10);

/** Return {last_contact, due_on, state, warm} as companion/rules/people.py relationship(). */
export function relationship(interactions, cadenceDays, today) {
  const now = toDays(today);
  let last = null;
  let twoWay = 0;
  for (const item of interactions) {
    const on = toDays(item.on);
    if (last === null || on > last) last = on;
    if (TWO_WAY.has(item.kind)) twoWay += 1;
  }
  const window = cadenceDays || DEFAULT_WARM_DAYS;
  const warm = twoWay >= 2 && last !== null && now - last <= window;
  const lastContact = last === null ? null : fromDays(last);
  if (!cadenceDays) return { last_contact: lastContact, due_on: null, state: 'none', warm };
  if (last === null) return { last_contact: null, due_on: null, state: 'due', warm: false };
  const dueOn = last + cadenceDays;
  const overdueOn = last + Math.floor((cadenceDays * 3) / 2);
  const state = now >= overdueOn ? 'overdue' : now >= dueOn ? 'due' : 'ok';
  return { last_contact: lastContact, due_on: fromDays(dueOn), state, warm };
}

const fuller = (a, b) => (trim(b || '').length > trim(a || '').length ? b || '' : a || '');

function union(a, b, key) {
  const seen = new Set();
  const out = [];
  for (const value of [...(a || []), ...(b || [])]) {
    const folded = key(value);
    if (folded && !seen.has(folded)) { seen.add(folded); out.push(value); }
  }
  return out;
}

/** Return the one person two merged records show, as people.py merged_person(). */
export function mergedPerson(a, b) {
  const [firstA, firstB] = [a.first_met_on || '', b.first_met_on || ''];
  const first = firstA && (!firstB || firstA <= firstB) ? a : b;
  let notes = [a.note || '', b.note || ''].filter((note) => trim(note));
  if (notes.length === 2 && trim(notes[0]) === trim(notes[1])) notes = notes.slice(0, 1);
  const merged = { ...a };
  for (const name of ['name', 'linkedin', 'company', 'title']) {
    merged[name] = fuller(a[name], b[name]);
  }
  return {
    ...merged,
    emails: union(a.emails, b.emails, (email) => emailKey(email) || ''),
    phones: union(a.phones, b.phones, (phone) => String(phone).replace(/\D/g, '')),
    tags: union(a.tags, b.tags, (tag) => foldText(String(tag))),
    note: notes.join('\n\n'),
    first_met_on: first.first_met_on || '',
    first_met_event_id: first.first_met_event_id ?? null,
    first_met_event: first.first_met_event || '',
    cadence: (a.cadence || 'none') !== 'none' ? a.cadence : b.cadence || 'none',
    archived: Boolean(a.archived) && Boolean(b.archived),
  };
}

const since = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** Return how long ago `day` was, in words ("yesterday", "3 weeks ago", "8 months ago"). */
export function sinceText(day, today) {
  const days = Math.round(toDays(today) - toDays(day));
  if (days < 14) return since.format(-days, 'day');
  if (days < 60) return since.format(-Math.floor(days / 7), 'week');
  if (days < 730) return since.format(-Math.floor(days / 30.44), 'month');
  return since.format(-Math.floor(days / 365.25), 'year');
}

// One formatter for every day shown: toLocaleDateString builds a new one per call, which cost
// a slowed phone about a millisecond per timeline row.
const dayFormat = new Intl.DateTimeFormat(undefined,
  { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** Return a day as "Mar 12, 2026" in the device's language. */
export function dayText(day) {
  if (!day) return '';
  return dayFormat.format(new Date(`${day}T12:00:00Z`));
}
