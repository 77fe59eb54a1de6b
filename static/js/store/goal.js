// My goal and the suggestions I set aside, on this device: the synced `goal` record (one per
// account) and `skip` records ("not now" on an attendee of one event, "never" on a person at
// every event), and the goal as rules/suggest.js reads it. A skip is a record of its own, so two
// devices setting people aside offline both keep theirs.

import { personKey } from '../rules/suggest.js';
import { getAll } from './db.js';
import { loadCard } from './my-card.js';
import { DEFAULTS, currentUserId, writeChange, writeChanges } from './records.js';
import { markId, uuid5 } from './uuid.js';

// Here, not in uuid.js: only this on-demand module needs them (uuid.js is in the shell).
const goalId = (userId) => uuid5(`goal/${userId}`);
// A "not now" on one attendee, or a "never" on one person (by their key).
const skipId = (userId, scope, about) => uuid5(`skip/${userId}/${scope}/${about}`);

/** Return the fields of my goal on this device (the defaults before one is saved). */
export async function loadGoal() {
  const id = await goalId(await currentUserId());
  const [record] = await getAll('records', { query: ['goal', id] });
  return { ...DEFAULTS.goal, ...(record && !record.deleted ? record.fields : {}) };
}

/** Save changed goal fields (each list whole: the last writer wins field by field). */
export async function saveGoal(changes) {
  return writeChange('goal', await goalId(await currentUserId()), changes);
}

/** Return my live skips: {never: [record], notNow: [record]}. */
export async function loadSkips() {
  // Every skip record, by the records store's key [kind, id]: ['skip'] sorts before them all.
  const rows = await getAll('records', { query: IDBKeyRange.bound(['skip'], ['skip', []]) });
  const live = rows.filter((row) => !row.deleted);
  return { never: live.filter((row) => row.fields.scope === 'never'),
    notNow: live.filter((row) => row.fields.scope === 'event') };
}

/** Hide `attendee` from this event's suggestions. */
export async function skipForNow(eventId, attendee) {
  const id = await skipId(await currentUserId(), 'event', attendee.id);
  return writeChange('skip', id, { scope: 'event', event_id: eventId, attendee_id: attendee.id,
    key: '', name: attendee.name || '' });
}

/** Hide `attendee`'s person from every event's suggestions. */
export async function skipForever(attendee) {
  const key = personKey(attendee);
  const id = await skipId(await currentUserId(), 'never', key);
  return writeChange('skip', id, { scope: 'never', event_id: null, attendee_id: null, key,
    name: (attendee.name || '').slice(0, 200) });
}

/** Take skips back: their people may be suggested again. */
export async function undoSkips(records) {
  return writeChanges(records.map((record) => ({ kind: 'skip', id: record.id, op: 'delete' })));
}

const today = () => {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

/**
 * Return the goal as suggest() reads it, from my goal's fields, my card and my skips: the
 * companies left out default to my card's; the date is the device's.
 */
export function rankingGoal(fields, card, skips) {
  return {
    seek: fields.seek, offer: fields.offer, my_level: fields.my_level || null,
    seek_levels: fields.seek_levels,
    exclude_companies: fields.exclude_companies ?? (card.company ? [card.company] : []),
    never: skips.never.map((row) => row.fields.key),
    not_now: skips.notNow.map((row) => row.fields.attendee_id),
    today: today(),
  };
}

/** Return {fields, card, skips, goal}: everything ranking needs, read from the device. */
export async function loadRanking() {
  const [fields, { fields: card }, skips] = await Promise.all([loadGoal(), loadCard(), loadSkips()]);
  return { fields, card, skips, goal: rankingGoal(fields, card, skips) };
}

/**
 * Make targets of several suggestions at once ([{attendee, fields}] with the mark's fields):
 * every mark and outbox entry in one transaction.
 */
export async function targetAll(eventId, items) {
  const userId = await currentUserId();
  const changes = await Promise.all(items.map(async ({ attendee, fields }) => ({
    kind: 'mark', id: await markId(userId, attendee.id),
    fields: { event_id: eventId, attendee_id: attendee.id, ...fields },
  })));
  return writeChanges(changes);
}
