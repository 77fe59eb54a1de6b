// One event's data for its screen: the event, its first screen, then the whole pack, my marks,
// contacts and plan, kept current through my edits, syncs and (online) the server. The screen
// draws; this module says when, through `view`.

import { storedContacts } from './contacts.js';
import {
  downloadPack, keepFirstScreen, refreshEvents, storedEvent, storedFirstScreen, storedPeople,
} from './pack.js';
import { DEFAULTS, localChanges, marksByAttendee, planFor } from './records.js';
import { syncEvents, syncNow } from './sync.js';

const FIRST_SCREEN_SAVE_DELAY = 1000;  // ms: marks typed in a row are kept in one write

/**
 * Read event `eventId` from the device, then bring it up to date. Returns {event, data, plan,
 * close()}, where `data` is {attendees, index, byId, marks, contacts, partial, total}.
 * `view` is told, and draws:
 *   event()         the event's record was read or has changed
 *   saved(count)    this many people are kept on the device
 *   checking()      the server is being asked for a newer list
 *   problem(error)  bringing it up to date failed (null: it worked)
 *   missing()       offline, and the event is not on this device
 *   changed()       anything may have changed: draw it all
 *   edited()        a local edit changed marks, plan or contacts: redraw in place
 *   painted()       a promise that resolves once the first screen is painted; the whole pack
 *                   is read only then
 */
export function openEventData(eventId, view) {
  let event = null;
  // While `partial`, `attendees` are only the first screen's people (pack.js) and `total`
  // says how many the whole list holds; the lists say they are still loading.
  let data = { attendees: [], index: null, byId: new Map(), marks: new Map(), contacts: [],
    partial: false, total: 0 };
  let wholeList = null;  // what loadPeople read (pack.js storedPeople), for keepFirstScreen
  let firstScreenTimer = 0;
  let plan = { ...DEFAULTS.plan };
  let closed = false;

  async function loadPeople() {
    // The search index comes stored with the pack: nothing is folded or sorted at start.
    wholeList = await storedPeople(eventId);
    const { attendees, index } = wholeList;
    data = { ...data, attendees, index, partial: false, total: attendees.length,
      byId: new Map(attendees.map((attendee) => [attendee.id, attendee])) };
  }

  // The first screen, from the event's record: painted before the whole list is read.
  function showFirstScreen() {
    const kept = storedFirstScreen(event);
    if (!kept || wholeList) return false;
    data = { ...data, attendees: kept.first, index: null, byId: kept.byId,
      partial: true, total: kept.total };
    view.saved(kept.total);
    view.changed();
    return true;
  }

  // Keep the people my marks and contacts point at in the first screen, so the next cold start
  // shows the Targets and Met tabs whole at once.
  function keepFirstScreenSoon() {
    clearTimeout(firstScreenTimer);
    firstScreenTimer = setTimeout(() => {
      if (data.partial || !wholeList) return;
      const linked = [...data.marks.keys(),
        ...data.contacts.map((contact) => contact.fields.attendee_id)];
      keepFirstScreen(eventId, wholeList, data.byId, linked)
        .catch((error) => console.warn('First screen not kept:', error));
    }, FIRST_SCREEN_SAVE_DELAY);
  }

  async function loadRecords() {
    [data.marks, plan, data.contacts] = await Promise.all(
      [marksByAttendee(eventId), planFor(eventId), storedContacts(eventId)]);
  }

  // Online: bring the event, its pack and my records up to date, then show them again.
  async function refreshFromServer() {
    if (!navigator.onLine) return;
    try {
      if (!event) {
        await refreshEvents();
        event = await storedEvent(eventId);
        if (!event) throw new Error('This event is not on your list or no longer shared.');
      }
      view.checking();
      const { changed, count } = await downloadPack(eventId);
      event = await storedEvent(eventId);
      view.saved(count ?? 0);
      view.problem(null);
      if (closed) return;
      view.event();
      // Another download (the events list's, another tab's) may have stored the pack after
      // this screen read it: then this one is a 304 and the list read here is not the kept one.
      if (changed || wholeList?.etag !== event?.etag) await loadPeople();
      await syncNow();
      await loadRecords();
      if (closed) return;
      view.changed();  // also draws a newly mounted arrival box
      keepFirstScreenSoon();
    } catch (error) {
      view.problem(error);
    }
  }

  const onLocalChange = ({ detail: record }) => {
    if (record.event_id !== eventId) return;
    if (record.kind === 'mark') data.marks.set(record.fields.attendee_id, record.fields);
    if (record.kind === 'plan') plan = { ...plan, ...record.fields };
    if (record.kind === 'contact') {
      // In place: a note edit must not reorder (and so rebuild) the row being typed in.
      const known = data.contacts.some((c) => c.id === record.id);
      data.contacts = (known ? data.contacts.map((c) => (c.id === record.id ? record : c))
        : [...data.contacts, record]).filter((c) => !c.deleted);
    }
    view.edited();
    keepFirstScreenSoon();
  };
  const onSynced = async () => {
    await loadRecords();
    if (closed) return;
    view.changed();
    keepFirstScreenSoon();
  };
  localChanges.addEventListener('change', onLocalChange);
  syncEvents.addEventListener('synced', onSynced);

  (async () => {
    // My marks and notes do not depend on the event's record: both are read at once.
    const records = loadRecords();
    event = await storedEvent(eventId);
    if (event) view.event();
    await records;
    if (event) {
      if (!closed && showFirstScreen()) await view.painted();
      await loadPeople();
      if (closed) return;
      view.saved(data.attendees.length);
      view.changed();
      // Visible in DevTools' performance panel; bench/run.py reads it.
      performance.mark('companion:whole-list');
      keepFirstScreenSoon();
    } else if (!navigator.onLine) {
      view.missing();
    }
    await refreshFromServer();
  })();

  return {
    get event() { return event; },
    get data() { return data; },
    get plan() { return plan; },
    close() {
      closed = true;
      clearTimeout(firstScreenTimer);
      localChanges.removeEventListener('change', onLocalChange);
      syncEvents.removeEventListener('synced', onSynced);
    },
  };
}
