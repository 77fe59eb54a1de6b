// What the Suggested strip and the suggestions screen share: one ranking per list and goal
// (ranking a conference's list is the slow part; a redraw after a tap must not repeat it),
// and their stylesheet, loaded with them rather than in the shell.

import { suggest } from '../rules/suggest.js';
import { h } from '../ui/dom.js';

let last = { attendees: null, key: '', ranked: [] };

/** Return suggest(attendees, goal), kept while the same list is ranked for the same goal. */
export function rankFor(attendees, goal) {
  const key = JSON.stringify(goal);
  if (last.attendees !== attendees || last.key !== key) {
    const started = performance.now();
    last = { attendees, key, ranked: suggest(attendees, goal) };
    // Visible in DevTools' performance panel; bench/suggest_figures.py reads it.
    performance.measure('companion:suggest', { start: started, end: performance.now() });
  }
  return last.ranked;
}

const STYLESHEET = '/static/css/suggestions.css';

/** Add the suggestions' stylesheet to the page once (the worker keeps it for offline use). */
export function useStylesheet() {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  document.head.append(h('link', { rel: 'stylesheet', href: STYLESHEET }));
}

/** Fetch the stylesheet through the worker once, so it is there offline before first use. */
export const warmStylesheet = () => fetch(STYLESHEET).then(() => undefined);
