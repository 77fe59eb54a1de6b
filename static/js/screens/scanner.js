// The scanner (#/events/3/scan, or #/scan/elsewhere with no event): the camera until a code is
// read, then what it holds, to save as a contact, matched to the event's attendee list (who is
// then marked met). "Add by hand" for a code that will not scan. Everything works offline.
// "Scan a badge" from the events list or my card (#/scan) files to the event on now, and asks
// which event, in one tap, when none is (or several are).

import { contactForm } from '../parts/contact-form.js';
import { scanResult } from '../parts/scan-result.js';
import { eventsOnNow, eventsToOffer } from '../rules/happening.js';
import { parseScanned } from '../rules/payload.js';
import { formatDateTime } from '../rules/zoned.js';
import { attendeeMatcher, saveContact, storedContacts } from '../store/contacts.js';
import { storedAttendees, storedEvent, storedEvents } from '../store/pack.js';
import { contactLink } from '../store/people.js';
import { uuid4 } from '../store/uuid.js';
import { CameraError, scanWithCamera } from '../ui/camera.js';
import { h, uniqueId } from '../ui/dom.js';
import { eventHash, scanHash } from '../ui/router.js';

// The last event's matcher, kept while its list is unchanged (same pack ETag): building one
// for 70,000 names takes a phone about a second, and people go back and forth to the scanner.
let kept = { key: null, matcher: null };

async function matcherFor(event) {
  const key = `${event.id}/${event.etag}/${event.stored_count}`;
  if (kept.key !== key) {
    kept = { key, matcher: attendeeMatcher(await storedAttendees(event.id)) };
  }
  return kept.matcher;
}

async function eventPicker(eventId) {
  const id = uniqueId('event');
  const select = h('select', { id, on: { change: () => { location.hash = scanHash(
    select.value ? Number(select.value) : null); } } },
  h('option', { value: '' }, 'No event'),
  (await storedEvents()).map((event) => h('option', {
    value: String(event.id), selected: event.id === eventId }, event.title)));
  return h('div', { class: 'field' }, h('label', { for: id }, 'Save contacts to'), select);
}

// "#/scan": go straight to the scanner of the event on now, else ask which event in one tap.
function mountChooser(main) {
  const status = h('p', { class: 'screen-status', role: 'status' }, 'Finding the event on now…');
  const choices = h('ul', { class: 'scan-choices' });
  main.replaceChildren(h('div', { class: 'scanner-screen' },
    h('a', { class: 'back', href: '#/' }, '← All events'),
    h('h1', { tabindex: '-1' }, 'Scan a badge'), status, choices));
  document.title = 'Scan · Companion';
  let destroyed = false;
  const choice = (href, title, when) => h('li', {}, h('a', { class: 'button scan-choice', href },
    h('span', { class: 'event-title' }, title), when && h('span', { class: 'event-when' }, when)));
  (async () => {
    const events = await storedEvents();
    if (destroyed) return;
    const now = eventsOnNow(events);
    if (now.length === 1) {
      location.replace(scanHash(now[0].id));  // Back then returns to where the scan began
      return;
    }
    const offered = now.length ? now : eventsToOffer(events);
    status.textContent = now.length ? 'Several events are on now. Which one are you at?'
      : 'No event is on now. Which one are these contacts from?';
    choices.replaceChildren(
      ...offered.map((event) => choice(scanHash(event.id), event.title,
        formatDateTime(new Date(event.starts_at), event.timezone))),
      choice(scanHash(null), 'No event', 'Met elsewhere: kept in “Met outside events”'));
  })();
  return {
    accepts: (next) => next.name === 'scan' && next.choose,
    update() {},
    destroy() { destroyed = true; },
  };
}

/**
 * Mount the scanner for `route` ({eventId: number | null, choose}); returns {accepts, update,
 * destroy}.
 */
