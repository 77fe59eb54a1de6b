// One event: its header, the arrival plan, the lists, and the selected person's mark editor
// (beside the list on a laptop, instead of it on a phone). Everything is read from IndexedDB,
// so it opens with no signal; with one, the pack and the records are brought up to date.

import { mountArrivalPlan } from '../parts/arrival-plan.js';
import { mountMetList } from '../parts/met-list.js';
import { mountPeopleList } from '../parts/people-list.js';
import { mountPerson } from '../parts/person.js';
import { formatCount } from '../rules/locale.js';
import { formatDateTime } from '../rules/zoned.js';
import { LoginRequired, isNetworkError } from '../store/api.js';
import { storedContacts } from '../store/contacts.js';
import {
  downloadPack, keepFirstScreen, refreshEvents, storedEvent, storedFirstScreen, storedPeople,
} from '../store/pack.js';
import { DEFAULTS, localChanges, marksByAttendee, planFor } from '../store/records.js';
import { syncEvents, syncNow } from '../store/sync.js';
import { h } from '../ui/dom.js';
import { eventHash, scanHash } from '../ui/router.js';

const savedText = (count) => `Saved for offline use · ${formatCount(count)} people`;
const FIRST_SCREEN_SAVE_DELAY = 1000;  // ms: marks typed in a row are kept in one write

// Let the browser paint what is on screen before a long task (reading a whole pack) starts.
// A hidden page paints no frames: it goes on at once, or as soon as it is hidden.
const afterPaint = () => new Promise((resolve) => {
  if (document.hidden) { resolve(); return; }
  const done = () => { document.removeEventListener('visibilitychange', done); resolve(); };
  requestAnimationFrame(() => setTimeout(done));
  document.addEventListener('visibilitychange', done);
});

