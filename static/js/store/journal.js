// The journal entry of one event: what the user said of it afterwards, a synced record whose id
// every device derives from the event, so a phone and a laptop answering write one entry.

import { isAnswered, seriesKey, seriesName } from '../rules/journal.js';
import { storedEvents } from './pack.js';
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

/**
 * The answered past events of `event`'s series on this device, and when their met targets were
 * met (minutes after each start): what the arrival plan learns from (rules/journal.js
 * arrivalReason). The series is the journal's: the one the user named, else the title's key.
 */
export async function seriesHistory(event) {
  const start = Date.parse(event.starts_at);
  const keyOf = (other, entry) => entry.series || seriesKey(other.title);
  const own = await journalFor(event.id);
  const key = keyOf(event, own);
  const past = [];
  for (const other of await storedEvents()) {
    const otherStart = Date.parse(other.starts_at);
    if (!(otherStart < start)) continue;
    const entry = await journalFor(other.id);
    if (keyOf(other, entry) !== key || !isAnswered(entry)) continue;
    const marks = (await recordsForEvent('mark', other.id)).map((record) => record.fields);
    past.push({ met_minutes: marks
      .filter((mark) => mark.priority && mark.status === 'met' && mark.met_at)
      .map((mark) => Math.floor((Date.parse(mark.met_at) - otherStart) / 60000)) });
  }
  return { name: own.series || seriesName(event.title), past };
}
