// The seam between the live views and how new items reach them. Today it polls the list endpoints every 2 s; once
// the API serves Server-Sent Events (GET /api/v1/live/traces, /api/v1/live/models, items in the list endpoints'
// shape), only this file changes: each function opens an EventSource and calls onItems with each event's data.
import { api } from './api.js';
import { query } from './util.js';

export const POLL_MS = 2000;

/**
 * Calls onItems(traces) with traces (the shape of GET /api/v1/traces items) matching the list filters that are new
 * or changed compared with `known` (what the page shows already) and with every earlier call. Returns a stop function.
 */
export function liveTraces(filters, known, onItems, onError = () => {}) {
  const fingerprint = (t) => `${t.spanCount}|${t.costUsd}|${t.errorCount}|${t.durationMs}`;
  const seen = new Map(known.map((t) => [t.traceId, fingerprint(t)]));
  return poll(async () => {
    const page = await api('/api/v1/traces' + query({ ...filters, limit: 50 }), { fresh: true });
    const changed = page.data.filter((t) => seen.get(t.traceId) !== fingerprint(t));
    page.data.forEach((t) => seen.set(t.traceId, fingerprint(t)));
    if (changed.length) onItems(changed);
  }, onError, POLL_MS);
}

/** Calls onItems(models) with every model's stats (GET /api/v1/models items) on each change. */
export function liveModels(params, onItems, onError = () => {}) {
  let last = '';
  return poll(async () => {
    const page = await api('/api/v1/models' + query(params()), { fresh: true });
    const text = JSON.stringify(page.data);
    if (text !== last) { last = text; onItems(page.data); }
  }, onError, 0);
}

/** Runs tick after `delay`, then every POLL_MS (slower while the tab is hidden) until stopped. */
function poll(tick, onError, delay) {
  let stopped = false;
  let timer;
  const run = async () => {
    try { await tick(); } catch (e) { onError(e); }
    if (!stopped) timer = setTimeout(run, document.hidden ? POLL_MS * 5 : POLL_MS);
  };
  timer = setTimeout(run, delay);
  return () => { stopped = true; clearTimeout(timer); };
}
