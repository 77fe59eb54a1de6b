// Companion's service worker: keep the app shell on the device so the app opens with no signal.
// The server fills in PRECACHE when it serves this file (companion/shell/precache.py): every
// shell URL with a hash of its bytes, so changing any shell file makes this file new and the
// browser installs a new version. The page then offers "New version — reload"; nothing is
// swapped under the user.

const PRECACHE = { version: 'unbuilt', files: [] };
const SHELL_CACHE = `companion-shell-${PRECACHE.version}`;
const SHELL_CACHE_PREFIX = 'companion-shell-';
// Static files outside the shell (screens loaded on demand, the QR decoder), kept once fetched.
const RUNTIME_CACHE = 'companion-runtime';
const SHELL_PAGE = '/app';
// The last screen the app drew, kept by the page for the next cold start (static/js/ui/snapshot.js
// names the same cache and key).
const SNAPSHOT_CACHE = 'companion-snapshot';
const SNAPSHOT_KEY = '/app/snapshot';
const SHELL_URLS = new Set(PRECACHE.files.map((file) => file.url));

// `cache: 'reload'` skips the HTTP cache: the bytes stored must be the bytes that were hashed.
const fresh = (url) => new Request(url, { cache: 'reload' });

// Install: fetch the shell into this version's cache. Required files go all-or-nothing
// (a half shell would break offline); an optional file that fails (an icon) is skipped.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await addShellRoutes(event);
    const cache = await caches.open(SHELL_CACHE);
    const required = PRECACHE.files.filter((file) => !file.optional);
    const optional = PRECACHE.files.filter((file) => file.optional);
    await cache.addAll(required.map((file) => fresh(file.url)));
    await Promise.all(optional.map(async (file) => {
      try {
        await cache.add(fresh(file.url));
      } catch (error) {
        console.warn(`Optional file not cached: ${file.url}`, error);
      }
    }));
  })());
  // No skipWaiting() here: a new version waits until the user taps "New version — reload".
});

// Where the browser has static routing (Chromium 123+), it answers the shell's files from this
// version's cache itself, without running the fetch handler below for each of them: a cold start
// fetches some forty modules, and each one through the handler cost the slowed phone time on
// the worker's thread (README: where the time goes). Exact paths without a query, as the fetch
// handler serves them; the page itself (its URL may carry a query) stays with the handler. A
// file missing from the cache goes to the network, as fromShell does. Elsewhere: the handler.
async function addShellRoutes(event) {
  if (typeof event.addRoutes !== 'function' || typeof URLPattern !== 'function') return;
  const rules = PRECACHE.files.filter((file) => file.url !== SHELL_PAGE).map((file) => ({
    condition: { urlPattern: new URLPattern({ pathname: file.url, search: '' }),
      requestMethod: 'GET' },
    source: { cacheName: SHELL_CACHE },
  }));
  if (!rules.length) return;
  try {
    await event.addRoutes(rules);
  } catch (error) {
    console.warn('Static routes not added: the fetch handler serves the shell', error);
  }
}

// Activate: drop older shell caches, and control the page that installed the first version
// right away so it works offline without a second visit.
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== SHELL_CACHE)
      .map((name) => caches.delete(name)));
    // Screens loaded on demand live in the runtime cache: a new version must not run them
    // beside its own modules, so the page fetches them afresh (warmOnDemand in main.js).
    await caches.delete(RUNTIME_CACHE);
    // The last screen was drawn by the old version's modules for its styles: not shown again.
    await caches.delete(SNAPSHOT_CACHE);
    await self.clients.claim();
  })());
});

// Message: the page asks the waiting version to take over when the user taps reload.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

// Fetch: the shell from the cache; other static files from the network with a cached copy
// for offline; everything else (the API, prep pages, other sites) is not ours to answer.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate' && url.pathname === SHELL_PAGE) {
    event.respondWith(shellPage(request));
  } else if (SHELL_URLS.has(url.pathname) && !url.search) {
    event.respondWith(fromShell(url.pathname, request));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(networkThenCache(request));
  }
});

async function fromShell(path, request) {
  const cache = await caches.open(SHELL_CACHE);
  // Fall back to the network if the cache was evicted from under us.
  return (await cache.match(path)) || fetch(request);
}

// Text for an HTML attribute or element: names and titles in a snapshot are someone else's words.
const escapeHtml = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;')
  .replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The shell page, with the last screen the app drew when it was drawn for the account logged in
// now, so a cold start paints it before any module has run or IndexedDB has opened (README:
// where the time goes). The URL's hash never reaches the worker: the page's guard shows the copy
// only when its route is the hash (static/js/snapshot-guard.js), and the live screen replaces it
// once drawn (main.js). Where the worker cannot read the account's cookie (no cookieStore), or
// anything else is amiss, the plain shell: never someone else's screen.
async function shellPage(request) {
  const response = await fromShell(SHELL_PAGE, request);
  try {
    if (!response.ok || !self.cookieStore) return response;
    const kept = await (await caches.open(SNAPSHOT_CACHE)).match(SNAPSHOT_KEY);
    if (!kept) return response;
    const [{ route, account, html }, cookie] = await Promise.all(
      [kept.json(), self.cookieStore.get(PRECACHE.accountCookie)]);
    if (!cookie || cookie.value !== String(account) || typeof html !== 'string') return response;
    // The app's modules wait for the copy's first paint: snapshot-guard.js adds them back.
    const preloads = [];
    const entries = [];
    const shell = (await response.clone().text())
      .replace(/<link rel="modulepreload" href="([^"]+)">/g, (_, href) => {
        preloads.push(href);
        return '';
      })
      .replace(/<script type="module" src="([^"]+)"><\/script>/g, (_, src) => {
        entries.push(src);
        return '';
      });
    const modules = `${preloads.join(' ')}|${entries.join(' ')}`;
    // Functions as replacements: a "$&" in someone's name must stay text.
    const page = shell
      .replace('<html lang="en">', () => `<html lang="en" data-snapshot-route="${
        escapeHtml(route)}" data-snapshot-modules="${escapeHtml(modules)}">`)
      .replace('<!--snapshot-->', () => `<div class="snapshot" aria-hidden="true">${html}</div>`);
    const headers = new Headers(response.headers);
    headers.delete('Content-Length');
    return new Response(page, { status: response.status, statusText: response.statusText,
      headers });
  } catch (error) {
    console.warn('The last screen was not shown:', error);
    return response;
  }
}

async function networkThenCache(request) {
  const cache = await caches.open(RUNTIME_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}
