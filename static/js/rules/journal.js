// Which events are worth your evenings: series, their verdicts, and what a series tells the plan.
// Twin of companion/rules/journal.py (its docstring records the decisions and the verdict rules),
// run offline on the phone; tests/journal_cases.py is the table both must pass: change them
// together.

import { ARRIVAL_MINUTES, SERIES_WORDS } from '/app/constants.js';
import { SPACE } from './links.js';
import { foldText } from './names.js';

export const SECOND_WAVE_MINUTES = ARRIVAL_MINUTES.secondWaveDelay;
const MONTHS = new Set(SERIES_WORDS.months);
const EDITION_WORDS = new Set(SERIES_WORDS.editions);
const APOSTROPHES = /['\u2019\u02bc`]/g;
// Python's [^\W_]: letters and numbers of any script.
const TOKEN = /[\p{L}\p{N}]+/gu;
const NUMBER = /^[0-9]+(?:st|nd|rd|th|e|er|re|eme|ieme|o|a)?$/;
const ROMAN = /^x{0,3}(?:ix|iv|v?i{0,3})$/;

const isNumber = (token) => NUMBER.test(token) || (token.length > 1 && ROMAN.test(token));

function words(text) {
  const folded = foldText(text ?? '').replaceAll('&', ' and ').replace(APOSTROPHES, '');
  return folded.match(TOKEN) ?? [];
}

// Which of a title's words name its series (the rest are its edition).
function keptWords(all) {
  const numbers = all.map(isNumber);
  const besideNumber = (i) => (i > 0 && numbers[i - 1]) || (i + 1 < all.length && numbers[i + 1]);
  const kept = all.map((word, i) => !numbers[i] &&
    !(MONTHS.has(word) && (besideNumber(i) || (i === all.length - 1 && i >= 2))) &&
    !(EDITION_WORDS.has(word) && besideNumber(i)));
  const first = kept.indexOf(true);
  if (first >= 0 && all[first] === 'the' && kept.filter(Boolean).length > 1) kept[first] = false;
  return kept.some(Boolean) ? kept : all.map(() => true);
}

const collapse = (text) => text.split(SPACE).filter(Boolean).join(' ');

/** Return the title as written, without the edition around it ("The 45th PM Night": "PM Night"). */
export function seriesName(title) {
  const text = typeof title === 'string' ? title : '';
  const spans = [...text.matchAll(TOKEN)].map((m) => [m.index, m.index + m[0].length]);
  const all = spans.map(([start, end]) => words(text.slice(start, end)).join(''));
  const kept = keptWords(all).flatMap((keep, i) => (keep && all[i] ? [i] : []));
  if (!kept.length) return collapse(text);
  return collapse(text.slice(spans[kept[0]][0], spans[kept[kept.length - 1]][1]));
}

/** Return the key one series' events share: the title without its edition, plus the host. */
export function seriesKey(title, host = '') {
  const all = words(title);
  const kept = keptWords(all);
  const key = all.filter((_, i) => kept[i]).join(' ');
  const hostWords = words(host);
  return hostWords.length ? `${key} @ ${hostWords.join(' ')}` : key;
}

/** True when the user said something about the event: stars or worth going back. */
export const isAnswered = (event) => event.went !== false &&
  ((event.rating ?? null) !== null || (event.worth ?? null) !== null);

const count = (number, one, many) => `${number} ${number === 1 ? one : many}`;

function cameOfIt(totals) {
  const parts = [];
  if (totals.coffees) parts.push(count(totals.coffees, 'coffee', 'coffees'));
  if (totals.planned) parts.push(`${totals.met_planned} of ${totals.planned} targets met`);
  if (totals.new_people) parts.push(count(totals.new_people, 'new person', 'new people'));
  return parts.join(', ');
}

const sum = (numbers) => numbers.reduce((total, n) => total + n, 0);

/** Return a series' totals, its verdict and the sentence that explains it. */
export function seriesSummary(events) {
  const answered = events.filter(isAnswered);
  const n = answered.length;
  const ratings = answered.map((e) => e.rating ?? null).filter((rating) => rating !== null);
  const worth = answered.map((e) => e.worth ?? null);
  const totals = Object.fromEntries(['planned', 'met_planned', 'new_people', 'coffees']
    .map((name) => [name, sum(answered.map((e) => Math.trunc(Number(e[name]) || 0)))]));
  const summary = {
    events: events.length,
    answered: n,
    stars: ratings.length ? sum(ratings) / ratings.length : null,
    yes: worth.filter((w) => w === 'yes').length,
    maybe: worth.filter((w) => w === 'maybe').length,
    no: worth.filter((w) => w === 'no').length,
    ...totals,
  };
  const came = cameOfIt(totals);
  let verdict;
  let sentence;
  if (n < 2) {
    verdict = 'too early';
    sentence = `Too early to say: answer at least two of its events (${n} answered so far).`;
  } else {
    const stars = sum(ratings);
    const leansYes = 2 * summary.yes >= n || (ratings.length > 0 && stars >= 4 * ratings.length);
    const leansNo = 2 * summary.no > n || (ratings.length > 0 && stars <= 2 * ratings.length);
    const something = totals.coffees > 0 ||
      (totals.planned > 0 && 2 * totals.met_planned >= totals.planned) ||
      totals.new_people >= 2 * n;
    if (leansYes && something) {
      verdict = 'keep';
      sentence = `Keep going: your answers lean yes and something came of it (${came}).`;
    } else if (leansNo && !totals.coffees) {
      verdict = 'drop';
      sentence = 'Drop it: your answers lean no and no coffee came of it.';
    } else {
      verdict = 'try once more';
      sentence = `Try once more: your answers and what came of it don't agree yet${
        came ? ` (${came}).` : '.'}`;
    }
  }
  return { ...summary, verdict, sentence };
}

/** Return "keep", "try once more", "drop" or "too early" for a series' events. */
export const seriesVerdict = (events) => seriesSummary(events).verdict;

/**
 * Return a reason for the arrival plan from a series' answered past events, or null;
 * `planCodes`: the codes of the plan's own reasons (at the doors for targets, they come first).
 */
export function arrivalReason(seriesTitle, past, planCodes = []) {
  if (past.length < 2) return null;
  const minutes = past.flatMap((event) => event.met_minutes ?? []);
  const after = minutes.filter((m) => m >= SECOND_WAVE_MINUTES).length;
  const before = minutes.length - after;
  const name = collapse(String(seriesTitle ?? '')) || 'this series';
  if (2 * after > minutes.length) {
    const text = `At ${name} ${after} of your ${minutes.length} met targets were met ` +
      `${SECOND_WAVE_MINUTES} minutes or more after the start: the second wave fits this series`;
    if (planCodes.includes('doors-targets')) {
      return { code: 'series-second-wave-targets-first',
        text: `${text}, but the people you must meet come first.` };
    }
    return { code: 'series-second-wave', text: `${text}.` };
  }
  if (2 * before > minutes.length) {
    return { code: 'series-doors', text: `At ${name} ${before} of your ${minutes.length} met ` +
      `targets were met in the first ${SECOND_WAVE_MINUTES} minutes: the doors fit this series.` };
  }
  return null;
}

/** Return an arrival plan with a series' reason added last; its times stay the plan's own. */
export const withSeriesReason = (plan, reason) =>
  (reason ? { ...plan, reasons: [...plan.reasons, reason] } : plan);
