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

  // A field's problem is said beside it, between its label and the input, so the focused
  // field and why it was refused are on the screen together (not at the form's end).
  const fieldProblem = h('p', { class: 'field-error', role: 'alert', id: uniqueId('problem') });
  const clear = () => {
    problem.hidden = true;
    fieldProblem.remove();
    for (const { input } of inputs.values()) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
  };
  const refuse = (text, input) => {
    if (input === save) {
      problem.textContent = text;
      problem.hidden = false;
    } else {
      fieldProblem.textContent = text;
      input.before(fieldProblem);
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', fieldProblem.id);
    }
    input.focus();
    // Label, problem and input in view, clear of the header and the bar (html scroll-padding).
    input.closest('.field, .actions')?.scrollIntoView({ block: 'nearest' });
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
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
