// Suggested targets, the twin of companion/rules/suggest.py (the reference): the phone ranks an
// event's stored list against my goal offline. tests/suggest_cases.py holds both to one table;
// read the Python module for the why of each rule.

export const LEVELS = ['entry', 'mid', 'senior', 'lead', 'exec'];
const LEVEL_POINTS = 30;
const SEEK_POINTS = { title: 15, company: 10, answer: 10 };
const SEEK_CAP = 40;
const OFFER_POINTS = 20;
const KNOWN_POINTS = 10;
const QUIET_DAYS = 90;
const TOP = 10;
const PER_COMPANY = 2;
const EXCERPT_CHARS = 80;

const WORDS = {
  exec: ['director', 'directora', 'directeur', 'directrice', 'direktor', 'direktorin',
    'direttore', 'direttrice', 'diretor', 'diretora', 'dyrektor', 'reditel', 'reditelka',
    'vp', 'svp', 'evp', 'avp', 'vice president', 'vicepresident', 'vicepresidente',
    'ceo', 'cto', 'coo', 'cmo', 'cfo', 'cpo', 'cio', 'cro', 'cso', 'cdo', 'chro',
    'founder', 'co founder', 'cofounder', 'fondateur', 'fondatrice', 'fundador', 'fundadora',
    'grunder', 'grunderin', 'fondatore', 'zakladatel', 'zakladatelka',
    'partner', 'partnerin', 'socio', 'socia', 'associe', 'associee',
    'president', 'presidente', 'presidenta', 'owner', 'inhaber', 'inhaberin',
    'geschaftsfuhrer', 'geschaftsfuhrerin', 'pdg', 'general manager', 'managing director',
    'vorstand', 'prezes', 'jednatel'],
  lead: ['lead', 'leader', 'head', 'head of', 'chief of staff', 'group product manager',
    'group pm', 'gpm', 'engineering manager', 'design manager', 'jefe', 'jefa', 'responsable',
    'responsabile', 'leiter', 'leiterin', 'teamleiter', 'teamleiterin', 'capo', 'vedouci',
    'kierownik', 'coordinador de equipo'],
  senior: ['senior', 'sr', 'snr', 'staff', 'principal', 'expert', 'experte', 'experto'],
  entry: ['intern', 'internship', 'student', 'junior', 'jr', 'associate', 'apm', 'trainee',
    'apprentice', 'graduate', 'new grad', 'entry level', 'stagiaire', 'alternant',
    'alternante', 'etudiant', 'etudiante', 'estudiante', 'becario', 'becaria',
    'praktikant', 'praktikantin', 'werkstudent', 'werkstudentin', 'stagista', 'studente',
    'studentessa', 'tirocinante', 'estagiario', 'estagiaria', 'stazysta', 'stazystka',
    'student', 'studentka', 'absolvent', 'absolventka', 'praktikantka'],
  mid: ['product manager', 'pm', 'product owner', 'engineer', 'developer', 'designer',
    'analyst', 'scientist', 'consultant', 'researcher', 'marketer', 'manager', 'specialist',
    'programmer', 'architect', 'recruiter', 'accountant', 'writer', 'editor', 'strategist',
    'ingeniero', 'ingeniera', 'ingenieur', 'ingenieurin', 'ingenieure', 'ingegnere',
    'engenheiro', 'engenheira', 'desarrollador', 'desarrolladora', 'developpeur',
    'developpeuse', 'entwickler', 'entwicklerin', 'sviluppatore', 'sviluppatrice',
    'disenador', 'disenadora', 'designerin', 'analista', 'analyste', 'consultor',
    'consultora', 'berater', 'beraterin', 'especialista', 'gerente', 'chef de produit',
    'chef de projet', 'produktmanager', 'produktmanagerin', 'programator', 'programatorka',
    'vyvojar', 'vyvojarka', 'inzenyr', 'kurator'],
};
const ORDER = ['exec', 'lead', 'senior', 'entry', 'mid'];
const PHRASES = Object.fromEntries(ORDER.map((level) => [level,
  WORDS[level].map((words) => words.split(' '))]));
