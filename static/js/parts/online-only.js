// Links that need the server (print, export, calendar) shown only with a connection, and a
// sentence saying so without one: an offline tap would only reach a browser error page.

import { h } from '../ui/dom.js';

const shown = new Set();  // [element, note] pairs on screen

function showConnection() {
  for (const pair of shown) {
    const [element, note] = pair;
    if (!element.isConnected && !note.isConnected) {
      shown.delete(pair);  // its screen is gone
      continue;
    }
    element.hidden = !navigator.onLine;
    note.hidden = navigator.onLine;
  }
}
window.addEventListener('online', showConnection);
window.addEventListener('offline', showConnection);

/** Return [element, note]: `element` shows online, a hint with `offlineText` offline. */
export function onlineOnly(element, offlineText) {
  const note = h('span', { class: 'hint' }, offlineText);
  element.hidden = !navigator.onLine;
  note.hidden = navigator.onLine;
  shown.add([element, note]);
  return [element, note];
}
