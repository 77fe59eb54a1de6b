// One event: its header, the arrival plan, the lists, and the selected person's mark editor
// (beside the list on a laptop, instead of it on a phone). Everything is read from IndexedDB,
// so it opens with no signal; with one, the pack and the records are brought up to date
// (store/event-data.js: this module only draws and handles input).

import { mountArrivalPlan } from '../parts/arrival-plan.js';
import { mountPeopleList } from '../parts/people-list.js';
import { formatCount } from '../rules/locale.js';
import { formatDateTime } from '../rules/zoned.js';
import { LoginRequired, isNetworkError } from '../store/api.js';
import { openEventData } from '../store/event-data.js';
import { h } from '../ui/dom.js';
import { eventHash, scanHash } from '../ui/router.js';

const savedText = (count) => `Saved for offline use · ${formatCount(count)} people`;

// Let the browser paint what is on screen before a long task (reading a whole pack) starts.
// A hidden page paints no frames: it goes on at once, or as soon as it is hidden.
const afterPaint = () => new Promise((resolve) => {
  if (document.hidden) { resolve(); return; }
  const done = () => { document.removeEventListener('visibilitychange', done); resolve(); };
  requestAnimationFrame(() => setTimeout(done));
  document.addEventListener('visibilitychange', done);
});

/**
 * Mount the event screen for `route` into `main`; returns {accepts, update, destroy}.
 * `loadSuggested` resolves to the Suggested strip's mount (parts/suggested.js, on demand).
 */