const CUT_WORDS = new Set(['to', 'for', 'at', 'bei', 'chez', 'en', 'presso', 'u', 've']);
const LEGAL = new Set(['inc', 'llc', 'llp', 'lp', 'ltd', 'limited', 'gmbh', 'ag', 'kg', 'ug',
  'sa', 'sas', 'sarl', 'sl', 'slu', 'srl', 'spa', 'bv', 'nv', 'plc', 'corp', 'corporation', 'co',
  'company', 'the', 'sro', 'as', 'aps', 'oy', 'ab', 'se', 'pty', 'pvt', 'kk']);
const LOOKING = ['looking for', 'looking to', 'hoping', 'hope to', 'want to', 'get out of',
  'seeking', 'interested in', 'goal', 'what brings', 'why are you', 'buscas', 'buscando',
  'cherchez', 'recherchez', 'suchen', 'suchst', 'cerchi', 'objetivo', 'objectif', 'ziel',
  'hledate'].map((phrase) => phrase.split(' '));

const TOKEN = /[\p{L}\p{N}]+/gu;
const ASCII = /^[\x00-\x7f]*$/;
const foldChar = (char) => char.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** A text folded for matching: its tokens and where each is in the original. */
export function folded(original) {
  let text;
  let back = null;
  if (ASCII.test(original)) {
    text = original.toLowerCase();
  } else {
    const parts = [];
    back = [];
    let index = 0;
    for (const char of original) {  // by code point, as Python reads a string
      const piece = foldChar(char);
      parts.push(piece);
      for (let i = 0; i < piece.length; i += 1) back.push(index);
      index += char.length;
    }
    text = parts.join('');
  }
  const tokens = [];
  const starts = [];
  const ends = [];
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    tokens.push(match[0]);
    if (back) {
      starts.push(back[start]);
      const lastAt = back[end - 1];
      ends.push(lastAt + (original.codePointAt(lastAt) > 0xffff ? 2 : 1));
    } else {
      starts.push(start);
      ends.push(end);
    }
  }
  return { original, tokens, starts, ends };
}

const quote = (f, first, last) => f.original.slice(f.starts[first], f.ends[last]);

/** Return the folded words of a text. */
export const foldTokens = (text) => folded(text || '').tokens;

const sameWord = (word, wanted) => word === wanted || word === `${wanted}s` ||
  word === `${wanted}es` || wanted === `${word}s`;

function findPhrase(f, phrase, start = 0, end = null, exact = false) {
  const { tokens } = f;
  const stop = end === null ? tokens.length : end;
  const size = phrase.length;
  if (!size) return -1;
  for (let at = start; at <= stop - size; at += 1) {
    let offset = 0;
    for (; offset < size; offset += 1) {
      const word = tokens[at + offset];
      const wanted = phrase[offset];
      if (!(exact ? word === wanted : sameWord(word, wanted))) break;
    }
    if (offset === size) return at;
  }
  return -1;
}

/** Return [level, the title's words that told it] or [null, '']. */
export function levelMatch(title) {
  const text = title || '';
  const f = folded(text);
  const { tokens } = f;
  let end = tokens.findIndex((word, i) => i && CUT_WORDS.has(word));
  if (end < 0) end = tokens.length;
  if (text.includes('@')) {
    const cut = text.indexOf('@');
    end = Math.min(end, f.starts.filter((start) => start < cut).length);
  }
  const staff = findPhrase(f, ['chief', 'of', 'staff'], 0, end, true);
  if (staff >= 0) return ['lead', quote(f, staff, staff + 2)];
  for (const level of ORDER) {
    if (level === 'exec') {
      const chief = findPhrase(f, ['chief'], 0, end, true);
      if (chief >= 0) {
        const officer = findPhrase(f, ['officer'], chief + 1, end, true);
        if (officer >= 0) return ['exec', quote(f, chief, officer)];
      }
    }
    let best = null;
    for (const phrase of PHRASES[level]) {
      const at = findPhrase(f, phrase, 0, end, true);
      if (at >= 0 && (best === null || at < best[0] ||
          (at === best[0] && at + phrase.length - 1 > best[1]))) {
        best = [at, at + phrase.length - 1];
      }
    }
    if (best) return [level, quote(f, best[0], best[1])];
  }
  return [null, ''];
}

