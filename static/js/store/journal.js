// The journal entry of one event: what the user said of it afterwards, a synced record whose id
// every device derives from the event, so a phone and a laptop answering write one entry.

import { DEFAULTS, currentUserId, recordsForEvent, writeChange } from './records.js';
import { uuid5 } from './uuid.js';

export const journalId = (userId, eventId) => uuid5(`journal/${userId}/${eventId}`);

/** Return the fields of the user's journal entry for one event (defaults when none yet). */
export async function journalFor(eventId) {
  const [entry] = await recordsForEvent('journal', eventId);
  return { ...DEFAULTS.journal, ...(entry ? entry.fields : {}) };
}

/** Change the user's journal entry for one event (created on first answer). */
export async function saveJournal(eventId, changes) {
  const id = await journalId(await currentUserId(), eventId);
  return writeChange('journal', id, { event_id: eventId, ...changes });
}
