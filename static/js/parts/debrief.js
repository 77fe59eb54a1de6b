// The debrief (#/followups/debrief/<event id>, mounted by screens/followups.js): once an event
// is over, everyone marked met there without a note, one line each, then done. A minute while
// the faces are fresh: the line becomes the note, and the note is what the follow-up drafts are
// made of. Everything on the device, offline.

import { debriefDone, debriefPeople } from '../store/followups.js';
import { storedEvent } from '../store/pack.js';
import { saveMark } from '../store/records.js';
import { h, uniqueId } from '../ui/dom.js';
import { useStylesheet } from '../ui/stylesheet.js';

useStylesheet(new URL('../../css/followups.css', import.meta.url));

// A line, not an essay: the note field can take more later, on the person's page.
const LINE_LENGTH = 300;

/** Mount the debrief of `route.eventId` into `main`; returns {accepts, update, destroy}. */
export function mountDebrief(main, route) {
  const { eventId } = route;
  const heading = h('h1', { tabindex: '-1' }, 'Debrief');
  const intro = h('p', { class: 'screen-status', role: 'status' });
  const list = h('ol', { class: 'debrief-list' });
  const done = h('button', { type: 'button', class: 'primary' }, 'Done');
  const after = h('div', { class: 'debrief-after' });
  main.replaceChildren(h('div', { class: 'debrief-screen' }, heading, intro, list,
    h('p', { class: 'event-actions' }, done), after));
  let alive = true;
  // attendee id -> [input, what was saved last]: a line is saved on leaving it and on Done.
  const lines = new Map();

  const save = async (attendeeId) => {
    const [input, saved] = lines.get(attendeeId);
    const value = input.value.trim();
    if (value === saved) return false;
    await saveMark(eventId, attendeeId, { note: value }, { note: saved });
    lines.set(attendeeId, [input, value]);
    return true;
  };

  (async () => {
    const [event, people] = await Promise.all([storedEvent(eventId), debriefPeople(eventId)]);
    if (!alive) return;
    if (!event) {
      intro.textContent = 'This event is not on this device.';
      done.hidden = true;
      return;
    }
    heading.textContent = `Debrief: ${event.title}`;
    document.title = `Debrief · ${event.title}`;
    intro.textContent = people.length
      ? `${people.length === 1 ? '1 person' : `${people.length} people`} you met without a note. ` +
        'One line each: what you talked about, what you promised.'
      : 'Everyone you met here has a note.';
    for (const { attendee } of people) {
      const id = uniqueId('debrief');
      const input = h('input', { type: 'text', id, maxlength: LINE_LENGTH, autocomplete: 'off',
        enterkeyhint: 'next', placeholder: 'One thing you remember',
        on: { change: () => save(attendee.id).catch(showError) } });
      lines.set(attendee.id, [input, '']);
      const role = [attendee.title, attendee.company].filter(Boolean).join(' · ');
      list.append(h('li', { class: 'debrief-person' },
        h('label', { for: id }, h('strong', {}, attendee.name),
          role ? h('span', { class: 'person-role' }, ` ${role}`) : null),
        input));
    }
    lines.values().next().value?.[0].focus();
  })().catch(showError);

  function showError(error) {
    intro.textContent = `Not saved: ${error.message}`;
  }

  done.addEventListener('click', async () => {
    try {
      let written = 0;
      for (const attendeeId of lines.keys()) {
        await save(attendeeId);
        if (lines.get(attendeeId)[1]) written += 1;
      }
      await debriefDone(eventId);
      if (!alive) return;
      list.replaceChildren();
      done.hidden = true;
      intro.textContent = written === 1 ? 'Done: 1 note saved.' : `Done: ${written} notes saved.`;
      after.replaceChildren(h('p', {}, h('a', { class: 'button', href: '#/followups' },
        'Follow up'), ' ', h('a', { class: 'button', href: '#/' }, 'Back to your events')));
      after.querySelector('a').focus();
    } catch (error) {
      showError(error);
    }
  });

  return {
    accepts: (next) => next.view === 'debrief' && next.eventId === eventId,
    update() {},
    destroy() {
      alive = false;
      for (const attendeeId of lines.keys()) save(attendeeId).catch(() => {});
    },
  };
}
