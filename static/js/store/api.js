// Talking to the server's JSON API (/api/…): the session cookie, the CSRF header, and
// errors turned into exceptions the screens can explain.

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

/** True when a request failed because there is no connection (fetch rejects with TypeError). */
export const isNetworkError = (error) => error instanceof TypeError;

let csrfToken = null;

/** Fetch a same-origin URL; answer 401 with LoginRequired. */
export async function apiFetch(path, options = {}) {
  const response = await fetch(path, {
    credentials: 'same-origin',
    ...options,
    headers: { Accept: 'application/json', ...options.headers },
  });
  if (response.status === 401) {
    csrfToken = null;
    throw new LoginRequired();
  }
  return response;
}

/** Read a JSON body, or {} when there is none (a proxy's HTML error page, an empty 502). */
export async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return {};
  }
}

/** GET JSON; throw ApiError unless the answer is 2xx. */
export async function getJson(path) {
  const response = await apiFetch(path, { cache: 'no-store' });
  const data = await readJson(response);
  if (!response.ok) throw new ApiError(response.status, data.error);
  return data;
}

/** Return the logged-in user ({id, email}) and remember the CSRF token for writes. */
export async function whoAmI() {
  const data = await getJson('/api/me');
  csrfToken = data.csrf_token;
  return data.user;
}

/**
 * POST JSON with the CSRF header; return {status, data} for the caller to interpret.
 * A 400 may be a stale token (the session was renewed): fetch a fresh one and try once more;
 * every POST here is safe to repeat (sync push skips what it already has).
 */
export async function postJson(path, payload) {
  const send = async () => {
    if (!csrfToken) await whoAmI();
    const response = await apiFetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken },
      body: JSON.stringify(payload),
    });
    return { status: response.status, data: await readJson(response) };
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
