// My card (#/card): the fields people get when they scan my QR, a switch per field for whether
// it goes into the QR, the QR itself as last rendered by the server, the printable badge and
// the contact exports. Saved as the synced `card` record, so laptop and phone share it.

import { FIELDS, textInput, webAddress } from '../parts/form-fields.js';
import { onlineOnly } from '../parts/online-only.js';
import { LoginRequired } from '../store/api.js';
import {
  CARD_FIELDS, cardEditsWaiting, loadCard, qrChanges, qrImageUrl, refreshQr, saveCard, storedQr,
} from '../store/my-card.js';
import { localChanges } from '../store/records.js';
import { syncEvents } from '../store/sync.js';
import { h, uniqueId } from '../ui/dom.js';
import { SCAN_NOW } from '../ui/router.js';

const LINKS = ['linkedin', 'website'];
// How many modules across a QR may have and still read from a phone screen held at arm's
// length by another phone's camera (version 11 at error correction M; measured with jsQR in
// tests/browser/test_card_qr.py). Denser codes need the phones closer together.
const ARM_LENGTH_MODULES = 61;
const QR_BORDER = 4;  // the quiet zone the server draws around the code (cards/qrcodes.py)

// What the QR shown holds and whether it reads at arm's length, from the stored SVG's size.
function qrFit(svg, fields) {
  const size = /viewBox="0 0 ([0-9.]+) /.exec(svg);
  if (!size) return '';
  const modules = Math.round(Number(size[1])) - 2 * QR_BORDER;
  const held = fields.map((name) => FIELDS[name][0]).join(', ');
  return modules <= ARM_LENGTH_MODULES
    ? `In your QR: ${held}. At ${modules}×${modules} modules it reads at arm’s length.`
    : `In your QR: ${held}. At ${modules}×${modules} modules it is dense: phones must come ` +
      `close. Switch off a long field (the website or LinkedIn) to make it read at arm’s length.`;
}

function qrSwitch(name) {
  const id = uniqueId(`qr-${name}`);
  const always = name === 'name';
  const input = h('input', {
    type: 'checkbox', role: 'switch', id, name: `in_qr_${name}`,
    checked: always, disabled: always,
  });
  // Seen beside its field; heard with the field's name ("Email: in the QR").
  return { input, element: h('div', { class: 'check qr-switch' }, input,
    h('label', { for: id }, h('span', { class: 'visually-hidden' }, `${FIELDS[name][0]}: `),
      always ? 'Always in the QR' : 'In the QR')) };
}