/** Return 'entry' | 'mid' | 'senior' | 'lead' | 'exec' for a job title, null when unknown. */
export const titleLevel = (title) => levelMatch(title)[0];

/** Return a company's name folded, without legal forms. */
export const companyKey = (company) =>
  foldTokens((company || '').replaceAll('.', '')).filter((word) => !LEGAL.has(word)).join(' ');

/** Return who an attendee is across events: their LinkedIn name, else their folded name. */
export function personKey(attendee) {
  const match = /\/in\/([^/?#]+)/.exec(attendee.linkedin || '');
  if (match) return `in:${match[1].toLowerCase()}`;
  return `name:${foldTokens(attendee.name || '').join(' ')}`;
}

/** Return the levels the goal seeks: as given, else every level above mine. */
export function wantedLevels(goal) {
  const given = goal.seek_levels;
  if (given !== null && given !== undefined) return LEVELS.filter((l) => given.includes(l));
  const mine = LEVELS.indexOf(goal.my_level);
  return mine < 0 ? [] : LEVELS.slice(mine + 1);
}

const answerPairs = (answers) => {
  if (!answers) return [];
  return Array.isArray(answers) ? answers : Object.entries(answers);
};

function terms(values) {
  const found = [];
  const seen = new Set();
  for (const value of values || []) {
    const words = typeof value === 'string' ? foldTokens(value) : [];
    const key = words.join(' ');
    if (words.length && !seen.has(key)) {
      seen.add(key);
      found.push([value.trim(), words]);
    }
  }
  return found;
}

/** Tell whether a registration question asks what someone is looking for. */
export function isLookingFor(question) {
  const f = folded(question || '');
  return LOOKING.some((phrase) => findPhrase(f, phrase, 0, null, true) >= 0);
}

function excerpt(f, first, last) {
  const text = f.original;
  const spaced = (value) => value.split(/\s+/u).filter(Boolean).join(' ');
  if ([...text].length <= EXCERPT_CHARS) return spaced(text);
  let begin = first;
  let stop = last;
  const width = (a, b) => [...text.slice(f.starts[a], f.ends[b])].length;
  for (;;) {
    let grew = false;
    if (begin > 0 && width(begin - 1, stop) <= EXCERPT_CHARS) { begin -= 1; grew = true; }
    if (stop + 1 < f.tokens.length && width(begin, stop + 1) <= EXCERPT_CHARS) {
      stop += 1;
      grew = true;
    }
    if (!grew) break;
  }
  return spaced(text.slice(Math.min(f.starts[first], f.starts[begin]),
    Math.max(f.ends[last], f.ends[stop])));
}

function monthsAgo(days) {
  if (days >= 365) {
    const years = Math.floor(days / 365);
    return years === 1 ? '1 year ago' : `${years} years ago`;
  }
  const months = Math.floor(days / 30);
  return months === 1 ? '1 month ago' : `${months} months ago`;
}

function day(value) {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const time = Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1,
    Number(value.slice(8, 10)));
  const back = new Date(time).toISOString().slice(0, 10);
  return back === value ? time / 86400000 : null;  // days since 1970, or null for 2026-02-30
}

// What one value says, worked out once per distinct value for one goal's terms (as in Python).
function memo(seek = [], offer = []) {
  const folds = new Map();
  const levels = new Map();
  const looking = new Map();
  const seekHits = new Map();
  const offerHits = new Map();
  const names = new Map();
  const fold = (text) => {
    let found = folds.get(text);
    if (!found) { found = folded(text); folds.set(text, found); }
    return found;
  };
  return {
    fold,
    level(title) {
      let found = levels.get(title);
      if (!found) { found = levelMatch(title); levels.set(title, found); }
      return found;
    },
    isLooking(question) {
      let found = looking.get(question);
      if (found === undefined) { found = isLookingFor(question); looking.set(question, found); }
      return found;
    },
    sought(text) {
      let found = seekHits.get(text);
      if (!found) {
        const f = text ? fold(text) : null;
        found = seek.map(([, words]) => {
          const at = f ? findPhrase(f, words) : -1;
          return at >= 0 ? quote(f, at, at + words.length - 1) : null;
        });
        seekHits.set(text, found);
      }
      return found;
    },
    offered(answer) {
      if (offerHits.has(answer)) return offerHits.get(answer);
      let found = null;
      const f = fold(answer);
      for (const [term, words] of offer) {
        const at = findPhrase(f, words);
        if (at >= 0) {
          const last = at + words.length - 1;
          found = [term, quote(f, at, last), excerpt(f, at, last)];
          break;
        }
      }
      offerHits.set(answer, found);
      return found;
    },
    name(name) {
      let found = names.get(name);
      if (found === undefined) { found = foldTokens(name).join(' '); names.set(name, found); }
      return found;
    },
  };
}

const WHERE = { title: 'in title', company: 'at company', answer: 'in their answers' };

function scoreWith(attendee, m, levels, seek, offer, today) {
  const reasons = [];
  const parts = { level: 0, seek: 0, offer: 0, known: 0 };
  const title = attendee.title || '';
  const [level, said] = m.level(title);
  if (level !== null && levels.includes(level)) {
    parts.level = LEVEL_POINTS;
    reasons.push({ part: 'level', points: LEVEL_POINTS, text: said, quote: said });
  }
  const given = attendee.answers ? answerPairs(attendee.answers) : [];
  const answers = given.length ? given.filter((pair) => pair.length === 2 &&
    typeof pair[0] === 'string' && typeof pair[1] === 'string') : given;
  let seekPoints = 0;
  if (seek.length) {
    const places = [['title', m.sought(title)], ['company', m.sought(attendee.company || '')],
      ...answers.map(([, answer]) => ['answer', m.sought(answer)])];
    seek.forEach(([term], index) => {
      for (const [place, hits] of places) {
        const said = hits[index];
        if (said !== null) {
          const points = SEEK_POINTS[place];
          seekPoints += points;
          reasons.push({ part: 'seek', points, term, quote: said, place,
            text: `'${said}' ${WHERE[place]}` });
          break;
        }
      }
    });
  }
  parts.seek = Math.min(seekPoints, SEEK_CAP);
  for (const [question, answer] of offer.length ? answers : []) {
    if (!m.isLooking(question)) continue;
    const hit = m.offered(answer);
    if (hit) {
      const [term, said, text] = hit;
      parts.offer = OFFER_POINTS;
      reasons.push({ part: 'offer', points: OFFER_POINTS, term, quote: said, question, text });
      break;
    }
  }
  const { known } = attendee;
  if (known && typeof known === 'object' && !Array.isArray(known) && today !== null) {
    const last = day(known.last_contact);
    if (last !== null && today - last >= QUIET_DAYS) {
      const event = typeof known.event === 'string' ? known.event : '';
      const ago = monthsAgo(today - last);
      parts.known = KNOWN_POINTS;
      reasons.push({ part: 'known', points: KNOWN_POINTS, quote: event,
        text: event ? `met at ${event}, ${ago}` : `last talked ${ago}` });
    }
  }
  const total = parts.level + parts.seek + parts.offer + parts.known;
  return { id: attendee.id, score: Math.min(100, total), reasons, parts, level };
}

/**
 * Return an attendee's `known` ({event, last_contact}) from the person I know them as, as
 * companion/rules/suggest.py known_from: the latest dated interaction's day, the event named
 * only when a touch on that day was at one; else the person's first meeting; else null.
 */
export function knownFrom(interactions, person = null) {
  const days = new Map();
  for (const item of Array.isArray(interactions) ? interactions : []) {
    if (!item || typeof item !== 'object' || day(item.on) === null) continue;
    const title = typeof item.event_title === 'string' ? item.event_title : '';
    if (!days.has(item.on)) days.set(item.on, []);
    days.get(item.on).push(title);
  }
  if (days.size) {
    const last = [...days.keys()].sort().at(-1);
    const titles = days.get(last).filter(Boolean).sort();
    return { event: titles.length ? titles[0] : '', last_contact: last };
  }
  const met = person && typeof person === 'object' ? person : {};
  if (day(met.first_met_on) === null) return null;
  return { event: typeof met.first_met_event === 'string' ? met.first_met_event : '',
    last_contact: met.first_met_on };
}

/** Return {id, score, reasons, parts, level} for one attendee against a goal. */
export function score(attendee, goal) {
  const seek = terms(goal.seek);
  const offer = terms(goal.offer);
  return scoreWith(attendee, memo(seek, offer), wantedLevels(goal), seek, offer,
    day(goal.today));
}

// Folded names compared by code point, as Python compares strings: UTF-16 units order alike
// except a surrogate pair against a character from U+E000 up.
const byCodePoint = (a, b) => {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? a.codePointAt(i) - b.codePointAt(i) : x - y;
  }
  return a.length - b.length;
};

