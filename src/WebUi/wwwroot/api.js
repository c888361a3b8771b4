// The REST API as the UI calls it: the session's key on every request, errors as ApiError with the API's own message.
import { getKey } from './session.js';

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

/** Calls the API; a 401 (missing, wrong or revoked key) also tells the app to ask for a key again. */
export async function api(path, { method = 'GET', body, fresh = false } = {}) {
  const headers = { Accept: 'application/json' };
  const key = getKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // Live views skip the 5-second query cache: they want what was ingested since the last poll.
  if (fresh) headers['Cache-Control'] = 'no-cache';
  let response;
  try {
    // The API's answers carry max-age=5: without revalidating, the browser would show a price list from before the
    // price just saved. Revalidating costs a 304 when nothing changed.
    response = await fetch(path, { method, headers, cache: 'no-cache', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', 'The server did not answer: ' + e.message);
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text for the message */ }
  if (!response.ok) {
    const message = json?.error?.message || json?.title || text || response.statusText;
    const error = new ApiError(response.status, json?.error?.code || String(response.status), message);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('obs:unauthorized', { detail: message }));
    throw error;
  }
  return json;
}
