// The one door to IndexedDB: a lazily opened database, promise helpers, and the schema steps.
//
// Each account has a database of its own, named by its id (account.js says whose to open), so
// two people using one browser never see each other's records or send each other's changes.
//
// Stores:
//   meta       key -> value: client_id, next_seq, cursor, user
//   events     EventSummary rows by id, plus the pack's etag and first screen (`preview`)
//   attendees  one record per event by event_id: the pack's JSON text and its search index
//   records    {kind, id, event_id, person_ids, version, fields} by [kind, id], indexes
//              kind_event and person (multiEntry: the people a record names)
//   outbox     {seq, kind, id, op, fields, base, new, made_at} by seq, index record ([kind, id]):
//              the changes the server has not confirmed

import { NoAccount, accountId } from './account.js';
import { checkAgainstNote } from './safekeeping.js';

const DB_PREFIX = 'companion-account-';
// Before accounts had a database each, one database held the last account's data; it becomes
// that account's when it next logs in (adoptOldDatabase), with its waiting changes.
const OLD_DB = 'companion';
const DB_VERSION = 4;
const STORES = ['meta', 'events', 'attendees', 'records', 'outbox'];

/**
 * Fires 'closed' when the browser closes the database under the app: its storage was cleared
 * (by the person, or by the browser when space ran low). The next request opens a new one.
 */
export const storage = new EventTarget();
const closedUnderUs = new WeakSet();

let opening = null;
let openedFor = null;  // the account whose database `opening` is

/** Resolve with a request's result, reject with its error. */
export function promisifyRequest(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolve when a transaction commits; reject when it fails or is aborted. */
export function transactionDone(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new DOMException('Transaction aborted', 'AbortError'));
    tx.onerror = () => reject(tx.error);
  });
}

// The browser twin of a migration: each step runs once, in order, on every device.
function upgrade(db, oldVersion, tx) {
  if (oldVersion < 1) {
    db.createObjectStore('meta');
    db.createObjectStore('events', { keyPath: 'id' });
    const attendees = db.createObjectStore('attendees', { keyPath: 'id' });
    attendees.createIndex('event_id', 'event_id');
    const records = db.createObjectStore('records', { keyPath: ['kind', 'id'] });
    records.createIndex('kind_event', ['kind', 'event_id']);
    db.createObjectStore('outbox', { keyPath: 'seq' });
  }
  if (oldVersion < 2) {
    // One record per event instead of one per attendee (70,000 puts took a phone seconds).
    // The old rows go; forgetting each pack's ETag makes the next visit download it again.
    db.deleteObjectStore('attendees');
    db.createObjectStore('attendees', { keyPath: 'event_id' });
    tx.objectStore('events').openCursor().onsuccess = ({ target: { result: cursor } }) => {
      if (!cursor) return;
      cursor.update({ ...cursor.value, etag: null, stored_count: null });
      cursor.continue();
    };
  }
  if (oldVersion < 3) {
    // A save of a text finds a save of it still waiting, to carry the same base (records.js).
    tx.objectStore('outbox').createIndex('record', ['kind', 'id']);
  }
  if (oldVersion < 4) {
    // Everything that names a person (records.js personRefs): their page reads it directly.
    tx.objectStore('records').createIndex('person', 'person_ids', { multiEntry: true });
  }
}

function openNamed(name) {
  return new Promise((resolve, reject) => {
    let created = false;
    const request = indexedDB.open(name, DB_VERSION);
    request.onupgradeneeded = (event) => {
      created = event.oldVersion === 0;
      upgrade(request.result, event.oldVersion, request.transaction);
    };
    request.onsuccess = () => resolve({ db: request.result, created });
    request.onerror = () => reject(request.error);
    request.onblocked = () => console.warn('Close other Companion tabs to finish updating.');
  });
}

function readAll(db, name) {
  const tx = db.transaction([name], 'readonly');
  const store = tx.objectStore(name);
  return Promise.all([promisifyRequest(store.getAllKeys()), promisifyRequest(store.getAll())]);
}

