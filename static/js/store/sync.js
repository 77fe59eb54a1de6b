// Sync: push the outbox, then pull what changed (the README's "Sync contract"; the server half
// is companion/sync/). One sync runs at a time; edits made meanwhile trigger one more round.
// A 401 pauses sync and keeps the outbox; nothing here ever drops an unconfirmed change, but one
// the server can never take (too large for any push), and then the person is told.

import { SYNC_LIMITS } from '/app/constants.js';
import { accountId } from './account.js';
import { ApiError, LoginRequired, getJson, isNetworkError, postJson, whoAmI } from './api.js';
import { databaseAccount, getMeta, inTransaction, openDb, promisifyRequest, storage } from './db.js';
import { applyPull, localChanges } from './records.js';
import { noteWaiting, requestPersistence } from './safekeeping.js';
import { uuid4 } from './uuid.js';

const RETRY_DELAYS = [2_000, 5_000, 15_000, 30_000, 60_000];
const AFTER_EDIT_DELAY = 1_000;  // sync soon after an edit, but not on every keystroke pause
const TOO_LARGE = 'A change too large for the server to take was not sent; ' +
  'shorten the text and save it again.';

// phase: 'idle' | 'syncing' | 'offline' | 'login' | 'error'
let state = { phase: 'idle', pending: 0, message: '', rejected: [], lastSync: null };
const listeners = new Set();
/** Fires 'synced' after a sync stored what the server sent. */
export const syncEvents = new EventTarget();

let running = null;
let again = false;
let retryTimer = 0;
let retryCount = 0;
let editTimer = 0;
let inFlight = null;  // the AbortController of the sync that is running
// The first sync of a session makes sure this database is the logged-in account's, and sets
// it up when it is new: events or packs stored before that check ends could be wiped.
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

async function waitingSummary() {
  return inTransaction(['outbox', 'meta'], 'readonly', async (tx) => {
    const outbox = tx.objectStore('outbox');
    const [count, first, clientId] = await Promise.all([
      promisifyRequest(outbox.count()), promisifyRequest(outbox.getAll(null, 1)),
      promisifyRequest(tx.objectStore('meta').get('client_id'))]);
    const last = count ? await promisifyRequest(outbox.openCursor(null, 'prev')) : null;
    return { clientId, count, since: first[0]?.made_at ?? null,
      until: last?.value.made_at ?? null };
  });
}

/** Recount the changes waiting in the outbox (the badge), and keep the note of them. */
export async function refreshPending() {
  const waiting = await waitingSummary();
  const account = accountId();
  if (account !== null) noteWaiting(account, waiting);
  setState({ pending: waiting.count });
}

/** The server says another account is logged in on this browser than the database is for. */
class AccountSwitched extends Error {}

// This database is the account's own (db.js names it by the account). On first use it gets a
// device id of its own and numbers its changes from 1; what is already in it is kept. When the
// server's account is another (someone logged in as another account in this browser since
// this page opened), that account's database opens instead, with a reload.
async function adoptUser(user) {
  await openDb();
  if (user.id !== databaseAccount()) {
    if (user.id === accountId()) throw new AccountSwitched();
    throw new LoginRequired();  // the browser does not say who is logged in: log in again
  }
  await inTransaction(['meta'], 'readwrite', async (tx) => {
    const meta = tx.objectStore('meta');
    const [clientId, nextSeq, cursor] = await Promise.all(['client_id', 'next_seq', 'cursor']
      .map((key) => promisifyRequest(meta.get(key))));
    if (!clientId) meta.put(uuid4(), 'client_id');
    if (!nextSeq) meta.put(1, 'next_seq');
    if (cursor === undefined) meta.put(0, 'cursor');
    meta.put(user, 'user');
  });
}

async function dropConfirmed(lastSeq) {
  await inTransaction(['outbox'], 'readwrite', (tx) => {
    tx.objectStore('outbox').delete(IDBKeyRange.upperBound(lastSeq));
  });
}

// The server holds fewer changes than the outbox starts after (a 409 gap we cannot fill), or a
// change left the outbox unsent: number what waits again, from `firstSeq` on.
async function renumberFrom(firstSeq, { without = null } = {}) {
  await inTransaction(['outbox', 'meta'], 'readwrite', async (tx) => {
    const outbox = tx.objectStore('outbox');
    const entries = (await promisifyRequest(outbox.getAll()))
      .filter((entry) => entry.seq !== without);
    outbox.clear();
    entries.forEach((entry, i) => { outbox.add({ ...entry, seq: firstSeq + i }); });
    tx.objectStore('meta').put(firstSeq + entries.length, 'next_seq');
  });
}

const encoder = new TextEncoder();

// The first changes of the outbox as one push: at most `most` changes and `bytes` bytes of
// JSON, but one change at least. Returns {batch, body}.
async function nextBatch(clientId, most, bytes) {
  const entries = await inTransaction(['outbox'], 'readonly',
    (tx) => promisifyRequest(tx.objectStore('outbox').getAll(null, most)));
  const batch = [];
  let size = encoder.encode(`{"client_id":${JSON.stringify(clientId)},"changes":[]}`).length;
  for (const entry of entries) {
    const change = { ...entry };
    delete change.made_at;  // the device's own bookkeeping
    size += encoder.encode(JSON.stringify(change)).length + 1;
    if (batch.length && size > bytes) break;
    batch.push(change);
  }
  return { batch, body: JSON.stringify({ client_id: clientId, changes: batch }) };
}

