// The app's entry: register the worker, show the sync state in the header, start syncing,
// and show the screen the URL hash names.

import { showLosses } from './parts/notices.js';
import { mountEvent } from './screens/event.js';
import { mountEvents } from './screens/events.js';
import { accountId } from './store/account.js';
import { loginUrl } from './store/api.js';
import { safekeeping } from './store/safekeeping.js';
import { startSync, subscribe, syncEvents, syncNow } from './store/sync.js';
import { h } from './ui/dom.js';
import { onRoute, parseHash } from './ui/router.js';
import { registerWorker } from './ui/update.js';

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

// Nobody is logged in on this browser (they logged out): nobody's data is shown.
function mountLoggedOut(target) {
  target.replaceChildren(h('div', { class: 'logged-out' },
    h('h1', { tabindex: '-1' }, 'You are logged out'),
    h('p', {}, 'Log in to see your events, marks and contacts on this device.'),
    h('p', {}, h('a', { class: 'button primary', href: loginUrl() }, 'Log in'))));
  syncStatus.replaceChildren();
  // One message and one thing to do: no QR, no sync, which do nothing without an account.
  syncButton.hidden = true;
  document.getElementById('badge-button').hidden = true;
  return { accepts: () => true, update() {}, destroy() {} };
}

function mountNotFound(target) {
  target.replaceChildren(h('div', {},
    h('h1', { tabindex: '-1' }, 'Page not found'),
    h('p', {}, h('a', { href: '#/' }, 'Back to your events'))));
  return { accepts: () => false, update() {}, destroy() {} };
}

// Screens off the first screen's path load when first opened: companion/shell/precache.py reads
// this module's import() calls and keeps what only they reach out of the precached shell.
// warmOnDemand() fetches them once through the worker so they open with no signal too.
const ON_DEMAND = {
  card: () => import('./screens/card.js').then((module) => module.mountCard),
  scan: () => import('./screens/scanner.js').then((module) => module.mountScanner),
  contacts: () => import('./screens/contacts.js').then((module) => module.mountContacts),
  suggestions: () => import('./screens/suggestions.js').then((module) => module.mountSuggestions),
  people: () => import('./screens/people.js').then((module) => module.mountPeople),
  followups: () => import('./screens/followups.js').then((module) => module.mountFollowups),
};
// The Suggested strip under an event's Targets: the event screen asks for it when drawn.
const suggestedPart = () => import('./parts/suggested.js');
const loadSuggested = () => suggestedPart().then((module) => module.mountSuggested);
// Parts the first screen loads when they are needed (whether a person is known from other
// events), warmed with the screens.
const ON_DEMAND_PARTS = [() => import('./parts/person-link.js'),
  () => import('./parts/followup-cards.js'), () => import('./parts/journal-card.js')];
let badgeScreen = null;
const loadBadge = async () => (badgeScreen ??= await import('./parts/badge.js'));
// Stands in while an on-demand screen loads; never reused for another route.
const LOADING = { accepts: () => false, update() {}, destroy() {} };

let screen = null;
let firstRoute = true;
let shown = 0;

// The last screen, painted from the worker's snapshot before this module ran (ui/snapshot.js):
// kept only when its route is this URL's hash and it was drawn for this account. The first
// screen is drawn out of sight beside it and takes its place once it has drawn its own rows (or
// after SNAPSHOT_WAIT), so the person never sees an empty screen in between.
const SNAPSHOT_WAIT = 3000;  // ms
const SNAPSHOT_DELAY = 1000;  // ms after the screen last changed: keep it for the next start
let snapshot = main.querySelector(':scope > .snapshot');

function dropSnapshot() {
  snapshot?.remove();
  snapshot = null;
}

// Of another URL (snapshot-guard.js did not show it), or nobody is logged in: never shown.
if (document.documentElement.dataset.snapshot !== 'shown' || accountId() === null) dropSnapshot();
let container = main;  // where the current screen is drawn

function mountInto(mount) {
  const copy = snapshot;
  snapshot = null;  // one screen replaces it; the routes after draw straight into main
  if (!copy) {
    container = main;
    return mount(main);
  }
  const live = h('div', { class: 'live', hidden: true });
  container = live;
  main.append(live);
  const next = mount(live);
  const swap = () => {
    copy.remove();
    main.querySelector(':scope > .loading')?.remove();
    live.hidden = false;
    performance.mark('companion:live-screen');  // read by bench/browser_figures.py
    // Drawn out of sight, the lists measured where they sit as if at the top: measure again.
    window.dispatchEvent(new Event('resize'));
  };
  Promise.race([next.drawn ?? Promise.resolve(),
    new Promise((resolve) => setTimeout(resolve, SNAPSHOT_WAIT))]).then(swap, swap);
  return next;
}

