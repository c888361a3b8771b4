// Sessions and Users: lists with their totals, latest activity first, paged; each row opens its traces.
import { api } from '../api.js';
import { replaceParams } from '../router.js';
import { html, mount, count, tokens, usd, time, ago, since, rangeOptions, query } from '../util.js';

const KINDS = {
  sessions: { title: 'Sessions', path: '/api/v1/sessions', id: 'sessionId', filter: 'session', extra: [['User', (r) => r.userId ? html`<a href="#/traces?user=${encodeURIComponent(r.userId)}">${r.userId}</a>` : '—']] },
  users: { title: 'Users', path: '/api/v1/users', id: 'userId', filter: 'user', extra: [['Sessions', (r) => count(r.sessionCount)]] },
};

export async function render(view, { page, params: p }) {
  const kind = KINDS[page];
  const range = p.get('range') || '7d';
  mount(view, html`
    <div class="toolbar"><h1 style="margin:0">${kind.title}</h1><div class="spacer"></div>
      <label>Active in <select id="range">${rangeOptions(range, false)}</select></label></div>
    <p id="error" class="alert" role="alert" hidden></p>
    <div class="table-wrap"><table aria-label="${kind.title}"><thead><tr>
      <th>${kind.title.slice(0, -1)}</th>${kind.extra.map(([h]) => html`<th>${h}</th>`)}<th class="num">Traces</th><th class="num">LLM calls</th><th class="num">Errors</th>
      <th class="num">Tokens in / out</th><th class="num">Cost</th><th class="hide-sm">First seen</th><th>Last seen</th></tr></thead>
      <tbody id="rows"><tr><td colspan="10" class="empty">Loading…</td></tr></tbody></table></div>
    <div class="pager"><button id="newer" type="button" disabled>← Newer</button><button id="older" type="button" disabled>Older →</button><span id="pageInfo" class="muted"></span></div>`);

  const rows = view.querySelector('#rows');
  const cursors = [];
  let cursor = null;
  let next = null;
  const load = async () => {
    try {
      const r = await api(kind.path + query({ from: since(view.querySelector('#range').value), limit: 50, cursor }));
      next = r.nextCursor;
      mount(rows, r.data.length ? html`${r.data.map((row) => html`<tr class="row-link" data-id="${row[kind.id]}">
        <td><a href="#/traces?${kind.filter}=${encodeURIComponent(row[kind.id])}&range=">${row[kind.id]}</a></td>
        ${kind.extra.map(([, f]) => html`<td>${f(row)}</td>`)}
        <td class="num">${count(row.traceCount)}</td><td class="num">${count(row.llmCallCount)}</td>
        <td class="num">${row.errorCount ? html`<span class="error">${count(row.errorCount)}</span>` : '0'}</td>
        <td class="num">${tokens(row.inputTokens)} / ${tokens(row.outputTokens)}</td><td class="num">${usd(row.costUsd)}</td>
        <td class="hide-sm">${time(row.firstSeen)}</td><td title="${time(row.lastSeen)}">${ago(row.lastSeen)}</td></tr>`)}`
        : html`<tr><td colspan="10" class="empty">No ${kind.title.toLowerCase()} in this range.</td></tr>`);
      view.querySelector('#older').disabled = !next;
      view.querySelector('#newer').disabled = cursors.length === 0;
      view.querySelector('#pageInfo').textContent = `page ${cursors.length + 1}`;
      view.querySelector('#error').hidden = true;
    } catch (e) {
      view.querySelector('#error').hidden = false;
      view.querySelector('#error').textContent = e.message;
    }
  };
  rows.addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-id]');
    if (tr && !e.target.closest('a')) location.hash = `#/traces?${kind.filter}=${encodeURIComponent(tr.dataset.id)}&range=`;
  });
  view.querySelector('#range').addEventListener('change', (e) => { replaceParams(new URLSearchParams({ range: e.target.value })); cursors.length = 0; cursor = null; load(); });
  view.querySelector('#older').addEventListener('click', () => { cursors.push(cursor); cursor = next; load(); });
  view.querySelector('#newer').addEventListener('click', () => { cursor = cursors.pop() ?? null; load(); });
  await load();
}
