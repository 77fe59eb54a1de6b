// A labelled text area that saves itself: after a pause in typing, and at once on leaving it
// or when the app is hidden. One implementation for every note (marks, contacts).

import { h, uniqueId } from '../ui/dom.js';

const SAVE_DELAY = 600;  // ms after the last keystroke

/**
 * Return {element, area, flush(), set(value)}. `save(value)` stores the text (a promise);
 * `onState(text)` hears "Saving…" / "Saved on this device." for a status line. `set` shows
 * a value changed elsewhere (a sync), never over what the user is typing.
 */
export function noteField({ name, label, rows = 3, hint = '', save, onState = () => {} }) {
  const id = uniqueId(name);
  const area = h('textarea', { id, name, rows, 'aria-describedby': hint ? `${id}-hint` : null });
  let timer = 0;
  let dirty = false;
  const flush = () => {
    clearTimeout(timer);
    if (!dirty) return;
    dirty = false;
    // `save` may report a failure itself and resolve false: then its message stays.
    Promise.resolve(save(area.value)).then(
      (saved) => { if (saved !== false) onState('Saved on this device.'); },
      (error) => onState(`Not saved: ${error.message}`));
  };
  area.addEventListener('input', () => {
    dirty = true;
    onState('Saving…');
    clearTimeout(timer);
    timer = setTimeout(flush, SAVE_DELAY);
  });
  area.addEventListener('blur', flush);
  const element = h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    area);
  return {
    element, area, flush,
    set(value) {
      if (!dirty && document.activeElement !== area) area.value = value || '';
    },
  };
}
