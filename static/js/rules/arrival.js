// Plan when to arrive at an event: at the doors, for the second wave, or at a conference start.
// Twin of companion/rules/arrival.py (its docstring records the edge-case decisions), run
// offline on the phone; tests/arrival_cases.py is the table both must pass: change them together.

import { ARRIVAL_MINUTES, ARRIVAL_TEXTS, EVENT_KINDS as KINDS } from '/app/constants.js';

const MINUTE = 60 * 1000;
// The planner's times and sentences are the server's (companion/rules/arrival.py).
const DEFAULT_LENGTH = ARRIVAL_MINUTES.defaultLength * MINUTE;
const ASSUMED_TALK_LENGTH = ARRIVAL_MINUTES.assumedTalkLength * MINUTE;
const SECOND_WAVE_DELAY = ARRIVAL_MINUTES.secondWaveDelay * MINUTE;
const MIN_TIME_AFTER_SECOND_WAVE = ARRIVAL_MINUTES.minTimeAfterSecondWave * MINUTE;
const CROWD_WINDOW = ARRIVAL_MINUTES.crowdWindow.map((minutes) => minutes * MINUTE);
export const TEXTS = ARRIVAL_TEXTS;

const note = (code) => ({ code, text: TEXTS[code] });

// Milliseconds since the epoch of an optional Date; throws on anything that is not a valid Date.
function instant(name, value, required = false) {
  if (value === null || value === undefined) {
    if (required) throw new TypeError(`${name} is required`);
    return null;
  }
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date`);
  }
  return value.getTime();
}

export function planArrival({
  start, end = null, kind = 'networking', networkingStart = null, mustMeet = 0,
  speakerTargets = 0, earliest = null, travelMinutes = 0,
} = {}) {
  const startMs = instant('start', start, true);
  const givenEnd = instant('end', end);
  const givenNetworking = instant('networkingStart', networkingStart);
  const earliestMs = instant('earliest', earliest);
  if (!KINDS.includes(kind)) throw new RangeError(`kind must be one of ${KINDS.join(', ')}`);
  const counts = [mustMeet, speakerTargets, travelMinutes];
  if (counts.some((n) => typeof n !== 'number' || Number.isNaN(n) || n < 0)) {
    throw new RangeError('target counts and travel minutes must not be negative');
  }
  const endMs = givenEnd ?? startMs + DEFAULT_LENGTH;
  if (endMs <= startMs) throw new RangeError('the event must end after it starts');
  const ready = earliestMs === null ? startMs : Math.max(startMs, earliestMs);
  const late = ready > startMs;

  const plan = (strategy, arrive, reasons, alternative, warnings) => {
    if (ready >= endMs) {
      warnings = warnings.filter((w) => w !== 'late' && w !== 'crowd-window').concat('event-over');
    }
    return {
      arriveAt: new Date(arrive),
      // No travel time means not known: no leave-by (arrival.py).
      leaveBy: travelMinutes > 0 ? new Date(arrive - travelMinutes * MINUTE) : null,
      strategy,
      reasons: reasons.map(note),
      alternative: alternative === null ? null : new Date(alternative),
      warnings: warnings.map(note),
    };
  };

  if (kind === 'conference') return plan('conference', ready, ['conference'], null, []);

  const warnings = [];
  let networking = startMs;
  if (givenNetworking !== null) {
    networking = givenNetworking;
    if (!(startMs <= networking && networking < endMs)) {
      throw new RangeError('the networking part must start within the event');
    }
  } else if (kind === 'talk-first') {
    networking = startMs + ASSUMED_TALK_LENGTH;
    warnings.push('talk-first-assumed');
  }
  const secondWave = networking + SECOND_WAVE_DELAY;
  const viable = endMs - secondWave >= MIN_TIME_AFTER_SECOND_WAVE;
  const hasTargets = mustMeet > 0 || speakerTargets > 0;
  if (hasTargets && late) warnings.push('targets-missed');

  if (hasTargets && !late) {
    const reasons = ['doors-targets'];
    if (kind === 'talk-first' && speakerTargets > 0) reasons.push('speaker-before-talk-ends');
    return plan('doors', startMs, reasons, viable ? secondWave : null, warnings);
  }
  if (viable) {
    if (ready > secondWave) warnings.push('late');
    return plan('second-wave', Math.max(ready, secondWave), ['second-wave'],
      late ? null : startMs, warnings);
  }
  if (late) warnings.push('late');
  // Rule 7: the crowd window is never chosen, only forced by `earliest`; then say so.
  if (startMs + CROWD_WINDOW[0] <= ready && ready <= startMs + CROWD_WINDOW[1]) {
    warnings.push('crowd-window');
  }
  return plan('doors', ready, ['no-second-wave'], null, warnings);
}
