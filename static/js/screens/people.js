// People across events (#/people, #/people/review, #/people/<id>): everyone you have met, how
// each relationship stands, one person's timeline across events, and the weekly review. All of
// it from the device (store/people.js), so it works with no signal.

import { deleteButton } from '../parts/delete-button.js';
import { noteField } from '../parts/note-field.js';
import { byName, formatCount } from '../rules/locale.js';
import { safeHref } from '../rules/links.js';
import { CADENCE_LABELS, dayText, emailKey, linkedinSlug, sinceText } from '../rules/people.js';
import { foldForSearch } from '../rules/search.js';
import { saveCard } from '../store/my-card.js';
import {
  CADENCES, addDays, forgetPerson, localDay, logInteraction, mergePeople, peopleBook, personPage,
  registrationAnswers, savePerson, unmergePerson,
} from '../store/people.js';
import { localChanges } from '../store/records.js';
import { syncEvents } from '../store/sync.js';
import { h, safeLink, setText, uniqueId } from '../ui/dom.js';
import { FIELD_LIMITS, LINKEDIN_PROFILE } from '/app/constants.js';
import { createVirtualList } from '../ui/virtual-list.js';

const ROW_HEIGHT = 88;  // px; app.css .people-row matches
const STATE_LABELS = { due: 'Due', overdue: 'Overdue' };
const TYPE_LABELS = { met: 'Met', reply: 'They replied', coffee: 'Coffee', call: 'Call',
  message: 'Message', 'followup-sent': 'Follow-up sent', other: 'Other' };
// "We talked": one tap each, with an optional line.
const QUICK_TYPES = ['coffee', 'call', 'message', 'reply', 'other'];
const CADENCE_ORDER = Object.keys(CADENCES);
const REVIEW_SIZE = 5;
const SNOOZE_DAYS = 7;
const QUIET_CHOICES = [30, 60, 90, 180, 365];

export const peopleHash = (id = null) => (id ? `#/people/${id}` : '#/people');

function standingChips(standing, today) {
  const chips = [];
  if (STATE_LABELS[standing.state]) {
    chips.push(h('span', { class: `chip state-${standing.state}` }, STATE_LABELS[standing.state]));
  }
  if (standing.warm) chips.push(h('span', { class: 'chip warm' }, 'Warm'));
  chips.push(h('span', { class: 'chip quiet' }, standing.last_contact
    ? `Last talked ${sinceText(standing.last_contact, today)}` : 'Never talked'));
  return chips;
}

function personRow(view, standing, today) {
  return h('a', { class: 'person-row people-row', href: peopleHash(view.id) },
    h('span', { class: 'person-name' }, view.name || 'No name'),
    h('span', { class: 'person-sub' },
      h('span', { class: 'person-title' }, view.title || ''),
      h('span', { class: 'person-company' }, view.company || '')),
    h('span', { class: 'person-chips' }, ...standingChips(standing, today),
      ...(view.tags || []).slice(0, 3).map((tag) => h('span', { class: 'chip tag' }, tag))));
}

// --------------------------------------------------------------------------- the list

