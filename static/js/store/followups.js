// Follow-up items on this device: made from the user's marks once an event is over (by
// rules/followup.js, offline), listed by when they are due, and marked sent / replied / snoozed /
// dropped. Each item's id is derived (store/uuid.js), so two phones make one item. Loaded on
// demand with the Follow up screen.

import {
  draft, dueAt, eventDay, eventEnd, firstName, firstSentence, isoDay, mayTouch, nextTouch,
  promiseIn,
} from '../rules/followup.js';
import { getMeta, inTransaction, promisifyRequest, setMeta } from './db.js';
import { interactionChange, localDay } from './people.js';
import { storedAttendees, storedEvents } from './pack.js';
import { currentUserId, writeChanges } from './records.js';
import { uuid5 } from './uuid.js';

const TARGETS = new Set(['must', 'want']);

/** The id every device derives for one follow-up item (companion/sync/service.py checks it). */
export const followupId = (userId, type, attendeeId, eventId) =>
  uuid5(`followup/${userId}/${type}/${attendeeId}/${eventId}`);

function readKind(tx, kind) {
  return promisifyRequest(tx.objectStore('records').getAll(
    IDBKeyRange.bound([kind, ''], [kind, '\uffff'])));
}

// One person's touches and replies in time order, from their items (rules: the two-touch cap).
function historyOf(items) {
  const entries = [];
  for (const item of items) {
    if (item.sent_at) entries.push([item.sent_at, 0, item.type]);
    if (item.replied_at) entries.push([item.replied_at, 1, 'reply']);
  }
  return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    .map((entry) => entry[2]);
}

/**
 * The items a mark calls for once its event is over: [{type, hook, promise}]. A promise comes
 * from the note ("I promised …") or from the "I promised" tick; without the note's words the
 * hook stands in for it.
 */
export function wantedItems(mark) {
  const wanted = [];
  const note = mark.note || '';
  if (mark.status === 'met' && (mark.follow_up || TARGETS.has(mark.priority))) {
    wanted.push({ type: 'thanks', hook: firstSentence(note), promise: promiseIn(note) });
  }
  const promise = promiseIn(note);
  if (mark.status === 'met' && (promise || mark.promised)) {
    wanted.push({ type: 'promise', hook: firstSentence(note), promise });
  }
  if (mark.status !== 'met' && TARGETS.has(mark.priority)) {
    wanted.push({ type: 'missed', hook: firstSentence(mark.why || ''), promise: null });
  }
  return wanted;
}

/**
 * Make the items the marks of every event over by `now` call for, and the nudges a week after
 * an unanswered thank-you; never a third touch without a reply. Returns how many were made.
 */