// Loaded on demand, warmed with the screens (warmOnDemand) so it keeps a screen offline too.
const snapshotPart = () => import('./ui/snapshot.js');
let keepTimer = 0;
// Keep the screen for the next cold start once it has settled, when it says it is what a cold
// start on this URL would draw (screen.snapshotReady: no search typed, at the top, all loaded).
function keepSoon() {
  clearTimeout(keepTimer);
  keepTimer = setTimeout(keepNow, SNAPSHOT_DELAY);
}

function keepNow() {
  clearTimeout(keepTimer);
  const account = accountId();
  if (!account || !screen?.snapshotReady?.() || !container.isConnected || container.hidden) {
    return;
  }
  snapshotPart().then((module) => module.keepSnapshot(container, account))
    .catch((error) => console.warn('The screen was not kept for the next start:', error));
}

function mounted(next) {
  screen = next;
  // Move focus to the new screen's heading, as a page load would; not on the first load.
  if (!firstRoute) main.querySelector('h1')?.focus();
  firstRoute = false;
}

function show(route) {
  if (screen?.accepts(route)) {
    screen.update(route);
    return;
  }
  screen?.destroy();
  badgeScreen?.closeBadge();
  window.scrollTo(0, 0);
  const ticket = ++shown;
  if (route.name === 'events') mounted(mountInto((target) => mountEvents(target)));
  else if (route.name === 'event') {
    mounted(mountInto((target) => mountEvent(target, route, { loadSuggested })));
  } else if (!ON_DEMAND[route.name]) mounted(mountInto(mountNotFound));
  else {
    dropSnapshot();
    screen = LOADING;
    ON_DEMAND[route.name]().then((mount) => {
      if (ticket === shown) mounted(mount(main, route));  // unless the user moved on
    }).catch((error) => {
      if (ticket !== shown) return;
      main.replaceChildren(h('p', { class: 'problem', role: 'alert' },
        `This screen could not load: ${error.message}`));
    });
  }
}

async function warmOnDemand() {
  const worker = navigator.serviceWorker;
  if (!worker) return;
  if (!worker.controller) {
    await new Promise(
      (resolve) => worker.addEventListener('controllerchange', resolve, { once: true }));
  }
  await new Promise((resolve) => (self.requestIdleCallback || setTimeout)(resolve));
  // The mark editor and the Met list too: screens/event.js loads them when first needed.
  await Promise.all([...Object.values(ON_DEMAND), ...ON_DEMAND_PARTS].map((load) => load())
    .concat(loadBadge(), snapshotPart(), import('./parts/person.js'), import('./parts/met-list.js'),
      import('./parts/prep-keys.js'),
      suggestedPart().then((module) => module.warmStylesheet())));
  await keepLoadedBeforeControl();
  await (await import('./ui/camera.js')).warmDecoder();
  document.documentElement.dataset.onDemand = 'ready';
}

// On the first visit the page runs before the worker controls it: a module it loaded then (the
// mark editor opened at once, my card after the first sync) never passed through the worker,
// and importing it again fetches nothing. Fetch those again, through the worker, which keeps
// them: what the page has run, it can run offline.
async function keepLoadedBeforeControl() {
  const paths = new Set(performance.getEntriesByType('resource').map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith('/static/')
      && !url.search).map((url) => url.pathname));
  await Promise.all([...paths].map(async (path) => {
    if (!(await caches.match(path))) await fetch(path).catch(() => {});
  }));
}

// The browser cleared the database under the app: what the screen shows came from it, so
// show the route again once the synced records are back.
function showAgain() {
  screen?.destroy();
  screen = null;
  show(parseHash(location.hash));
}

if (accountId() === null) {
  mountLoggedOut(main);
  // Nobody's last screen is kept for whoever logs in next.
  snapshotPart().then((module) => module.forgetSnapshot())
    .catch((error) => console.warn('The last screen was not forgotten:', error));
} else {
  new MutationObserver(keepSoon).observe(main, { childList: true, subtree: true,
    characterData: true });
  document.addEventListener('visibilitychange', () => { if (document.hidden) keepNow(); });
  subscribe(showSyncState);
  showLosses(document.getElementById('notices'));
  syncButton.addEventListener('click', () => syncNow());
  document.getElementById('badge-button').addEventListener(
    'click', async () => (await loadBadge()).openBadge());
  // After each sync the card may have changed: keep its QR current for the badge (a 304 if not).
  // Online work after a sync, so its module stays out of the first screen.
  syncEvents.addEventListener('synced', () => import('./store/my-card.js')
    .then((module) => module.refreshQr()).catch(() => {}));
  safekeeping.addEventListener('lost', () => {
    syncEvents.addEventListener('synced', showAgain, { once: true });
  });
  onRoute(show);
  startSync();
}
registerWorker(document.getElementById('update-banner'), document.getElementById('update-button'))
  .then(() => warmOnDemand())
  .catch((error) => console.warn('Service worker not registered:', error));
