// The seam between the live views and how new items reach them: Server-Sent Events from GET /api/v1/live/traces and
// /api/v1/live/models, whose events carry items in the list endpoints' shape. Read with fetch() rather than
// EventSource, because EventSource cannot send the Authorization header and a key in the URL would end up in logs
// and history. A dropped or broken stream reconnects after a pause and catches up from the list endpoint.
import { api, ApiError } from './api.js';
import { getKey } from './session.js';
import { query } from './util.js';

const RETRY_MS = [1000, 2000, 5000, 10000];
/** The models table re-reads /api/v1/models at most this often while live updates arrive. */
export const MODELS_READ_SPACING_MS = 1000;

/**
 * Calls onItems(traces) with traces (the shape of GET /api/v1/traces items) matching the list filters that are new
 * or changed compared with `known` (what the page shows already) and with every earlier call. Returns a stop function.
 */
export function liveTraces(filters, known, onItems, onError = () => {}) {
  const fingerprint = (t) => `${t.spanCount}|${t.costUsd}|${t.errorCount}|${t.durationMs}`;
  const seen = new Map(known.map((t) => [t.traceId, { fp: fingerprint(t), spans: t.spanCount }]));
  const take = (traces) => {
    // Summaries of one trace may come from two silos out of order: never go back to fewer spans.
    const changed = traces.filter((t) => {
      const before = seen.get(t.traceId);
      return !before || (before.fp !== fingerprint(t) && t.spanCount >= before.spans);
    });
    changed.forEach((t) => seen.set(t.traceId, { fp: fingerprint(t), spans: t.spanCount }));
    if (changed.length) onItems(changed);
  };
  const { limit, cursor, ...streamFilters } = filters;
  return stream('/api/v1/live/traces' + query(streamFilters), {
    // What committed between the page's load and the subscription (or while reconnecting) comes from the list.
    onOpen: async () => take((await api('/api/v1/traces' + query({ ...filters, limit: 50 }), { fresh: true })).data.reverse()),
    onEvent: (t) => take([t]),
    onError,
  });
}

/**
 * Calls onItems(models) with every model's stats (GET /api/v1/models items) for params(), then again after each live
 * update. An update is only a signal to read the list again, never added to it: a read made just after calls committed
 * already counts them, their update (published up to a second later) carries nothing to tell, and adding it counted
 * those calls twice. The list's answer is exact, percentiles included. Reads go one at a time, at most one per
 * MODELS_READ_SPACING_MS; updates that arrive meanwhile make one more read after it.
 */
export function liveModels(params, onItems, onError = () => {}) {
  let stopped = false;
  const reads = coalesced(async () => {
    const models = (await api('/api/v1/models' + query(params()), { fresh: true })).data;
    if (!stopped) onItems(models); // a read of the previous filters must not overwrite the new ones' table
  }, MODELS_READ_SPACING_MS, onError);
  const stop = stream('/api/v1/live/models' + query({ service: params().service }), {
    onOpen: reads.now, onEvent: reads.request, onError,
  });
  return () => { stopped = true; reads.stop(); stop(); };
}

/**
 * Runs task() one run at a time, runs starting at least `spacing` ms apart: request() asks for a run (asks made while
 * one runs or waits merge into one run after it; a failure goes to onError), now() runs it as soon as the current run
 * ends and returns that run's promise.
 */
function coalesced(task, spacing, onError) {
  let running = null;
  let again = false;
  let timer = 0;
  let startedAt = -Infinity;
  let stopped = false;
  const start = () => {
    clearTimeout(timer);
    timer = 0;
    again = false;
    startedAt = Date.now();
    running = task().finally(() => {
      running = null;
      if (again) request();
    });
    return running;
  };
  const request = () => {
    if (stopped) return;
    if (running) { again = true; return; }
    if (!timer) timer = setTimeout(() => start().catch(onError), Math.max(0, startedAt + spacing - Date.now()));
  };
  const now = async () => {
    while (running) await running.catch(() => {});
    return start();
  };
  return { request, now, stop: () => { stopped = true; clearTimeout(timer); } };
}

/**
 * Reads a text/event-stream with the session's key until stopped, reconnecting with growing pauses; onOpen runs
 * once each connection stands (the server's opening comment), onEvent with each event's parsed data. Returns stop.
 */
function stream(path, { onOpen, onEvent, onError }) {
  const abort = new AbortController();
  let failures = 0;
  const connect = async () => {
    while (!abort.signal.aborted) {
      try {
        await readEvents(path, abort.signal, async () => { failures = 0; onError(null); await onOpen(); }, onEvent);
      } catch (e) {
        if (abort.signal.aborted) return;
        if (e.status === 401) { window.dispatchEvent(new CustomEvent('obs:unauthorized', { detail: e.message })); return; }
        onError(e);
      }
      if (abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]));
    }
  };
  connect();
  return () => abort.abort();
}

async function readEvents(path, signal, onOpen, onEvent) {
  const headers = { Accept: 'text/event-stream' };
  const key = getKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  const response = await fetch(path, { headers, signal, cache: 'no-store' });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(response.status, body?.error?.code || String(response.status), body?.error?.message || response.statusText);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let opened = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new ApiError(0, 'closed', 'The live stream closed; reconnecting.');
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!opened) { opened = true; await onOpen(); }
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() || 'message';
      const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
      if (event === 'overflow') throw new ApiError(0, 'overflow', 'The live stream fell behind; reconnecting.');
      if (data && event === 'message') onEvent(JSON.parse(data));
    }
  }
}
