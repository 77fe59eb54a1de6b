// What someone told the host when registering ("What are you looking to get out of this
// event?", industry, pronouns): the import keeps each as question -> answer. Shown as text,
// never HTML, with the answer's own line breaks; a long list starts folded on the phone.

import { h } from '../ui/dom.js';

// Open at first when this few: more would push the ten-second fields off a phone's screen.
const OPEN_UP_TO = 3;

/** Return the registration answers of `attendee` as a disclosure, or null when it has none. */
export function answersPanel(attendee) {
  const answers = attendee.answers || [];
  if (!answers.length) return null;
  const list = h('dl', { class: 'answers-list' },
    ...answers.flatMap(([question, answer]) => [h('dt', {}, question), h('dd', {}, answer)]));
  return h('details', { class: 'answers', open: answers.length <= OPEN_UP_TO },
    h('summary', {}, `Registration answers (${answers.length})`), list);
}
