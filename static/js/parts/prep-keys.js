// The evening before, on a laptop: go through the list and mark people from the keyboard.
//   j / k   next / previous person      1 2 3 / 0   must, want, maybe / no priority
//   w       write why                    l           open their LinkedIn
//   Esc     leave a text field (the keys work again)
// Keys are read only outside text fields and without Ctrl, Alt or Meta, so typing a note
// and the browser's own shortcuts are never taken. Loaded by screens/event.js on wide screens.

const PRIORITY_KEYS = { 1: 'must', 2: 'want', 3: 'maybe', 0: null };
const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

/** The sentence naming the keys, for the screen. */
export const KEYS_HINT = 'Keys: j / k next and previous person · 1, 2, 3 priority, 0 none · ' +
  'w write why · l LinkedIn · Esc leave a field';

/**
 * Listen on `target` (the document); `actions` are {step(+1 | -1), priority(value),
 * focusWhy(), openLinkedIn()}, each a no-op when it has nothing to act on. Returns stop().
 */
export function listenForPrepKeys(target, actions) {
  const onKey = (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    const typing = event.target instanceof Element && event.target.closest(TYPING);
    if (typing) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    if (document.querySelector('[aria-modal="true"]')) return;  // the badge is open
    const { key } = event;
    let done = true;
    if (key === 'j') actions.step(1);
    else if (key === 'k') actions.step(-1);
    else if (key in PRIORITY_KEYS) actions.priority(PRIORITY_KEYS[key]);
    else if (key === 'w') actions.focusWhy();
    else if (key === 'l') actions.openLinkedIn();
    else done = false;
    if (done) event.preventDefault();  // "w" must not also type a w into the field it focuses
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
