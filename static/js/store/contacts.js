// People I met, on this device: saving a scanned or typed contact (with the attendee it
// matches marked met, in the same transaction), finding the match, and reading them back.

import { nameKey } from '../rules/names.js';
import { FIELD_LIMITS } from '/app/constants.js';
import { inTransaction, promisifyRequest } from './db.js';
import { currentUserId, recordsForEvent, writeChange, writeChanges } from './records.js';
import { markId, uuid4 } from './uuid.js';

// The server's limits: a longer scanned value is cut, not refused; a link cut short would lead
// somewhere else, so it is dropped instead.
const LIMITS = FIELD_LIMITS.contact;
const LINK_FIELDS = ['linkedin', 'url'];
const clip = (value, limit) => [...(value || '')].slice(0, limit).join('');

/**
 * Return {match(name)} for one event's attendees: the attendee whose name is the same name in
 * any case, accents or word order, or null. A name two attendees share matches nobody (which
 * of them was it?). Build it once per event; matching is then one Map lookup.
 */
export function attendeeMatcher(attendees) {
  const byKey = new Map();
  for (const attendee of attendees) {
    const key = nameKey(attendee.name);
    if (key) byKey.set(key, byKey.has(key) ? null : attendee);
  }
  return { match: (name) => byKey.get(nameKey(name)) ?? null };
}

/**
 * Save a contact ({name, title, company, email, phone, linkedin, url, note, raw}) met now at
 * `eventId` (or none). With `attendee`, the contact is linked to them and their mark set to
 * met; with `link` (store/people.js contactLink: {personId, changes}), both name the person
 * and the person's changes ride along: contact, mark, person, interaction and their outbox
 * entries in one transaction. Returns the contact record.
 */
export async function saveContact(contact, {
  eventId = null, attendee = null, source, id = uuid4(), link = null,
}) {
  const fields = { event_id: eventId, attendee_id: attendee ? attendee.id : null, source,
    met_at: new Date().toISOString(), person_id: link?.personId ?? null };
  for (const [name, limit] of Object.entries(LIMITS)) {
    const value = contact[name] || '';
    if (!LINK_FIELDS.includes(name)) fields[name] = clip(value, limit);
    else fields[name] = value.length <= limit ? value : '';
  }
  const changes = [{ kind: 'contact', id, fields }];
  if (attendee) {
    // The id is derived before the transaction opens: crypto would let it commit early.
    const markRecordId = await markId(await currentUserId(), attendee.id);
    const mark = { event_id: eventId, attendee_id: attendee.id, status: 'met',
      met_at: fields.met_at };
    if (link) mark.person_id = link.personId;
    changes.push({ kind: 'mark', id: markRecordId, fields: mark });
  }
  changes.push(...(link?.changes || []));
  const [record] = await writeChanges(changes);
  return record;
}

/**
 * Change the note on one contact (a text field: the server merges, never overwrites); `base`
 * is the text the person began from.
 */
export function saveContactNote(contactId, note, base) {
  return writeChange('contact', contactId, { note }, 'put',
    base === undefined ? {} : { note: base });
}

/** Delete a contact: on the server its text goes at once, and from every device. */
export function deleteContact(contactId) {
  return writeChange('contact', contactId, {}, 'delete');
}

// ISO 8601 times in UTC: their text order is their time order, no locale rules needed.
function byMetAt(a, b) {
  const [x, y] = [a.fields.met_at || '', b.fields.met_at || ''];
  return x < y ? -1 : Number(x > y);
}

/** Return the contacts met at one event (or, with null, every contact), oldest first. */
export async function storedContacts(eventId = null) {
  const rows = eventId === null
    ? await inTransaction(['records'], 'readonly', (tx) => promisifyRequest(
      tx.objectStore('records').getAll(IDBKeyRange.bound(['contact', ''], ['contact', '\uffff']))))
    : await recordsForEvent('contact', eventId);
  return rows.filter((row) => !row.deleted)
    .sort(byMetAt);
}

/** Return the contacts met outside any event (scanned with "No event" chosen), oldest first. */
export async function contactsOutsideEvents() {
  return (await storedContacts(null)).filter((contact) => !contact.fields.event_id);
}
