// A labelled text area that saves itself: after a pause in typing, and at once on leaving it
// or when the app is hidden. One implementation for every note (marks, contacts).

import { h, uniqueId } from '../ui/dom.js';

const SAVE_DELAY = 600;  // ms after the last keystroke

/**
 * Return {element, area, flush(), set(value), reset(value)}. `save(value, base)` stores the text (a promise);
 * `base` is the text the field showed when the person began typing, the same for every save
 * until the field shows a newer text (the sync contract's base: what both devices started
 * from). `onState(text)` hears "Saving…" / "Saved on this device." for a status line. `set`
 * shows a value changed elsewhere (a sync), never over what the user is typing.
 */
export function noteField({ name, label, rows = 3, hint = '', save, onState = () => {} }) {
  const id = uniqueId(name);
  const area = h('textarea', { id, name, rows, 'aria-describedby': hint ? `${id}-hint` : null });
  let timer = 0;
  let dirty = false;
  let shown = '';  // the text the person began from
  const flush = () => {
    clearTimeout(timer);
    if (!dirty) return;
    dirty = false;
    // `save` may report a failure itself and resolve false: then its message stays.
    Promise.resolve(save(area.value, shown)).then(
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
      if (!dirty && document.activeElement !== area) {
        area.value = value || '';
        shown = area.value;
      }
    },
    /** Show `value` even over typing, dropping what was not saved yet (the record is gone). */
    reset(value) {
      clearTimeout(timer);
      dirty = false;
      area.value = value || '';
      shown = area.value;
    },
  };
}