export function mountEvent(main, route, { loadSuggested = null } = {}) {
  const { eventId } = route;
  const heading = h('h1', { tabindex: '-1' }, 'Event');
  const when = h('p', { class: 'event-when' });
  const status = h('p', { class: 'screen-status', role: 'status' });
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const arrivalBox = h('div', { class: 'arrival-box' });
  const journalBox = h('div', { class: 'journal-box' });
  const keysHint = h('p', { class: 'hint keys-hint', hidden: true });
  const peopleBox = h('div', { class: 'people-box' });
  const metBox = h('div', { class: 'met-box' });
  const suggestedBox = h('div', { class: 'suggested-box' });
  const listPane = h('section', { class: 'list-pane', 'aria-label': 'People' }, peopleBox,
    suggestedBox, metBox);
  const detailPane = h('section', { class: 'detail-pane', 'aria-label': 'Selected person' });
  const screen = h('div', { class: 'event-screen' },
    h('a', { class: 'back', href: '#/' }, '← All events'),
    heading, when,
    h('p', { class: 'event-actions' },
      h('a', { class: 'button primary', href: scanHash(eventId) }, 'Scan a badge')),
    status, problem, journalBox, arrivalBox, keysHint,
    h('div', { class: 'event-layout' }, listPane, detailPane));
  main.replaceChildren(screen);

  const people = mountPeopleList(peopleBox, eventId);
  let met = null;  // the Met tab's list, only while that tab is open
  let metModule = null;  // parts/met-list.js, once loaded
  let suggested = null;  // the Suggested strip, under Targets once loaded
  let arrival = null;
  let arrivalTiming = '';
  let journal = null;  // the journal card: "I'm here" while on, the ten seconds after the end
  let person = null;
  // The mark editor loads when someone is first opened, not with the app shell (its size
  // budget); main.js warms it into the worker's cache so it opens offline too.
  let personModule = null;
  let focusWhenShown = false;
  let closed = false;
  let stopKeys = null;
  let revealNext = false;  // a key moved to this person: keep their row on screen
  // A laptop (wide, with a keyboard and a pointer) goes through the list by keyboard.
  if (window.matchMedia('(min-width: 56rem) and (hover: hover)').matches) {
    import('../parts/prep-keys.js').then(({ KEYS_HINT, listenForPrepKeys }) => {
      if (closed) return;
      keysHint.textContent = KEYS_HINT;
      keysHint.hidden = false;
      stopKeys = listenForPrepKeys(document, {
        step(step) {
          if (route.tab === 'met') return;
          const next = people.neighbour(route.attendeeId, step);
          if (!next) return;
          revealNext = true;
          location.hash = eventHash(eventId, route.tab, next.id);
        },
        priority: (value) => person?.setPriority(value),
        focusWhy: () => person?.focusWhy(),
        openLinkedIn() { if (person?.linkedIn) window.open(person.linkedIn, '_blank', 'noopener'); },
      });
    }, (error) => console.warn('No keyboard shortcuts:', error));
  }
  let savedScroll = 0;

  const showProblem = (text) => { problem.textContent = text; problem.hidden = !text; };

  function showEvent() {
    const { event } = store;
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
      journal?.destroy();
      journal = null;
      // Loaded on demand (the shell's size budget); main.js warms it for offline use.
      import('../parts/journal-card.js').then(({ mountJournalCard }) => {
        if (!closed && !journal) journal = mountJournalCard(journalBox, event);
      }, (error) => console.warn('No journal card:', error));
    }
  }

  // The Met tab is its own list (met-list.js): people-list keeps only the tabs above it. The
  // list loads when the tab is first opened, not with the app shell (its size budget); main.js
  // warms it into the worker's cache so it opens offline too.
  function showTab() {
    suggestedBox.hidden = route.tab !== 'targets';
    const showing = route.tab === 'met';
    listPane.classList.toggle('showing-met', showing);
    if (showing && !met && !metModule) {
      import('../parts/met-list.js').then((module) => {
        metModule = module;
        if (!closed) showTab();
      }, (error) => showProblem(`The Met list could not be shown: ${error.message}`));
    } else if (showing && !met) {
      met = metModule.mountMetList(metBox, eventId);
      met.setData({ ...store.data, event: store.event });
    } else if (!showing && met) {
      met.destroy();
      met = null;
      metBox.replaceChildren();
    }
  }

  // Its rows (or that it has none) are on screen: main.js swaps out the last screen's snapshot.
  let markDrawn;
  const drawn = new Promise((resolve) => { markDrawn = resolve; });

  function render() {
    const { data, event, plan } = store;
    people.setData(data);
    if (data.attendees.length || !data.partial) markDrawn();
    suggested?.setData(data);
    met?.setData({ ...data, event });
    arrival?.update(data.marks, plan);
    journal?.update();
    showPerson();
  }

  // A local edit: the rows on screen again, in place (people-list keeps its order and search).
  function redraw() {
    const { data, event, plan } = store;
    people.refresh();
    suggested?.setData(data);
    met?.setData({ ...data, event });
    arrival?.update(data.marks, plan);
  }

  function showPerson() {
    const { data } = store;
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
    if (!personModule) {
      import('../parts/person.js').then((module) => {
        personModule = module;
        if (!closed) showPerson();
      }, (error) => showProblem(`This person could not be shown: ${error.message}`));
      return;
    }
    person?.destroy();
    person = personModule.mountPerson(detailPane, {
      eventId, attendee, mark: data.marks.get(attendee.id), backHref: eventHash(eventId, route.tab),
    });
    if (focusWhenShown) { focusWhenShown = false; person.focus(); }
  }

  const store = openEventData(eventId, {
    event: showEvent,
    saved: (count) => { status.textContent = savedText(count); },
    checking: () => { status.textContent = 'Checking the attendee list…'; },
    problem(error) {
      if (!error) { showProblem(''); return; }
      status.textContent = '';
      if (error instanceof LoginRequired || isNetworkError(error)) return;  // header explains
      showProblem(error.message);
    },
    missing() {
      markDrawn();
      heading.textContent = 'Event not on this device';
      showProblem('Open this event once with a connection to keep it for offline use.');
    },
    changed: render,
    edited: redraw,
    painted: afterPaint,
  });
  people.setRoute(route);
  showTab();
  loadSuggested?.().then((mountSuggested) => {
    if (closed) return;
    suggested = mountSuggested(suggestedBox, eventId);
    suggested.setData(store.data);
  }).catch((error) => console.warn('Suggestions not loaded:', error));

  return {
    drawn,
    // What a cold start on this URL draws (ui/snapshot.js keeps it): the whole list read, no
    // search typed, nobody opened, at the top.
    snapshotReady: () => Boolean(store.event) && !store.data.partial && route.attendeeId === null
      && people.isDefaultView() && window.scrollY === 0,
    accepts: (next) => next.name === 'event' && next.eventId === eventId,
    update(next) {
      const opening = route.attendeeId === null && next.attendeeId !== null;
      const closing = route.attendeeId !== null && next.attendeeId === null;
      route = next;
      // Opened to set travel time, the plan folds again on the way to a person or a tab: left
      // open it would push the first target off the screen for the rest of the evening.
      arrival?.fold();
      people.setRoute(route);
      showTab();
      showPerson();
      if (revealNext && route.attendeeId !== null) people.reveal(route.attendeeId);
      revealNext = false;
      // On a phone the editor replaces the list: open at its top, come back to where you were.
      if (opening) {
        savedScroll = window.scrollY;
        if (person) person.focus();
        else focusWhenShown = true;
      }
      if (closing) window.scrollTo(0, savedScroll);
    },
    destroy() {
      closed = true;
      stopKeys?.();
      suggested?.destroy();
      store.close();
      person?.destroy();
      arrival?.destroy();
      journal?.destroy();
      people.destroy();
      met?.destroy();
    },
  };
}