function select(label, options, value, onChange) {
  const id = uniqueId('select');
  const input = h('select', { id, on: { change: () => onChange(input.value) } },
    ...options.map(([key, text]) => h('option', { value: key }, text)));
  input.value = value;
  return { input, element: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
}

// Each book's people in each order, sorted once: a keystroke only filters (sorting 5,000
// names with the collator on every key cost a phone tens of milliseconds).
const orders = new WeakMap();

function ordered(book, sort) {
  if (!orders.has(book)) orders.set(book, new Map());
  const kept = orders.get(book);
  if (!kept.has(sort)) {
    const views = book.rows.map((row) => [row, book.views.get(row.id)]);
    const last = ([row]) => book.standings.get(row.id).last_contact || '';
    const sign = sort === 'newest' ? -1 : 1;
    views.sort(sort === 'name' ? ([, a], [, b]) => byName(a, b)
      : (x, y) => sign * (last(x) < last(y) ? -1 : last(x) > last(y) ? 1 : 0) || byName(x[1], y[1]));
    kept.set(sort, views);
  }
  return kept.get(sort);
}

// Each book's people that pass the list's controls (show, tag), in the chosen order, as two
// lists side by side: their folded search text and their views. Made once per book and
// controls, so a keystroke is one `includes` loop and nothing else.
const passing = new WeakMap();

function passingRows(book, { show, tag, sort }) {
  if (!passing.has(book)) passing.set(book, new Map());
  const kept = passing.get(book);
  const key = `${sort}\n${show}\n${tag}`;
  if (!kept.has(key)) {
    const quietDays = show.startsWith('quiet-') ? Number(show.slice(6)) : null;
    const quietSince = quietDays === null ? '' : addDays(book.today, -quietDays);
    const archived = show === 'archived';
    const texts = [];
    const views = [];
    for (const [row, view] of ordered(book, sort)) {
      if (archived !== Boolean(view.archived)) continue;
      if (tag && !(view.tags || []).includes(tag)) continue;
      if (show === 'due' || show === 'overdue' || quietDays !== null) {
        const standing = book.standings.get(row.id);
        if (show === 'due' && !['due', 'overdue'].includes(standing.state)) continue;
        if (show === 'overdue' && standing.state !== 'overdue') continue;
        if (quietDays !== null && standing.last_contact && standing.last_contact > quietSince) {
          continue;
        }
      }
      texts.push(row.folded);
      views.push(view);
    }
    kept.set(key, { key, needle: '', texts, views });
  }
  return kept.get(key);
}

// The last search of each book: {key, needle, texts, views}. A query that holds the last one
// (the next key typed) can only find some of what it found, so only those are searched.
const lastSearch = new WeakMap();

/** Filter and order the book's people as the list's controls say (pure: tests call it). */
export function chooseRows(book, { query = '', show = 'all', tag = '', sort = 'oldest' }) {
  const needle = foldForSearch(query.trim());
  const all = passingRows(book, { show, tag, sort });
  const last = lastSearch.get(book);
  const from = last && last.key === all.key && needle.includes(last.needle) ? last : all;
  if (from.needle === needle) {
    lastSearch.set(book, from);
    return from.views;
  }
  const texts = [];
  const views = [];
  for (let i = 0; i < from.texts.length; i += 1) {
    if (from.texts[i].includes(needle)) {
      texts.push(from.texts[i]);
      views.push(from.views[i]);
    }
  }
  const found = { key: all.key, needle, texts, views };
  lastSearch.set(book, found);
  return views;
}

/** People due for a touch this week: at most five, the longest overdue first. */
export function reviewPeople(book) {
  return [...book.views.values()]
    .filter((view) => !view.archived && ['due', 'overdue'].includes(book.standings.get(view.id).state)
      && !(view.snoozed_until && view.snoozed_until > book.today))
    .sort((a, b) => {
      const [x, y] = [book.standings.get(a.id).due_on || '', book.standings.get(b.id).due_on || ''];
      return x < y ? -1 : x > y ? 1 : byName(a, b);
    })
    .slice(0, REVIEW_SIZE);
}

function warmCount(book) {
  let warm = 0;
  for (const [id, standing] of book.standings) {
    if (standing.warm && !book.views.get(id).archived) warm += 1;
  }
  return warm;
}

function mountList(box) {
  const state = { query: '', show: 'all', tag: '', sort: 'oldest' };
  const warm = h('p', { class: 'warm-count' });
  const goalBox = h('div', { class: 'goal-box' });
  const reviewLink = h('a', { class: 'button', href: '#/people/review' }, 'Weekly review');
  const searchId = uniqueId('search');
  const searchInput = h('input', { id: searchId, type: 'search', autocomplete: 'off',
    placeholder: 'Name, company, title or tag',
    on: { input: () => { state.query = searchInput.value; render(); } } });
  const show = select('Show', [['all', 'Everyone'], ['due', 'Due or overdue'],
    ['overdue', 'Overdue'], ...QUIET_CHOICES.map((days) => [`quiet-${days}`,
      `Not in touch for ${days} days`]), ['archived', 'Archived']], state.show,
  (value) => { state.show = value; render(); });
  const sort = select('Sort', [['oldest', 'Last contact, longest ago first'],
    ['newest', 'Last contact, most recent first'], ['name', 'Name']], state.sort,
  (value) => { state.sort = value; render(); });
  const tagSelect = select('Tag', [['', 'All tags']], '', (value) => { state.tag = value; render(); });
  const summary = h('p', { class: 'list-summary', role: 'status' });
  const empty = h('p', { class: 'empty' });
  const listBox = h('div');
  const filterSummary = h('summary', {}, 'Filter and sort');
  box.replaceChildren(
    h('div', { class: 'people-head' }, warm, goalBox, reviewLink),
    h('div', { class: 'field search-field' },
      h('label', { for: searchId }, 'Search people'), searchInput),
    // Folded on a phone so the people come first; one tap opens them.
    h('details', { class: 'people-filters' }, filterSummary,
      h('div', { class: 'people-controls' }, show.element, tagSelect.element, sort.element)),
    summary, empty, listBox);
  let book = null;
  let today = localDay();
  // A row shows its person only (today is the book's): kept when the next key still finds them.
  const list = createVirtualList(listBox, { rowHeight: ROW_HEIGHT, label: 'People', keyed: true,
    renderRow: (view) => personRow(view, book.standings.get(view.id), today) });

  function showGoal(editing = false) {
    const goal = book?.warmGoal ?? 200;
    if (!editing) {
      goalBox.replaceChildren(h('button', { type: 'button', class: 'link',
        on: { click: () => showGoal(true) } }, 'Change goal'));
      return;
    }
    const id = uniqueId('goal');
    const input = h('input', { id, type: 'number', min: '1', max: '10000', value: String(goal),
      inputmode: 'numeric' });
    const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
    goalBox.replaceChildren(h('form', { class: 'goal-form', on: { submit: async (event) => {
      event.preventDefault();
      const value = Number(input.value);
      if (!Number.isInteger(value) || value < 1 || value > 10000) {
        problem.textContent = 'The goal is a whole number from 1 to 10,000.';
        problem.hidden = false;
        return;
      }
      await saveCard({ warm_goal: value });
      showGoal(false);
    } } }, h('label', { for: id }, 'Warm relationships to aim for'), input,
    h('button', { type: 'submit', class: 'primary' }, 'Save goal'), problem));
    input.focus();
  }

  function render() {
    if (!book) return;
    const rows = chooseRows(book, state);
    setText(filterSummary, `Filter and sort: ${show.input.selectedOptions[0]?.text}` +
      `${state.tag ? ` · ${state.tag}` : ''} · ${sort.input.selectedOptions[0]?.text}`);
    list.setItems(rows);
    const total = book.views.size;
    setText(summary, `Showing ${formatCount(rows.length)} of ${formatCount(total)}`);
    setText(empty, total ? (rows.length ? '' : 'Nobody matches.')
      : 'Nobody yet. Mark someone met at an event, or scan their badge: they appear here.');
  }

  async function load() {
    book = await peopleBook();
    today = book.today;
    warm.replaceChildren(h('strong', {}, `Warm ${formatCount(warmCount(book))}`),
      ` / ${formatCount(book.warmGoal)}`);
    warm.setAttribute('aria-label', `${warmCount(book)} warm relationships of a goal of ${book.warmGoal}`);
    const due = reviewPeople(book).length;
    reviewLink.textContent = due ? `Weekly review (${due} due)` : 'Weekly review';
    const tags = [...new Set([...book.views.values()].flatMap((view) => view.tags || []))].sort();
    tagSelect.input.replaceChildren(h('option', { value: '' }, 'All tags'),
      ...tags.map((tag) => h('option', { value: tag }, tag)));
    tagSelect.input.value = tags.includes(state.tag) ? state.tag : '';
    state.tag = tagSelect.input.value;
    tagSelect.element.hidden = !tags.length;
    if (!goalBox.querySelector('form')) showGoal(false);
    render();
  }

  return { load, focusSearch: () => searchInput.focus(), destroy: () => list.destroy() };
}

// --------------------------------------------------------------------------- the review

function lastHook(view, interactions) {
  const said = interactions.find((item) => item.line);
  if (said) return `${TYPE_LABELS[said.type] || 'Talked'}, ${dayText(said.on)}: ${said.line}`;
  const note = (view.note || '').split('\n').find((line) => line.trim());
  if (note) return note;
  return view.first_met_event ? `Met at ${view.first_met_event}, ${dayText(view.first_met_on)}` : '';
}

function mountReview(box) {
  const listBox = h('ol', { class: 'review-list' });
  const status = h('p', { role: 'status', class: 'save-state' });
  box.replaceChildren(
    h('p', { class: 'hint' },
      'At most five people a week: a message keeps a relationship warm.'),
    status, listBox);

  async function act(view, label, work) {
    await work();
    status.textContent = `${view.name}: ${label}.`;
  }

  async function load() {
    const book = await peopleBook();
    const due = reviewPeople(book);
    if (!due.length) {
      listBox.replaceChildren(h('li', { class: 'empty' }, 'Nobody is due. Well kept.'));
      return;
    }
    listBox.replaceChildren(...due.map((view) => {
      const standing = book.standings.get(view.id);
      const looser = CADENCE_ORDER[Math.min(CADENCE_ORDER.indexOf(view.cadence) + 1,
        CADENCE_ORDER.length - 1)];
      return h('li', { class: 'review-item' },
        h('a', { class: 'review-name', href: peopleHash(view.id) }, view.name || 'No name'),
        h('p', { class: 'person-sub' }, ...standingChips(standing, book.today)),
        h('p', { class: 'review-hook' }, lastHook(view, book.interactions.get(view.id))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', on: { click: () => act(view,
            'in touch today', () => logInteraction([view.id], { type: 'message' })) } }, 'Done'),
          h('button', { type: 'button', on: { click: () => act(view, `later (in ${SNOOZE_DAYS} days)`,
            () => savePerson(view.id, { snoozed_until: addDays(book.today, SNOOZE_DAYS) })) } },
          'Later'),
          looser !== view.cadence && looser !== 'none' ? h('button', { type: 'button',
            on: { click: () => act(view, CADENCE_LABELS[looser].toLowerCase(),
              () => savePerson(view.id, { cadence: looser })) } }, 'Loosen') : null));
    }));
  }
  return { load, destroy() {} };
}

