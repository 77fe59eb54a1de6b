// Register the service worker and offer a waiting new version as "New version — reload".
// The new version never takes over by itself: the user may be halfway through a note.

/** Register /service-worker.js; show `banner` when a new version waits; `button` applies it. */
export async function registerWorker(banner, button) {
  if (!('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.register('/service-worker.js', { scope: '/' });
  let reloading = false;

  const offer = (worker) => {
    banner.hidden = false;
    button.onclick = () => {
      reloading = true;
      button.disabled = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    };
  };

  // A version that finished installing while no page was looking.
  if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker.addEventListener('statechange', () => {
      // With no controller this is the first install, not an update: nothing to offer.
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  });
  // The first install also changes the controller (clients.claim); only our request reloads.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });
  // An app left open for days checks for a new version when the user comes back to it.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => {});
  });
  return registration;
}
