// Events and their attendee packs on the device: downloaded once with an ETag (an unchanged
// list costs a 304), kept in IndexedDB for the venue where there is no signal.
//
// A pack is stored whole, as one record per event: the JSON text as it arrived plus its search
// index. One put and one get of a few large values take a phone a fraction of a second, where
// 70,000 small records took seconds each way (bench/run.py measures both ends).
//
// Even that fraction is too long to wait for with 70,000 people, so the event's record also
// keeps its first screen: the first people in name order and everyone my marks and contacts
// point at. A cold start paints those, then reads the whole pack. The record's field for it is
// still named `preview`, as devices have stored it: stored formats do not change.

import { formatCount } from '../rules/locale.js';
import { LINKEDIN_PROFILE } from '/app/constants.js';
import { buildIndex, restoreIndex, storableIndex } from '../rules/search.js';
import { ApiError, apiFetch, getJson, readJson } from './api.js';
import { getAll, inTransaction, promisifyRequest } from './db.js';
import { requestPersistence } from './safekeeping.js';
import { whenAccountChecked } from './sync.js';


/** The device has no room left for this pack; the message says so in plain words. */
export class StorageFullError extends Error {
  constructor(count) {
    super(`This device is out of storage space for Companion, so the attendee list ` +
      `(${formatCount(count)} people) could not be saved for offline use. ` +
      'Free some space, then open the event again.');
    this.name = 'StorageFullError';
  }
}

const isQuotaError = (error) => error && error.name === 'QuotaExceededError';

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

/** Turn the pack's columns (companion/events/pack.py) into attendee objects, in list order. */
export function decodeAttendees(eventId, columns) {
  const { id: steps, name, title, company, linkedin, url, hosts } = columns;
  const hostRows = new Set(hosts);
  const attendees = new Array(name.length);
  let id = 0;
  for (let row = 0; row < name.length; row += 1) {
    id += steps[row];  // ids come as differences from the previous one
    const link = linkedin[row];
    attendees[row] = {
      id, event_id: eventId, position: row, name: name[row], title: title[row],
      company: company[row], url: url[row], is_host: hostRows.has(row),
      // The pack sends a profile as the part after LINKEDIN_PROFILE (companion/events/pack.py).
      linkedin: link && !link.includes('/') ? LINKEDIN_PROFILE + link : link,
    };
  }
  columns.questions?.forEach((question, q) => {
    const [values, codes] = columns.answers[q];
    codes.forEach((code, row) => {
      if (!code) return;
      attendees[row].answers ??= [];
      attendees[row].answers.push([question, values[code]]);
    });
  });
  return attendees;
}

// The last pack read, so the screens that share it (list, scanner) decode it once.
let lastRead = { eventId: null, etag: null, people: null };

// A phone screen shows about ten rows and a laptop's about fifteen: sixty cover both with room
// to scroll while the rest is read. Linked people are capped so a first screen stays small
// whatever one person marks; beyond the cap a tab may show fewer rows until the list is read.
const FIRST_SCREEN_ROWS = 60;
const FIRST_SCREEN_LINKED = 500;

function firstScreenOf(people, linked = []) {
  const { attendees, index } = people;
  const first = Array.from(index.byName.subarray(0, FIRST_SCREEN_ROWS), (row) => attendees[row]);
  return { first, linked: linked.slice(0, FIRST_SCREEN_LINKED), total: attendees.length };
}

const firstScreenIds = (kept) => [...kept.first, ...kept.linked].map((a) => a.id).join();

/**
 * Return the stored first screen of an event: {first, byId, total}, where `first` are the first
 * people in name order and `byId` also holds everyone my marks and contacts pointed at when it
 * was kept. Null when the event has none (never opened, or kept by an older version).
 */
export function storedFirstScreen(event) {
  const kept = event?.preview;
  if (!kept || !event.etag) return null;
  const byId = new Map([...kept.first, ...kept.linked].map((a) => [a.id, a]));
  return { first: kept.first, byId, total: kept.total };
}

/**
 * Keep `people`'s first screen, with the attendees of `linkedIds` (marked or met), on the event's
 * record for the next cold start. Nothing is written when it is unchanged, or when the pack was
 * replaced since `people` were read from it.
 */
export async function keepFirstScreen(eventId, people, byId, linkedIds) {
  const linked = [...new Set(linkedIds)].map((id) => byId.get(id)).filter(Boolean);
  const preview = firstScreenOf(people, linked);
  await inTransaction(['events'], 'readwrite', async (tx) => {
    const store = tx.objectStore('events');
    const event = await promisifyRequest(store.get(eventId));
    if (!event || event.etag !== people.etag) return;
    if (event.preview && firstScreenIds(event.preview) === firstScreenIds(preview)) return;
    store.put({ ...event, preview });
  });
}

