// Keeping the device's copy, and saying so when it was not kept. The app asks the browser to
// keep its storage (persist()) and says when it will not promise to; and it keeps a note of the
// changes waiting in the outbox outside IndexedDB (localStorage, which a browser short of
// space does not clear with it), so when the database is cleared anyway the person is told
// how many changes made on this device were lost, instead of finding them gone.

const NOTE_PREFIX = 'companion.waiting.';
const UNPROTECTED_SEEN = 'companion.unprotected-seen';

/**
 * Fires 'lost' (detail: {count, since, until}: how many changes, made between those times, were
 * cleared with the database before reaching the server).
 */
export const safekeeping = new EventTarget();

let persistence = null;
let lastLoss = null;

/** Return the loss this page has found so far (boot.js opens the database before the screens). */
export const lossFound = () => lastLoss;

/** Ask the browser to keep the app's storage; resolve whether it will (once per start). */
export function requestPersistence() {
  if (!persistence) {
    persistence = (async () => {
      if (!navigator.storage?.persist) return false;
      try {
        return (await navigator.storage.persisted()) || (await navigator.storage.persist());
      } catch {
        return false;
      }
    })();
  }
  return persistence;
}

/** True until the person has closed the notice that this browser may clear the app's data. */
export function unprotectedNoticeWanted() {
  try { return localStorage.getItem(UNPROTECTED_SEEN) !== 'yes'; } catch { return true; }
}

export function unprotectedNoticeSeen() {
  try { localStorage.setItem(UNPROTECTED_SEEN, 'yes'); } catch { /* private mode: ask again */ }
}

function readNote(account) {
  try {
    return JSON.parse(localStorage.getItem(NOTE_PREFIX + account) || 'null');
  } catch {
    return null;
  }
}

/** Keep the note of what waits in this account's outbox: {clientId, count, since, until}. */
export function noteWaiting(account, waiting) {
  try {
    localStorage.setItem(NOTE_PREFIX + account, JSON.stringify(waiting));
  } catch { /* no localStorage: nothing to tell later, nothing lost now */ }
}

/**
 * Compare a database with the note: when changes were waiting under a device id the database
 * does not have (a new one has none), it was cleared with them in it. Tell the screens
 * ('lost'), and forget the note.
 */
export function checkAgainstNote(account, clientId) {
  const note = readNote(account);
  if (!note || !(note.count > 0) || note.clientId === clientId) return null;
  const lost = { count: note.count, since: note.since, until: note.until };
  lastLoss = lost;
  noteWaiting(account, { clientId, count: 0 });
  safekeeping.dispatchEvent(new CustomEvent('lost', { detail: lost }));
  return lost;
}
