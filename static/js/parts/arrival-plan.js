// The arrival plan box at the top of an event: when to arrive and leave, why, and the two
// inputs that are the user's own (travel minutes, earliest time), saved as the synced `plan`.

import { planArrival } from '../rules/arrival.js';
import { formatTime, wallTimeToInstant } from '../rules/zoned.js';
import { savePlan } from '../store/records.js';
import { h, uniqueId } from '../ui/dom.js';
import { onlineOnly } from './online-only.js';

const STRATEGY_LABELS = {
  doors: 'Arrive at the doors',
  'second-wave': 'Arrive for the second wave',
  conference: 'Conference: arrive at the start',
};

const instant = (iso) => (iso ? new Date(iso) : null);
// End a sentence once: a Canadian "6:50 p.m." already ends in a full stop.
const sentence = (text) => (text.endsWith('.') ? text : `${text}.`);

// What the planner takes from the marks and the plan record (the server's PlanInputs).
function planInputs(marks, plan) {
  const marked = [...marks.values()];
  return {
    must: marked.filter((mark) => mark.priority === 'must').length,
    speakers: marked.filter((mark) => mark.is_speaker && mark.priority).length,
    travel: plan.travel_minutes || 0,
    earliest: plan.earliest || '',
  };
}

/** Plan from the event, the marks (Map attendee id -> fields) and the plan inputs. */
export function computePlan(event, marks, plan) {
  const inputs = planInputs(marks, plan);
  const start = new Date(event.starts_at);
  return planArrival({
    start,
    end: instant(event.ends_at),
    kind: event.kind,
    networkingStart: instant(event.networking_starts_at),
    mustMeet: inputs.must,
    speakerTargets: inputs.speakers,
    earliest: inputs.earliest ? wallTimeToInstant(start, inputs.earliest, event.timezone) : null,
    travelMinutes: inputs.travel,
  });
}

// The .ics link carries what this plan was made from, so the file the server builds with the
// same rules says what this screen says, even before the marks and inputs are synced.
const calendarHref = (event, marks, plan) =>
  `/events/${event.id}/arrival.ics?${new URLSearchParams(planInputs(marks, plan))}`;

function inputField(label, attrs) {
  const id = uniqueId('plan');
  const input = h('input', { id, ...attrs });
  return { input, element: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
}

/** Mount the box into `container`; returns {update(marks, plan), destroy()}. */
export function mountArrivalPlan(container, event) {
  const zone = event.timezone;
  const headline = h('span', { class: 'arrival-headline' });
  const strategy = h('span', { class: 'arrival-strategy' });
  const details = h('div', { class: 'arrival-details' });
  const travel = inputField('Travel minutes', {
    type: 'number', min: '0', max: '600', step: '5', inputmode: 'numeric',
  });
  const earliest = inputField('I can’t be there before', { type: 'time' });
  travel.input.addEventListener('change', () => {
    const minutes = Math.round(Number(travel.input.value) || 0);
    savePlan(event.id, { travel_minutes: Math.min(600, Math.max(0, minutes)) });
  });
  earliest.input.addEventListener('change', () => {
    savePlan(event.id, { earliest: earliest.input.value || '' });
  });

  const ask = h('p', { class: 'plan-ask', hidden: true },
    'How long is your trip there? Enter your travel minutes for a leave-by time and a reminder.');
  const [calendar, offlineNote] = onlineOnly(h('a', {
    class: 'button', href: `/events/${event.id}/arrival.ics`, download: '',
  }, 'Add to calendar'), 'Adding to the calendar needs a connection.');

  // Folded, one line: the times. Why, the alternative and the inputs are a tap away.
  const box = h('details', { class: 'arrival' },
    h('summary', {}, h('span', { class: 'visually-hidden' }, 'Arrival plan: '), headline),
    h('p', { class: 'arrival-why' }, strategy), details, ask,
    h('div', { class: 'plan-inputs' }, travel.element, earliest.element),
    h('p', { class: 'calendar' }, calendar, offlineNote));
  container.replaceChildren(box);

  // What this event's series taught (the journal): loaded on demand, offline from this device.
  let series = null;
  let lastUpdate = null;
  Promise.all([import('../rules/journal.js'), import('../store/journal.js')])
    .then(async ([rules, store]) => {
      series = { ...(await store.seriesHistory(event)), reason: rules.arrivalReason };
      if (lastUpdate) update(...lastUpdate);
    }).catch((error) => console.warn('No series history:', error));

  function update(marks, plan) {
    lastUpdate = [marks, plan];
    if (document.activeElement !== travel.input) travel.input.value = String(plan.travel_minutes);
    if (document.activeElement !== earliest.input) earliest.input.value = plan.earliest || '';
    let result;
    try {
      result = computePlan(event, marks, plan);
    } catch (error) {
      headline.textContent = 'No plan: ';
      strategy.textContent = error.message;
      details.replaceChildren();
      return;
    }
    // No travel time, no leave-by: never "leave by" the arrival time; ask for it instead.
    headline.textContent = `Arrive ${formatTime(result.arriveAt, zone)} · ${result.leaveBy
      ? `leave by ${formatTime(result.leaveBy, zone)}` : 'travel time?'}`;
    ask.hidden = result.leaveBy !== null;
    calendar.href = calendarHref(event, marks, plan);
    strategy.textContent = STRATEGY_LABELS[result.strategy];
    const alternative = result.alternative && h('p', { class: 'alternative' },
      sentence(`Alternative: arrive at ${formatTime(result.alternative, zone)}`));
    const warnings = result.warnings.length > 0 &&
      h('ul', { class: 'warnings', 'aria-label': 'Warnings' },
        result.warnings.map((warning) => h('li', {}, warning.text)));
    const learned = series?.reason(series.name, series.past,
      result.reasons.map((reason) => reason.code));
    details.replaceChildren(
      h('ul', { class: 'reasons' }, result.reasons.map((reason) => h('li', {}, reason.text)),
        learned && h('li', { class: 'series-reason' }, learned.text)),
      ...[alternative, warnings].filter(Boolean));
  }

  return { update, fold() { box.open = false; }, destroy() {} };
}
