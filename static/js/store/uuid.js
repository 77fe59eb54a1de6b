// Record ids made on the device: random ones, and name-based ones every device derives alike.

// The namespace of name-based ids is the server's (companion/models.py RECORD_NAMESPACE).
import { RECORD_NAMESPACE } from '/app/constants.js';

function toBytes(uuid) {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`not a UUID: ${uuid}`);
  return Uint8Array.from(hex.match(/../g), (pair) => parseInt(pair, 16));
}

function toText(bytes) {
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
    .join('-');
}

/** Return the RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in `namespace`. */
export async function uuid5(name, namespace = RECORD_NAMESPACE) {
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(toBytes(namespace));
  input.set(nameBytes, 16);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', input)).slice(0, 16);
  digest[6] = (digest[6] & 0x0f) | 0x50;  // version 5
  digest[8] = (digest[8] & 0x3f) | 0x80;  // RFC 4122 variant
  return toText(digest);
}

/** Return a random (version 4) UUID. */
export function uuid4() {
  return crypto.randomUUID();
}

/** The id both devices derive for the user's mark on one attendee. */
export const markId = (userId, attendeeId) => uuid5(`mark/${userId}/${attendeeId}`);

/** The id both devices derive for the user's arrival inputs for one event. */
export const planId = (userId, eventId) => uuid5(`plan/${userId}/${eventId}`);

/** The id of the user's own card. */
export const cardId = (userId) => uuid5(`card/${userId}`);
