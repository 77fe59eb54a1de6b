// People met outside any event (#/contacts): the contacts scanned or added with "No event"
// chosen, on the Met list's rows, with their notes, offline like everything else.

import { mountMetList } from '../parts/met-list.js';
import { contactsOutsideEvents } from '../store/contacts.js';
import { localChanges } from '../store/records.js';
import { syncEvents } from '../store/sync.js';
import { h } from '../ui/dom.js';
import { scanHash } from '../ui/router.js';

/** Mount the list into `main`; returns {accepts, update, destroy}. */
export function mountContacts(main) {
  const box = h('div', { class: 'met-box' });
  main.replaceChildren(h('div', { class: 'contacts-screen' },
    h('a', { class: 'back', href: '#/' }, '← All events'),
    h('h1', { tabindex: '-1' }, 'Met outside events'),
    h('p', { class: 'event-actions' },
      h('a', { class: 'button primary', href: scanHash(null) }, 'Scan a badge')),
    box));
  document.title = 'Met outside events · Companion';
  const list = mountMetList(box, null);
  let destroyed = false;

  async function load() {
    const contacts = await contactsOutsideEvents();
    if (!destroyed) list.setData({ event: null, byId: new Map(), marks: new Map(), contacts });
  }
  // A note saved here, or a sync bringing one from another device, shows at once.
  const onChange = ({ detail: record }) => { if (record.kind === 'contact') load(); };
  localChanges.addEventListener('change', onChange);
  syncEvents.addEventListener('synced', load);
  load();

  return {
    accepts: (next) => next.name === 'contacts',
    update() {},
    destroy() {
      destroyed = true;
      list.destroy();
      localChanges.removeEventListener('change', onChange);
      syncEvents.removeEventListener('synced', load);
    },
  };
}