export async function makeDueItems(now = new Date()) {
  const user = await currentUserId();
  const events = (await storedEvents()).filter(
    (event) => eventEnd(event.starts_at, event.ends_at) <= now);
  const [marks, items] = await inTransaction(['records'], 'readonly',
    (tx) => Promise.all([readKind(tx, 'mark'), readKind(tx, 'followup')]));
  const known = new Map(items.map((item) => [item.id, item]));
  const live = items.filter((item) => !item.deleted).map((item) => item.fields);
  const byPerson = new Map();
  for (const item of live) {
    const key = item.person_id || `a${item.attendee_id}`;
    byPerson.set(key, [...(byPerson.get(key) || []), item]);
  }
  const changes = [];
  for (const event of events) {
    const eventMarks = marks.filter((m) => !m.deleted && m.fields.event_id === event.id);
    if (!eventMarks.length) continue;
    const attendees = new Map((await storedAttendees(event.id)).map((a) => [a.id, a]));
    const end = eventEnd(event.starts_at, event.ends_at);
    const day = isoDay(eventDay(end, event.timezone));
    for (const { fields: mark } of eventMarks) {
      const attendee = attendees.get(mark.attendee_id);
      if (!attendee) continue;
      const key = mark.person_id || `a${mark.attendee_id}`;
      for (const want of wantedItems(mark)) {
        const id = await followupId(user, want.type, mark.attendee_id, event.id);
        if (known.has(id)) continue;
        const mine = byPerson.get(key) || [];
        const waiting = mine.filter((item) => item.state === 'todo').map((item) => item.type);
        if (!mayTouch([...historyOf(mine), ...waiting])) continue;
        const fields = {
          type: want.type, event_id: event.id, attendee_id: mark.attendee_id,
          person_id: mark.person_id || null, due: dueAt(want.type, end, event.timezone)
            .toISOString(), state: 'todo', channel: 'email',
          draft: draft(want.type, firstName(attendee.name), event.title, day, want.hook,
            want.promise) || '',
        };
        changes.push({ kind: 'followup', id, fields });
        known.set(id, { fields });
        byPerson.set(key, [...mine, fields]);
      }
    }
  }
  // A nudge a week after a thank-you that got no answer: made once it is due, so a reply in
  // the meantime means there is none.
  for (const item of live) {
    if (item.type !== 'thanks' || item.state !== 'sent' || item.replied_at) continue;
    const event = events.find((e) => e.id === item.event_id);
    const id = await followupId(user, 'nudge', item.attendee_id, item.event_id);
    const mine = byPerson.get(item.person_id || `a${item.attendee_id}`) || [];
    if (!event || known.has(id) || nextTouch(historyOf(mine)) !== 'nudge') continue;
    const due = dueAt('nudge', item.sent_at, event.timezone);
    if (due > now) continue;
    changes.push({ kind: 'followup', id, fields: {
      type: 'nudge', event_id: item.event_id, attendee_id: item.attendee_id,
      person_id: item.person_id, due: due.toISOString(), state: 'todo', channel: item.channel,
      draft: '' } });
  }
  if (changes.length) await writeChanges(changes);
  return changes.length;
}

