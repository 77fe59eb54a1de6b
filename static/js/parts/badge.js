// The badge: my QR full screen on white, as large as the screen allows, my name under it, the
// screen kept awake while it shows (Wake Lock API, where the browser has it). It draws the QR
// kept on the device, so it works with no signal; one tap on "My QR" from any screen.

import { loadCard, qrImageUrl, refreshQr, storedQr } from '../store/my-card.js';
import { h } from '../ui/dom.js';

let open = null;  // the badge on screen: {close()}

// A wake lock is dropped whenever the page is hidden; ask again when it is back.
function keepAwake() {
  let sentinel = null;
  let closed = false;
  const request = async () => {
    if (closed || !('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
    try {
      sentinel = await navigator.wakeLock.request('screen');
      if (closed) sentinel.release();
    } catch (error) {
      console.info('The screen may dim: no wake lock.', error);  // battery saver, permissions
    }
  };
  const onVisible = () => { if (!sentinel || sentinel.released) request(); };
  document.addEventListener('visibilitychange', onVisible);
  request();
  return () => {
    closed = true;
    document.removeEventListener('visibilitychange', onVisible);
    sentinel?.release().catch(() => {});
  };
}

async function qrAndName() {
  let qr = await storedQr();
  if (!qr && navigator.onLine) qr = await refreshQr().catch(() => null);
  const card = await loadCard().catch(() => null);
  return { qr, name: card?.fields.name || '' };
}

/** Show the badge over everything; focus returns to `opener` when it closes. */
export async function openBadge(opener = document.activeElement) {
  if (open) return;
  const image = h('img', { class: 'badge-qr', alt: 'QR code of my contact card' });
  const name = h('p', { class: 'badge-name' });
  const message = h('p', { class: 'badge-message', role: 'status' });
  const close = h('button', { type: 'button', class: 'badge-close' }, 'Close');
  const edit = h('a', { class: 'badge-edit', href: '#/card' }, 'Edit my card');
  const view = h('div', {
    class: 'badge-view', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'My QR code',
  }, h('div', { class: 'badge-code' }, image), name, message,
  h('div', { class: 'badge-actions' }, close, edit));
  let url = null;
  const releaseWakeLock = keepAwake();
  const onKey = (event) => { if (event.key === 'Escape') finish(); };
  function finish() {
    if (open?.view !== view) return;
    open = null;
    releaseWakeLock();
    document.removeEventListener('keydown', onKey);
    view.remove();
    for (const element of behind) element.inert = false;
    if (url) URL.revokeObjectURL(url);
    opener?.focus?.();
  }
  close.addEventListener('click', finish);
  edit.addEventListener('click', () => finish());  // then the link opens the card screen
  document.addEventListener('keydown', onKey);
  open = { view, close: finish };
  // Everything behind the badge is out of reach (tab, screen readers) while it shows.
  const behind = [...document.body.children].filter((element) => !element.inert);
  for (const element of behind) element.inert = true;
  document.body.append(view);
  close.focus();

  const { qr, name: cardName } = await qrAndName();
  if (open?.view !== view) return;
  name.textContent = cardName;
  if (qr) {
    url = qrImageUrl(qr);
    image.src = url;
  } else {
    image.hidden = true;
    message.textContent = 'Your QR code appears here after the app has synced once with a ' +
      'connection.';
  }
}

/** Close the badge if it is open. */
export function closeBadge() {
  open?.close();
}
