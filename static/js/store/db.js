// The one door to IndexedDB: a lazily opened database, promise helpers, and the schema steps.
//
// Stores:
//   meta       key -> value: client_id, next_seq, cursor, user (cleared when the account changes)
//   events     EventSummary rows by id, plus the pack's etag and first screen (`preview`)
//   attendees  one record per event by event_id: the pack's JSON text and its search index
//   records    {kind, id, event_id, version, fields} by [kind, id], index kind_event
//   outbox     {seq, kind, id, op, fields, base} by seq: the changes the server has not confirmed

const DB_NAME = 'companion';
const DB_VERSION = 2;

let opening = null;

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
}

/** Open the database once; later calls share the same connection. */
export function openDb() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion,
        request.transaction);
      request.onsuccess = () => {
        const db = request.result;
        // A newer version of the app in another tab wants to upgrade: step aside.
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
      request.onblocked = () => console.warn('Close other Companion tabs to finish updating.');
    });
  }
  return opening;
}

/**
 * Run `work(tx)` in one transaction and resolve with its result once the transaction commits.
 * `work` may await IndexedDB requests of this transaction, but nothing else (no network, no
 * crypto): the transaction commits as soon as it has nothing left to do.
 */
export async function inTransaction(storeNames, mode, work) {
  const db = await openDb();
  const tx = db.transaction(storeNames, mode);
  const done = transactionDone(tx);
  let result;
  try {
    result = await work(tx);
  } catch (error) {
    try { tx.abort(); } catch { /* already finished */ }
    await done.catch(() => {});
    throw error;
  }
  await done;
  return result;
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
