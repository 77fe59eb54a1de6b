// The user's own records on this device (marks, plans, contacts, card) and their outbox.
// Every edit updates the record AND appends the change to the outbox in one transaction, so a
// record can never change without the server hearing about it, even if the phone dies mid-write.

import { getAll, getMeta, inTransaction, promisifyRequest } from './db.js';
import { markId, planId } from './uuid.js';

/** Free-text fields: the server merges these instead of overwriting (see API.md). */
export const TEXT_FIELDS = {
  mark: ['why', 'opener', 'note'], contact: ['note'], card: [], plan: [],
};

export const DEFAULTS = {
  mark: {
    priority: null, status: 'not-yet', follow_up: false, is_speaker: false,
    why: '', opener: '', note: '',
  },
  plan: { travel_minutes: 0, earliest: '' },
  contact: {},
  card: {},
};

/** Fires 'change' (detail: the record) after every local edit. */
export const localChanges = new EventTarget();

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Write one change: update the local record and append the outbox entry, atomically.
 * Text fields carry as `base` the local value before this edit, so the server can tell
 * whether another device changed the same text meanwhile. Returns the updated record.
 */
export async function writeChange(kind, id, fields, op = 'put') {
  const record = await inTransaction(['records', 'outbox', 'meta'], 'readwrite', async (tx) => {
    const records = tx.objectStore('records');
    const meta = tx.objectStore('meta');
    const [current, nextSeq] = await Promise.all([
      promisifyRequest(records.get([kind, id])),
      promisifyRequest(meta.get('next_seq')),
    ]);
    const before = current && !current.deleted ? current.fields : { ...DEFAULTS[kind] };
    const unchanged = op === 'put' && current && !current.deleted &&
      Object.entries(fields).every(([name, value]) => sameValue(before[name], value));
    if (unchanged) return current;  // a tap on what is already chosen costs no sync
    const base = {};
    for (const name of TEXT_FIELDS[kind]) {
      if (name in fields) base[name] = before[name] ?? '';
    }
    const seq = nextSeq || 1;
    const updated = {
      kind, id,
      event_id: fields.event_id ?? current?.event_id ?? null,
      version: current?.version ?? 0,
      deleted: op === 'delete',
      fields: { ...before, ...fields },
    };
    records.put(updated);
    tx.objectStore('outbox').add({ seq, kind, id, op, fields, base });
    meta.put(seq + 1, 'next_seq');
    return updated;
  });
  localChanges.dispatchEvent(new CustomEvent('change', { detail: record }));
  return record;
}

async function currentUserId() {
  const user = await getMeta('user');
  if (!user) throw new Error('Log in once with a connection before editing.');
  return user.id;
}

/** Change the user's mark on one attendee (created on first edit). */
export async function saveMark(eventId, attendeeId, changes) {
  const id = await markId(await currentUserId(), attendeeId);
  // The identity fields ride along on every change: the server needs them for a new record.
  return writeChange('mark', id, { event_id: eventId, attendee_id: attendeeId, ...changes });
}

/** Change the user's arrival inputs for one event. */
export async function savePlan(eventId, changes) {
  const id = await planId(await currentUserId(), eventId);
  return writeChange('plan', id, { event_id: eventId, ...changes });
}

/** Return the live (not deleted) records of one kind for one event. */
export async function recordsForEvent(kind, eventId) {
  const rows = await getAll('records', { index: 'kind_event', query: [kind, eventId] });
  return rows.filter((row) => !row.deleted);
}

/** Return attendee id -> mark fields for one event. */
export async function marksByAttendee(eventId) {
  const marks = await recordsForEvent('mark', eventId);
  return new Map(marks.map((mark) => [mark.fields.attendee_id, mark.fields]));
}

/** Return the fields of the user's plan for one event (defaults when none yet). */
export async function planFor(eventId) {
  const [plan] = await recordsForEvent('plan', eventId);
  return { ...DEFAULTS.plan, ...(plan ? plan.fields : {}) };
}

/**
 * Store what a pull returned. Outbox entries the server has applied are dropped; the ones
 * still waiting are laid back over the pulled rows, so an unsynced local edit never flickers
 * back to the server's older value.
 */
export async function applyPull({ records, cursor, last_seq: lastSeq }) {
  return inTransaction(['records', 'outbox', 'meta'], 'readwrite', async (tx) => {
    const outbox = tx.objectStore('outbox');
    if (lastSeq > 0) outbox.delete(IDBKeyRange.upperBound(lastSeq));
    const pending = new Map();
    for (const change of await promisifyRequest(outbox.getAll())) {
      const key = `${change.kind}/${change.id}`;
      pending.set(key, [...(pending.get(key) || []), change]);
    }
    const store = tx.objectStore('records');
    for (const remote of records) {
      const local = {
        kind: remote.kind, id: remote.id, event_id: remote.fields.event_id ?? null,
        version: remote.version, deleted: remote.deleted, fields: remote.fields,
      };
      for (const change of pending.get(`${remote.kind}/${remote.id}`) || []) {
        local.deleted = change.op === 'delete';
        if (change.op === 'put') local.fields = { ...local.fields, ...change.fields };
      }
      store.put(local);
    }
    tx.objectStore('meta').put(cursor, 'cursor');
  });
}
