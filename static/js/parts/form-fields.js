// Labelled inputs for the app's forms (my card, a contact added by hand), and the one rule for
// web addresses people type: "linkedin.com/in/ada" means https://linkedin.com/in/ada.

import { safeHref } from '../rules/payload.js';
import { h, uniqueId } from '../ui/dom.js';

// name -> [label, input attributes]; maxlength follows the server's limits for each field.
export const FIELDS = {
  name: ['Name', { autocomplete: 'name', maxlength: 200 }],
  title: ['Title', { autocomplete: 'organization-title', maxlength: 200 }],
  company: ['Company', { autocomplete: 'organization', maxlength: 200 }],
  email: ['Email', { type: 'email', autocomplete: 'email', maxlength: 254 }],
  phone: ['Phone', { type: 'tel', autocomplete: 'tel', maxlength: 64 }],
  linkedin: ['LinkedIn profile',
    { type: 'url', placeholder: 'linkedin.com/in/…', maxlength: 500 }],
  website: ['Website', { type: 'url', placeholder: 'example.com', maxlength: 500 }],
};

/** Return {input, element}: a labelled input named `name` (FIELDS gives label and type). */
export function textInput(name, { label = FIELDS[name][0], attrs = {} } = {}) {
  const id = uniqueId(name);
  const input = h('input', {
    type: 'text', id, name, spellcheck: 'false', ...FIELDS[name]?.[1], ...attrs,
  });
  return { input, element: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
}

/**
 * Return the http(s) address a typed value means ('' for nothing), or null when it is not
 * one (javascript:, mailto:, spaces inside): those are refused, never saved as links.
 */
export function webAddress(value) {
  const text = value.trim();
  if (!text) return '';
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  return safeHref(withScheme);
}