/**
 * Return the attendees worth meeting, best first: [{id, score, reasons, parts, level}].
 * Sorted by score, folded name, id; excluded companies, "never" and "not now" are absent, and
 * anyone nothing matched; at most two of one company in the top ten.
 */
export function suggest(attendees, goal) {
  const levels = wantedLevels(goal);
  const seek = terms(goal.seek);
  const offer = terms(goal.offer);
  const m = memo(seek, offer);
  const today = day(goal.today);
  const excluded = new Set((goal.exclude_companies || [])
    .filter((c) => typeof c === 'string').map(companyKey));
  excluded.delete('');
  const never = new Set(goal.never || []);
  const notNow = new Set(goal.not_now || []);
  const companies = new Map();
  const scored = [];
  for (const attendee of attendees) {
    const company = attendee.company || '';
    let key = companies.get(company);
    if (key === undefined) { key = companyKey(company); companies.set(company, key); }
    if (excluded.has(key) || notNow.has(attendee.id) || never.has(attendee.id)) continue;
    if (never.size && never.has(personKey(attendee))) continue;
    const result = scoreWith(attendee, m, levels, seek, offer, today);
    if (result.score > 0) {
      scored.push({ result, key, nameKey: m.name(attendee.name || ''), id: attendee.id || 0 });
    }
  }
  scored.sort((a, b) => b.result.score - a.result.score || byCodePoint(a.nameKey, b.nameKey) ||
    a.id - b.id);
  const top = [];
  const later = [];
  const counts = new Map();
  for (const { result, key } of scored) {
    if (top.length < TOP) {
      if (key && (counts.get(key) || 0) >= PER_COMPANY) { later.push(result); continue; }
      counts.set(key, (counts.get(key) || 0) + 1);
      top.push(result);
    } else {
      later.push(result);
    }
  }
  return [...top, ...later];
}

function firstTerm(result) {
  for (const part of ['seek', 'offer']) {
    const found = result.reasons.find((reason) => reason.part === part);
    if (found) return found.quote;
  }
  return '';
}

const spaced = (value) => (value || '').split(/\s+/u).filter(Boolean).join(' ');

/** Return the opener in the talk's form, from what they wrote or their title. */
export function opener(attendee, result) {
  const offered = result.reasons.find((reason) => reason.part === 'offer');
  let seen;
  if (offered) {
    seen = `wrote “${offered.text}”`;
  } else {
    const title = spaced(attendee.title);
    const company = spaced(attendee.company);
    if (title && company) seen = `are ${title} at ${company}`;
    else if (title) seen = `are ${title}`;
    else if (company) seen = `are at ${company}`;
    else seen = 'are coming';
  }
  const ask = firstTerm(result) || 'what you are working on';
  return `I noticed your name on the attendee list and saw you ${seen} — ` +
    `I'd love to ask you about ${ask}`;
}

/** Return the reasons as one line, for a mark's why. */
export const why = (result) => result.reasons.map((reason) => reason.text).join(' · ');
