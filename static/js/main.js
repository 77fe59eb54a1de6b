// The app's entry: register the worker, show the sync state in the header, start syncing,
// and show the screen the URL hash names.

import { loginUrl } from './api.js';
import { warmDecoder } from './camera.js';
import { h } from './dom.js';
import { refreshQr } from './my-card.js';
import { onRoute } from './router.js';
import { closeBadge, openBadge } from './screens/badge.js';
import { mountCard } from './screens/card.js';
import { mountEvent } from './screens/event.js';
import { mountEvents } from './screens/events.js';
import { mountScanner } from './screens/scanner.js';
import { startSync, subscribe, syncEvents, syncNow } from './sync.js';
import { registerWorker } from './update.js';

const main = document.getElementById('main');
const syncStatus = document.getElementById('sync-status');
const syncButton = document.getElementById('sync-button');
const badge = document.getElementById('pending-badge');
const pendingLabel = document.getElementById('pending-label');

function statusLine(state) {
  const waiting = state.pending === 1 ? '1 change waiting' : `${state.pending} changes waiting`;
  switch (state.phase) {
    case 'syncing': return ['Syncing…'];
    case 'offline': return [`Offline${state.pending ? ` · ${waiting}` : ''}`];
    case 'login': return ['Sync paused. ', h('a', { href: loginUrl() }, 'Log in again')];
    case 'account': return [state.message, ' ', h('a', { href: loginUrl() }, 'Log in')];
    case 'error': return [`Sync failed: ${state.message} Trying again soon.`];
    default: break;
  }
  const refused = state.rejected.length
    ? [` Not saved on the server: ${state.rejected.join(' ')}`] : [];
  if (state.pending) return [waiting, ...refused];
  return [state.lastSync ? 'Synced' : '', ...refused];
}

function showSyncState(state) {
  syncStatus.replaceChildren(...statusLine(state));
  syncStatus.dataset.phase = state.phase;
  badge.textContent = String(state.pending);
  badge.dataset.count = String(state.pending);
  pendingLabel.textContent = state.pending === 1 ? 'change waiting' : 'changes waiting';
  syncButton.setAttribute('aria-busy', String(state.phase === 'syncing'));
}

function mountNotFound(target) {
  target.replaceChildren(h('div', {},
    h('h1', { tabindex: '-1' }, 'Page not found'),
    h('p', {}, h('a', { href: '#/' }, 'Back to your events'))));
  return { accepts: () => false, update() {}, destroy() {} };
}

let screen = null;
let firstRoute = true;

function show(route) {
  if (screen && screen.accepts(route)) {
    screen.update(route);
    return;
  }
  screen?.destroy();
  closeBadge();
  window.scrollTo(0, 0);
  if (route.name === 'events') screen = mountEvents(main);
  else if (route.name === 'event') screen = mountEvent(main, route);
  else if (route.name === 'card') screen = mountCard(main);
  else if (route.name === 'scan') screen = mountScanner(main, route);
  else screen = mountNotFound(main);
  // Move focus to the new screen's heading, as a page load would; not on the first load.
  if (!firstRoute) main.querySelector('h1')?.focus();
  firstRoute = false;
}

subscribe(showSyncState);
syncButton.addEventListener('click', () => syncNow());
document.getElementById('badge-button').addEventListener('click', () => openBadge());
// After each sync the card may have changed: keep its QR current for the badge (a 304 if not).
syncEvents.addEventListener('synced', () => refreshQr().catch(() => {}));
onRoute(show);
startSync();
registerWorker(document.getElementById('update-banner'), document.getElementById('update-button'))
  .then(() => warmDecoder())
  .catch((error) => console.warn('Service worker not registered:', error));
