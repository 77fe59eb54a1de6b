// Instant search and sorting over an event's attendees, in memory. The index is built once per
// pack (when it is downloaded) and kept with it in IndexedDB, so a cold start only reads it back.
//
// The index lists everyone in name order: the folded text and a signature of letters per person,
// side by side in memory, so a keystroke reads them front to back (a random walk over a
// conference's strings is much slower on a phone). A person whose signature lacks a letter or a pair
// of letters typed is skipped without reading their text; nothing in proportion to the list is
// allocated but the matches.

export const SORT_KEYS = ['name', 'company', 'title'];
// Bumped whenever what buildIndex stores changes: an older stored index is then rebuilt.
export const INDEX_VERSION = 4;

const ASCII = /^[\x00-\x7f]*$/;

/** Lower-case and strip accents, fast, so "garcia" finds "García" and "ZOË" finds "Zoe". */
export function foldForSearch(text) {
  if (!text) return '';
  // Most names and titles are plain ASCII: lower-casing is all they need.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

// A signature per person, five 32-bit words side by side: one bit per letter a-z (and five for
// the digits), then 128 bits for the pairs of adjacent letters. A person whose signature lacks a
// bit of the query's cannot match, so most are ruled out without reading their text, even for
// two letters that nearly everyone has ("ma": most have an m and an a, far fewer "ma").
const WORDS = 5;

function bitOf(code) {
  if (code >= 97 && code <= 122) return 1 << (code - 97);
  if (code >= 48 && code <= 57) return 1 << (26 + ((code - 48) % 5));
  return 0;
}

const isWordChar = (code) => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

/** Write the signature of `text` at words[at .. at + WORDS). */
function sign(text, words, at) {
  let previous = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    words[at] |= bitOf(code);
    if (isWordChar(code) && isWordChar(previous)) {
      const pair = (previous * 29 + code * 13) & 127;
      words[at + 1 + (pair >> 5)] |= 1 << (pair & 31);
    }
    previous = code;
  }
}

function signatures(texts) {
  const words = new Int32Array(texts.length * WORDS);
  texts.forEach((text, position) => { sign(text, words, position * WORDS); });
  return words;
}

// Titles and companies repeat across thousands of rows: fold each distinct value once.
function memoFold() {
  const memo = new Map();
  return (text) => {
    let folded = memo.get(text);
    if (folded === undefined) {
      folded = foldForSearch(text);
      memo.set(text, folded);
    }
    return folded;
  };
}

// The positions 0..n-1 sorted by `keys`: empty values last whatever the direction ("no
// company" is not a company starting with A), ties by name, then by id.
function sortedPositions(keys, names, ids) {
  const positions = Int32Array.from(keys, (_, position) => position);
  return positions.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (!x !== !y) return x ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
    if (names[a] !== names[b]) return names[a] < names[b] ? -1 : 1;
    return ids[a] - ids[b];
  });
}

function index(attendees, byName, haystacks, masks) {
  const everyone = new Int32Array(byName.length);
  for (let position = 0; position < everyone.length; position += 1) everyone[position] = position;
  return {
    attendees, byName, haystacks, masks, orders: new Map([['name:false', everyone]]),
    // Room for one search's matches, reused by every keystroke: no large allocation per key.
    scratch: new Int32Array(attendees.length), last: null,
  };
}

/** Build the search index: everyone in name order, with folded text and a signature each. */
export function buildIndex(attendees) {
  const names = attendees.map((attendee) => foldForSearch(attendee.name));
  const byName = sortedPositions(names, names, attendees.map((attendee) => attendee.id));
  const foldRepeated = memoFold();
  const haystacks = Array.from(byName, (row) => `${names[row]} ` +
    `${foldRepeated(attendees[row].title)} ${foldRepeated(attendees[row].company)} ` +
    (attendees[row].answers || []).map(([, answer]) => foldRepeated(answer)).join(' '));
  return index(attendees, byName, haystacks, signatures(haystacks));
}

