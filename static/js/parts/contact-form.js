// "Add by hand": a contact typed in when a code will not scan (or there is none).

import { h, uniqueId } from '../ui/dom.js';
import { textInput, webAddress } from './form-fields.js';

const FIELDS = ['name', 'title', 'company', 'email', 'phone', 'linkedin'];

/**
 * Return the form. `onSave(contact)` gets {name, title, company, email, phone, linkedin, note}
 * and may throw to show why it did not save; `onCancel()` leaves the form.
 */
export function contactForm({ onSave, onCancel }) {
  const inputs = new Map(FIELDS.map((name) => [name, textInput(name)]));
  inputs.get('name').input.required = true;
  const noteId = uniqueId('note');
  const note = h('textarea', { id: noteId, name: 'note', rows: 3 });
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save contact');
  const headingId = uniqueId('manual');
  const form = h('form', { class: 'contact-form', novalidate: true, 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Add a contact by hand'),
    [...inputs.values()].map((field) => field.element),
    h('div', { class: 'field' }, h('label', { for: noteId }, 'Note'), note),
    problem,
    h('div', { class: 'actions' }, save,
      h('button', { type: 'button', on: { click: onCancel } }, 'Cancel')));

  const refuse = (text, input) => {
    problem.textContent = text;
    problem.hidden = false;
    input.focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const contact = { note: note.value };
    for (const [name, { input }] of inputs) contact[name] = input.value.trim();
    if (!contact.name) return refuse('Type their name to save them.', inputs.get('name').input);
    contact.linkedin = webAddress(contact.linkedin);
    if (contact.linkedin === null) {
      return refuse('The LinkedIn profile must be a web address (https://…).',
        inputs.get('linkedin').input);
    }
    save.disabled = true;
    try {
      await onSave(contact);
    } catch (error) {
      refuse(`Not saved: ${error.message}`, save);
      save.disabled = false;
    }
    return undefined;
  });
  return { element: form, focus: () => inputs.get('name').input.focus() };
}