/** Mount the card screen into `main`; returns {accepts, update, destroy}. */
export function mountCard(main) {
  const rows = new Map(CARD_FIELDS.map(
    (name) => [name, { ...textInput(name), qr: qrSwitch(name) }]));
  const saveState = h('p', { class: 'save-state', role: 'status' });
  const form = h('form', { class: 'card-form', novalidate: true },
    [...rows.values()].map((row) => h('div', { class: 'card-row' }, row.element, row.qr.element)),
    h('button', { type: 'submit', class: 'primary' }, 'Save card'), saveState);
  const image = h('img', { class: 'card-qr', alt: 'QR code of my contact card', hidden: true });
  const qrState = h('p', { class: 'hint', role: 'status' });
  const qrFits = h('p', { class: 'qr-fit' });
  const [print, printNote] = onlineOnly(
    h('a', { class: 'button', href: '/card/print', target: '_blank' }, 'Printable badge'),
    'Printing the badge needs a connection.');
  const [exports, exportNote] = onlineOnly(h('span', { class: 'export-links' },
    h('a', { class: 'button', href: '/contacts/export.vcf', download: '' }, 'All contacts (.vcf)'),
    h('a', { class: 'button', href: '/contacts/export.csv', download: '' }, 'All contacts (.csv)')),
  'Exporting contacts needs a connection.');
  main.replaceChildren(h('div', { class: 'card-screen' },
    h('a', { class: 'back', href: '#/' }, '← All events'),
    h('h1', { tabindex: '-1' }, 'My card'),
    h('p', { class: 'hint' }, 'What people get when they scan your QR code. Switch off what ' +
      'you would rather not share.'),
    h('div', { class: 'card-layout' }, form,
      h('section', { class: 'card-side', 'aria-label': 'My QR code' },
        image, qrFits, qrState, h('p', {}, print, printNote),
        h('p', {}, h('a', { class: 'button', href: SCAN_NOW }, 'Scan someone’s code')),
        h('h2', {}, 'Contacts'), h('p', {}, exports, exportNote)))));
  document.title = 'My card · Companion';

  let loaded = null;
  let imageUrl = null;
  let destroyed = false;

  function fill(card) {
    for (const [name, row] of rows) {
      // A field the user is changing keeps what they typed; the others follow the record.
      if (!loaded || row.input.value === (loaded.fields[name] || '')) {
        row.input.value = card.fields[name] || '';
      }
      const inQr = card.fields.in_qr.includes(name);
      if (name !== 'name' && (!loaded || row.qr.input.checked === loaded.fields.in_qr
        .includes(name))) row.qr.input.checked = inQr;
    }
    loaded = card;
  }

  async function showQr() {
    const [qr, waiting] = await Promise.all([storedQr(), cardEditsWaiting()]);
    if (destroyed) return;
    if (qr) {
      if (imageUrl) URL.revokeObjectURL(imageUrl);
      imageUrl = qrImageUrl(qr);
      image.src = imageUrl;
      image.hidden = false;
      const shown = loaded?.fields ?? {};
      qrFits.textContent = waiting ? '' : qrFit(qr.svg, CARD_FIELDS.filter(
        (name) => shown[name] && (name === 'name' || (shown.in_qr || []).includes(name))));
    }
    qrState.textContent = waiting ? 'Your QR updates after sync.'
      : qr ? 'This is the QR people scan. It is kept on this device for use offline.'
        : 'Your QR appears here after the first sync with a connection.';
  }

  let loadProblem = '';
  async function reload() {
    try {
      fill(await loadCard());
      // A first visit can open here before the first sync knows who is logged in.
      if (loadProblem && saveState.textContent === loadProblem) saveState.textContent = '';
      loadProblem = '';
    } catch (error) {
      loadProblem = error.message;
      saveState.textContent = loadProblem;
    }
    await showQr();
  }

  // A field filled in goes into the QR unless switched off: typing into an empty field turns
  // its switch on, until the person sets the switch themselves.
  for (const [name, row] of rows) {
    if (name === 'name') continue;
    row.qr.input.addEventListener('change', () => { row.qr.touched = true; });
    row.input.addEventListener('input', () => {
      const wasEmpty = !(loaded?.fields[name] || '');
      if (wasEmpty && row.input.value.trim() && !row.qr.touched) row.qr.input.checked = true;
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const changes = {};
    for (const [name, row] of rows) {
      let value = row.input.value.trim();
      if (LINKS.includes(name)) {
        value = webAddress(value);
        if (value === null) {
          saveState.textContent = `Not saved: ${name === 'linkedin' ? 'the LinkedIn profile'
            : 'the website'} must be a web address (https://…).`;
          row.input.focus();
          return;
        }
      }
      if (value !== (loaded?.fields[name] ?? '')) changes[name] = value;
    }
    const inQr = CARD_FIELDS.filter((name) => rows.get(name).qr.input.checked);
    if (!loaded || inQr.join() !== loaded.fields.in_qr.join()) changes.in_qr = inQr;
    if (!Object.keys(changes).length) {
      saveState.textContent = 'No changes to save.';
      return;
    }
    try {
      const record = await saveCard(changes);
      loaded = null;  // every input now shows the saved value
      fill({ fields: record.fields });
      saveState.textContent = 'Saved on this device.';
    } catch (error) {
      saveState.textContent = `Not saved: ${error.message}`;
    }
    await showQr();
  });

  const onSynced = () => { if (!destroyed) reload(); };
  const onLocal = ({ detail }) => { if (detail.kind === 'card') showQr(); };
  syncEvents.addEventListener('synced', onSynced);
  localChanges.addEventListener('change', onLocal);
  qrChanges.addEventListener('change', showQr);
  reload().then(() => {
    if (navigator.onLine) refreshQr().catch((error) => {
      if (!(error instanceof LoginRequired)) console.warn(error);
    });
  });

  return {
    accepts: (route) => route.name === 'card',
    update() {},
    destroy() {
      destroyed = true;
      syncEvents.removeEventListener('synced', onSynced);
      localChanges.removeEventListener('change', onLocal);
      qrChanges.removeEventListener('change', showQr);
      if (imageUrl) URL.revokeObjectURL(imageUrl);
    },
  };
}
