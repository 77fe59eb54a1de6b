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
    event.respondWith(fromShell(SHELL_PAGE, request));
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