/** Return what restoreIndex needs, for storing with the pack. */
export function storableIndex(built) {
  const { byName, haystacks, masks } = built;
  return { version: INDEX_VERSION, byName, haystacks, masks };
}

/** Return the index stored with a pack, or null when another version of the app made it. */
export function restoreIndex(attendees, stored) {
  if (!stored || stored.version !== INDEX_VERSION) return null;
  if (stored.byName.length !== attendees.length) return null;
  return index(attendees, stored.byName, stored.haystacks, stored.masks);
}

// Each ordering (of positions in name order) is computed once per index.
function orderOf(built, key, descending) {
  const memoKey = `${key}:${descending}`;
  if (!built.orders.has(memoKey)) {
    const { attendees, byName } = built;
    let order;
    if (!descending) {
      const names = Array.from(byName, (row) => foldForSearch(attendees[row].name));
      const foldRepeated = memoFold();
      const keys = Array.from(byName, (row) => foldRepeated(attendees[row][key]));
      order = sortedPositions(keys, names, Array.from(byName, (row) => attendees[row].id));
    } else {
      // Reversed, but the people without a value stay at the end.
      const ascending = orderOf(built, key, false);
      const empty = ascending.findIndex((position) => !attendees[byName[position]][key]);
      const end = empty === -1 ? ascending.length : empty;
      order = Int32Array.from(ascending);
      order.subarray(0, end).reverse();  // a view: reverses the copy in place
    }
    built.orders.set(memoKey, order);
  }
  return built.orders.get(memoKey);
}

/** A search result: the matching attendees in order, read one at a time (list.at(i)). */
class Matches {
  constructor(built, positions) {
    this.built = built;
    this.positions = positions;
    this.length = positions.length;
  }

  at(i) {
    return this.built.attendees[this.built.byName[this.positions[i]]];
  }

  *[Symbol.iterator]() {
    for (let i = 0; i < this.length; i += 1) yield this.at(i);
  }
}

function matching(built, positions, terms) {
  const need = new Int32Array(WORDS);
  for (const term of terms) sign(term, need, 0);
  const [letters, pairs0, pairs1, pairs2, pairs3] = need;
  // A single letter a-z is exactly its bit; anything longer is checked in the text.
  const lettersOnly = terms.every((term) => term.length === 1 && term >= 'a' && term <= 'z');
  const { masks, haystacks, scratch } = built;
  let count = 0;
  people: for (let i = 0; i < positions.length; i += 1) {
    const position = positions[i];
    const at = position * WORDS;
    if ((masks[at] & letters) !== letters || (masks[at + 1] & pairs0) !== pairs0
      || (masks[at + 2] & pairs1) !== pairs1 || (masks[at + 3] & pairs2) !== pairs2
      || (masks[at + 4] & pairs3) !== pairs3) continue;
    if (!lettersOnly) {
      const text = haystacks[position];
      for (let t = 0; t < terms.length; t += 1) {
        if (text.indexOf(terms[t]) === -1) continue people;
      }
    }
    scratch[count] = position;
    count += 1;
  }
  return scratch.slice(0, count);
}

/**
 * Return the attendees matching every word of `query` (name, title, company, answers), in the
 * order of `key` (name | company | title), as a list with `length` and `at(i)`. Typing one
 * more letter narrows the last result, reading only the words that changed.
 */
export function search(built, query, { key = 'name', descending = false } = {}) {
  if (!SORT_KEYS.includes(key)) throw new RangeError(`cannot sort by ${key}`);
  const folded = foldForSearch(query).trim();
  const terms = folded.split(/\s+/).filter(Boolean);
  const memoKey = `${key}:${descending}`;
  const order = orderOf(built, key, descending);
  const { last } = built;
  if (!terms.length) {
    built.last = null;
    return new Matches(built, order);
  }
  const narrowing = last && last.memoKey === memoKey && folded.startsWith(last.folded);
  const positions = narrowing
    ? matching(built, last.positions, terms.filter((term, t) => term !== last.terms[t]))
    : matching(built, order, terms);
  built.last = { memoKey, folded, positions, terms };
  return new Matches(built, positions);
}
