// Events and their attendee packs on the device: downloaded once with an ETag (an unchanged
// list costs a 304), kept in IndexedDB for the venue where there is no signal.

import { ApiError, apiFetch, getJson, readJson } from './api.js';
import { getAll, inTransaction, promisifyRequest } from './db.js';

/** The device has no room left for this pack; the message says so in plain words. */
export class StorageFullError extends Error {
  constructor(count) {
    super(`This device is out of storage space for Companion, so the attendee list ` +
      `(${count.toLocaleString()} people) could not be saved for offline use. ` +
      'Free some space, then open the event again.');
    this.name = 'StorageFullError';
  }
}

const isQuotaError = (error) => error && error.name === 'QuotaExceededError';

let persistenceAsked = false;

/** Ask the browser to keep our data under storage pressure (once per session). */
export async function requestPersistence() {
  if (persistenceAsked || !navigator.storage || !navigator.storage.persist) return null;
  persistenceAsked = true;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}

/** Return the events stored on this device, soonest first. */
export async function storedEvents() {
  const events = await getAll('events');
  return events.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}

/** Return one stored event, or undefined. */
export async function storedEvent(eventId) {
  return inTransaction(['events'], 'readonly',
    (tx) => promisifyRequest(tx.objectStore('events').get(eventId)));
}

/** Return the attendees stored for one event, in list order. */
export async function storedAttendees(eventId) {
  const rows = await getAll('attendees', { index: 'event_id', query: eventId });
  return rows.sort((a, b) => a.position - b.position);
}

// Remove events (and their attendees) this account can no longer see.
function forgetEvents(tx, eventIds) {
  const attendees = tx.objectStore('attendees').index('event_id');
  return Promise.all(eventIds.map(async (eventId) => {
    tx.objectStore('events').delete(eventId);
    const keys = await promisifyRequest(attendees.getAllKeys(eventId));
    for (const key of keys) tx.objectStore('attendees').delete(key);
  }));
}

/** Fetch the list of my events and store it; keep each stored pack's ETag. */
export async function refreshEvents() {
  const { events } = await getJson('/api/events');
  await inTransaction(['events', 'attendees'], 'readwrite', async (tx) => {
    const store = tx.objectStore('events');
    const known = new Map((await promisifyRequest(store.getAll())).map((e) => [e.id, e]));
    const current = new Set(events.map((event) => event.id));
    await forgetEvents(tx, [...known.keys()].filter((id) => !current.has(id)));
    for (const event of events) {
      const old = known.get(event.id);
      store.put({ ...event, etag: old?.etag ?? null, stored_count: old?.stored_count ?? null });
    }
  });
  return storedEvents();
}

function attendeeObjects(eventId, { fields, rows }) {
  return rows.map((row, position) => {
    const attendee = { event_id: eventId, position };
    fields.forEach((name, i) => { attendee[name] = row[i]; });
    return attendee;
  });
}

// One readwrite transaction for the whole list: one commit, however many thousand rows.
async function storePack(event, etag, attendees) {
  await inTransaction(['events', 'attendees'], 'readwrite', async (tx) => {
    const store = tx.objectStore('attendees');
    const keep = new Set(attendees.map((attendee) => attendee.id));
    const old = await promisifyRequest(store.index('event_id').getAllKeys(event.id));
    for (const key of old) if (!keep.has(key)) store.delete(key);
    for (const attendee of attendees) store.put(attendee);
    tx.objectStore('events').put({ ...event, etag, stored_count: attendees.length });
  });
}

/**
 * Bring one event's pack up to date. Resolves {changed, count}; throws StorageFullError when
 * the device is full, ApiError(404) when the event is no longer mine or shared with me.
 */
export async function downloadPack(eventId) {
  requestPersistence();
  const known = await storedEvent(eventId);
  const headers = known?.etag ? { 'If-None-Match': known.etag } : {};
  // no-store: the copy lives in IndexedDB; a second one in the HTTP cache would double it.
  const response = await apiFetch(`/api/events/${eventId}/pack`, { headers, cache: 'no-store' });
  if (response.status === 304) return { changed: false, count: known.stored_count };
  const data = await readJson(response);
  if (response.status === 404) {
    await inTransaction(['events', 'attendees'], 'readwrite', (tx) => forgetEvents(tx, [eventId]));
  }
  if (!response.ok) throw new ApiError(response.status, data.error);
  const attendees = attendeeObjects(eventId, data.attendees);
  try {
    await storePack(data.event, response.headers.get('ETag'), attendees);
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError(attendees.length) : error;
  }
  return { changed: true, count: attendees.length };
}
