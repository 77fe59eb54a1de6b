// Decides, before anything is painted, whether the last screen the service worker put in the page
// may be shown: only when it was kept for this URL's hash (the hash never reaches the network or
// the worker). The worker has already made sure it was drawn for the account logged in now
// (service-worker.js, shellPage). A classic script in the page's head, so it runs before the
// first paint; a file, not inline, so the Content-Security-Policy stays 'self'.
//
// The worker also took the app's modules out of the page and left them to this script: fetched
// and compiled at once, some forty modules would hold the copy's parsing and painting back by
// half a second on a slow phone. With the copy shown they start after its first paint; without
// it, as the page itself would have started them (preloads now, the entry modules once the
// page is parsed, as deferred scripts run).
{
  const root = document.documentElement;
  const { snapshotRoute, snapshotModules } = root.dataset;
  const [preloads, entries] = (snapshotModules || '').split('|').map(
    (list) => (list || '').split(' ').filter(Boolean));
  const add = (tag, attributes) => {
    const element = document.createElement(tag);
    Object.assign(element, attributes);
    document.head.append(element);
  };
  const addPreloads = () => {
    for (const href of preloads) add('link', { rel: 'modulepreload', href });
  };
  // In the page's order: boot.js opens IndexedDB while main.js's modules load.
  const addEntries = () => {
    for (const src of entries) add('script', { type: 'module', src });
  };
  const afterParsing = (work) => {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', work, { once: true });
    } else {
      work();
    }
  };
  if (snapshotRoute !== undefined && snapshotRoute === location.hash.slice(1)) {
    root.dataset.snapshot = 'shown';
    afterParsing(() => requestAnimationFrame(() => setTimeout(() => {
      addPreloads();
      addEntries();
    })));
  } else if (snapshotModules !== undefined) {
    addPreloads();
    afterParsing(addEntries);
  }
}
