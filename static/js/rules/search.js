// Instant search and sorting over an event's attendees, in memory. The index is built once per
// pack (when it is downloaded) and kept with it in IndexedDB, so a cold start only reads it back.
//
// The index lists everyone in name order: the folded text and a signature of letters per person,
// side by side in memory, so a search reads them front to back (a random walk over a
// conference's strings is much slower on a phone). A person whose signature lacks a letter or a pair
// of letters typed is skipped without reading their text. A keystroke reads only until the rows on
// screen are found; the rest is read between frames (Matches below).

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
    last: null,
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

// A keystroke reads people until it has the rows on screen; the rest of the list is read in
// slices between frames (the list asks for them). On a 70,000-person list the screen is filled
// from the first few hundred people for a common query, and typing is not held up by the
// thousands more that match.
const SLICE = 2048;  // people read between two looks at the clock

/**
 * A search result: the matching attendees in order, read one at a time (list.at(i)), found as
 * they are asked for. `length` reads to the end; `atLeast(n)` and `readFor(ms)` read only as far
 * as they need; `settled` says whether every person has been read.
 */
class Matches {
  // found: room for every possible match, filled up to count; pending: what is left to read,
  // in order, each {positions, next, end, terms, need, lettersOnly}.
  constructor(built, found, count, pending) {
    this.built = built;
    this.found = found;
    this.count = count;
    this.pending = pending;
  }

  get settled() { return this.pending.length === 0; }

  get length() {
    this.read(Infinity, Infinity);
    return this.count;
  }

  /** Read until n are found (or everyone is read); returns how many are found so far. */
  atLeast(n) {
    this.read(n, Infinity);
    return this.count;
  }

  /** Read for about `ms` milliseconds; returns true once everyone has been read. */
  readFor(ms) {
    this.read(Infinity, performance.now() + ms);
    return this.settled;
  }

  at(i) {
    if (i >= this.count) this.read(i + 1, Infinity);
    if (i >= this.count) return undefined;
    return this.built.attendees[this.built.byName[this.found[i]]];
  }

  *[Symbol.iterator]() {
    const { length } = this;  // read to the end once
    for (let i = 0; i < length; i += 1) yield this.at(i);
  }

  // Read until `wanted` are found, the clock passes `deadline`, or everyone is read.
  read(wanted, deadline) {
    while (this.count < wanted && this.pending.length) {
      const part = this.pending[0];
      const end = Math.min(part.end, part.next + SLICE);
      this.count = matchInto(this.built, part, end, this.found, this.count, wanted);
      if (part.next >= part.end) this.pending.shift();
      if (deadline !== Infinity && performance.now() > deadline) break;
    }
  }

  /** What a narrower search starts from: the matches found, then what is left unread. */
  narrowed(changedTerms, allTerms) {
    const parts = [part(this.found, 0, this.count, changedTerms)];
    for (const rest of this.pending) {
      parts.push(part(rest.positions, rest.next, rest.end, allTerms));
    }
    return parts;
  }
}

// Positions [next, end) of `positions` to read for `terms`, with the signature they need.
function part(positions, next, end, terms) {
  const need = new Int32Array(WORDS);
  for (const term of terms) sign(term, need, 0);
  // A single letter a-z is exactly its bit; anything longer is checked in the text.
  const lettersOnly = terms.every((term) => term.length === 1 && term >= 'a' && term <= 'z');
  return { positions, next, end, terms, need, lettersOnly };
}

// Read part's positions up to `end` (stopping early once `wanted` are found), appending the
// matches to found[count..]; returns the new count and leaves part.next where it stopped.
function matchInto(built, part, end, found, count, wanted) {
  const { positions, terms, lettersOnly } = part;
  const [letters, pairs0, pairs1, pairs2, pairs3] = part.need;
  const { masks, haystacks } = built;
  let i = part.next;
  people: for (; i < end && count < wanted; i += 1) {
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
    found[count] = position;
    count += 1;
  }
  part.next = i;
  return count;
}

// Room for every match the parts can hold.
const capacity = (parts) => parts.reduce((sum, { next, end }) => sum + end - next, 0);

/**
 * Return the attendees matching every word of `query` (name, title, company, answers), in the
 * order of `key` (name | company | title), as a list with `length` and `at(i)`. Typing one
 * more letter narrows the last result, reading only the words that changed (and, for the
 * people the last result had not read yet, every word).
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
    return new Matches(built, order, order.length, []);
  }
  const narrowing = last && last.memoKey === memoKey && folded.startsWith(last.folded);
  const parts = narrowing
    ? last.matches.narrowed(terms.filter((term, t) => term !== last.terms[t]), terms)
    : [part(order, 0, order.length, terms)];
  const matches = new Matches(built, new Int32Array(capacity(parts)), 0, parts);
  built.last = { memoKey, folded, terms, matches };
  return matches;
}