// --------------------------------------------------------------------------- one person

// "Senior PM at Acme → Director at Globex": where an event's list said something new.
function roleAt(item) {
  return [item.title, item.company].filter(Boolean).join(' at ');
}

// `names`: id -> name of the others an interaction names.
function timeline(interactions, names) {
  const rows = [];
  const oldestFirst = [...interactions].reverse();
  let role = '';
  const changes = new Map();
  for (const item of oldestFirst) {
    const now = roleAt(item);
    if (now && role && now !== role) changes.set(item.id, `${role} → ${now}`);
    if (now) role = now;
  }
  for (const item of interactions) {
    const others = (item.person_ids || []).map((id) => names.get(id)).filter(Boolean);
    rows.push(h('li', { class: 'timeline-item' },
      h('span', { class: 'timeline-when' }, dayText(item.on)),
      h('span', { class: 'timeline-what' }, TYPE_LABELS[item.type] || item.type,
        item.event_title ? ` · ${item.event_title}` : ''),
      item.line ? h('span', { class: 'timeline-line' }, item.line) : null,
      others.length ? h('span', { class: 'timeline-with' },
        `With ${others.join(', ')}`) : null,
      changes.has(item.id) ? h('span', { class: 'timeline-change' }, changes.get(item.id)) : null));
  }
  return rows;
}

