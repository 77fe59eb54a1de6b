// What the person must know about this device's copy: that the browser cleared it with changes
// not yet synced (how many, made when), and that the browser would not promise to keep it.

import { formatDateTime } from '../rules/zoned.js';
import {
  lossFound, requestPersistence, safekeeping, unprotectedNoticeSeen, unprotectedNoticeWanted,
} from '../store/safekeeping.js';
import { h } from '../ui/dom.js';

// role: 'alert' for what went wrong, 'status' for what is only worth knowing.
function notice(kind, text, { role = 'alert', onClose = () => {} } = {}) {
  const close = h('button', { type: 'button' }, 'OK');
  const element = h('div', { class: 'notice', role, dataset: { notice: kind } },
    h('p', {}, text), close);
  close.addEventListener('click', () => { element.remove(); onClose(); });
  return element;
}

function lostText({ count, since, until }) {
  const changes = count === 1 ? '1 change' : `${count} changes`;
  const one = since === until;
  const when = since && until
    ? ` (made ${one ? 'at' : 'between'} ${formatDateTime(new Date(since))}` +
      `${one ? '' : ` and ${formatDateTime(new Date(until))}`})` : '';
  return `This browser deleted Companion's data on this device. ${changes} made here${when} ` +
    'had not reached the server and are lost: make them again if they matter. Everything ' +
    'that had synced is safe and is coming back to this device.';
}

/** Put the alert that the browser cleared the app's data, with what was lost, in `container`. */
export function showLosses(container) {
  const show = (lost) => {
    container.querySelector('[data-notice="lost"]')?.remove();
    container.append(notice('lost', lostText(lost)));
  };
  if (lossFound()) show(lossFound());
  safekeeping.addEventListener('lost', ({ detail }) => show(detail));
}

/**
 * Put in `container`, until the person has read it once, that this browser will not promise to
 * keep the app's storage (persist() said no).
 */
export async function showStorageRisk(container) {
  if (!unprotectedNoticeWanted() || await requestPersistence()) return;
  container.append(notice('unprotected',
    'This browser may clear Companion\'s offline copy if the device runs low on space; ' +
    'changes not synced yet would then be lost (the app would say so). Sync before long ' +
    'offline stretches. Adding the app to the home screen helps the browser keep it.',
    { role: 'status', onClose: unprotectedNoticeSeen }));
}
