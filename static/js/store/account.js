// Which account this browser is logged in as. The server names it in a cookie when someone logs
// in and removes it when they log out (companion/accounts/session.py, ACCOUNT_COOKIE), so the
// app knows whose database to open before any request, offline too. Each account keeps a
// database of its own on the device (db.js): a friend who logs in on your phone never reads
// your records or sends your changes, and yours go when you log in again.

import { ACCOUNT_COOKIE } from '/app/constants.js';

/** Nobody is logged in on this browser: the app has no one's data to show. */
export class NoAccount extends Error {
  constructor() {
    super('Log in to use Companion on this device.');
    this.name = 'NoAccount';
  }
}

/** Return the id of the account logged in on this browser, or null. */
export function accountId() {
  const prefix = `${ACCOUNT_COOKIE}=`;
  const part = document.cookie.split('; ').find((item) => item.startsWith(prefix));
  const id = part ? Number(part.slice(prefix.length)) : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
