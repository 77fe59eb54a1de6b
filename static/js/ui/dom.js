// Building DOM without HTML strings: every piece of text becomes a text node, so names and
// notes from imports or other people can never turn into markup.

import { safeHref } from '../rules/links.js';

/**
 * Create an element. `props`: `class`, `text`, `on` ({event: handler}), `dataset`, boolean
 * or string attributes (false/null/undefined leave them out). Children: nodes or strings.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name === 'on') {
      for (const [type, handler] of Object.entries(value)) element.addEventListener(type, handler);
    } else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'value') element.value = value;
    else if (name === 'checked') element.checked = Boolean(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  const present = (child) => child !== null && child !== undefined && child !== false;
  element.append(...children.flat().filter(present));
  return element;
}

// A keystroke redraws a screen's summary, buttons and labels though most of them read as
// before: writing the same text again still replaces the node and makes the browser style and
// lay it out again, in the middle of the keystroke on a slow phone.

/** Set `element`'s text, only when it changed; a lone text node is changed in place, which
 * lays the text out again but restyles nothing. */
export function setText(element, text) {
  const only = element.firstChild;
  if (only && only === element.lastChild && only.nodeType === Node.TEXT_NODE) {
    if (only.data !== text) only.data = text;
  } else if (element.textContent !== text) {
    element.textContent = text;
  }
}

/** Set an attribute, only when it changed. */
export function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** Return a link only for http(s) addresses; anything else (javascript:, data:) stays text. */
export function safeLink(href, text) {
  try {
    const url = new URL(href);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return h('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer' }, text);
    }
  } catch { /* not a URL at all */ }
  return null;
}

/** Return a link for a plain http(s) address (rules/links.js) and plain text for anything else. */
export function linkOrText(value) {
  const href = safeHref(value);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, value) : value;
}

let idCounter = 0;

/** Return an id unique in this page, for label/for and aria-describedby pairs. */
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
