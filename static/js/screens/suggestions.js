// My goal and every suggestion at one event, for the laptop the evening before: the goal editor
// re-ranks as I type, the table shows each part of the score and sorts by any column, filters
// by level and term, and "Target" makes targets of the chosen rows at once. Ranked on the
// device from the stored pack, like the strip; suggestions.csv is the server's ranking.

import { onlineOnly } from '../parts/online-only.js';
import { reasonChips, targetMark } from '../parts/suggested.js';
import {
  KNOWN_KINDS, attendeesWithKnown, knownOrNone, rankFor, useStylesheet,
} from '../parts/suggestions-rank.js';
import { formatCount } from '../rules/locale.js';
import { LEVELS, wantedLevels } from '../rules/suggest.js';
import {
  loadRanking, rankingGoal, saveGoal, targetAll, undoSkips,
} from '../store/goal.js';
import { openEventData } from '../store/event-data.js';
import { localChanges } from '../store/records.js';
import { h, uniqueId } from '../ui/dom.js';
import { eventHash } from '../ui/router.js';

const LEVEL_LABELS = { entry: 'Entry', mid: 'Mid', senior: 'Senior', lead: 'Lead', exec: 'Exec' };
const SHOWN = 200;  // rows drawn at most: filter to narrow a conference down
const SAVE_DELAY = 700;  // ms: a goal typed in one go is one change in the outbox
const COLUMNS = [
  ['name', 'Name'], ['company', 'Company'], ['level', 'Level'],
  ['p-level', 'Fit'], ['p-seek', 'Terms'], ['p-offer', 'Offer'], ['p-known', 'Known'],
  ['score', 'Score'],
];

const splitTerms = (text) => text.split(/[,;\n]/).map((term) => term.trim()).filter(Boolean);

function field(label, control, hint) {
  const id = uniqueId('goal');
  control.id = id;
  const note = typeof hint === 'string' ? h('p', { class: 'hint' }, hint) : hint;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, note ?? null);
}

function sortValue(key, attendee, result) {
  if (key.startsWith('p-')) return result.parts[key.slice(2)];
  if (key === 'score') return result.score;
  if (key === 'level') return result.level ? LEVELS.indexOf(result.level) : -1;
  return (attendee[key] || '').toLocaleLowerCase();
}

