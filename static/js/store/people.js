// People across events, on this device: the person records and their interactions, linking an
// attendee or a scanned contact to a person (offline, by companion/rules/people.py's twin), and
// the "book" the People screens and the event lists read. Loaded on demand (main.js warms it).

import {
  CADENCES, companyKey, emailKey, linkedinSlug, mergedPerson, personNameKey, relationship,
} from '../rules/people.js';
import { foldForSearch } from '../rules/search.js';
import { getJson, isNetworkError } from './api.js';
import { getMeta, inTransaction, promisifyRequest, setMeta } from './db.js';
import { storedAttendees, storedEvent } from './pack.js';
import { currentUserId, localChanges, writeChanges } from './records.js';
import { syncEvents } from './sync.js';
import { markId, uuid4, uuid5 } from './uuid.js';

export { CADENCES };

/** The user's calendar day on this device, 'YYYY-MM-DD' (an interaction's `on`). */
export function localDay(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `day` moved by `days`, both 'YYYY-MM-DD'. */
export function addDays(day, days) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// The live records of one kind, read in the caller's transaction.
function readKind(tx, kind) {
  return promisifyRequest(tx.objectStore('records').getAll(
    IDBKeyRange.bound([kind, ''], [kind, '\uffff']))).then((rows) => rows.filter((r) => !r.deleted));
}

/** Return one record ({kind, id, fields, deleted}) or null. */
export function readRecord(kind, id) {
  return inTransaction(['records'], 'readonly',
    (tx) => promisifyRequest(tx.objectStore('records').get([kind, id]))).then((r) => r ?? null);
}

// Records that name a person (interactions, linked marks and contacts, people merged into
// them), through the records store's `person` index (db.js).
function namingPerson(tx, id) {
  return promisifyRequest(tx.objectStore('records').index('person').getAll(id))
    .then((rows) => rows.filter((row) => !row.deleted));
}

const MAX_MERGE_DEPTH = 20;  // a chain longer than this is a cycle someone wrote by hand

/**
 * Build the book from person and interaction records: every person as the one view their merged
 * records show, their interactions, how each relationship stands on `today`, and the indexes
 * linking uses. Pure: bench/ and the tests call it with made-up records.
 */
export function makeBook(personRecords, interactionRecords, today) {
  const records = new Map(personRecords.map((r) => [r.id, { ...r.fields, id: r.id }]));
  // The record a chain of merges ends at; a cycle (two devices merging each way) ends at its
  // smallest id, the same on every device.
  const rootOf = (id) => {
    if (!records.has(id)) return null;
    const seen = [id];
    let current = id;
    for (let step = 0; step < MAX_MERGE_DEPTH; step += 1) {
      const next = records.get(current).merged_into;
      if (!next || !records.has(next)) return current;
      if (seen.includes(next)) return seen.slice(seen.indexOf(next)).sort()[0];
      seen.push(next);
      current = next;
    }
    return current;
  };
  const groups = new Map();
  for (const id of [...records.keys()].sort()) {
    const root = rootOf(id);
    if (!groups.has(root)) groups.set(root, [root]);
    if (id !== root) groups.get(root).push(id);
  }
  const views = new Map();
  for (const [root, ids] of groups) {
    let view = records.get(root);
    for (const id of ids.slice(1)) view = mergedPerson(view, records.get(id));
    views.set(root, { ...view, id: root, merged: ids.slice(1) });
  }
  const interactions = new Map([...views.keys()].map((id) => [id, []]));
  for (const record of interactionRecords) {
    const item = { ...record.fields, id: record.id };
    const roots = new Set((item.person_ids || []).map(rootOf).filter(Boolean));
    for (const root of roots) interactions.get(root).push(item);
  }
  const standings = new Map();
  const byEmail = new Map();
  const bySlug = new Map();
  const byNameCompany = new Map();
  const rows = [];
  for (const [id, view] of views) {
    const items = interactions.get(id);
    items.sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
    standings.set(id, relationship(items.map((i) => ({ on: i.on, kind: i.type })),
      CADENCES[view.cadence] ?? null, today));
    for (const email of view.emails || []) {
      const key = emailKey(email);
      if (key && !byEmail.has(key)) byEmail.set(key, id);
    }
    const slug = linkedinSlug(view.linkedin);
    if (slug && !bySlug.has(slug)) bySlug.set(slug, id);
    const key = nameCompanyKey(view);
    if (key) byNameCompany.set(key, [...(byNameCompany.get(key) || []), id]);
    rows.push({ id, folded: foldForSearch([view.name, view.company, view.title,
      ...(view.tags || []), ...(view.emails || [])].join(' ')) });
  }
  return { views, interactions, standings, byEmail, bySlug, byNameCompany, rows, rootOf, today };
}

function nameCompanyKey(person) {
  const name = personNameKey(person.name);
  const company = companyKey(person.company);
  return name && company ? `${name}|${company}` : '';
}

/**
 * Return {id, how} for the person `who` ({name, emails, linkedin, company}) is in `book`:
 * how 'same' (a shared email or LinkedIn profile) or 'ask' (same name at the same company:
 * the person is asked, never linked on a name alone); null when nobody.
 */
export function findPerson(book, who, { notSameAs = null } = {}) {
  for (const email of who.emails || []) {
    const id = book.byEmail.get(emailKey(email));
    if (id) return { id, how: 'same' };
  }
  const slug = linkedinSlug(who.linkedin);
  if (slug && book.bySlug.has(slug)) return { id: book.bySlug.get(slug), how: 'same' };
  const key = nameCompanyKey(who);
  const asked = key ? (book.byNameCompany.get(key) || []) : [];
  const id = asked.find((candidate) => !book.views.get(candidate).not_same?.includes(notSameAs));
  return id ? { id, how: 'ask' } : null;
}

let bookPromise = null;
const BOOK_KINDS = new Set(['person', 'interaction', 'mark', 'contact', 'card']);
localChanges.addEventListener('change', ({ detail }) => {
  if (detail && BOOK_KINDS.has(detail.kind)) bookPromise = null;
});
syncEvents.addEventListener('synced', () => { bookPromise = null; });

/** Return the book of everyone (read once, again after an edit or a sync). */
export function peopleBook() {
  if (!bookPromise) {
    bookPromise = inTransaction(['records'], 'readonly', (tx) => Promise.all([
      readKind(tx, 'person'), readKind(tx, 'interaction'), readKind(tx, 'card'),
    ])).then(([people, interactions, [card]]) => ({
      ...makeBook(people, interactions, localDay()),
      warmGoal: card?.fields.warm_goal || 200,
    }));
    bookPromise.catch(() => { bookPromise = null; });
  }
  return bookPromise;
}

/**
 * Return everything the person page shows for `id`, read through the index only (no scan of
 * everyone): {root, view, standing, ids, names, records, interactions, marks, contacts}, or
 * null when forgotten.
 */
export async function personPage(id) {
  return inTransaction(['records'], 'readonly', async (tx) => {
    const store = tx.objectStore('records');
    let root = await promisifyRequest(store.get(['person', id]));
    for (let step = 0; root && !root.deleted && root.fields.merged_into && step < MAX_MERGE_DEPTH;
      step += 1) {
      const next = await promisifyRequest(store.get(['person', root.fields.merged_into]));
      if (!next || next.deleted || next.id === id) break;
      root = next;
    }
    if (!root || root.deleted) return null;
    const group = [root];
    const naming = [];
    for (let i = 0; i < group.length && i < 50; i += 1) {
      for (const row of await namingPerson(tx, group[i].id)) {
        if (row.kind === 'person' && row.fields.merged_into === group[i].id) group.push(row);
        else naming.push(row);
      }
    }
    const ids = new Set(group.map((r) => r.id));
    const byId = (kind) => [...new Map(naming.filter((r) => r.kind === kind)
      .map((r) => [r.id, { ...r.fields, id: r.id }])).values()];
    let view = { ...root.fields, id: root.id };
    for (const other of group.slice(1)) view = mergedPerson(view, other.fields);
    const interactions = byId('interaction').sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
    // The others an interaction names ("met these three together"), by name.
    // All asked at once: one after another, each waited for its own round trip.
    const names = new Map();
    const others = [...new Set(interactions.flatMap((item) => item.person_ids || []))]
      .filter((other) => !ids.has(other));
    const found = await Promise.all(others.map((other) => promisifyRequest(store.get(['person', other]))));
    others.forEach((other, i) => {
      if (found[i] && !found[i].deleted) names.set(other, found[i].fields.name);
    });
    const standing = relationship(interactions.map((i) => ({ on: i.on, kind: i.type })),
      CADENCES[view.cadence] ?? null, localDay());
    return {
      root: root.id, view: { ...view, id: root.id }, standing, ids, names,
      records: group.map((r) => ({ ...r.fields, id: r.id })),
      interactions, marks: byId('mark'), contacts: byId('contact'),
      followups: byId('followup'),
    };
  });
}

/** Bring the server's email matches for one event onto the device (silently offline). */
export async function refreshMatches(eventId) {
  try {
    const { matches } = await getJson(`/api/people/matches?event_id=${eventId}`);
    await setMeta(`person-matches/${eventId}`, matches);
    return true;
  } catch (error) {
    if (isNetworkError(error)) return false;
    throw error;
  }
}

/**
 * Return attendee id -> {id, how, view, standing, elsewhere} for the people on one event's list
 * whom the user knows (`how` 'linked', 'same' or 'ask'); `elsewhere` tells whether there was any
 * interaction apart from this event (the lists' "Known" chip).
 */
export async function knownOnList(eventId, attendees, marks) {
  const book = await peopleBook();
  const known = new Map();
  if (!book.views.size) return known;
  const matches = new Map((await getMeta(`person-matches/${eventId}`)) || []);
  for (const attendee of attendees) {
    const linked = marks.get(attendee.id)?.person_id || matches.get(attendee.id);
    let found = linked && book.rootOf(linked) ? { id: book.rootOf(linked), how: 'linked' } : null;
    found ??= findPerson(book, attendee, { notSameAs: attendee.id });
    if (!found) continue;
    const elsewhere = book.interactions.get(found.id).some((item) => item.event_id !== eventId);
    known.set(attendee.id, { ...found, view: book.views.get(found.id),
      standing: book.standings.get(found.id), elsewhere });
  }
  return known;
}

const personFrom = (who, event, today) => ({
  name: who.name || '', linkedin: who.linkedin || '', company: who.company || '',
  title: who.title || '', emails: who.email ? [who.email] : [], phones: who.phone ? [who.phone] : [],
  first_met_event_id: event?.id ?? null, first_met_event: event?.title || '',
  first_met_on: today,
});

// The changes that link `who` (an attendee, or a scanned or typed contact) to a person: the
// person they already are (kept current: company and title as last seen, a new email), or a
// new one. Returns {personId, changes}.
async function linkChanges(who, { personId = null, event = null, attendeeId = null }) {
  const book = await peopleBook();
  const today = localDay();
  let id = personId && book.rootOf(personId);
  if (!id) {
    const found = findPerson(book, { ...who, emails: who.email ? [who.email] : [] },
      { notSameAs: attendeeId });
    if (found?.how === 'same') id = found.id;
  }
  if (!id) {
    const newId = uuid4();
    return { personId: newId, changes: [{ kind: 'person', id: newId,
      fields: personFrom(who, event, today) }] };
  }
  const view = book.views.get(id);
  const fields = {};
  if (who.company && who.company !== view.company) fields.company = who.company;
  if (who.title && who.title !== view.title) fields.title = who.title;
  if (!view.linkedin && who.linkedin) fields.linkedin = who.linkedin;
  const email = emailKey(who.email);
  if (email && !(view.emails || []).some((known) => emailKey(known) === email)) {
    fields.emails = [...(book.views.get(id).emails || []), email].slice(0, 10);
  }
  return { personId: id, changes: Object.keys(fields).length
    ? [{ kind: 'person', id, fields }] : [] };
}

const metInteractionId = (userId, attendeeId) => uuid5(`interaction/${userId}/met/${attendeeId}`);

/**
 * Set the user's met / missed / not-yet on one attendee. Turning met links them to a person
 * (found or made) and writes the "met" interaction, all in one transaction with the mark; turning
 * back removes that interaction. Two devices write the same interaction id: it is never doubled.
 */
export async function saveStatus(eventId, attendee, status) {
  const user = await currentUserId();
  const [id, interactionId, event] = await Promise.all([
    markId(user, attendee.id), metInteractionId(user, attendee.id), storedEvent(eventId)]);
  const [mark, interaction] = await Promise.all([
    readRecord('mark', id), readRecord('interaction', interactionId)]);
  // When it turned met goes with it (the journal's "how far in"), as saveMark does.
  const markFields = { event_id: eventId, attendee_id: attendee.id, status,
    met_at: status === 'met' ? new Date().toISOString() : null };
  const changes = [];
  const metBefore = interaction && !interaction.deleted;
  if (status === 'met') {
    const link = await linkChanges(attendee, { personId: mark?.deleted ? null
      : mark?.fields.person_id, event, attendeeId: attendee.id });
    changes.push(...link.changes);
    markFields.person_id = link.personId;
    if (!metBefore) {
      changes.push({ kind: 'interaction', id: interactionId, fields: {
        person_ids: [link.personId], on: localDay(), type: 'met', line: '', event_id: eventId,
        event_title: event?.title || '', title: attendee.title || '', company: attendee.company || '',
      } });
    }
  }
  changes.unshift({ kind: 'mark', id, fields: markFields });
  if (status !== 'met' && metBefore) changes.push({ kind: 'interaction', id: interactionId, op: 'delete' });
  return writeChanges(changes);
}

/**
 * The changes that link a contact being saved to its person and log the meeting: {personId,
 * changes}, for store/contacts.js saveContact (one transaction with the contact).
 */
export async function contactLink(contact, { contactId, eventId = null, attendee = null }) {
  const user = await currentUserId();
  const event = eventId === null ? null : await storedEvent(eventId);
  const who = attendee ? { ...contact, company: contact.company || attendee.company,
    title: contact.title || attendee.title, linkedin: contact.linkedin || attendee.linkedin }
    : contact;
  const mark = attendee ? await readRecord('mark', await markId(user, attendee.id)) : null;
  const link = await linkChanges(who, { personId: mark?.deleted ? null : mark?.fields.person_id,
    event, attendeeId: attendee?.id ?? null });
  // A scan of an attendee is their "met": the same interaction a tap on Met writes.
  const interactionId = attendee ? await metInteractionId(user, attendee.id)
    : await uuid5(`interaction/${user}/contact/${contactId}`);
  const existing = await readRecord('interaction', interactionId);
  const changes = [...link.changes];
  if (!existing || existing.deleted) {
    changes.push({ kind: 'interaction', id: interactionId, fields: {
      person_ids: [link.personId], on: localDay(), type: 'met', line: '', event_id: eventId,
      event_title: event?.title || '', title: who.title || '', company: who.company || '' } });
  }
  return { personId: link.personId, changes };
}

/** The change that logs an interaction, to write with others in one transaction. */
export function interactionChange(personIds, { type, line = '', on = localDay(), eventId = null }) {
  return { kind: 'interaction', id: uuid4(), fields: {
    person_ids: [...new Set(personIds)], on, type, line, event_id: eventId } };
}

/** Log "we talked" with one or more people: {type, line, on}. */
export function logInteraction(personIds, options) {
  return writeChanges([interactionChange(personIds, options)]);
}

/** Change fields of one person record (a text's `base`: what the note field began from). */
export function savePerson(id, fields, base = {}) {
  return writeChanges([{ kind: 'person', id, fields, base }]);
}

/** Say this attendee is `personId` (an "Is this…?" answered yes): their mark names the person. */
export async function linkAttendee(eventId, attendeeId, personId) {
  const id = await markId(await currentUserId(), attendeeId);
  return writeChanges([{ kind: 'mark', id,
    fields: { event_id: eventId, attendee_id: attendeeId, person_id: personId } }]);
}

/** Say this attendee is not `personId`: the question is not asked again. */
export async function notThisPerson(personId, attendeeId) {
  const record = await readRecord('person', personId);
  const list = [...new Set([...(record?.fields.not_same || []), attendeeId])].slice(-1000);
  return savePerson(personId, { not_same: list });
}

/** Merge `otherId` into `intoId`: nothing is copied, so unmerging gives both back as they were. */
export function mergePeople(intoId, otherId) {
  return savePerson(otherId, { merged_into: intoId });
}

export function unmergePerson(id) {
  return savePerson(id, { merged_into: null });
}

/**
 * Forget a person: their records (merged ones too), interactions and follow-ups go, an
 * interaction that also names others only loses them, and marks and contacts stop pointing at
 * them.
 */
export async function forgetPerson(id) {
  const page = await personPage(id);
  if (!page) return [];
  const changes = [];
  for (const item of page.interactions) {
    const others = (item.person_ids || []).filter((pid) => !page.ids.has(pid));
    changes.push(others.length ? { kind: 'interaction', id: item.id, fields: { person_ids: others } }
      : { kind: 'interaction', id: item.id, op: 'delete' });
  }
  for (const mark of page.marks) changes.push({ kind: 'mark', id: mark.id, fields: { person_id: null } });
  for (const contact of page.contacts) {
    changes.push({ kind: 'contact', id: contact.id, fields: { person_id: null } });
  }
  // Their follow-ups go too (a draft holds what you noted about them); the tombstone keeps the
  // marks from making them again.
  for (const item of page.followups) changes.push({ kind: 'followup', id: item.id, op: 'delete' });
  for (const pid of page.ids) changes.push({ kind: 'person', id: pid, op: 'delete' });
  return writeChanges(changes);
}

const ANSWER_EVENTS = 3;  // each is a whole pack read: only the latest few events a person was on

/**
 * Return [{event, answers}] for the events where `page`'s person registered (their linked marks
 * and contacts), latest first: what they answered the host's questions. Reads packs, so the
 * page asks for it after it is drawn.
 */
export async function registrationAnswers(page) {
  const linked = [...page.marks, ...page.contacts]
    .filter((record) => record.event_id && record.attendee_id);
  const byEvent = new Map();
  for (const record of linked) byEvent.set(record.event_id, record.attendee_id);
  const found = [];
  for (const [eventId, attendeeId] of [...byEvent].reverse().slice(0, ANSWER_EVENTS)) {
    const [event, attendees] = await Promise.all([storedEvent(eventId), storedAttendees(eventId)]);
    const attendee = attendees.find((row) => row.id === attendeeId);
    if (event && attendee?.answers?.length) found.push({ event: event.title, answers: attendee.answers });
  }
  return found;
}
