// Ten seconds after an event (the event journal): stars, "Worth going back?", one line, or
// "Didn't go". Offered on the event's screen from its end until it is answered or seven days
// have passed; while the event is on, "I'm here" records when you arrived. Written offline as
// the synced `journal` record (store/journal.js).

import { ARRIVAL_MINUTES } from '/app/constants.js';
import { formatTime } from '../rules/zoned.js';
import { journalFor, saveJournal } from '../store/journal.js';
import { h } from '../ui/dom.js';

const MINUTE = 60 * 1000;
export const OFFER_DAYS = 7;
const WORTH_LABELS = { yes: 'Yes', maybe: 'Maybe', no: 'No' };

const endOf = (event) => (event.ends_at ? Date.parse(event.ends_at)
  : Date.parse(event.starts_at) + ARRIVAL_MINUTES.defaultLength * MINUTE);

/** Where `now` stands for the journal: 'before', 'on', 'after' (the card's week) or 'gone'. */
export function journalMoment(event, now = Date.now()) {
  if (now < Date.parse(event.starts_at)) return 'before';
  const end = endOf(event);
  if (now <= end) return 'on';
  return now <= end + OFFER_DAYS * 24 * 60 * MINUTE ? 'after' : 'gone';
}

/**
 * True once the card is done with: stars, worth going back, or that you didn't go. Not the
 * verdicts' isAnswered (rules/journal.js), for which "didn't go" says nothing of the event.
 */
export const cardSettled = (entry) => entry.went === false || entry.rating !== null ||
  entry.worth !== null;

/** Mount the card into `container` for `event`; returns {update(), destroy()}. */
export function mountJournalCard(container, event) {
  let entry = null;
  let rating = null;
  let worth = null;
  let closed = false;
  const status = h('p', { class: 'journal-status', role: 'status' });

  function choiceButtons(values, label, chosen, pick) {
    return h('div', { class: 'journal-choices', role: 'group', 'aria-label': label },
      ...values.map((value) => h('button', {
        type: 'button', class: 'journal-choice', 'aria-pressed': String(chosen === value),
        'aria-label': typeof value === 'number' ? `${value} star${value === 1 ? '' : 's'}` : null,
        on: { click: () => pick(chosen === value ? null : value) },
      }, typeof value === 'number' ? `${'★'.repeat(value)}` : WORTH_LABELS[value])));
  }

  async function answer(changes, thanks) {
    try {
      await saveJournal(event.id, changes);
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
      return;
    }
    entry = { ...entry, ...changes };
    draw();
    status.textContent = thanks;
  }

  function drawHere() {
    if (entry.arrived_at) {
      return h('p', { class: 'journal-here' },
        `Here since ${formatTime(new Date(entry.arrived_at), event.timezone)}.`);
    }
    return h('p', { class: 'journal-here' }, h('button', {
      type: 'button', class: 'button',
      on: { click: () => answer({ arrived_at: new Date().toISOString() }, 'Arrival noted.') },
    }, "I'm here"));
  }

  function drawCard() {
    const line = h('input', { type: 'text', maxlength: '500', autocomplete: 'off',
      id: `journal-line-${event.id}`, value: entry.line || '' });
    const pickRating = (value) => { rating = value; redrawChoices(); };
    const pickWorth = (value) => { worth = value; redrawChoices(); };
    const choices = h('div');
    function redrawChoices() {
      choices.replaceChildren(
        h('p', { class: 'journal-question' }, 'How was it?'),
        choiceButtons([1, 2, 3, 4, 5], 'Stars', rating, pickRating),
        h('p', { class: 'journal-question' }, 'Worth going back?'),
        choiceButtons(['yes', 'maybe', 'no'], 'Worth going back?', worth, pickWorth));
      save.disabled = rating === null && worth === null;
    }
    const save = h('button', { type: 'submit', class: 'button primary' }, 'Save');
    const form = h('form', {
      class: 'journal-form',
      on: {
        submit: (submitted) => {
          submitted.preventDefault();
          answer({ went: true, rating, worth, line: line.value.trim() },
            'Saved in your journal.');
        },
      },
    }, choices,
    h('p', { class: 'field' }, h('label', { for: line.id }, 'One line (what made it worth it, or not)'),
      line),
    h('p', { class: 'journal-actions' }, save, h('button', {
      type: 'button', class: 'button',
      on: { click: () => answer({ went: false, rating: null, worth: null },
        "Noted: you didn't go.") },
    }, "Didn't go")));
    redrawChoices();
    return h('section', { class: 'journal-card', 'aria-label': 'Journal' },
      h('h2', {}, `How was ${event.title}?`),
      h('p', { class: 'hint' }, 'Ten seconds for your journal: it tells you which events are worth your evenings.'),
      form);
  }

  function draw() {
    if (closed || !entry) return;
    const moment = journalMoment(event);
    if (moment === 'on') container.replaceChildren(drawHere(), status);
    else if (moment === 'after' && !cardSettled(entry)) container.replaceChildren(drawCard(), status);
    else container.replaceChildren(status);
  }

  async function load() {
    entry = await journalFor(event.id);
    rating = entry.rating;
    worth = entry.worth;
    draw();
  }

  load().catch((error) => { status.textContent = `The journal could not be read: ${error.message}`; });
  // The moment moves on its own (doors open, the event ends): look again each minute.
  const timer = setInterval(draw, MINUTE);
  return {
    // Another device may have answered: read the entry again, but keep a card being filled in.
    update() {
      if (container.querySelector('.journal-form')?.contains(document.activeElement)) return;
      load().catch(() => {});
    },
    destroy() { closed = true; clearInterval(timer); container.replaceChildren(); },
  };
}