// The database of the app before accounts had their own, when it holds this account's data:
// copy all of it (its waiting changes above all) into the account's new database, then drop it.
async function adoptOldDatabase(db, account) {
  const names = indexedDB.databases ? (await indexedDB.databases()).map((info) => info.name) : [];
  if (!names.includes(OLD_DB)) return;
  const old = await new Promise((resolve) => {
    const request = indexedDB.open(OLD_DB);
    request.onupgradeneeded = () => request.transaction.abort();  // it was not there after all
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
  if (!old) return;
  try {
    const [keys, values] = await readAll(old, 'meta');
    const user = values[keys.indexOf('user')];
    if (!user || user.id !== account || old.version < 2) return;
    const copies = await Promise.all(STORES.map((name) => readAll(old, name)));
    const tx = db.transaction(STORES, 'readwrite');
    const done = transactionDone(tx);
    STORES.forEach((name, i) => {
      const [storeKeys, storeValues] = copies[i];
      const store = tx.objectStore(name);
      storeValues.forEach((value, j) => {
        if (store.keyPath === null) store.put(value, storeKeys[j]);
        else store.put(value);
      });
    });
    await done;
    old.close();
    indexedDB.deleteDatabase(OLD_DB);
  } finally {
    old.close();
  }
}

/** Open this account's database once; later calls share the same connection. */
export function openDb() {
  if (!opening) {
    const account = accountId();
    if (account === null) return Promise.reject(new NoAccount());
    openedFor = account;
    opening = openNamed(`${DB_PREFIX}${account}`).then(async ({ db, created }) => {
      if (created) {
        // A new database: if changes were noted waiting in one before, it was cleared with
        // them (safekeeping.js tells the person), before anything is written into this one.
        checkAgainstNote(account, null);
        await adoptOldDatabase(db, account).catch((error) => console.warn(error));
      }
      // A newer version of the app in another tab wants to upgrade: step aside.
      db.onversionchange = () => { db.close(); opening = null; };
      db.onclose = () => {
        closedUnderUs.add(db);
        opening = null;
        storage.dispatchEvent(new Event('closed'));
      };
      return db;
    }, (error) => { opening = null; throw error; });
  }
  return opening;
}

/** Return the account whose database this page has open (or opens next). */
export function databaseAccount() {
  return opening ? openedFor : accountId();
}

/**
 * Run `work(tx)` in one transaction and resolve with its result once the transaction commits.
 * `work` may await IndexedDB requests of this transaction, but nothing else (no network, no
 * crypto): the transaction commits as soon as it has nothing left to do.
 */
export async function inTransaction(storeNames, mode, work) {
  for (let attempt = 1; ; attempt += 1) {
    const db = await openDb();
    let tx;
    try {
      tx = db.transaction(storeNames, mode);
    } catch (error) {
      // The database closed under us (its storage was cleared): once more, on a new one.
      if (attempt > 1 || error.name !== 'InvalidStateError') throw error;
      opening = null;
      continue;
    }
    const done = transactionDone(tx);
    let result;
    try {
      result = await work(tx);
      await done;
      return result;
    } catch (error) {
      try { tx.abort(); } catch { /* already finished */ }
      await done.catch(() => {});
      // Nothing of an aborted transaction was written, so doing it again is safe.
      if (attempt > 1 || !closedUnderUs.has(db)) throw error;
    }
  }
}

/** Read one value from the meta store. */
export async function getMeta(key) {
  return inTransaction(['meta'], 'readonly',
    (tx) => promisifyRequest(tx.objectStore('meta').get(key)));
}

/** Write one value to the meta store. */
export async function setMeta(key, value) {
  return inTransaction(['meta'], 'readwrite', (tx) => {
    tx.objectStore('meta').put(value, key);
  });
}

/** Read every value of `store` (optionally through `index` for `query`). */
export async function getAll(store, { index = null, query = undefined } = {}) {
  return inTransaction([store], 'readonly', (tx) => {
    const source = index ? tx.objectStore(store).index(index) : tx.objectStore(store);
    return promisifyRequest(source.getAll(query));
  });
}

/** Count the entries of a store. */
export async function count(store) {
  return inTransaction([store], 'readonly',
    (tx) => promisifyRequest(tx.objectStore(store).count()));
}