// The book of everyone is read only when someone else is looked for: the page itself is drawn
// from the index (store/people.js personPage), fast whoever's page it is.
function weTalked(page, onSaved) {
  const lineId = uniqueId('line');
  const line = h('input', { id: lineId, type: 'text', maxlength: '1000', autocomplete: 'off',
    placeholder: 'One line: what about?' });
  const withIds = new Map();  // id -> name
  const withChips = h('p', { class: 'with-chips' });
  const findId = uniqueId('with');
  const found = h('div', { class: 'with-found' });
  const find = h('input', { id: findId, type: 'search', autocomplete: 'off',
    placeholder: 'Someone else who was there', on: { input: async () => {
      const book = await peopleBook();
      const needle = foldForSearch(find.value.trim());
      found.replaceChildren(...(needle ? book.rows.filter((row) => row.id !== page.root
        && !withIds.has(row.id) && row.folded.includes(needle)).slice(0, 5) : [])
        .map((row) => h('button', { type: 'button', class: 'link', on: { click: () => {
          withIds.set(row.id, book.views.get(row.id).name);
          find.value = '';
          found.replaceChildren();
          showWith();
        } } }, `Add ${book.views.get(row.id).name}`)));
    } } });
  const showWith = () => withChips.replaceChildren(...[...withIds.values()].map((name) =>
    h('span', { class: 'chip' }, name)));
  const buttons = QUICK_TYPES.map((type) => h('button', { type: 'button', on: { click: async () => {
    await logInteraction([page.root, ...withIds.keys()], { type, line: line.value.trim() });
    line.value = '';
    withIds.clear();
    showWith();
    onSaved(TYPE_LABELS[type]);
  } } }, TYPE_LABELS[type]));
  return h('section', { class: 'we-talked', 'aria-label': 'We talked' },
    h('h2', {}, 'We talked'),
    h('div', { class: 'field' }, h('label', { for: lineId }, 'What about (optional)'), line),
    h('div', { class: 'field' }, h('label', { for: findId }, 'Also there (optional)'), find),
    found, withChips,
    h('div', { class: 'actions quick-types' }, ...buttons));
}