/** Every live item with its event, attendee and email: [{id, ...fields, event, attendee, email, text}]. */
export async function followupList() {
  const [items, marks, people] = await inTransaction(['records'], 'readonly',
    (tx) => Promise.all([readKind(tx, 'followup'), readKind(tx, 'mark'), readKind(tx, 'person')]));
  // Where to write: the person's first email (a scanned card, a hand-added one); the list a
  // host shares never sends emails to the phone.
  const emailOf = new Map(people.filter((p) => !p.deleted)
    .map((p) => [p.id, (p.fields.emails || [])[0] || '']));
  const markOf = new Map(marks.filter((m) => !m.deleted)
    .map((m) => [`${m.fields.event_id}/${m.fields.attendee_id}`, m.fields]));
  const events = new Map((await storedEvents()).map((event) => [event.id, event]));
  const out = [];
  const lists = new Map();
  for (const item of items.filter((row) => !row.deleted)) {
    const event = events.get(item.fields.event_id);
    if (!event) continue;
    if (!lists.has(event.id)) {
      lists.set(event.id, new Map((await storedAttendees(event.id)).map((a) => [a.id, a])));
    }
    const attendee = lists.get(event.id).get(item.fields.attendee_id) || { name: '' };
    out.push({ id: item.id, ...item.fields, event, attendee,
      email: emailOf.get(item.fields.person_id) || '',
      text: textOf(item.fields, event, attendee, markOf.get(`${event.id}/${attendee.id}`)) });
  }
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

// The draft for the item's channel, from the mark's words as they are now (a note added after
// the event makes the draft); null when there is no hook yet.
function textOf(item, event, attendee, mark) {
  if (!mark) return item.draft || null;
  const note = mark.note || '';
  const hook = firstSentence(item.type === 'missed' ? mark.why || '' : note);
  const day = isoDay(eventDay(eventEnd(event.starts_at, event.ends_at), event.timezone));
  return draft(item.type, firstName(attendee.name), event.title, day, hook,
    item.type === 'missed' ? null : promiseIn(note), item.channel);
}

const identity = (item) => ({ type: item.type, event_id: item.event_id,
  attendee_id: item.attendee_id });

/**
 * The changes one action on an item makes: 'sent' and 'replied' also log the interaction
 * (followup-sent, reply) with its person, so both are written in one transaction.
 */
function stateChanges(item, action, now) {
  const stamp = now.toISOString();
  const fields = identity(item);
  const changes = [{ kind: 'followup', id: item.id, fields }];
  const people = item.person_id ? [item.person_id] : [];
  const line = item.event?.title ? `after ${item.event.title}` : '';
  if (action === 'sent') {
    Object.assign(fields, { state: 'sent', sent_at: stamp });
    if (people.length) changes.push(interactionChange(people, { type: 'followup-sent', line,
      eventId: item.event_id, on: localDay(now) }));
  } else if (action === 'replied') {
    Object.assign(fields, { replied_at: stamp, state: item.state === 'todo' ? 'sent' : item.state });
    if (people.length) changes.push(interactionChange(people, { type: 'reply', line,
      eventId: item.event_id, on: localDay(now) }));
  } else if (action === 'snooze') {
    // To the next morning at the same time of day: still a 09:00 in the event's zone.
    let due = Date.parse(item.due);
    do due += 864e5; while (due <= now.getTime());
    Object.assign(fields, { state: 'snoozed', due: new Date(due).toISOString() });
  } else if (action === 'drop') {
    fields.state = 'dropped';
  } else if (action === 'channel') {
    fields.channel = item.channel;
  } else {
    throw new RangeError(`unknown action: ${action}`);
  }
  return changes;
}

/** Change an item's state ('sent', 'replied', 'snooze', 'drop', 'channel'). */
export function setState(item, action, now = new Date()) {
  return writeChanges(stateChanges(item, action, now));
}

/** The same action on several items (the laptop's board): all of them or none, one transaction. */
export function setStates(items, action, now = new Date()) {
  return writeChanges(items.flatMap((item) => stateChanges(item, action, now)));
}

// A debrief is offered for this long after an event ends; older events are left alone.
const DEBRIEF_DAYS = 7;

/**
 * The events over by `now` (in the last week) whose debrief is not done, with the people marked
 * met there without a note: [{event, people: [{attendee, mark}]}], the latest event first.
 */
export async function pendingDebriefs(now = new Date()) {
  const done = (await getMeta(DEBRIEFED)) || [];
  const events = (await storedEvents()).filter((event) => {
    const end = eventEnd(event.starts_at, event.ends_at);
    return end <= now && now - end < DEBRIEF_DAYS * 864e5 && !done.includes(event.id);
  });
  const out = [];
  for (const event of events) {
    const people = await debriefPeople(event.id);
    if (people.length) out.push({ event, people });
  }
  return out.sort((a, b) => (a.event.starts_at < b.event.starts_at ? 1 : -1));
}

/** Everyone marked met at `eventId` without a note: [{attendee, mark}], in list order. */
export async function debriefPeople(eventId) {
  const marks = await inTransaction(['records'], 'readonly', (tx) => readKind(tx, 'mark'));
  const attendees = new Map((await storedAttendees(eventId)).map((a) => [a.id, a]));
  return marks.filter((m) => !m.deleted && m.fields.event_id === eventId
    && m.fields.status === 'met' && !(m.fields.note || '').trim()
    && attendees.has(m.fields.attendee_id))
    .map((m) => ({ attendee: attendees.get(m.fields.attendee_id), mark: m.fields }))
    .sort((a, b) => (a.attendee.position ?? 0) - (b.attendee.position ?? 0));
}

const DEBRIEFED = 'followups:debriefed';

/** Remember on this device that the debrief of `eventId` is done: it is not offered again. */
export async function debriefDone(eventId) {
  const done = (await getMeta(DEBRIEFED)) || [];
  if (!done.includes(eventId)) await setMeta(DEBRIEFED, [...done, eventId].slice(-200));
}

/** Whether `item` (open) is due by the end of the device's day `today`. */
export const dueBy = (item, today) => (item.state === 'todo' || item.state === 'snoozed')
  && localDay(new Date(item.due)) <= today;

const MORNING = 'followups:morning-card';

/**
 * What the events screen shows: {due: how many are due today or overdue, morning: the items due
 * today when this is the first open of the day that has some (else null)}. Asking marks the
 * morning card as shown for today.
 */
export async function followupSummary(now = new Date()) {
  await makeDueItems(now);
  const today = localDay(now);
  const due = (await followupList()).filter((item) => dueBy(item, today));
  let morning = null;
  if (due.length && (await getMeta(MORNING)) !== today) {
    await setMeta(MORNING, today);
    morning = due;
  }
  return { due: due.length, morning };
}
