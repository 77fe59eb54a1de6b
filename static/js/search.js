// Instant search and sorting over an event's attendees, in memory: built once per pack, so a
// keystroke filters an array (70,000 rows in a few milliseconds) and never reads IndexedDB.

export const SORT_KEYS = ['name', 'company', 'title'];

/** Lower-case and strip accents, so "garcia" finds "García" and "ZOË" finds "Zoe". */
export function fold(text) {
  return (text || '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Build the search index: one folded "name title company" string and sort keys per row. */
export function buildIndex(attendees) {
  const rows = attendees.map((attendee) => ({
    attendee,
    haystack: `${fold(attendee.name)} ${fold(attendee.title)} ${fold(attendee.company)}`,
    keys: {
      name: fold(attendee.name), company: fold(attendee.company), title: fold(attendee.title),
    },
  }));
  return { rows, sorted: new Map(), last: null };
}

// Empty values sort last whatever the direction: "no company" is not a company starting with A.
function compareBy(key) {
  return (a, b) => {
    const x = a.keys[key];
    const y = b.keys[key];
    if (!x !== !y) return x ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
    if (a.keys.name !== b.keys.name) return a.keys.name < b.keys.name ? -1 : 1;
    return a.attendee.id - b.attendee.id;
  };
}

// Each ordering is sorted once per index and reused by every search.
function sortedRows(index, key, descending) {
  const memoKey = `${key}:${descending}`;
  if (!index.sorted.has(memoKey)) {
    const rows = [...index.rows].sort(compareBy(key));
    if (descending) {
      const filled = rows.filter((row) => row.keys[key]);
      rows.splice(0, rows.length, ...filled.reverse(), ...rows.slice(filled.length));
    }
    index.sorted.set(memoKey, rows);
  }
  return index.sorted.get(memoKey);
}

/**
 * Return the attendees matching every word of `query` (in name, title or company), in the
 * order of `key` (name | company | title). Typing one more letter narrows the last result
 * instead of scanning everyone again.
 */
export function search(index, query, { key = 'name', descending = false } = {}) {
  if (!SORT_KEYS.includes(key)) throw new RangeError(`cannot sort by ${key}`);
  const folded = fold(query).trim();
  const terms = folded.split(/\s+/).filter(Boolean);
  const memoKey = `${key}:${descending}`;
  const last = index.last;
  let rows;
  if (!terms.length) {
    rows = sortedRows(index, key, descending);
  } else if (last && last.memoKey === memoKey && last.folded && folded.startsWith(last.folded)) {
    // Each word of the shorter query lies inside a word of the longer one: a subset of it.
    rows = last.rows.filter((row) => terms.every((term) => row.haystack.includes(term)));
  } else {
    rows = sortedRows(index, key, descending)
      .filter((row) => terms.every((term) => row.haystack.includes(term)));
  }
  index.last = { memoKey, folded, rows };
  return rows.map((row) => row.attendee);
}
