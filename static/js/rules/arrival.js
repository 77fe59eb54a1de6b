// Plan when to arrive at an event: at the doors, for the second wave, or at a conference start.
// Twin of companion/rules/arrival.py (its docstring records the edge-case decisions), run
// offline on the phone; tests/arrival_cases.py is the table both must pass: change them together.

const MINUTE = 60 * 1000;
const KINDS = ['networking', 'talk-first', 'conference'];
const DEFAULT_LENGTH = 120 * MINUTE;
const ASSUMED_TALK_LENGTH = 45 * MINUTE;
const SECOND_WAVE_DELAY = 50 * MINUTE;
const MIN_TIME_AFTER_SECOND_WAVE = 40 * MINUTE;
const CROWD_WINDOW = [15 * MINUTE, 20 * MINUTE];

// The one place for the sentences in JavaScript; companion/rules/arrival.py holds the same.
export const TEXTS = Object.freeze({
  'conference':
    'This is a conference: arrive at the start, or as soon as you can. The start/+50 rule' +
    ' is meant for small local events, not big summits.',
  'doors-targets':
    'Arrive at the doors: catch the people you want to meet early, for a one-to-one before' +
    ' the room fills. Speakers and executives often leave right after their talk.',
  'speaker-before-talk-ends':
    'A speaker is on your list and the talk comes first: be there at the start, before the' +
    ' talk ends.',
  'second-wave':
    'Arrive for the second wave, about 50 minutes after the networking starts: most people' +
    ' arrive 15–20 minutes late and make their rounds, and by then they welcome someone' +
    " new. Don't rush in at the crowd time.",
  'no-second-wave':
    'The event is too short for a second wave (at least 40 minutes must remain after it),' +
    ' so arrive at the doors.',
  'talk-first-assumed':
    'No networking start is set for this talk-first event; the plan assumes networking' +
    ' begins 45 minutes after the start.',
  'targets-missed':
    "You can't be there at the start, so you may miss the people you most want to meet:" +
    ' speakers and executives often leave right after their talk.',
  'crowd-window':
    'You can only arrive while the crowd comes in, 15–20 minutes after the start; give' +
    ' the room a moment before joining a group.',
  'late':
    "You can't be there at the best moment, so the plan uses the earliest time you can" +
    ' make it; less of the event remains.',
  'event-over': 'The event is over by the time you can be there.',
});

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
      leaveBy: new Date(arrive - travelMinutes * MINUTE),
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
