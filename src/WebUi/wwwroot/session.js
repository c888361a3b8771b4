// Who is looking: the API key (kept in sessionStorage, so it dies with the tab), its role and project.
// The API has no "who am I" endpoint; the admin project list tells it without side effects: 200 for admins (and for
// everyone with Auth:Mode=none), 401 for a missing, wrong or revoked key, and a 403 whose message names the role.

const KEY = 'observatory.apiKey';
const ROLES = ['viewer', 'developer', 'admin'];

export const getKey = () => sessionStorage.getItem(KEY);
export const setKey = (key) => sessionStorage.setItem(KEY, key);
export const forgetKey = () => sessionStorage.removeItem(KEY);

/** The current caller; filled by resolve(). */
export const session = { role: 'viewer', project: null, operator: false, keyed: false, ready: false };

/** True when the caller's role is at least `role`. */
export const can = (role) => ROLES.indexOf(session.role) >= ROLES.indexOf(role);

/**
 * Asks the API who the caller is. Returns { ok: true } or { ok: false, message } when a key is needed
 * (the message is the API's own: "The API key is not valid.", "... was revoked.").
 */
export async function resolve() {
  const key = getKey();
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = 'Bearer ' + key;
  let response;
  try {
    response = await fetch('/api/v1/admin/projects', { headers });
  } catch (e) {
    return { ok: false, message: 'The server did not answer: ' + e.message, fatal: true };
  }
  const body = await response.json().catch(() => null);
  const message = body?.error?.message || response.statusText;
  session.keyed = !!key;
  if (response.status === 200) {
    const projects = body.data || [];
    // An operator (admin of 'default') sees every project; another admin only its own.
    session.operator = projects.length !== 1 || projects[0].projectId === 'default';
    session.project = session.operator ? 'default' : projects[0].projectId;
    session.role = 'admin';
    session.ready = true;
    return { ok: true };
  }
  if (response.status === 403) {
    const role = /yours is an? (viewer|developer|admin) key/.exec(message)?.[1];
    if (!role) return { ok: false, message }; // e.g. an ingest-only key: it cannot read anything
    session.role = role;
    session.project = null; // only admin endpoints name it
    session.ready = true;
    return { ok: true };
  }
  if (response.status === 401) return { ok: false, message: key ? message : null };
  return { ok: false, message: `The API answered ${response.status}: ${message}`, fatal: response.status !== 429 };
}
