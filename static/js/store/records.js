// The user's own records on this device (marks, plans, contacts, card) and their outbox.
// Every edit updates the record AND appends the change to the outbox in one transaction, so a
// record can never change without the server hearing about it, even if the phone dies mid-write.

import { RECORD_DEFAULTS as DEFAULTS, TEXT_FIELDS } from '/app/constants.js';
import { NoAccount, accountId } from './account.js';
import { getAll, inTransaction, promisifyRequest } from './db.js';
import { markId, planId } from './uuid.js';

// Free-text fields, merged by the server instead of overwritten, and a new record's fields:
// both from the server (companion/shell/constants.py).
export { DEFAULTS, TEXT_FIELDS };

/** Fires 'change' (detail: the record) after every local edit. */
export const localChanges = new EventTarget();

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The base of a text is the text the server last had that this edit started from: that of a
// save of it still waiting in the outbox (consecutive saves carry the text both devices
// started from); else the text the person began from (a note field says which, however many
// syncs came while they typed); else the text the record holds now.
async function textBases(tx, { kind, id, fields, base = {} }, before) {
  const names = TEXT_FIELDS[kind].filter((name) => name in fields);
  if (!names.length) return {};
  const waiting = await promisifyRequest(
    tx.objectStore('outbox').index('record').getAll([kind, id]));
  const bases = {};
  for (const name of names) {
    const earlier = waiting.find((change) => change.op === 'put' && name in (change.base || {}));
    bases[name] = earlier ? earlier.base[name] : base[name] ?? before[name] ?? '';
  }
  return bases;
}

// The people a record names, kept beside its fields for the records store's `person` index
// (db.js): an interaction's people, the person a mark or contact is, the one a person is merged
// into. The person page reads everything about someone through it, without reading everyone.
function personRefs(kind, fields) {
  if (kind === 'interaction') return fields.person_ids || [];
  const ref = kind === 'person' ? fields.merged_into : fields.person_id;
  return ref ? [ref] : [];
}

// What a deleted record keeps on the device: what it is about, nothing anyone wrote.
const REFERENCES = ['event_id', 'attendee_id'];
const erased = (kind, fields) => ({ ...DEFAULTS[kind],
  ...Object.fromEntries(REFERENCES.filter((name) => name in fields).map((n) => [n, fields[n]])) });

// One change applied inside a transaction that holds records, outbox and meta; `seq` is the
// outbox number it takes. Returns the updated record and whether it used the number.
async function applyChange(tx, change, seq) {
  const { kind, id, fields = {}, op = 'put' } = change;
  const records = tx.objectStore('records');
  const current = await promisifyRequest(records.get([kind, id]));
  const live = Boolean(current && !current.deleted);
  if (op === 'delete' && !live) return { record: current ?? null, used: false };
  if (op === 'put' && !live && kind === 'contact' && !('name' in fields)) {
    // Deleted here, or on another device: an edit would bring back a contact with no name.
    throw new Error('This contact was deleted, so it cannot be changed.');
  }
  const before = live ? current.fields : { ...DEFAULTS[kind] };
  const unchanged = op === 'put' && live &&
    Object.entries(fields).every(([name, value]) => sameValue(before[name], value));
  if (unchanged) return { record: current, used: false };  // a tap on what is chosen costs no sync
  const entry = { seq, kind, id, op, made_at: Date.now() };
  if (op === 'put') {
    entry.fields = fields;
    entry.base = await textBases(tx, change, before);
    // Made anew here (never had, or deleted): the server starts it blank, even over a
    // deletion from elsewhere; an edit of a record deleted elsewhere is refused instead.
    if (!live) entry.new = true;
  }
  const updated = {
    kind, id,
    event_id: fields.event_id ?? current?.event_id ?? null,
    version: current?.version ?? 0,
    deleted: op === 'delete',
    fields: op === 'delete' ? erased(kind, before) : { ...before, ...fields },
  };
  updated.person_ids = personRefs(kind, updated.fields);
  records.put(updated);
  tx.objectStore('outbox').add(entry);
  return { record: updated, used: true };
}

/**
 * Write several changes ({kind, id, fields, op = 'put', base}) in ONE transaction: every record
 * and every outbox entry, or none of them. Text fields carry a `base` (textBases), so the
 * server can tell what this device added when another device changed the same text meanwhile.
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

/**
 * Write one change: update the local record and append the outbox entry, atomically. `base`:
 * the text each text field began from, when the caller knows (parts/note-field.js).
 */
export async function writeChange(kind, id, fields, op = 'put', base = {}) {
  const [record] = await writeChanges([{ kind, id, fields, op, base }]);
  return record;
}

/** Return the id of the account logged in on this browser; throw when nobody is. */
export async function currentUserId() {
  const id = accountId();
  if (id === null) throw new NoAccount();
  return id;
}

/** Change the user's mark on one attendee (created on first edit). */
export async function saveMark(eventId, attendeeId, changes, base = {}) {
  const id = await markId(await currentUserId(), attendeeId);
  // When a mark turns met goes with it: the journal learns how far into an event targets
  // were met (and the arrival plan from that).
  const metAt = 'status' in changes && !('met_at' in changes)
    ? { met_at: changes.status === 'met' ? new Date().toISOString() : null } : {};
  // The identity fields ride along on every change: the server needs them for a new record.
  return writeChange('mark', id,
    { event_id: eventId, attendee_id: attendeeId, ...changes, ...metAt }, 'put', base);
}

/** Delete the user's mark on one attendee: priority, notes, met or missed, all of it. */
export async function deleteMark(attendeeId) {
  return writeChange('mark', await markId(await currentUserId(), attendeeId), {}, 'delete');
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
        if (change.op === 'delete') {
          local.deleted = true;
        } else if (!local.deleted || change.new) {
          // A deletion from elsewhere wins over edits made without it (the server refuses
          // them); a record made anew here after it starts blank, as on the server.
          if (local.deleted) local.fields = erased(remote.kind, remote.fields);
          local.deleted = false;
          local.fields = { ...local.fields, ...change.fields };
        }
      }
      local.person_ids = personRefs(remote.kind, local.fields);
      store.put(local);
    }
    tx.objectStore('meta').put(cursor, 'cursor');
  });
}
