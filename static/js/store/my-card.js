// My card on this device: the synced `card` record, and the last QR image the server rendered
// for it, kept in IndexedDB so the badge shows with no signal (the server renders the QR; the
// phone only keeps a copy, with its ETag, so an unchanged card costs a 304).

import { apiFetch } from './api.js';
import { getAll, getMeta, inTransaction, promisifyRequest, setMeta } from './db.js';
import { DEFAULTS, currentUserId, writeChange } from './records.js';
import { cardId } from './uuid.js';

/** The card's fields in the order the form and the QR list them (companion/sync/fields.py). */
export { CARD_FIELDS } from '/app/constants.js';
const QR_KEY = 'card_qr';  // meta: {svg, etag, cardVersion, fetchedAt}
const QR_URL = '/card/qr.svg';

/** Fires 'change' when a newly rendered QR has been stored. */
export const qrChanges = new EventTarget();

/** Return the fields of my card on this device (the defaults before the first sync). */
export async function loadCard() {
  const id = await cardId(await currentUserId());
  const record = await inTransaction(['records'], 'readonly',
    (tx) => promisifyRequest(tx.objectStore('records').get(['card', id])));
  return {
    fields: { ...DEFAULTS.card, ...(record && !record.deleted ? record.fields : {}) },
    version: record?.version ?? 0,
    synced: Boolean(record?.version),
  };
}

/** Save changed card fields; scalar fields, so the last writer wins field by field. */
export async function saveCard(changes) {
  return writeChange('card', await cardId(await currentUserId()), changes);
}

/** True when card edits are waiting in the outbox (the stored QR predates them). */
export async function cardEditsWaiting() {
  const outbox = await getAll('outbox');
  return outbox.some((change) => change.kind === 'card');
}

/** Return the QR kept on this device ({svg, etag, cardVersion, fetchedAt}) or null. */
export async function storedQr() {
  return (await getMeta(QR_KEY)) || null;
}

/**
 * Fetch the server's QR of my card unless the stored one is current (If-None-Match), and keep
 * it. Returns the stored QR; throws only what apiFetch throws (offline, logged out).
 */
export async function refreshQr() {
  const stored = await storedQr();
  const headers = stored?.etag ? { 'If-None-Match': stored.etag } : {};
  const response = await apiFetch(QR_URL, { headers: { ...headers, Accept: 'image/svg+xml' },
    cache: 'no-store' });
  if (response.status === 304 || !response.ok) return stored;
  const fresh = {
    svg: await response.text(),
    etag: response.headers.get('ETag'),
    cardVersion: Number(response.headers.get('X-Card-Version')) || 0,
    fetchedAt: new Date().toISOString(),
  };
  await setMeta(QR_KEY, fresh);
  qrChanges.dispatchEvent(new CustomEvent('change', { detail: fresh }));
  return fresh;
}

/** Return a blob: URL showing a stored QR (the CSP allows blob: images); revoke when done. */
export function qrImageUrl(stored) {
  return URL.createObjectURL(new Blob([stored.svg], { type: 'image/svg+xml' }));
}
