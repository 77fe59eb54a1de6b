// The Met tab: everyone marked met or scanned at this event, each with a note to edit. A scan
// linked to an attendee shows once, under that attendee; a scan matching nobody on the list
// shows on its own. Rows are kept by key, so a sync never wipes a note being typed.

import { byName } from '../rules/locale.js';
import { metGroups } from '../rules/met.js';
import { formatDateTime, formatTime } from '../rules/zoned.js';
import { deleteContact, saveContactNote } from '../store/contacts.js';
import { saveMark } from '../store/records.js';
import { h, linkOrText } from '../ui/dom.js';
import { eventHash } from '../ui/router.js';
import { deleteButton } from './delete-button.js';
import { noteField } from './note-field.js';
import { onlineOnly } from './online-only.js';

const SOURCE_LABELS = { scan: 'Scanned', manual: 'Added by hand' };
const EMPTY_TEXT = {
  event: 'Nobody yet. Scan a badge, or mark someone as met in their plan.',
  elsewhere: 'Nobody yet. People you scan or add with “No event” chosen are kept here.',
};

// At an event the time says enough; met elsewhere (no event, no zone), the day matters too.
function metWhen(metAt, eventId, zone) {
  if (!metAt) return '';
  const date = new Date(metAt);
  return ` ${eventId === null ? formatDateTime(date) : formatTime(date, zone)}`;
}

function contactDetails(contact, eventId, zone) {
  const { fields } = contact;
  const when = metWhen(fields.met_at, eventId, zone);
  const reach = [fields.email, fields.phone].filter(Boolean).join(' · ');
  const links = [fields.linkedin, fields.url].filter(Boolean).map(linkOrText);
  return [
    h('p', { class: 'met-source' }, `${SOURCE_LABELS[fields.source] || 'Saved'}${when}`),
    reach && h('p', { class: 'met-reach' }, reach),
    links.length > 0 && h('p', { class: 'met-links' }, ...links),
  ];
}

// One row: its element, and update(entry) to show newer data without touching a typed note.
function metRow(entry, { eventId, zone }) {
  const notes = new Map();  // record key -> note field
  const state = h('p', { class: 'save-state', role: 'status' });
  const onState = (text) => { state.textContent = text; };
  const note = (key, label, save) => {
    const field = noteField({ name: 'note', label, rows: 2, save, onState });
    notes.set(key, field);
    return field;
  };
  const { attendee } = entry;
  const heading = attendee
    ? h('a', { class: 'person-name', href: eventHash(eventId, 'met', attendee.id) }, attendee.name)
    : h('span', { class: 'person-name' }, entry.contacts[0].fields.name);
  const role = attendee || entry.contacts[0].fields;
  const parts = [heading, h('p', { class: 'person-sub' },
    [role.title, role.company].filter(Boolean).join(' · '))];
  if (attendee) {
    parts.push(note(`mark/${attendee.id}`, 'Note',
      (value, base) => saveMark(eventId, attendee.id, { note: value }, { note: base })).element);
  }
  for (const contact of entry.contacts) {
    const name = contact.fields.name || 'this contact';
    parts.push(h('div', { class: 'met-contact' }, contactDetails(contact, eventId, zone),
      note(`contact/${contact.id}`, attendee ? 'Contact note' : 'Note',
        (value, base) => saveContactNote(contact.id, value, base)).element,
      deleteButton({
        label: 'Delete contact…',
        question: `Delete ${name} from your contacts, with the note? On every device, ` +
          'once synced.',
        onDelete: () => {
          notes.get(`contact/${contact.id}`).reset('');  // nothing typed is saved after it
          return deleteContact(contact.id);
        },
      }).element));
  }
  const element = h('li', { class: 'met-row' }, ...parts, state);
  const update = (next) => {
    if (attendee) notes.get(`mark/${attendee.id}`).set(next.mark?.note);
    for (const contact of next.contacts) {
      notes.get(`contact/${contact.id}`)?.set(contact.fields.note);
    }
  };
  update(entry);
  const flush = () => { for (const field of notes.values()) field.flush(); };
  return { element, update, flush };
}

// Rebuild a row when what it shows changed shape (another contact linked, a new name).
const shape = (entry) => JSON.stringify([entry.attendee?.name,
  entry.contacts.map((c) => [c.id, c.fields.name, c.fields.email, c.fields.phone,
    c.fields.linkedin, c.fields.url, c.fields.title, c.fields.company])]);

/**
 * Mount into `container`; returns {setData({event, byId, marks, contacts}), destroy()}.
 * `marks`: attendee id -> mark fields; `contacts`: this event's contact records. With `eventId`
 * null, the list is of people met outside any event (screens/contacts.js).
 */
export function mountMetList(container, eventId) {
  const rows = new Map();  // key -> {row, shape}
  const list = h('ul', { class: 'met-list', 'aria-label': 'People you met' });
  const empty = h('p', { class: 'met-empty' });
  // Met elsewhere (eventId null), the export is of every contact, from events and elsewhere.
  const query = eventId === null ? '' : `?event=${eventId}`;
  const what = eventId === null ? 'all contacts' : 'contacts';
  const [exports, exportNote] = onlineOnly(h('span', { class: 'export-links' },
    h('a', { class: 'button', href: `/contacts/export.vcf${query}`, download: '' },
      `Export ${what} (.vcf)`),
    h('a', { class: 'button', href: `/contacts/export.csv${query}`, download: '' },
      `Export ${what} (.csv)`)), 'Exporting contacts needs a connection.');
  container.replaceChildren(
    h('div', { class: 'met-actions' }, exports, exportNote),
    empty, list);

  function entries(data) {
    const { byAttendee, alone } = metGroups(data);
    const linked = [...byAttendee.values()]
      .map((entry) => ({ ...entry, name: entry.attendee.name }));
    return [...linked, ...alone].sort(byName);
  }

  return {
    setData(data) {
      const zone = data.event?.timezone;
      const next = entries(data);
      const keys = next.map((entry) => (entry.attendee ? `a${entry.attendee.id}`
        : `c${entry.contacts[0].id}`));
      for (const [key, kept] of rows) {
        if (!keys.includes(key)) { kept.row.flush(); kept.row.element.remove(); rows.delete(key); }
      }
      next.forEach((entry, i) => {
        const kept = rows.get(keys[i]);
        if (kept && kept.shape === shape(entry)) {
          kept.row.update(entry);
          return;
        }
        kept?.row.flush();
        const row = metRow(entry, { eventId, zone });
        kept?.row.element.replaceWith(row.element);
        rows.set(keys[i], { row, shape: shape(entry) });
      });
      // Re-append only when the order changed: moving a row would blur a note being typed.
      const current = [...list.children];
      const wanted = keys.map((key) => rows.get(key).row.element);
      if (current.length !== wanted.length || current.some((el, i) => el !== wanted[i])) {
        list.append(...wanted);
      }
      empty.textContent = next.length ? '' : EMPTY_TEXT[eventId === null ? 'elsewhere' : 'event'];
    },
    destroy() { for (const { row } of rows.values()) row.flush(); },
  };
}
