// Who the Met tab lists, grouped and counted: pure, so the tab's label (people-list.js, on the
// first screen) counts them without loading the list itself (parts/met-list.js, on demand).

/**
 * Group what the Met tab lists: {byAttendee: attendee id -> {attendee, mark, contacts}, alone:
 * [{attendee: null, contacts: [contact], name}]}. An attendee is listed once, with every contact
 * saved for them; a contact that matches nobody on the list is listed on its own.
 */
export function metGroups({ byId, marks, contacts }) {
  const byAttendee = new Map();
  for (const [attendeeId, mark] of marks) {
    if (mark.status === 'met' && byId.has(attendeeId)) {
      byAttendee.set(attendeeId, { attendee: byId.get(attendeeId), mark, contacts: [] });
    }
  }
  const alone = [];
  for (const contact of contacts) {
    const attendee = byId.get(contact.fields.attendee_id);
    if (!attendee) {
      alone.push({ attendee: null, contacts: [contact], name: contact.fields.name });
      continue;
    }
    if (!byAttendee.has(attendee.id)) {
      byAttendee.set(attendee.id, { attendee, mark: marks.get(attendee.id), contacts: [] });
    }
    byAttendee.get(attendee.id).contacts.push(contact);
  }
  return { byAttendee, alone };
}

/** Count the Met tab's entries (for its tab label) without putting them in order. */
export function countMet(data) {
  const { byAttendee, alone } = metGroups(data);
  return byAttendee.size + alone.length;
}
