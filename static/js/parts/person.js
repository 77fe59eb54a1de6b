// The mark editor for one attendee: met / missed and a note first (ten seconds at the venue),
// then their answers and the prep fields (priority, why, opener, follow-up, speaker). Every
// control saves on its own through records.saveMark: one implementation for phone and laptop.

import { DEFAULTS, deleteMark, saveMark } from '../store/records.js';
import { h, safeLink, uniqueId } from '../ui/dom.js';
import { deleteButton } from './delete-button.js';
import { noteField } from './note-field.js';
import { PRIORITY_LABELS, STATUS_LABELS } from './person-row.js';

function choiceGroup(legend, name, options, onPick) {
  const inputs = new Map();
  const fieldset = h('fieldset', { class: 'choice' }, h('legend', {}, legend));
  for (const [value, text] of options) {
    const id = uniqueId(name);
    const input = h('input', {
      type: 'radio', name, id, value: value ?? '', on: { change: () => onPick(value) },
    });
    inputs.set(value, input);
    fieldset.append(h('span', { class: 'choice-option' }, input, h('label', { for: id }, text)));
  }
  const set = (value) => {
    for (const [option, input] of inputs) input.checked = option === value;
  };
  return { fieldset, set };
}

// Folded: a phone shows the note first.
const answers = (list) => list && h('details', { class: 'answers' },
  h('summary', {}, `Registration answers (${list.length})`),
  h('dl', {}, ...list.map(([label, text]) => [h('dt', {}, label), h('dd', {}, text)])));

/**
 * Show the editor for `attendee` in `container`. Returns {update(mark), destroy()}:
 * `update` shows a mark changed elsewhere (a sync) without touching a field being typed in.
 */
export function mountPerson(container, { eventId, attendee, mark, backHref }) {
  let current = { ...DEFAULTS.mark, ...(mark || {}) };
  const save = (changes, base = {}) => saveMark(eventId, attendee.id, changes, base)
    .catch((error) => { showError(error); return false; });
  const headingId = uniqueId('person');
  const saveState = h('p', { class: 'save-state', role: 'status' });
  const showError = (error) => { saveState.textContent = `Not saved: ${error.message}`; };

  // Met links them to a person across events and logs the meeting (store/people.js, loaded on
  // demand); should that module not load (never cached before going offline), the mark alone
  // is saved: a tap on Met is never lost.
  const saveStatus = (value) => import('../store/people.js')
    .then((people) => people.saveStatus(eventId, attendee, value),
      () => saveMark(eventId, attendee.id, { status: value }))
    .then(() => personLink?.refresh())
    .catch((error) => { showError(error); return false; });
  const status = choiceGroup('Did you meet?', uniqueId('status'),
    Object.entries(STATUS_LABELS), saveStatus);
  const priority = choiceGroup('Priority', uniqueId('priority'),
    [...Object.entries(PRIORITY_LABELS), [null, 'None']], (value) => save({ priority: value }));
  priority.fieldset.classList.add('priority');

  // Text fields: saved after a pause in typing, and at once on blur or when the app is hidden.
  const texts = new Map();
  function textField(name, label, rows, hint) {
    const field = noteField({
      name, label, rows, hint,
      save: (value, base) => save({ [name]: value }, { [name]: base }),
      onState: (text) => { saveState.textContent = text; },
    });
    texts.set(name, field);
    return field.element;
  }

  function checkbox(name, label) {
    const id = uniqueId(name);
    const input = h('input', {
      type: 'checkbox', id, name, on: { change: () => save({ [name]: input.checked }) },
    });
    return { input, element: h('div', { class: 'check' }, input, h('label', { for: id }, label)) };
  }
  const followUp = checkbox('follow_up', 'Follow up after the event');
  // A promise to keep the morning after, whatever the note says (the note's words make the draft).
  const promised = checkbox('promised', 'I promised something (send it the next morning)');
  const speaker = checkbox('is_speaker',
    attendee.is_host ? 'Speaker or host (listed as host)' : 'Speaker or host');

  const removal = deleteButton({
    label: 'Delete my mark…',
    question: `Delete everything you noted about ${attendee.name}: priority, met or missed, ` +
      'why, opener and note? On every device, once synced.',
    onDelete: async () => {
      await deleteMark(attendee.id);
      for (const field of texts.values()) field.reset('');
      update(null);
      saveState.textContent = 'Deleted your mark on this person.';
    },
  });

  // What to say and why, in full, above the fold: read walking up to them, not edited.
  const recallLine = (label) => {
    const text = h('span', {});
    return { text, element: h('p', {}, h('span', { class: 'label' }, label), text) };
  };
  const recallOpener = recallLine('Opener: ');
  const recallWhy = recallLine('Why: ');
  const recall = h('div', { class: 'recall', hidden: true },
    recallOpener.element, recallWhy.element);

  // Whether you know them from other events: filled in once the people module has loaded.
  const linkBox = h('div', { class: 'person-known' });
  let personLink = null;
  let destroyed = false;
  import('./person-link.js').then(({ mountPersonLink }) => {
    if (!destroyed) personLink = mountPersonLink(linkBox, { eventId, attendee });
  }).catch((error) => console.warn('People not loaded:', error));

  const links = [safeLink(attendee.linkedin, 'LinkedIn'), safeLink(attendee.url, 'Website')]
    .filter(Boolean);
  const heading = h('h2', { id: headingId, tabindex: '-1' }, attendee.name);
  const article = h('article', { class: 'person-detail', 'aria-labelledby': headingId },
    h('a', { class: 'back', href: backHref }, '← Back to the list'),
    heading,
    h('p', { class: 'person-role' },
      [attendee.title, attendee.company].filter(Boolean).join(' · ')),
    recall,
    links.length ? h('p', { class: 'person-links' }, ...links) : null,
    linkBox,
    status.fieldset,
    textField('note', 'Note', 4, 'What you talked about, what to follow up on.'),
    saveState,
    answers(attendee.answers),
    priority.fieldset,
    textField('why', 'Why I want to meet them', 3),
    textField('opener', 'Opener line', 3),
    followUp.element,
    promised.element,
    speaker.element,
    removal.element);
  container.replaceChildren(article);

  function update(mark) {
    current = { ...DEFAULTS.mark, ...(mark || {}) };
    removal.show(Boolean(mark));
    status.set(current.status);
    priority.set(current.priority);
    followUp.input.checked = current.follow_up;
    promised.input.checked = current.promised;
    speaker.input.checked = current.is_speaker;
    recallOpener.text.textContent = current.opener;
    recallWhy.text.textContent = current.why;
    recallOpener.element.hidden = !current.opener;
    recallWhy.element.hidden = !current.why;
    recall.hidden = !current.opener && !current.why;
    // Never over what the user is typing; the outbox carries it and the server merges.
    for (const [name, field] of texts) field.set(current[name]);
    personLink?.refresh();
  }

  const flushAll = () => { for (const field of texts.values()) field.flush(); };
  const onHidden = () => { if (document.visibilityState === 'hidden') flushAll(); };
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', flushAll);
  update(current);

  return {
    attendeeId: attendee.id,
    focus: () => heading.focus(),
    update,
    // For the laptop's keys (prep-keys.js): as if the person had used the controls.
    setPriority(value) { priority.set(value); save({ priority: value }); },
    focusWhy() { texts.get('why').area.focus(); },
    linkedIn: safeLink(attendee.linkedin, 'LinkedIn')?.href || null,
    destroy() {
      destroyed = true;
      flushAll();
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', flushAll);
    },
  };
}