/** Mount the suggestions screen for `route` ({eventId}) into `main`. */
export function mountSuggestions(main, route) {
  useStylesheet();
  const { eventId } = route;
  let ranking = null;
  let known = null;  // knownOf(): attendee id -> when I last talked to them, if I know them
  let knownFor = null;  // the attendee list `known` was read for
  let knownTicket = 0;
  let sort = { key: 'score', descending: true };
  let saveTimer = 0;
  const selected = new Set();

  const heading = h('h1', { tabindex: '-1' }, 'Suggestions');
  const status = h('p', { class: 'screen-status', role: 'status' });
  const seek = h('input', { type: 'text', autocomplete: 'off', maxlength: 3000 });
  const offer = h('input', { type: 'text', autocomplete: 'off', maxlength: 3000 });
  const myLevel = h('select', {}, h('option', { value: '' }, 'Not set'),
    LEVELS.map((level) => h('option', { value: level }, LEVEL_LABELS[level])));
  const levelBoxes = new Map(LEVELS.map((level) => [level, h('input', { type: 'checkbox' })]));
  const levelsDefault = h('button', { type: 'button', class: 'link' }, 'Those above mine');
  const companies = h('input', { type: 'text', autocomplete: 'off', maxlength: 4000 });
  const companiesHint = h('p', { class: 'hint' });
  const levelSet = h('fieldset', { class: 'choice goal-levels' },
    h('legend', {}, 'Levels I want to meet'),
    [...levelBoxes].map(([level, box]) => {
      const id = uniqueId('level');
      box.id = id;
      return h('span', { class: 'choice-option' }, box, h('label', { for: id },
        LEVEL_LABELS[level]));
    }), levelsDefault);
  const form = h('form', { class: 'goal-form', 'aria-label': 'My goal' },
    h('h2', {}, 'My goal'),
    field('What I seek', seek, 'Separate terms with commas: “B2B growth, fintech”.'),
    field('What I offer', offer, 'Matched against what they are looking for.'),
    field('My level', myLevel), levelSet,
    field('Companies to leave out', companies, companiesHint));
  const neverBox = h('div', { class: 'never-box' });

  const levelFilter = h('select', {}, h('option', { value: '' }, 'Any level'),
    LEVELS.map((level) => h('option', { value: level }, LEVEL_LABELS[level])));
  const termFilter = h('select', {}, h('option', { value: '' }, 'Any term'));
  const bulk = h('button', { type: 'button', class: 'primary', disabled: true }, 'Target');
  const summary = h('p', { class: 'list-summary', role: 'status' });
  const head = h('tr');
  const body = h('tbody');
  const table = h('table', { class: 'suggestion-table' }, h('thead', {}, head), body);
  const exportLink = h('a', { class: 'button', href: `/events/${eventId}/suggestions.csv`,
    download: '' }, 'Export suggestions.csv');
  main.replaceChildren(h('div', { class: 'suggestions-screen' },
    h('a', { class: 'back', href: eventHash(eventId) }, '← Back to the event'),
    heading, status,
    h('div', { class: 'suggestions-layout' },
      h('aside', { class: 'goal-pane' }, form, neverBox),
      h('section', { class: 'table-pane', 'aria-label': 'Suggestions' },
        h('div', { class: 'table-controls' },
          field('Level', levelFilter), field('Term', termFilter), bulk,
          ...onlineOnly(exportLink, 'Export needs a connection.')),
        summary, h('div', { class: 'table-scroll' }, table)))));

  // The goal as the form says now: ranking follows the typing, saving comes after a pause.
  function formFields() {
    const levelsChosen = levelSet.dataset.default === 'true' ? null
      : LEVELS.filter((level) => levelBoxes.get(level).checked);
    return {
      seek: splitTerms(seek.value).slice(0, 30).map((t) => t.slice(0, 100)),
      offer: splitTerms(offer.value).slice(0, 30).map((t) => t.slice(0, 100)),
      my_level: myLevel.value,
      seek_levels: levelsChosen,
      exclude_companies: companies.dataset.default === 'true' ? null
        : splitTerms(companies.value).slice(0, 20).map((t) => t.slice(0, 200)),
    };
  }

  function showLevels(fields) {
    const isDefault = fields.seek_levels === null;
    levelSet.dataset.default = String(isDefault);
    const chosen = wantedLevels({ ...fields, my_level: fields.my_level || null });
    for (const [level, box] of levelBoxes) box.checked = chosen.includes(level);
    levelsDefault.hidden = isDefault;
  }

  function fillForm(fields, card) {
    seek.value = fields.seek.join(', ');
    offer.value = fields.offer.join(', ');
    myLevel.value = fields.my_level;
    showLevels(fields);
    companies.dataset.default = String(fields.exclude_companies === null);
    companies.value = (fields.exclude_companies ?? (card.company ? [card.company] : []))
      .join(', ');
    companiesHint.textContent = card.company
      ? `By default your card’s company, ${card.company}.` : 'Your card has no company.';
  }

  function scheduleSave() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveGoal(formFields()).catch((error) => { status.textContent = `Not saved: ${error.message}`; });
    }, SAVE_DELAY);
  }
  const flush = () => { if (saveTimer) { clearTimeout(saveTimer); saveTimer = 0;
    saveGoal(formFields()).catch(() => {}); } };

  function edited() {
    draw();
    scheduleSave();
  }
  for (const input of [seek, offer, companies]) input.addEventListener('input', () => {
    if (input === companies) companies.dataset.default = 'false';
    edited();
  });
  myLevel.addEventListener('change', () => {
    if (levelSet.dataset.default === 'true') showLevels({ ...formFields(), seek_levels: null });
    edited();
  });
  for (const box of levelBoxes.values()) box.addEventListener('change', () => {
    levelSet.dataset.default = 'false';
    levelsDefault.hidden = false;
    edited();
  });
  levelsDefault.addEventListener('click', () => {
    showLevels({ ...formFields(), seek_levels: null });
    edited();
  });
  form.addEventListener('submit', (event) => { event.preventDefault(); flush(); });

  function drawHead() {
    head.replaceChildren(h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' },
      'Choose')), ...COLUMNS.map(([key, label]) => {
      const active = sort.key === key;
      const button = h('button', { type: 'button', class: 'sort' },
        `${label}${active ? (sort.descending ? ' ↓' : ' ↑') : ''}`);
      button.addEventListener('click', () => {
        sort = { key, descending: active ? !sort.descending : key !== 'name' && key !== 'company' };
        draw();
      });
      return h('th', { scope: 'col', 'aria-sort': active
        ? (sort.descending ? 'descending' : 'ascending') : 'none' }, button);
    }), h('th', { scope: 'col' }, 'Why'));
  }

  function drawNever() {
    const { never, notNow } = ranking.skips;
    const here = notNow.filter((row) => row.event_id === eventId);
    const undo = (rows, text) => {
      const button = h('button', { type: 'button', class: 'link' }, text);
      button.addEventListener('click', () => undoSkips(rows));
      return button;
    };
    neverBox.replaceChildren(...[h('h2', {}, 'Set aside'),
      here.length ? h('p', {}, `${formatCount(here.length)} not now at this event · `,
        undo(here, 'Show them again')) : null,
      never.length ? h('ul', { class: 'never-list' }, never.map((row) =>
        h('li', {}, `Never: ${row.fields.name || row.fields.key} · `, undo([row], 'Undo'))))
        : h('p', { class: 'hint' }, 'Nobody marked “Never”.')].filter(Boolean));
  }

  function rows() {
    const { data } = store;
    if (!ranking || !known || data.partial) return [];
    const goal = rankingGoal(formFields(), ranking.card, ranking.skips);
    const level = levelFilter.value;
    const term = termFilter.value;
    const found = [];
    for (const result of rankFor(attendeesWithKnown(data.attendees, known), goal)) {
      if (level && result.level !== level) continue;
      if (term && !result.reasons.some((reason) => reason.term === term)) continue;
      const attendee = data.byId.get(result.id);
      if (attendee) found.push([attendee, result]);
    }
    if (sort.key !== 'score' || !sort.descending) {
      const sign = sort.descending ? -1 : 1;
      found.sort(([a, x], [b, y]) => {
        const p = sortValue(sort.key, a, x);
        const q = sortValue(sort.key, b, y);
        return (p < q ? -sign : p > q ? sign : 0);
      });
    }
    return found;
  }

  function drawTerms() {
    const terms = [...new Set([...formFields().seek, ...formFields().offer])];
    const keep = termFilter.value;
    termFilter.replaceChildren(h('option', { value: '' }, 'Any term'),
      ...terms.map((term) => h('option', { value: term }, term)));
    termFilter.value = terms.includes(keep) ? keep : '';
  }

  function draw() {
    if (!ranking) return;
    drawTerms();
    drawHead();
    const found = rows();
    const { marks, partial } = store.data;
    body.replaceChildren(...found.slice(0, SHOWN).map(([attendee, result]) => {
      const mark = marks.get(attendee.id);
      const box = h('input', { type: 'checkbox', 'aria-label': `Choose ${attendee.name}`,
        checked: selected.has(attendee.id), disabled: Boolean(mark?.priority) });
      box.addEventListener('change', () => {
        if (box.checked) selected.add(attendee.id); else selected.delete(attendee.id);
        showBulk();
      });
      const { parts } = result;
      return h('tr', { dataset: { attendee: String(attendee.id) } },
        h('td', {}, mark?.priority ? h('span', { class: 'chip' }, 'Target') : box),
        // The title under the name: the table fits a laptop with every part of the score.
        h('td', {}, h('a', { href: eventHash(eventId, 'everyone', attendee.id) }, attendee.name),
          h('span', { class: 'cell-sub' }, attendee.title || '')),
        h('td', {}, attendee.company || ''),
        h('td', {}, result.level ? LEVEL_LABELS[result.level] : '—'),
        ...['level', 'seek', 'offer', 'known'].map((part) => h('td', { class: 'num' },
          String(parts[part]))),
        h('td', { class: 'num score' }, String(result.score)),
        h('td', {}, reasonChips(result)));
    }));
    summary.textContent = partial ? 'Reading the whole list…'
      : `${formatCount(found.length)} suggested` +
        (found.length > SHOWN ? ` · the first ${SHOWN} shown: filter to narrow` : '');
    showBulk();
  }

  function showBulk() {
    const { marks } = store.data;
    for (const id of selected) if (marks.get(id)?.priority) selected.delete(id);
    bulk.disabled = !selected.size;
    bulk.textContent = selected.size ? `Target ${formatCount(selected.size)}` : 'Target';
  }

  bulk.addEventListener('click', async () => {
    const byResult = new Map(rows().map(([attendee, result]) => [attendee.id, [attendee, result]]));
    const items = [...selected].filter((id) => byResult.has(id)).map((id) => {
      const [attendee, result] = byResult.get(id);
      return { attendee, fields: targetMark(attendee, result) };
    });
    bulk.disabled = true;
    try {
      await targetAll(eventId, items);
      selected.clear();
      status.textContent = `${formatCount(items.length)} new targets: why and opener filled in.`;
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
    }
    draw();
  });
  levelFilter.addEventListener('change', draw);
  termFilter.addEventListener('change', draw);

  const store = openEventData(eventId, {
    event() {
      heading.textContent = `Suggestions · ${store.event.title}`;
      document.title = `Suggestions · ${store.event.title} · Companion`;
    },
    saved() {}, checking() {},
    problem(error) { if (error && navigator.onLine) status.textContent = error.message; },
    missing() { status.textContent = 'Open this event once with a connection first.'; },
    changed: whenData,
    edited: whenData,
    painted: () => Promise.resolve(),
  });

  async function readKnown() {
    const ticket = ++knownTicket;
    const { data } = store;
    knownFor = data.attendees;
    const found = await knownOrNone(eventId, data);
    if (ticket !== knownTicket) return;
    known = found;
    draw();
  }
  function whenData() {
    if (knownFor !== store.data.attendees) readKnown();
    draw();
  }

  let first = true;
  async function reload() {
    ranking = await loadRanking();
    if (first) { fillForm(ranking.fields, ranking.card); first = false; }
    drawNever();
    draw();
  }
  const onChange = ({ detail: record }) => {
    if (record.kind === 'skip' || record.kind === 'card') reload();
    if (KNOWN_KINDS.has(record.kind)) readKnown();
  };
  localChanges.addEventListener('change', onChange);
  reload().catch((error) => { status.textContent = `Goal unavailable: ${error.message}`; });
  window.addEventListener('pagehide', flush);

  return {
    accepts: (next) => next.name === 'suggestions' && next.eventId === eventId,
    update() {},
    destroy() {
      flush();
      store.close();
      localChanges.removeEventListener('change', onChange);
      window.removeEventListener('pagehide', flush);
    },
  };
}