// What the server would refuse (companion/sync/fields.py), said before anything is saved, all
// at once.
function detailErrors({ name, title, company, linkedin, emails, phones, tags }) {
  const errors = [];
  const limit = (value, most, label) => {
    if ([...value].length > most) errors.push(`${label} is longer than ${most} characters.`);
  };
  limit(name, FIELD_LIMITS.person.name, 'The name');
  limit(title, FIELD_LIMITS.person.title, 'The title');
  limit(company, FIELD_LIMITS.person.company, 'The company');
  if (linkedin && !linkedinSlug(linkedin) && !safeHref(linkedin)) {
    errors.push('LinkedIn must be a profile link, like linkedin.com/in/your-name.');
  }
  const bad = emails.filter((email) => !emailKey(email));
  if (bad.length) errors.push(`Not an email address: ${bad.join(', ')}.`);
  if (emails.length > 10 || phones.length > 10) errors.push('At most 10 emails and 10 phones.');
  if (phones.some((phone) => [...phone].length > 64)) errors.push('A phone is longer than 64 characters.');
  if (tags.length > 30) errors.push('At most 30 tags.');
  if (tags.some((tag) => [...tag].length > 40)) errors.push('A tag is longer than 40 characters.');
  return errors;
}

// `status`: the page's own status line, which outlives the redraw a save brings.
function detailsForm(page, status, keepOpen) {
  const { view, root } = page;
  const field = (name, label, value, type = 'text') => {
    const id = uniqueId(name);
    const input = h('input', { id, type, value: value || '', autocomplete: 'off' });
    return { name, input, element: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
  };
  const fields = [
    field('name', 'Name', view.name), field('title', 'Title', view.title),
    field('company', 'Company', view.company), field('linkedin', 'LinkedIn', view.linkedin, 'url'),
    field('emails', 'Emails (comma-separated)', (view.emails || []).join(', ')),
    field('phones', 'Phones (comma-separated)', (view.phones || []).join(', ')),
    field('tags', 'Tags (comma-separated)', (view.tags || []).join(', ')),
  ];
  const list = (text) => text.split(',').map((item) => item.trim()).filter(Boolean);
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const form = h('form', { class: 'person-form', novalidate: true, on: { submit: async (event) => {
    event.preventDefault();
    const changes = {};
    for (const { name, input } of fields) {
      changes[name] = ['emails', 'phones', 'tags'].includes(name) ? list(input.value) : input.value.trim();
    }
    const errors = detailErrors(changes);
    problem.replaceChildren(...errors.map((error) => h('span', { class: 'error-line' }, error)));
    problem.hidden = !errors.length;
    if (errors.length) return;
    changes.emails = changes.emails.map(emailKey);
    const slug = linkedinSlug(changes.linkedin);
    if (slug) changes.linkedin = LINKEDIN_PROFILE + encodeURIComponent(slug);
    await savePerson(root, changes);
    status.textContent = 'Details saved on this device.';
  } } }, ...fields.map((f) => f.element), problem,
  h('button', { type: 'submit', class: 'primary' }, 'Save details'), status);
  const details = h('details', { class: 'person-details', open: keepOpen.open,
    on: { toggle: () => { keepOpen.open = details.open; } } },
  h('summary', {}, 'Edit details'), form);
  return details;
}

function mountPerson(box, personId, onTitle) {
  let note = null;
  const keepOpen = { open: false };
  const detailsStatus = h('p', { class: 'save-state people-status', role: 'status' });
  const status = h('p', { class: 'save-state people-status', role: 'status' });

  async function load() {
    const page = await personPage(personId);
    if (!box.isConnected) return;  // the screen moved on meanwhile
    if (!page) {
      onTitle('Not found');
      box.replaceChildren(h('p', {}, 'This person is not on this device (forgotten, or not synced yet). '),
        h('p', {}, h('a', { href: peopleHash() }, 'All people')));
      return;
    }
    if (page.root !== personId) { location.replace(peopleHash(page.root)); return; }
    const { view, standing } = page;
    onTitle(view.name || 'No name');
    const today = localDay();
    const asked = !view.cadence_asked && view.cadence === 'none'
      && page.interactions.some((item) => item.type === 'reply');
    const cadence = select('Keep in touch', CADENCE_ORDER.map((key) => [key, CADENCE_LABELS[key]]),
      view.cadence || 'none', (value) => savePerson(page.root, { cadence: value, cadence_asked: true }));
    const snoozeId = uniqueId('snooze');
    const snooze = h('input', { id: snoozeId, type: 'date', value: view.snoozed_until || '',
      on: { change: () => savePerson(page.root, { snoozed_until: snooze.value }) } });
    const links = [safeLink(view.linkedin, 'LinkedIn')].filter(Boolean);
    const reach = [...(view.emails || []), ...(view.phones || [])].join(' · ');
    note?.flush();
    note = noteField({ name: 'note', label: 'Note about them', rows: 3,
      save: (value, base) => savePerson(page.root, { note: value }, { note: base }),
      onState: (text) => { status.textContent = text; } });
    note.set(page.records[0].note || '');
    const others = page.records.slice(1);
    const answersBox = h('div', { class: 'person-answers' });
    const mergeId = uniqueId('merge');
    const mergeFound = h('div', { class: 'with-found' });
    const mergeFind = h('input', { id: mergeId, type: 'search', autocomplete: 'off',
      placeholder: 'Their other record’s name', on: { input: async () => {
        const book = await peopleBook();
        const needle = foldForSearch(mergeFind.value.trim());
        mergeFound.replaceChildren(...(needle ? book.rows.filter((row) => row.id !== page.root
          && row.folded.includes(needle)).slice(0, 5) : []).map((row) => {
          const other = book.views.get(row.id);
          return h('button', { type: 'button', class: 'link', on: { click: async () => {
            await mergePeople(page.root, row.id);
            status.textContent = `Merged ${other.name} into ${view.name}.`;
          } } }, `Merge ${other.name}${other.company ? ` (${other.company})` : ''} into this person`);
        }));
      } } });
    const removal = deleteButton({
      label: 'Forget this person…',
      question: `Forget ${view.name}: their record, your notes and every interaction with them, on ` +
        'every device once synced. Their rows on event lists stay (those are the events’).',
      onDelete: async () => { await forgetPerson(page.root); location.hash = peopleHash(); },
    });
    removal.show(true);
    box.replaceChildren(...[
      h('p', { class: 'person-role' }, [view.title, view.company].filter(Boolean).join(' · ')),
      h('p', { class: 'person-sub' }, ...standingChips(standing, today)),
      view.first_met_event || view.first_met_on ? h('p', { class: 'hint' },
        `First met${view.first_met_event ? ` at ${view.first_met_event}` : ''}` +
        `${view.first_met_on ? `, ${dayText(view.first_met_on)}` : ''}`) : null,
      links.length ? h('p', { class: 'person-links' }, ...links) : null,
      reach ? h('p', { class: 'person-reach' }, reach) : null,
      asked ? h('div', { class: 'notice cadence-offer' },
        h('p', {}, `${view.name} replied. Keep in touch every 2 months?`),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', on: { click: () =>
            savePerson(page.root, { cadence: '2m', cadence_asked: true }) } }, 'Yes, every 2 months'),
          h('button', { type: 'button', on: { click: () =>
            savePerson(page.root, { cadence_asked: true }) } }, 'Not now'))) : null,
      // Phone: one column, We talked first (app.css orders it); laptop: the timeline and note
      // beside what you do.
      h('div', { class: 'person-columns' },
        h('div', { class: 'person-main' },
          status,
          h('section', { class: 'person-timeline', 'aria-label': 'Timeline' }, h('h2', {}, 'Timeline'),
            page.interactions.length ? h('ol', { class: 'timeline' },
              ...timeline(page.interactions, page.names)) : h('p', { class: 'hint' }, 'Nothing yet.')),
          h('div', { class: 'person-note' }, note.element),
          answersBox),
        h('div', { class: 'person-side' },
          weTalked(page, (what) => { status.textContent = `Logged: ${what}.`; }),
          h('div', { class: 'person-settings' }, cadence.element,
            h('div', { class: 'field' }, h('label', { for: snoozeId }, 'Snoozed until'), snooze),
            h('div', { class: 'check' }, (() => {
              const id = uniqueId('archived');
              return [h('input', { type: 'checkbox', id, checked: Boolean(page.records[0].archived),
                on: { change: (event) => savePerson(page.root, { archived: event.target.checked }) } }),
              h('label', { for: id }, 'Archived (out of the lists and the review)')];
            })())),
          detailsForm(page, detailsStatus, keepOpen),
          others.length ? h('section', { class: 'person-merged', 'aria-label': 'Merged records' },
            h('h2', {}, 'Merged records'),
            h('ul', { class: 'merged-list' }, ...others.map((other) => h('li', {},
              `${other.name || 'No name'}${other.company ? ` · ${other.company}` : ''} `,
              h('button', { type: 'button', class: 'link', on: { click: async () => {
                await unmergePerson(other.id);
                status.textContent = `Unmerged ${other.name}: both are as they were.`;
              } } }, 'Unmerge'))))) : null,
          h('details', { class: 'merge-box' }, h('summary', {}, 'The same person twice? Merge'),
            h('div', { class: 'field' }, h('label', { for: mergeId }, 'Find their other record'),
              mergeFind), mergeFound),
          removal.element))].filter(Boolean));
    performance.mark('companion:person-page', { detail: personId });
    // Their answers to the hosts' questions come from the events' packs: after the page is up.
    registrationAnswers(page).then((found) => {
      answersBox.replaceChildren(...found.map(({ event, answers }) => h('details', { class: 'answers' },
        h('summary', {}, `Registration answers at ${event} (${answers.length})`),
        h('dl', {}, ...answers.map(([label, text]) => [h('dt', {}, label), h('dd', {}, text)])))));
    }).catch((error) => console.warn('Answers not read:', error));
  }
  return { load, destroy: () => note?.flush() };
}

