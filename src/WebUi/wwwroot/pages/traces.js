// Traces: newest first, every list filter of the API, full-text search, cursor paging, and a live mode where new
// traces appear at the top (through live.js).
import { api } from '../api.js';
import { liveTraces } from '../live.js';
import { replaceParams } from '../router.js';
import { html, mount, raw, count, tokens, usd, ms, time, ago, since, rangeOptions, query, debounce } from '../util.js';

const TEXT_FILTERS = ['service', 'model', 'provider', 'user', 'session'];
const PAGE_SIZE = 50;

/** API list parameters from the page's own (range, errors, attr as key=value). */
export function listFilters(p) {
  const f = {};
  for (const name of [...TEXT_FILTERS, 'q', 'minCost', 'maxCost', 'minDuration', 'maxDuration']) f[name] = p.get(name) || undefined;
  f.from = p.get('from') ? new Date(p.get('from')).toISOString() : since(p.get('range') ?? '24h');
  f.to = p.get('to') ? new Date(p.get('to')).toISOString() : undefined;
  if (p.get('errors') === '1') f.status = 'error';
  const attr = p.get('attr');
  if (attr && attr.includes('=')) {
    const i = attr.indexOf('=');
    f['attr.' + attr.slice(0, i).trim()] = attr.slice(i + 1).trim();
  }
  return f;
}

export async function render(view, { params }) {
  const p = params;
  const range = p.get('range') ?? '24h';
  mount(view, html`
    <div class="toolbar">
      <h1 style="margin:0">Traces</h1>
      <span id="liveBadge" class="badge live" hidden>live</span>
      <div class="spacer"></div>
      <label class="check"><input type="checkbox" id="live" ${p.get('live') === '0' ? '' : raw('checked')}> Live</label>
    </div>
    <form id="filters" class="filters" role="search" aria-label="Trace filters">
      <label style="grid-column: span 2">Search prompts and completions
        <input name="q" type="search" data-search placeholder="Full-text search  ( / )" value="${p.get('q') || ''}"></label>
      <button type="button" id="moreFilters" class="sm-only" aria-expanded="false">More filters</button>
      <label class="more">Time range <select name="range">${rangeOptions(range, true)}</select></label>
      <label class="more">From <input name="from" type="datetime-local" value="${p.get('from') || ''}"></label>
      <label class="more">To <input name="to" type="datetime-local" value="${p.get('to') || ''}"></label>
      ${TEXT_FILTERS.map((n) => html`<label class="more">${n[0].toUpperCase() + n.slice(1)} <input name="${n}" value="${p.get(n) || ''}" autocomplete="off"></label>`)}
      <label class="more">Cost (USD) <span class="pair"><input name="minCost" inputmode="decimal" placeholder="min" value="${p.get('minCost') || ''}" aria-label="Minimum cost">
        <input name="maxCost" inputmode="decimal" placeholder="max" value="${p.get('maxCost') || ''}" aria-label="Maximum cost"></span></label>
      <label class="more">Latency (ms) <span class="pair"><input name="minDuration" inputmode="decimal" placeholder="min" value="${p.get('minDuration') || ''}" aria-label="Minimum latency">
        <input name="maxDuration" inputmode="decimal" placeholder="max" value="${p.get('maxDuration') || ''}" aria-label="Maximum latency"></span></label>
      <label class="more">Attribute <input name="attr" placeholder="key=value" value="${p.get('attr') || ''}" autocomplete="off"></label>
      <label class="check more" style="align-self:end"><input type="checkbox" name="errors" value="1" ${p.get('errors') === '1' ? raw('checked') : ''}> Errors only</label>
      <div style="align-self:end; display:flex; gap:6px"><button type="submit" class="primary">Apply</button><button type="button" id="clear">Clear</button></div>
    </form>
    <p id="listError" class="alert" role="alert" hidden></p>
    <div class="table-wrap"><table aria-label="Traces">
      <thead><tr><th>Started</th><th>Trace</th><th class="hide-sm">Service</th><th class="num">Duration</th><th class="num hide-sm">Spans</th>
        <th class="num hide-sm">LLM calls</th><th class="num">Tokens in / out</th><th class="num">Cost</th><th class="hide-sm">Models</th><th class="hide-sm">User</th><th class="hide-sm">Session</th></tr></thead>
      <tbody id="rows"><tr><td colspan="11" class="empty">Loading…</td></tr></tbody>
    </table></div>
    <div class="pager"><button id="newer" type="button" disabled>← Newer</button><button id="older" type="button" disabled>Older →</button>
      <span id="pageInfo" class="muted"></span></div>`);

  const form = view.querySelector('#filters');
  const rows = view.querySelector('#rows');
  const cursors = []; // cursors of the pages before the current one
  let cursor = null;
  let next = null;
  let shown = [];
  let stopLive = null;

  const filters = () => listFilters(p);

  const stop = () => { if (stopLive) { stopLive(); stopLive = null; } view.querySelector('#liveBadge').hidden = true; };

  const startLive = () => {
    stop();
    if (cursor || !view.querySelector('#live').checked) return;
    view.querySelector('#liveBadge').hidden = false;
    stopLive = liveTraces(filters(), shown, (items) => {
      for (const t of items) {
        const existing = rows.querySelector(`tr[data-trace="${t.traceId}"]`);
        const row = rowFor(t, true);
        if (existing) existing.replaceWith(row); else rows.prepend(row);
        shown = [t, ...shown.filter((s) => s.traceId !== t.traceId)];
      }
      rows.querySelector('.empty')?.closest('tr').remove();
      // Keep the page at its size: the oldest rows move to the next page.
      while (rows.children.length > PAGE_SIZE) rows.lastElementChild.remove();
    }, (e) => showError(e));
  };

  const showError = (e) => {
    const box = view.querySelector('#listError');
    box.hidden = !e;
    box.textContent = e ? e.message : '';
  };

  let loads = 0;
  async function load() {
    stop();
    const ticket = ++loads;
    try {
      const page = await api('/api/v1/traces' + query({ ...filters(), limit: PAGE_SIZE, cursor }));
      if (ticket !== loads) return; // a later filter change is loading: its answer wins
      showError(null);
      shown = page.data;
      next = page.nextCursor;
      rows.replaceChildren(...(shown.length ? shown.map((t) => rowFor(t, false)) : [emptyRow()]));
      view.querySelector('#older').disabled = !next;
      view.querySelector('#newer').disabled = cursors.length === 0;
      view.querySelector('#pageInfo').textContent = `page ${cursors.length + 1} · ${shown.length} traces`;
      startLive();
    } catch (e) {
      if (ticket !== loads) return;
      showError(e);
      rows.replaceChildren(emptyRow('Could not load traces.'));
    }
  }

  const apply = () => {
    const data = new FormData(form);
    for (const [k, v] of data.entries()) { if (v) p.set(k, v); else p.delete(k); }
    if (!data.get('errors')) p.delete('errors');
    if (!data.get('range')) p.set('range', '');
    replaceParams(p);
    cursors.length = 0;
    cursor = null;
    load();
  };
  const applySoon = debounce(apply, 400);

  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  form.addEventListener('change', apply);
  form.addEventListener('input', (e) => { if (e.target.type === 'search' || e.target.type === 'text' || !e.target.type) applySoon(); });
  view.querySelector('#clear').addEventListener('click', () => {
    for (const key of [...p.keys()]) p.delete(key);
    form.reset();
    form.querySelectorAll('input:not([type=checkbox])').forEach((i) => { i.value = ''; });
    form.querySelector('[name=range]').value = '24h';
    apply();
  });
  view.querySelector('#live').addEventListener('change', (e) => { if (e.target.checked) p.delete('live'); else p.set('live', '0'); replaceParams(p); startLive(); });
  view.querySelector('#moreFilters').addEventListener('click', (e) => {
    const open = form.classList.toggle('expanded');
    e.target.setAttribute('aria-expanded', String(open));
    e.target.textContent = open ? 'Fewer filters' : 'More filters';
  });
  view.querySelector('#older').addEventListener('click', () => { cursors.push(cursor); cursor = next; load(); });
  view.querySelector('#newer').addEventListener('click', () => { cursor = cursors.pop() ?? null; load(); });

  await load();
  return stop;
}

