// The shell: asks who the caller is (a key prompt when the API wants one), then routes #/page?params to a page module.
// Each page exports render(view, params) and may return a function that stops what it started (live polling).
import { resolve, session, setKey, forgetKey, getKey } from './session.js';
import { html, mount } from './util.js';
import { currentRoute } from './router.js';

const pages = {
  traces: () => import('./pages/traces.js'),
  trace: () => import('./pages/trace.js'),
  models: () => import('./pages/models.js'),
  costs: () => import('./pages/costs.js'),
  sessions: () => import('./pages/activity.js'),
  users: () => import('./pages/activity.js'),
  budgets: () => import('./pages/budgets.js'),
  settings: () => import('./pages/settings.js'),
};

const view = document.getElementById('view');
let stopPage = null;
let routing = 0;

async function route() {
  const ticket = ++routing;
  if (stopPage) { stopPage(); stopPage = null; }
  const { page, id, params } = currentRoute();
  const load = pages[page];
  document.querySelectorAll('#nav a').forEach((a) => {
    const active = a.dataset.page === page || (page === 'trace' && a.dataset.page === 'traces');
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  if (!load) { mount(view, html`<p class="alert">No page '${page}'. <a href="#/traces">Traces</a></p>`); return; }
  const module = await load();
  if (ticket !== routing) return; // another route started while this one loaded
  try {
    stopPage = (await module.render(view, { page, id, params })) || null;
  } catch (e) {
    if (e.status !== 401) mount(view, html`<p class="alert" role="alert">${e.message}</p>`);
  }
}

function showWho() {
  const who = document.getElementById('whoami');
  who.textContent = session.keyed ? `${session.role}${session.project ? ' · ' + session.project : ''}` : '';
  document.getElementById('signout').hidden = !session.keyed;
}

/** Asks for a key until the API accepts one; `message` says why the last one was refused. */
function askForKey(message) {
  const dialog = document.getElementById('keyDialog');
  const error = document.getElementById('keyError');
  error.hidden = !message;
  error.textContent = message || '';
  if (!dialog.open) dialog.showModal();
  document.getElementById('keyInput').focus();
}

async function start() {
  const result = await resolve();
  if (!result.ok && !result.fatal && getKey()) forgetKey(); // a refused key is not kept for the next load
  if (!result.ok) {
    if (result.fatal) { mount(view, html`<p class="alert" role="alert">${result.message}</p>`); return; }
    mount(view, html`<p class="muted">An API key is needed to look at this Observatory.</p>`);
    askForKey(result.message);
    return;
  }
  document.getElementById('keyDialog').close();
  showWho();
  route();
}

document.getElementById('keyForm').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = document.getElementById('keyInput');
  setKey(input.value.trim());
  input.value = '';
  start();
});
document.getElementById('keyDialog').addEventListener('cancel', (e) => e.preventDefault()); // nothing to see without a key
document.getElementById('signout').addEventListener('click', () => { forgetKey(); if (stopPage) stopPage(); askForKey(null); });

// A key that stops working mid-session (revoked, expired cache) sends the user back to the prompt with the API's reason.
window.addEventListener('obs:unauthorized', (e) => {
  if (stopPage) { stopPage(); stopPage = null; }
  if (getKey()) forgetKey();
  askForKey(e.detail);
});

function toggleTheme() {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('observatory.theme', next);
  window.dispatchEvent(new Event('obs:theme'));
}
document.getElementById('theme').addEventListener('click', toggleTheme);

// Keyboard: "/" focuses the page's search box, "t" switches the theme, g+letter goes to a page.
let pendingG = false;
document.addEventListener('keydown', (e) => {
  if (e.target.closest('input, textarea, select, dialog') || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === '/') { const s = document.querySelector('[data-search]'); if (s) { e.preventDefault(); s.focus(); } return; }
  if (e.key === 't') { toggleTheme(); return; }
  if (pendingG) {
    pendingG = false;
    const target = { t: 'traces', m: 'models', c: 'costs', s: 'sessions', u: 'users', b: 'budgets', p: 'settings' }[e.key];
    if (target) location.hash = '#/' + target;
    return;
  }
  if (e.key === 'g') { pendingG = true; setTimeout(() => { pendingG = false; }, 1000); }
});

window.addEventListener('hashchange', () => { if (session.ready) route(); });
start();
