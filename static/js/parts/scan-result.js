// What a scanned code held, before it is saved: every value shown as text (the code is the
// other person's, or anyone's), only plain http(s) addresses as links, and a note to add.

import { h, linkOrText, uniqueId } from '../ui/dom.js';

const KIND_LABELS = {
  vcard: 'Contact card', mecard: 'Contact card', bizcard: 'Contact card', au: 'Contact card',
  contact: 'Contact details', linkedin: 'LinkedIn profile', url: 'Web address', text: 'Text',
};
const SHOWN = [
  ['title', 'Title'], ['company', 'Company'], ['email', 'Email'], ['phone', 'Phone'],
  ['linkedin', 'LinkedIn'], ['url', 'Website'],
];

function details(parsed) {
  const rows = SHOWN.filter(([name]) => parsed[name])
    .map(([name, label]) => [label, linkOrText(parsed[name])]);
  if (parsed.kind === 'text') rows.push(['Text', h('span', { class: 'scanned-text' }, parsed.raw)]);
  return h('dl', { class: 'scanned-fields' },
    rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

function textArea(label, value) {
  const id = uniqueId('note');
  const area = h('textarea', { id, name: 'note', rows: 3, value });
  return { area, element: h('div', { class: 'field' }, h('label', { for: id }, label), area) };
}

/**
 * Return the result panel for `parsed` (payload.js parseScanned). `matched` is the attendee
 * the name matches (or null), `known` a contact already saved from the same code (or null).
 * `onSave({...parsed, name, note})` saves; `onAgain()` goes back to the camera.
 */
export function scanResult(parsed, { matched, known, hasEvent, onSave, onAgain }) {
  const nameId = uniqueId('name');
  const nameInput = parsed.name ? null : h('input', {
    type: 'text', id: nameId, name: 'name', maxlength: 200, autocomplete: 'off', required: true,
  });
  const note = textArea('Note', parsed.note);
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit', class: 'primary' }, known ? 'Save again' : 'Save');
  const match = matched
    ? `On the attendee list: ${matched.name}. Saving marks them as met.`
    : hasEvent && parsed.name ? 'Not on this event’s attendee list.' : '';
  const form = h('form', { class: 'scan-result', 'aria-labelledby': `${nameId}-heading` },
    h('p', { class: 'scanned-kind' }, KIND_LABELS[parsed.kind]),
    parsed.name
      ? h('h2', { id: `${nameId}-heading`, class: 'scanned-name' }, parsed.name)
      : h('h2', { id: `${nameId}-heading` }, 'Who is this?'),
    nameInput && h('div', { class: 'field' }, h('label', { for: nameId }, 'Name'), nameInput),
    details(parsed),
    match && h('p', { class: matched ? 'match' : 'hint' }, match),
    known && h('p', { class: 'hint' }, `Already saved at ${new Date(known.fields.met_at)
      .toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}.`),
    note.element, problem,
    h('div', { class: 'actions' }, save,
      h('button', { type: 'button', on: { click: onAgain } }, 'Scan again')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = parsed.name || nameInput.value.trim();
    if (!name) {
      problem.textContent = 'Type their name to save them.';
      problem.hidden = false;
      nameInput.focus();
      return;
    }
    save.disabled = true;
    try {
      await onSave({ ...parsed, name, note: note.area.value });
    } catch (error) {
      problem.textContent = `Not saved: ${error.message}`;
      problem.hidden = false;
      save.disabled = false;
    }
  });
  return form;
}