function emptyRow(text = 'No traces match these filters.') {
  const tr = document.createElement('tr');
  mount(tr, html`<td colspan="11" class="empty">${text}</td>`);
  return tr;
}

/** One trace row; the whole row opens the trace, and its link is the keyboard's way in. */
export function rowFor(t, fresh) {
  const tr = document.createElement('tr');
  tr.className = 'row-link' + (fresh ? ' fresh' : '');
  tr.dataset.trace = t.traceId;
  const href = '#/trace/' + t.traceId;
  mount(tr, html`
    <td title="${time(t.startTime)}">${ago(t.startTime)}</td>
    <td><a href="${href}">${t.rootSpanName || '(no root span)'}</a> ${t.errorCount ? html`<span class="badge err">${t.errorCount} error${t.errorCount > 1 ? 's' : ''}</span>` : ''}
      <div class="muted mono" style="font-size:11px">${t.traceId.slice(0, 16)}…</div></td>
    <td class="hide-sm">${t.serviceName}</td>
    <td class="num">${ms(t.durationMs)}</td>
    <td class="num hide-sm">${count(t.spanCount)}</td>
    <td class="num hide-sm">${count(t.llmCallCount)}</td>
    <td class="num">${tokens(t.inputTokens)} / ${tokens(t.outputTokens)}</td>
    <td class="num">${usd(t.costUsd)}</td>
    <td class="hide-sm"><div class="chips">${(t.models || []).map((m) => html`<span class="badge">${m}</span>`)}</div></td>
    <td class="hide-sm">${t.userId ? html`<a href="#/traces?user=${encodeURIComponent(t.userId)}">${t.userId}</a>` : ''}</td>
    <td class="hide-sm">${t.sessionId ? html`<a href="#/traces?session=${encodeURIComponent(t.sessionId)}">${t.sessionId}</a>` : ''}</td>`);
  tr.addEventListener('click', (e) => { if (!e.target.closest('a')) location.hash = href; });
  return tr;
}