export function mountScanner(main, route) {
  if (route.choose) return mountChooser(main);
  const { eventId } = route;
  const video = h('video', { class: 'scanner-video', playsinline: true, 'aria-hidden': 'true' });
  video.muted = true;
  const status = h('p', { class: 'screen-status', role: 'status' });
  const problem = h('p', { class: 'problem', role: 'alert', hidden: true });
  const camera = h('div', { class: 'scanner-camera' }, h('div', { class: 'viewfinder' }, video),
    status);
  const panel = h('div', { class: 'scanner-panel' });
  const picker = h('div');
  const byHand = h('button', { type: 'button', on: { click: () => showManual() } },
    'Add by hand');
  const back = h('a', { class: 'back', href: eventId ? eventHash(eventId, 'met') : '#/' },
    eventId ? '← Back to the event' : '← All events');
  main.replaceChildren(h('div', { class: 'scanner-screen' }, back,
    h('h1', { tabindex: '-1' }, 'Scan a badge'), picker, camera, problem, panel,
    h('p', { class: 'actions' }, byHand)));
  document.title = 'Scan · Companion';

  let scan = null;
  let paused = false;
  let destroyed = false;
  let matcher = attendeeMatcher([]);
  let event = null;
  const ready = (async () => {
    event = eventId ? await storedEvent(eventId) : null;
    if (event) matcher = await matcherFor(event);
    picker.replaceChildren(await eventPicker(eventId));
  })();

  const showProblem = (text) => { problem.textContent = text; problem.hidden = !text; };

  function stopCamera() {
    scan?.stop();
    scan = null;
    camera.hidden = true;
  }

  async function startCamera() {
    stopCamera();
    panel.replaceChildren();
    showProblem('');
    camera.hidden = false;
    status.textContent = 'Starting the camera…';
    const current = scanWithCamera(video);
    scan = current;
    video.addEventListener('playing', () => {
      if (scan === current) status.textContent = 'Point the camera at a QR code.';
    }, { once: true });
    try {
      const text = await current.result;
      if (scan === current && text !== null) await showResult(text);
    } catch (error) {
      if (scan !== current) return;
      stopCamera();
      showProblem(error instanceof CameraError ? error.message
        : `Scanning failed: ${error.message}`);
      panel.replaceChildren(h('button', { type: 'button', on: { click: startCamera } },
        'Try the camera again'));
    }
  }

  async function save(contact, source) {
    await ready;
    const attendee = matcher.match(contact.name);
    const id = uuid4();
    // Linked to the person they already are, or a new one (offline too); without the people
    // module (never loaded before going offline) the contact is still saved, unlinked.
    const link = await contactLink(contact, { contactId: id, eventId, attendee })
      .catch((error) => { console.warn('Not linked to a person:', error); return null; });
    const record = await saveContact(contact, { eventId, attendee, source, id, link });
    if (destroyed) return;
    stopCamera();
    const met = attendee ? ` ${attendee.name} is marked as met.` : '';
    panel.replaceChildren(h('div', { class: 'scan-saved' },
      h('p', { role: 'status' }, `Saved ${record.fields.name}.${met}`),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', on: { click: startCamera } },
          'Scan another'),
        h('a', { class: 'button', href: eventId ? eventHash(eventId, 'met') : '#/contacts' },
          'See who you met'))));
    panel.querySelector('button').focus();
  }

  async function showResult(text) {
    stopCamera();
    const parsed = parseScanned(text);
    if (parsed.error) {
      showProblem(`This code was not saved: ${parsed.error}`);
      panel.replaceChildren(h('button', { type: 'button', class: 'primary',
        on: { click: startCamera } }, 'Scan again'));
      return;
    }
    await ready;
    const contacts = await storedContacts(eventId);
    if (destroyed) return;
    const known = contacts.find((contact) => contact.fields.raw === parsed.raw) || null;
    const form = scanResult(parsed, {
      matched: matcher.match(parsed.name), known, hasEvent: Boolean(event),
      onSave: (contact) => save(contact, 'scan'), onAgain: startCamera,
    });
    panel.replaceChildren(form);
    form.querySelector('h2').setAttribute('tabindex', '-1');
    form.querySelector('h2').focus();
  }

  function showManual() {
    stopCamera();
    showProblem('');
    const form = contactForm({
      onSave: (contact) => save({ ...contact, raw: '' }, 'manual'), onCancel: startCamera,
    });
    panel.replaceChildren(form.element);
    form.focus();
  }

  // A hidden page keeps the camera light on for nothing: let it go, take it back on return.
  const onVisibility = () => {
    if (document.visibilityState === 'hidden' && scan) {
      stopCamera();
      paused = true;
    } else if (document.visibilityState === 'visible' && paused) {
      paused = false;
      startCamera();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  ready.then(() => { if (event) document.title = `Scan · ${event.title} · Companion`; });
  startCamera();

  return {
    accepts: (next) => next.name === 'scan' && !next.choose && next.eventId === eventId,
    update() {},
    destroy() {
      destroyed = true;
      stopCamera();
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
