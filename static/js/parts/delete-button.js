// "Delete…" with a second step: the button asks, in words, what goes; only "Delete" deletes.
// One control for deleting a mark (parts/person.js) and a contact (parts/met-list.js).

import { h } from '../ui/dom.js';

/**
 * Return {element, show(visible)}. `label` is the button ("Delete my mark…"), `question` says
 * what will go, `onDelete()` deletes (a promise; a thrown error is shown).
 */
export function deleteButton({ label, question, onDelete }) {
  const ask = h('button', { type: 'button', class: 'link danger' }, label);
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const yes = h('button', { type: 'button', class: 'danger' }, 'Delete');
  const no = h('button', { type: 'button' }, 'Keep it');
  const confirm = h('div', { class: 'confirm-delete', role: 'group', hidden: true },
    h('p', {}, question), h('div', { class: 'actions' }, yes, no));
  const element = h('div', { class: 'delete-control' }, ask, confirm, problem);
  const asking = (on) => {
    ask.hidden = on;
    confirm.hidden = !on;
    (on ? no : ask).focus();
  };
  ask.addEventListener('click', () => { problem.hidden = true; asking(true); });
  no.addEventListener('click', () => asking(false));
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      await onDelete();
      confirm.hidden = true;
      ask.hidden = false;
    } catch (error) {
      problem.textContent = `Not deleted: ${error.message}`;
      problem.hidden = false;
    } finally {
      yes.disabled = false;
    }
  });
  return {
    element,
    show(visible) {
      element.hidden = !visible;
      if (!visible) { confirm.hidden = true; ask.hidden = false; }
    },
  };
}