async function pushOutbox(clientId, signal) {
  const rejected = [];
  let previousFirst = 0;
  let stalled = 0;
  let most = SYNC_LIMITS.changes;
  let bytes = SYNC_LIMITS.bytes;
  for (;;) {
    const { batch, body } = await nextBatch(clientId, most, bytes);
    if (!batch.length) return rejected;
    // A server that keeps answering without taking the batch must not spin us forever.
    stalled = batch[0].seq === previousFirst ? stalled + 1 : 0;
    previousFirst = batch[0].seq;
    if (stalled > 2) throw new ApiError(409, 'The server would not take the waiting changes.');
    const { status, data } = await postJson('/api/sync/push', body, { signal });
    if (status === 200) {
      rejected.push(...(data.rejected || []).map((item) => item.reason));
      await dropConfirmed(data.last_seq);
    } else if (status === 413 && batch.length > 1) {
      // Too large: split it, never send it again as it was; smaller for the rest of this sync.
      most = Math.max(1, Math.floor(batch.length / 2));
      bytes = Math.max(1, Math.floor(encoder.encode(body).length / 2));
      stalled = 0;
    } else if (status === 413) {
      // One change no push can carry: it goes (the ones after it move up a number), and the
      // person is told, rather than everything behind it waiting for ever.
      await renumberFrom(batch[0].seq, { without: batch[0].seq });
      rejected.push(TOO_LARGE);
      stalled = 0;
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

async function pull(clientId, signal) {
  const since = (await getMeta('cursor')) || 0;
  const query = new URLSearchParams({ client_id: clientId, since: String(since) });
  const data = await getJson(`/api/sync/pull?${query}`, { signal });
  await applyPull(data);
  return data.records.length;
}

async function runOnce() {
  clearTimeout(retryTimer);
  const controller = new AbortController();
  inFlight = controller;
  try {
    if (!navigator.onLine) {
      setState({ phase: 'offline', message: '' });
      return;
    }
    setState({ phase: 'syncing', message: '' });
    await adoptUser(await whoAmI({ signal: controller.signal }));
    accountChecked();  // from here on, nothing wipes what the screens store
    requestPersistence();
    const clientId = await getMeta('client_id');
    const rejected = await pushOutbox(clientId, controller.signal);
    const received = await pull(clientId, controller.signal);
    retryCount = 0;
    setState({ phase: 'idle', rejected, lastSync: new Date() });
    syncEvents.dispatchEvent(new CustomEvent('synced', { detail: { received } }));
  } catch (error) {
    if (error instanceof AccountSwitched) {
      location.reload();  // open the logged-in account's own database
    } else if (error instanceof LoginRequired) {
      setState({ phase: 'login', message: error.message });
    } else if (controller.signal.aborted) {
      // Given up on purpose: the network came back or went (the listeners below sync again).
      setState({ phase: navigator.onLine ? 'syncing' : 'offline', message: '' });
    } else if (isNetworkError(error) && !navigator.onLine) {
      setState({ phase: 'offline', message: '' });  // the 'online' event brings us back
    } else {
      // No answer, a dropped connection or a server error: again, a little later each time.
      const message = isNetworkError(error) && error.name !== 'NoAnswer'
        ? 'The server could not be reached.' : error.message;
      setState({ phase: 'error', message });
      const delay = RETRY_DELAYS[Math.min(retryCount, RETRY_DELAYS.length - 1)];
      retryCount += 1;
      retryTimer = setTimeout(syncNow, delay);
    }
  } finally {
    if (inFlight === controller) inFlight = null;
    accountChecked();  // offline, or the check failed: waiting longer would not help
    await refreshPending().catch((error) => console.warn(error));
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

// The network changed: what is in flight may hang on a dead connection, so give it up and
// (back online) sync at once rather than when it times out.
function networkChanged() {
  retryCount = 0;
  inFlight?.abort();
  if (navigator.onLine) {
    setState({ phase: 'syncing', message: '' });
    syncNow();
  } else {
    setState({ phase: 'offline', message: '' });
  }
}

/** Start syncing: now, on regaining the network, on returning to the app, and after edits. */
export function startSync() {
  window.addEventListener('online', networkChanged);
  window.addEventListener('offline', networkChanged);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') syncNow();
  });
  accountCheck = new Promise((resolve) => { accountChecked = resolve; });
  // The browser cleared the database under the app: a new one opens on the next request (and
  // says what was lost, db.js). Set it up and bring everything synced back into it.
  storage.addEventListener('closed', () => {
    refreshPending().catch((error) => console.warn(error));
    syncNow();
  });
  localChanges.addEventListener('change', () => {
    refreshPending();
    clearTimeout(editTimer);
    editTimer = setTimeout(() => { if (navigator.onLine) syncNow(); }, AFTER_EDIT_DELAY);
  });
  return syncNow();
}
