// The events list: what is stored on the device at once, then the server's list when online.
// Upcoming events' packs are fetched in the background, so the phone is ready for the venue
// even if an event was never opened on it.

import { showStorageRisk } from '../parts/notices.js';
import { formatCount } from '../rules/locale.js';
import { formatDateTime } from '../rules/zoned.js';
import { LoginRequired, isNetworkError, loginUrl } from '../store/api.js';
import { getMeta } from '../store/db.js';
import { downloadPack, refreshEvents, storedEvents } from '../store/pack.js';
import { syncEvents } from '../store/sync.js';
import { h } from '../ui/dom.js';
import { SCAN_NOW } from '../ui/router.js';

const KIND_LABELS = {
  networking: 'Networking', 'talk-first': 'Talk first', conference: 'Conference',
};

const isOver = (event) => new Date(event.ends_at || event.starts_at) < new Date();

function eventCard(event) {
  const offline = event.stored_count === null || event.stored_count === undefined
    ? 'Not yet saved for offline use'
    : `${formatCount(event.stored_count)} people · saved for offline use`;
  return h('li', {},
    h('a', { class: 'event-card', href: `#/events/${event.id}` },
      h('span', { class: 'event-title' }, event.title),
      h('span', { class: 'event-when' }, formatDateTime(new Date(event.starts_at), event.timezone)),
      h('span', { class: 'event-venue' },
        [event.venue, KIND_LABELS[event.kind]].filter(Boolean).join(' · ')),
      h('span', { class: 'event-offline' }, offline)));
}

/** Mount the events list into `main`; returns {accepts, update, destroy}. */
export function mountEvents(main) {
  const heading = h('h1', { tabindex: '-1' }, 'Your events');
  const status = h('p', { class: 'screen-status', role: 'status' });
  const content = h('div');
  const risk = h('div', { class: 'notices' });
  const shortcuts = h('p', { class: 'event-actions' },
    h('a', { class: 'button', href: '#/card' }, 'My card'),
    h('a', { class: 'button', href: SCAN_NOW }, 'Scan a badge'),
    h('a', { class: 'button', href: '#/people' }, 'People'),
    h('a', { class: 'button', href: '#/followups' }, 'Follow up'),
    h('a', { class: 'button', href: '#/contacts' }, 'Met outside events'));
  const screen = h('div', { class: 'events-screen' }, heading, shortcuts, status, content, risk);
  main.replaceChildren(screen);
  showStorageRisk(risk);
  document.title = 'Companion';
  let destroyed = false;

  // Follow-up cards and count, once a worker controls the page (past it, nothing is cached).
  const worker = navigator.serviceWorker;
  const showFollowups = () => (destroyed || (worker && !worker.controller) ? null
    : import('../parts/followup-cards.js').then((m) => !destroyed && m.showFollowupCards(screen))
      .catch((error) => console.warn(error)));

  function render(events) {
    showFollowups();
    const upcoming = events.filter((event) => !isOver(event));
    const past = events.filter(isOver).reverse();
    const section = (title, list) => (list.length
      ? h('section', {}, h('h2', {}, title), h('ul', { class: 'event-list' }, list.map(eventCard)))
      : null);
    const sections = [section('Upcoming', upcoming), section('Past', past)];
    content.replaceChildren(...sections.filter(Boolean));
    if (!events.length) {
      content.append(h('p', { class: 'empty' }, 'No events yet. ',
        navigator.onLine ? h('a', { href: '/events/' }, 'Create one on the prep page') : null));
    }
  }

  async function refresh() {
    if (!navigator.onLine) {
      status.textContent = (await getMeta('user'))
        ? 'Offline: showing what is saved on this device.'
        : 'Connect to the internet and log in once to bring your events to this phone.';
      return;
    }
    try {
      const events = await refreshEvents();
      if (destroyed) return;
      status.textContent = '';
      render(events);
      // One at a time: a 304 per unchanged pack is cheap, a download per new one is not.
      for (const event of events.filter((e) => !isOver(e))) {
        await downloadPack(event.id).catch((error) => console.warn(error));
        if (destroyed) return;
      }
      render(await storedEvents());
    } catch (error) {
      if (error instanceof LoginRequired) {
        status.replaceChildren('Log in to see your events. ',
          h('a', { href: loginUrl() }, 'Log in'));
      } else if (!isNetworkError(error)) {
        status.textContent = error.message;
      }
    }
  }

  // Sync on start and the first render both ask for a refresh: one at a time is enough.
  let refreshing = null;
  const refreshOnce = () => {
    refreshing = refreshing || refresh().finally(() => { refreshing = null; });
    return refreshing;
  };
  const onSynced = () => { if (!destroyed) refreshOnce(); };
  syncEvents.addEventListener('synced', onSynced);
  const drawn = (async () => { render(await storedEvents()); })();
  drawn.then(refreshOnce);

  return {
    drawn,  // the stored events are on screen: main.js swaps out the last screen's snapshot
    snapshotReady: () => window.scrollY === 0,
    accepts: (route) => route.name === 'events',
    update() {},
    destroy() {
      destroyed = true;
      syncEvents.removeEventListener('synced', onSynced);
    },
  };
}