// --------------------------------------------------------------------------- the screen

/** Mount the People screens into `main`; returns {accepts, update, destroy}. */
export function mountPeople(main, route) {
  const heading = h('h1', { tabindex: '-1' }, 'People');
  const back = h('a', { class: 'back', href: '#/' }, '← All events');
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const box = h('div', { class: 'people-screen-body' });
  main.replaceChildren(h('div', { class: 'people-screen' }, back, heading, problem, box));
  let view = null;
  let destroyed = false;

  const setTitle = (text) => {
    heading.textContent = text;
    document.title = `${text} · Companion`;
  };

  function open(next) {
    view?.destroy();
    route = next;
    // Each view draws into a pane of its own: a load of the last one still running draws
    // into a pane no longer on screen.
    const pane = h('div');
    box.replaceChildren(pane);
    if (route.view === 'person') {
      back.href = peopleHash();
      back.textContent = '← All people';
      setTitle('Person');
      view = mountPerson(pane, route.personId, setTitle);
    } else if (route.view === 'review') {
      back.href = peopleHash();
      back.textContent = '← All people';
      setTitle('Weekly review');
      view = mountReview(pane);
    } else {
      back.href = '#/';
      back.textContent = '← All events';
      setTitle('People');
      view = mountList(pane);
    }
    load();
  }

  let loading = null;
  let again = false;
  // One load at a time; a change meanwhile loads once more after it.
  function load() {
    if (loading) { again = true; return; }
    loading = view.load().catch((error) => {
      problem.textContent = `People could not be read: ${error.message}`;
      problem.hidden = false;
    }).finally(() => {
      loading = null;
      if (again && !destroyed) { again = false; load(); }
    });
  }
  const typing = () => document.activeElement?.matches('textarea, input[type="text"], input:not([type])');
  const onChange = ({ detail }) => {
    if (['person', 'interaction', 'card'].includes(detail?.kind) && !(route.view === 'person' && typing())) load();
  };
  localChanges.addEventListener('change', onChange);
  syncEvents.addEventListener('synced', load);
  open(route);

  return {
    accepts: (next) => next.name === 'people',
    update(next) {
      if (next.view === route.view && next.personId === route.personId) return;
      window.scrollTo(0, 0);
      open(next);
      heading.focus();
    },
    destroy() {
      destroyed = true;
      view?.destroy();
      localChanges.removeEventListener('change', onChange);
      syncEvents.removeEventListener('synced', load);
    },
  };
}
