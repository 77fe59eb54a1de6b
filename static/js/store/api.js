// Talking to the server's JSON API (/api/…): the session cookie, the CSRF header, a time limit
// on every request, and errors turned into exceptions the screens can explain.

import { SYNC_LIMITS } from '/app/constants.js';

/** The session has expired (401): sync pauses until the user logs in again. */
export class LoginRequired extends Error {
  constructor() {
    super('Log in again to sync; your changes are kept on this device.');
    this.name = 'LoginRequired';
  }
}

/** The server answered with an error; `message` is its sentence for a person. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message || `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** The server did not answer in time: the connection may be dead, or a proxy stuck. */
export class NoAnswer extends Error {
  constructor() {
    super('The server did not answer in time.');
    this.name = 'NoAnswer';
  }
}

/**
 * True when a request failed for want of a working connection: no network (fetch rejects with
 * TypeError), or no answer in time.
 */
export const isNetworkError = (error) => error instanceof TypeError || error instanceof NoAnswer;

let csrfToken = null;

// A signal that aborts after SYNC_LIMITS.timeoutMs, or when `signal` does (the caller gave up).
function timeLimit(signal) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), SYNC_LIMITS.timeoutMs);
  const follow = () => controller.abort();
  if (signal?.aborted) follow();
  signal?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', follow);
    },
  };
}

async function fetchWithin(path, options, limit) {
  let response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      ...options,
      signal: limit.signal,
      headers: { Accept: 'application/json', ...options.headers },
    });
  } catch (error) {
    if (limit.signal.aborted) throw new NoAnswer();
    throw error;
  }
  if (response.status === 401) {
    csrfToken = null;
    throw new LoginRequired();
  }
  return response;
}

/**
 * Fetch a same-origin URL; answer 401 with LoginRequired, and no answer within the time limit
 * with NoAnswer. The limit is on the answer's arrival: a large body (a pack) reads at its pace.
 */
export async function apiFetch(path, options = {}) {
  const limit = timeLimit(options.signal);
  try {
    return await fetchWithin(path, options, limit);
  } finally {
    limit.finish();
  }
}

/** Read a JSON body, or {} when there is none (a proxy's HTML error page, an empty 502). */
export async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return {};
  }
}

// A request and its JSON answer within one time limit: a dead connection ends in NoAnswer.
async function exchange(path, options) {
  const limit = timeLimit(options.signal);
  try {
    const response = await fetchWithin(path, options, limit);
    const data = await readJson(response);
    if (limit.signal.aborted) throw new NoAnswer();
    return { status: response.status, ok: response.ok, data };
  } finally {
    limit.finish();
  }
}

/** GET JSON; throw ApiError unless the answer is 2xx. */
export async function getJson(path, { signal } = {}) {
  const { status, ok, data } = await exchange(path, { cache: 'no-store', signal });
  if (!ok) throw new ApiError(status, data.error);
  return data;
}

/** Return the logged-in user ({id, email}) and remember the CSRF token for writes. */
export async function whoAmI({ signal } = {}) {
  const data = await getJson('/api/me', { signal });
  csrfToken = data.csrf_token;
  return data.user;
}

/**
 * POST JSON (an object, or its JSON text) with the CSRF header; return {status, data} for the
 * caller to interpret. A 400 may be a stale token (the session was renewed): fetch a fresh one
 * and try once more; every POST here is safe to repeat (sync push skips what it already has).
 */
export async function postJson(path, payload, { signal } = {}) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const send = async () => {
    if (!csrfToken) await whoAmI({ signal });
    const { status, data } = await exchange(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken },
      body,
      signal,
    });
    return { status, data };
  };
  let result = await send();
  if (result.status === 400) {
    csrfToken = null;
    result = await send();
  }
  return result;
}

/** The login page, coming back to where the user is in the app. */
export function loginUrl() {
  return `/auth/login?next=${encodeURIComponent(`/app${location.hash}`)}`;
}