/**
 * Return {attendees, index} stored for one event: the attendees in list order and their
 * search index (see search.js). Empty when the pack is not on this device.
 */
export async function storedPeople(eventId) {
  const event = await storedEvent(eventId);
  if (event?.etag && lastRead.eventId === eventId && lastRead.etag === event.etag) {
    return lastRead.people;
  }
  const record = await inTransaction(['attendees'], 'readonly',
    (tx) => promisifyRequest(tx.objectStore('attendees').get(eventId)));
  if (!record) return { attendees: [], index: buildIndex([]) };
  const attendees = decodeAttendees(eventId, JSON.parse(record.text).attendees);
  let index = restoreIndex(attendees, record.index);
  if (!index) {
    // Stored by an older version of the app: build the index once and keep it for next time.
    index = buildIndex(attendees);
    inTransaction(['attendees'], 'readwrite', (tx) => {
      tx.objectStore('attendees').put({ ...record, index: storableIndex(index) });
    }).catch((error) => console.warn('Search index not saved:', error));
  }
  const people = { attendees, index, etag: event?.etag };
  lastRead = { eventId, etag: event?.etag, people };
  return people;
}

/** Return the attendees stored for one event, in list order. */
export async function storedAttendees(eventId) {
  return (await storedPeople(eventId)).attendees;
}

// Remove events (and their packs) this account can no longer see.
function forgetEvents(tx, eventIds) {
  for (const eventId of eventIds) {
    tx.objectStore('events').delete(eventId);
    tx.objectStore('attendees').delete(eventId);
  }
}

/** Fetch the list of my events and store it; keep each stored pack's ETag. */
export async function refreshEvents() {
  await whenAccountChecked();
  const { events } = await getJson('/api/events');
  await inTransaction(['events', 'attendees'], 'readwrite', async (tx) => {
    const store = tx.objectStore('events');
    const known = new Map((await promisifyRequest(store.getAll())).map((e) => [e.id, e]));
    const current = new Set(events.map((event) => event.id));
    forgetEvents(tx, [...known.keys()].filter((id) => !current.has(id)));
    for (const event of events) {
      const old = known.get(event.id);
      store.put({ ...event, etag: old?.etag ?? null, stored_count: old?.stored_count ?? null,
        preview: old?.preview ?? null });
    }
  });
  return storedEvents();
}

// One readwrite transaction, one record: the list is on the device entirely or not at all.
async function storePack(event, etag, text, people) {
  const started = performance.now();
  await inTransaction(['events', 'attendees'], 'readwrite', (tx) => {
    tx.objectStore('attendees').put({
      event_id: event.id, text, index: storableIndex(people.index),
    });
    tx.objectStore('events').put({ ...event, etag, stored_count: people.attendees.length,
      preview: firstScreenOf(people) });
  });
  // Visible in DevTools' performance panel; bench/run.py reads it.
  performance.measure('companion:store-pack', { start: started, end: performance.now() });
  lastRead = { eventId: event.id, etag, people };
}

/**
 * Bring one event's pack up to date. Resolves {changed, count}; throws StorageFullError when
 * the device is full, ApiError(404) when the event is no longer mine or shared with me.
 */
export async function downloadPack(eventId) {
  requestPersistence();
  await whenAccountChecked();
  const known = await storedEvent(eventId);
  const headers = known?.etag ? { 'If-None-Match': known.etag } : {};
  // no-store: the copy lives in IndexedDB; a second one in the HTTP cache would double it.
  const response = await apiFetch(`/api/events/${eventId}/pack`, { headers, cache: 'no-store' });
  if (response.status === 304) return { changed: false, count: known.stored_count };
  if (!response.ok) {
    const data = await readJson(response);
    if (response.status === 404) {
      await inTransaction(['events', 'attendees'], 'readwrite',
        (tx) => forgetEvents(tx, [eventId]));
    }
    throw new ApiError(response.status, data.error);
  }
  const text = await response.text();
  const data = JSON.parse(text);
  const attendees = decodeAttendees(eventId, data.attendees);
  const people = { attendees, index: buildIndex(attendees), etag: response.headers.get('ETag') };
  try {
    await storePack(data.event, people.etag, text, people);
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError(attendees.length) : error;
  }
  return { changed: true, count: attendees.length };
}
