// Sync: push the outbox, then pull what changed (the README's "Sync contract"; the server half
// is companion/sync/). One sync runs at a time; edits made meanwhile trigger one more round.
// A 401 pauses sync and keeps the outbox; nothing here ever drops an unconfirmed change.

import { ApiError, LoginRequired, getJson, isNetworkError, postJson, whoAmI } from './api.js';
import { count, getMeta, inTransaction, promisifyRequest } from './db.js';
import { applyPull, localChanges } from './records.js';
import { uuid4 } from './uuid.js';

const BATCH = 500;
const RETRY_DELAYS = [2_000, 5_000, 15_000, 30_000, 60_000];
const AFTER_EDIT_DELAY = 1_000;  // sync soon after an edit, but not on every keystroke pause
const USER_STORES = ['meta', 'events', 'attendees', 'records', 'outbox'];

// phase: 'idle' | 'syncing' | 'offline' | 'login' | 'account' | 'error'
let state = { phase: 'idle', pending: 0, message: '', rejected: [], lastSync: null };
const listeners = new Set();
/** Fires 'synced' after a sync stored what the server sent. */
export const syncEvents = new EventTarget();

let running = null;
let again = false;
let retryTimer = 0;
let retryCount = 0;
let editTimer = 0;
// The first sync of a session checks whose data this device holds and may clear all of it
// (adoptUser): events or packs stored before that check ends would be wiped right after.
let accountCheck = Promise.resolve();
let accountChecked = () => {};

function setState(changes) {
  state = { ...state, ...changes };
  for (const listener of listeners) listener(state);
}

/** Call `listener(state)` now and on every change; return a function that unsubscribes. */
export function subscribe(listener) {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

/** Resolve once this session's first sync has checked the account (at once before syncing). */
export const whenAccountChecked = () => accountCheck;

/** Recount the changes waiting in the outbox (the badge). */
export async function refreshPending() {
  setState({ pending: await count('outbox') });
}

class AccountChanged extends Error {}

// The first login on this device, or another account: never mix two people's records. Another
// account's unsent changes stay put until that account logs in again and sends them.
async function adoptUser(user) {
  const known = await getMeta('user');
  if (known && known.id === user.id) return;
  // One transaction: no edit can slip in between the outbox check and the wipe.
  await inTransaction(USER_STORES, 'readwrite', async (tx) => {
    if (known && (await promisifyRequest(tx.objectStore('outbox').count())) > 0) {
      throw new AccountChanged(`Changes made as ${known.email} are waiting on this device. ` +
        `Log in as ${known.email} to send them.`);
    }
    for (const name of USER_STORES) tx.objectStore(name).clear();
    // A new device id restarts change numbers without colliding with the old account's.
    const meta = { client_id: uuid4(), next_seq: 1, cursor: 0, user };
    for (const [key, value] of Object.entries(meta)) tx.objectStore('meta').put(value, key);
  });
}

async function dropConfirmed(lastSeq) {
  await inTransaction(['outbox'], 'readwrite', (tx) => {
    tx.objectStore('outbox').delete(IDBKeyRange.upperBound(lastSeq));
  });
}

// The server holds fewer changes than the outbox starts after (a 409 gap we cannot fill):
// the waiting changes were never applied, so number them again right after the server's.
async function renumberFrom(firstSeq) {
  await inTransaction(['outbox', 'meta'], 'readwrite', async (tx) => {
    const outbox = tx.objectStore('outbox');
    const entries = await promisifyRequest(outbox.getAll());
    outbox.clear();
    entries.forEach((entry, i) => { outbox.add({ ...entry, seq: firstSeq + i }); });
    tx.objectStore('meta').put(firstSeq + entries.length, 'next_seq');
  });
}

async function pushOutbox(clientId) {
  const rejected = [];
  let previousFirst = 0;
  let stalled = 0;
  for (;;) {
    const batch = await inTransaction(['outbox'], 'readonly',
      (tx) => promisifyRequest(tx.objectStore('outbox').getAll(null, BATCH)));
    if (!batch.length) return rejected;
    // A server that keeps answering without taking the batch must not spin us forever.
    stalled = batch[0].seq === previousFirst ? stalled + 1 : 0;
    previousFirst = batch[0].seq;
    if (stalled > 2) throw new ApiError(409, 'The server would not take the waiting changes.');
    const { status, data } =
      await postJson('/api/sync/push', { client_id: clientId, changes: batch });
    if (status === 200) {
      rejected.push(...(data.rejected || []).map((item) => item.reason));
      await dropConfirmed(data.last_seq);
    } else if (status === 409 && Number.isInteger(data.last_seq)) {
      await dropConfirmed(data.last_seq);
      const [first] = await inTransaction(['outbox'], 'readonly',
        (tx) => promisifyRequest(tx.objectStore('outbox').getAll(null, 1)));
      if (first && first.seq !== data.last_seq + 1) await renumberFrom(data.last_seq + 1);
    } else {
      throw new ApiError(status, data.error);
    }
  }
}

async function pull(clientId) {
  const since = (await getMeta('cursor')) || 0;
  const query = new URLSearchParams({ client_id: clientId, since: String(since) });
  const data = await getJson(`/api/sync/pull?${query}`);
  await applyPull(data);
  return data.records.length;
}

async function runOnce() {
  clearTimeout(retryTimer);
  try {
    if (!navigator.onLine) {
      setState({ phase: 'offline', message: '' });
      return;
    }
    setState({ phase: 'syncing', message: '' });
    await adoptUser(await whoAmI());
    accountChecked();  // from here on, nothing wipes what the screens store
    const clientId = await getMeta('client_id');
    const rejected = await pushOutbox(clientId);
    const received = await pull(clientId);
    retryCount = 0;
    setState({ phase: 'idle', rejected, lastSync: new Date() });
    syncEvents.dispatchEvent(new CustomEvent('synced', { detail: { received } }));
  } catch (error) {
    if (error instanceof LoginRequired) {
      setState({ phase: 'login', message: error.message });
    } else if (error instanceof AccountChanged) {
      setState({ phase: 'account', message: error.message });
    } else if (isNetworkError(error) && !navigator.onLine) {
      setState({ phase: 'offline', message: '' });  // the 'online' event brings us back
    } else {
      // A dropped connection or a server error: try again, a little later each time.
      const message = isNetworkError(error) ? 'The server could not be reached.' : error.message;
      setState({ phase: 'error', message });
      const delay = RETRY_DELAYS[Math.min(retryCount, RETRY_DELAYS.length - 1)];
      retryCount += 1;
      retryTimer = setTimeout(syncNow, delay);
    }
  } finally {
    accountChecked();  // offline, or the check failed: waiting longer would not help
    await refreshPending();
  }
}

/** Sync now; while a sync runs, ask for one more round instead of starting a second one. */
export function syncNow() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await runOnce();
    } while (again);
  })().finally(() => { running = null; });
  return running;
}

/** Start syncing: now, on regaining the network, on returning to the app, and after edits. */
export function startSync() {
  window.addEventListener('online', syncNow);
  window.addEventListener('offline', () => setState({ phase: 'offline', message: '' }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') syncNow();
  });
  accountCheck = new Promise((resolve) => { accountChecked = resolve; });
  localChanges.addEventListener('change', () => {
    refreshPending();
    clearTimeout(editTimer);
    editTimer = setTimeout(() => { if (navigator.onLine) syncNow(); }, AFTER_EDIT_DELAY);
  });
  return syncNow();
}