/** Mount the event screen for `route` into `main`; returns {accepts, update, destroy}. */
export function mountEvent(main, route) {
  const { eventId } = route;
  const heading = h('h1', { tabindex: '-1' }, 'Event');
  const when = h('p', { class: 'event-when' });
  const status = h('p', { class: 'screen-status', role: 'status' });
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const arrivalBox = h('div', { class: 'arrival-box' });
  const peopleBox = h('div', { class: 'people-box' });
  const metBox = h('div', { class: 'met-box' });
  const listPane = h('section', { class: 'list-pane', 'aria-label': 'People' }, peopleBox, metBox);
  const detailPane = h('section', { class: 'detail-pane', 'aria-label': 'Selected person' });
  const screen = h('div', { class: 'event-screen' },
    h('a', { class: 'back', href: '#/' }, '← All events'),
    heading, when,
    h('p', { class: 'event-actions' },
      h('a', { class: 'button primary', href: scanHash(eventId) }, 'Scan a badge')),
    status, problem, arrivalBox,
    h('div', { class: 'event-layout' }, listPane, detailPane));
  main.replaceChildren(screen);

  const people = mountPeopleList(peopleBox, eventId);
  let met = null;  // the Met tab's list, only while that tab is open
  let event = null;
  let arrival = null;
  let arrivalTiming = '';
  let person = null;
  // While `partial`, `attendees` are only the first screen's people (pack.js) and `total`
  // says how many the whole list holds; the lists say they are still loading.
  let data = { attendees: [], index: null, byId: new Map(), marks: new Map(), contacts: [],
    partial: false, total: 0 };
  let wholeList = null;  // what loadPeople read (pack.js storedPeople), for keepFirstScreen
  let firstScreenTimer = 0;
  let plan = { ...DEFAULTS.plan };
  let savedScroll = 0;
  let destroyed = false;

  const showProblem = (text) => { problem.textContent = text; problem.hidden = !text; };

  function showEvent() {
    heading.textContent = event.title;
    when.textContent = [formatDateTime(new Date(event.starts_at), event.timezone),
      event.venue, event.address].filter(Boolean).join(' · ');
    document.title = `${event.title} · Companion`;
    // The plan depends on the event's times and kind: new ones (an edited event) need a new box.
    const timing = JSON.stringify([event.starts_at, event.ends_at, event.kind,
      event.networking_starts_at, event.timezone]);
    if (timing !== arrivalTiming) {
      arrival?.destroy();
      arrival = mountArrivalPlan(arrivalBox, event);
      arrivalTiming = timing;
    }
  }

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
    status.textContent = savedText(kept.total);
    render();
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

  // The Met tab is its own list (met-list.js): people-list keeps only the tabs above it.
  function showTab() {
    const showing = route.tab === 'met';
    listPane.classList.toggle('showing-met', showing);
    if (showing && !met) {
      met = mountMetList(metBox, eventId);
      met.setData({ ...data, event });
    } else if (!showing && met) {
      met.destroy();
      met = null;
      metBox.replaceChildren();
    }
  }

  function render() {
    people.setData(data);
    met?.setData({ ...data, event });
    arrival?.update(data.marks, plan);
    showPerson();
  }

  function showPerson() {
    const attendee = route.attendeeId === null ? null : data.byId.get(route.attendeeId);
    screen.classList.toggle('has-person', Boolean(attendee));
    if (!attendee) {
      person?.destroy();
      person = null;
      detailPane.replaceChildren(
        h('p', { class: 'hint' }, 'Choose someone to see your plan for them.'));
      return;
    }
    if (person && person.attendeeId === attendee.id) {
      person.update(data.marks.get(attendee.id));
      return;
    }
    person?.destroy();
    person = mountPerson(detailPane, {
      eventId, attendee, mark: data.marks.get(attendee.id), backHref: eventHash(eventId, route.tab),
    });
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
      status.textContent = 'Checking the attendee list…';
      const { changed, count } = await downloadPack(eventId);
      event = await storedEvent(eventId);
      status.textContent = savedText(count ?? 0);
      showProblem('');
      if (destroyed) return;
      showEvent();
      if (changed) await loadPeople();
      await syncNow();
      await loadRecords();
      if (destroyed) return;
      render();  // also draws a newly mounted arrival box
      keepFirstScreenSoon();
    } catch (error) {
      status.textContent = '';
      if (error instanceof LoginRequired || isNetworkError(error)) return;  // header explains
      showProblem(error.message);
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
    people.refresh();
    met?.setData({ ...data, event });
    arrival?.update(data.marks, plan);
    keepFirstScreenSoon();
  };
  const onSynced = async () => {
    await loadRecords();
    if (destroyed) return;
    render();
    keepFirstScreenSoon();
  };
  localChanges.addEventListener('change', onLocalChange);
  syncEvents.addEventListener('synced', onSynced);

  people.setRoute(route);
  showTab();
  (async () => {
    // My marks and notes do not depend on the event's record: both are read at once.
    const records = loadRecords();
    event = await storedEvent(eventId);
    if (event) showEvent();
    await records;
    if (event) {
      if (!destroyed && showFirstScreen()) await afterPaint();
      await loadPeople();
      if (destroyed) return;
      status.textContent = savedText(data.attendees.length);
      render();
      // Visible in DevTools' performance panel; bench/run.py reads it.
      performance.mark('companion:whole-list');
      keepFirstScreenSoon();
    } else if (!navigator.onLine) {
      heading.textContent = 'Event not on this device';
      showProblem('Open this event once with a connection to keep it for offline use.');
    }
    await refreshFromServer();
  })();

  return {
    accepts: (next) => next.name === 'event' && next.eventId === eventId,
    update(next) {
      const opening = route.attendeeId === null && next.attendeeId !== null;
      const closing = route.attendeeId !== null && next.attendeeId === null;
      route = next;
      people.setRoute(route);
      showTab();
      showPerson();
      // On a phone the editor replaces the list: open at its top, come back to where you were.
      if (opening) { savedScroll = window.scrollY; person?.focus(); }
      if (closing) window.scrollTo(0, savedScroll);
    },
    destroy() {
      destroyed = true;
      clearTimeout(firstScreenTimer);
      person?.destroy();
      arrival?.destroy();
      people.destroy();
      met?.destroy();
      localChanges.removeEventListener('change', onLocalChange);
      syncEvents.removeEventListener('synced', onSynced);
    },
  };
}
