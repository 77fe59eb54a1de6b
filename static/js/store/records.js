// The user's own records on this device (marks, plans, contacts, card) and their outbox.
// Every edit updates the record AND appends the change to the outbox in one transaction, so a
// record can never change without the server hearing about it, even if the phone dies mid-write.

import { RECORD_DEFAULTS as DEFAULTS, TEXT_FIELDS } from '/app/constants.js';
import { getAll, getMeta, inTransaction, promisifyRequest } from './db.js';
import { markId, planId } from './uuid.js';

// Free-text fields, merged by the server instead of overwritten, and a new record's fields:
// both from the server (companion/shell/constants.py).
export { DEFAULTS, TEXT_FIELDS };

/** Fires 'change' (detail: the record) after every local edit. */
export const localChanges = new EventTarget();

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// One change applied inside a transaction that holds records, outbox and meta; `seq` is the
// outbox number it takes. Returns the updated record and whether it used the number.
async function applyChange(tx, { kind, id, fields, op = 'put' }, seq) {
  const records = tx.objectStore('records');
  const current = await promisifyRequest(records.get([kind, id]));
  const before = current && !current.deleted ? current.fields : { ...DEFAULTS[kind] };
  const unchanged = op === 'put' && current && !current.deleted &&
    Object.entries(fields).every(([name, value]) => sameValue(before[name], value));
  if (unchanged) return { record: current, used: false };  // a tap on what is chosen costs no sync
  const base = {};
  for (const name of TEXT_FIELDS[kind]) {
    if (name in fields) base[name] = before[name] ?? '';
  }
  const updated = {
    kind, id,
    event_id: fields.event_id ?? current?.event_id ?? null,
    version: current?.version ?? 0,
    deleted: op === 'delete',
    fields: { ...before, ...fields },
  };
  records.put(updated);
  tx.objectStore('outbox').add({ seq, kind, id, op, fields, base });
  return { record: updated, used: true };
}

/**
 * Write several changes ({kind, id, fields, op = 'put'}) in ONE transaction: every record and
 * every outbox entry, or none of them. Text fields carry as `base` the local value before the
 * edit, so the server can tell whether another device changed the same text meanwhile.
 * Returns the updated records, in order.
 */
export async function writeChanges(changes) {
  const records = await inTransaction(['records', 'outbox', 'meta'], 'readwrite', async (tx) => {
    const meta = tx.objectStore('meta');
    let seq = (await promisifyRequest(meta.get('next_seq'))) || 1;
    const updated = [];
    for (const change of changes) {  // one after another: two changes may touch one record
      const { record, used } = await applyChange(tx, change, seq);
      if (used) seq += 1;
      updated.push(record);
    }
    meta.put(seq, 'next_seq');
    return updated;
  });
  for (const record of records) {
    localChanges.dispatchEvent(new CustomEvent('change', { detail: record }));
  }
  return records;
}

/** Write one change: update the local record and append the outbox entry, atomically. */
export async function writeChange(kind, id, fields, op = 'put') {
  const [record] = await writeChanges([{ kind, id, fields, op }]);
  return record;
}

/** Return the logged-in user's id as stored on this device; throw when nobody is. */
export async function currentUserId() {
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
