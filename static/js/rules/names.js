// Compare people's names the way a person would: ignoring case, accents, spacing and order.
// The exact twin of companion/rules/names.py (tests/browser/test_names_agreement.py holds them to
// it, code point by code point): a badge scanned offline must match the attendee the server
// would match.

// Letters NFKD leaves whole, and typographic marks people type interchangeably (names.py).
const FOLD_TABLE = new Map(Object.entries({
  ł: 'l', ø: 'o', đ: 'd', ð: 'd', þ: 'th', æ: 'ae', œ: 'oe', ı: 'i', ħ: 'h', ŧ: 't',
  '\u2018': "'", '\u2019': "'", '\u02bc': "'",
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-',
}));
const FOLD_CHARS = new RegExp(`[${[...FOLD_TABLE.keys()].join('')}]`, 'g');
// Python's str.split() whitespace, which is not JavaScript's \s (\x1c-\x1f, \x85; no \ufeff).
const SPACES = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const MARKS = /[\p{Mn}\p{Mc}]/gu;
const CHEROKEE_SMALL = /[\u13f8-\u13fd\uab70-\uabbf]/g;

// unicodedata.combining(c) != 0, which no regex property spells. Canonical ordering puts a
// mark of class 1..239 before U+0345 (class 240, the highest), and leaves a class-0 one alone.
const isCombining = (mark) => mark === '\u0345' ||
  `\u0345${mark}`.normalize('NFD') !== `\u0345${mark}`;

// str.casefold(): full case folding. Upper then lower folds ß, ſ, µ, ς and the Greek iota
// forms as casefold does; what is left over: ẞ, the final sigma toLowerCase brings back, and
// Cherokee, which casefold maps to capitals.
function casefold(text) {
  return text.toUpperCase().toLowerCase().replaceAll('ß', 'ss').replaceAll('ς', 'σ')
    .replace(CHEROKEE_SMALL, (letter) => letter.toUpperCase());
}

const isAscii = (text) => !/[^\x00-\x7f]/.test(text);

/** Return text for comparing names: casefolded, no accents, whitespace collapsed and stripped. */
export function foldText(text) {
  let value = String(text ?? '');
  if (!isAscii(value)) {
    value = casefold(value.normalize('NFKD')).normalize('NFKD')
      .replace(MARKS, (mark) => (isCombining(mark) ? '' : mark))
      .replace(FOLD_CHARS, (letter) => FOLD_TABLE.get(letter));
  }
  return casefold(value).split(SPACES).filter(Boolean).join(' ');
}

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

/** Return a key equal for the same name in any case, accents, spacing or word order. */
export function nameKey(name) {
  // "García, Mateo" is how many lists write "Mateo García"; the comma carries no meaning.
  return foldText(name).replaceAll(',', ' ').split(SPACES).filter(Boolean).sort(byCodePoint)
    .join(' ');
}
