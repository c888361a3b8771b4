// Models: a live table of every model's calls, errors, tokens by kind, cost, latency and TTFT percentiles; charts of
// the same over time, grouped by model, service or provider; two models side by side.
import { api } from '../api.js';
import { liveModels } from '../live.js';
import { replaceParams } from '../router.js';
import { lineChart, align, intervalFor } from '../chart.js';
import { html, mount, raw, count, tokens, usd, ms, pct, since, rangeMs, rangeOptions, query } from '../util.js';
import { scoreNumber } from './trace-agents.js';

const KINDS = [
  ['input (uncached)', '#6366f1', (m) => Math.max(0, m.inputTokens - m.cacheReadTokens - m.cacheWriteTokens)],
  ['cache read', '#0ea5e9', (m) => m.cacheReadTokens],
  ['cache write', '#14b8a6', (m) => m.cacheWriteTokens],
  ['output', '#f59e0b', (m) => Math.max(0, m.outputTokens - m.reasoningTokens)],
  ['reasoning', '#ec4899', (m) => m.reasoningTokens],
];

// The tokens-by-kind chart draws the five kinds as the API reports them (overlapping, so lines, not a stack), in the
// hues of the table's bars.
const TOKEN_KINDS = [
  ['input', 'input', '#6366f1'],
  ['output', 'output', '#f59e0b'],
  ['cache read', 'cacheRead', '#0ea5e9'],
  ['cache write', 'cacheWrite', '#14b8a6'],
  ['reasoning', 'reasoning', '#ec4899'],
];

// The charts in page order; grouped ones follow "Charts by", the others sum every model of the filter.
const CHARTS = [
  { title: 'Calls', metric: 'requests', grouped: true },
  { title: 'Errors', metric: 'errors', grouped: true },
  { title: 'Tokens (input + output)', metric: 'tokens', grouped: true },
  { title: 'Tokens by kind', metric: 'tokens', kinds: true },
  { title: 'Cost (USD)', metric: 'cost', grouped: true, format: (v) => usd(v) },
  { title: 'Latency (ms)', metric: 'latency', percentiles: true },
  { title: 'Time to first token (ms)', metric: 'ttft', percentiles: true },
];

export async function render(view, { params: p }) {
  const range = p.get('range') || '24h';
  const groupBy = p.get('groupBy') || 'model';
  mount(view, html`
    <div class="toolbar">
      <h1 style="margin:0">Models</h1><span class="badge live">live</span>
      <div class="spacer"></div>
      <label>Time range <select id="range">${rangeOptions(range, false)}</select></label>
      <label>Service <input id="service" value="${p.get('service') || ''}" placeholder="all services" autocomplete="off"></label>
      <label>Charts by <select id="groupBy">${['model', 'service', 'provider'].map((g) => html`<option ${g === groupBy ? raw('selected') : ''}>${g}</option>`)}</select></label>
    </div>
    <p id="error" class="alert" role="alert" hidden></p>
    <div class="table-wrap"><table aria-label="Models" class="dense">
      <thead><tr><th>Model</th><th class="num">Calls</th><th class="num">Errors</th><th class="num hide-sm">No usage</th>
        <th class="num">Input</th><th class="num hide-sm">Cache read</th><th class="num hide-sm">Cache write</th><th class="num">Output</th><th class="num hide-sm">Reasoning</th>
        <th class="hide-sm">Tokens by kind</th><th class="num">Cost</th><th class="num">Latency p50 / p95 / p99</th><th class="num hide-sm">TTFT p50 / p95 / p99</th></tr></thead>
      <tbody id="rows"><tr><td colspan="13" class="empty">Loading…</td></tr></tbody>
    </table></div>
    <div class="legend">${KINDS.map(([n, c]) => html`<span><i style="background:${c}"></i>${n}</span>`)}</div>
    <div class="charts" id="charts">
      ${CHARTS.map((c, i) => html`<div class="chart"><h3>${c.title}</h3>${c.kinds ? html`<p class="muted chart-note">Every model · input includes cache read and write, output includes reasoning</p>
        <div class="legend" id="kindTotals"></div>` : ''}<div data-chart="${i}"></div></div>`)}
    </div>
    <h2>Compare two models</h2>
    <div class="toolbar">
      <label>Model A <select id="cmpA"></select></label><label>Model B <select id="cmpB"></select></label>
      <button id="compare" type="button" class="primary">Compare</button>
    </div>
    <div id="comparison"></div>`);

  const rows = view.querySelector('#rows');
  const error = view.querySelector('#error');
  const state = { range, service: p.get('service') || '', groupBy, charts: [], chartsAt: 0 };
  const params = () => ({ from: since(state.range), service: state.service || undefined });

  const showModels = (models) => {
    error.hidden = true;
    const max = Math.max(1, ...models.map((m) => m.inputTokens + m.outputTokens));
    rows.replaceChildren(...(models.length ? models.map((m) => modelRow(m, max)) : [emptyRow()]));
    fillCompare(view, models);
    // Charts follow the table, but at most every 15 s: they read minute rollups, not the live counters.
    if (Date.now() - state.chartsAt > 15000) drawCharts();
  };

  const drawCharts = async () => {
    state.chartsAt = Date.now();
    const from = since(state.range);
    const to = new Date().toISOString();
    const interval = intervalFor(rangeMs(state.range));
    const base = { from, to, interval, service: state.service || undefined };
    try {
      const answers = await Promise.all(CHARTS.map((c) =>
        api('/api/v1/metrics' + query({ ...base, metric: c.metric, groupBy: c.grouped ? state.groupBy : undefined }))));
      state.charts.forEach((c) => c.destroy());
      state.charts = await Promise.all(answers.map((answer, i) => {
        const chart = CHARTS[i];
        const element = view.querySelector(`[data-chart="${i}"]`);
        element.replaceChildren();
        if (chart.percentiles) {
          const series = answer.series[0] ? [answer.series[0], answer.series[0], answer.series[0]] : [];
          const picks = ['p50', 'p95', 'p99'];
          const columns = series.map((s, k) => align([s], from, to, interval, (pt) => pt[picks[k]], null)[1]);
          const xs = align([], from, to, interval, () => 0, null)[0];
          return lineChart(element, { data: [xs, ...(columns.length ? columns : [xs.map(() => null)])], labels: columns.length ? picks : ['no calls'], format: (v) => ms(v) });
        }
        if (chart.kinds) return kindsChart(view, element, answer, from, to, interval);
        const data = align(answer.series, from, to, interval, (pt) => Number(pt.value), 0);
        const labels = answer.series.map((s) => s.group ?? '(unknown)');
        const format = chart.format ?? ((v) => tokens(v));
        return lineChart(element, { data: labels.length ? data : [data[0], data[0].map(() => 0)], labels: labels.length ? labels : ['none'], format });
      }));
    } catch (e) {
      error.hidden = false;
      error.textContent = e.message;
    }
  };

  let stopLive = null;
  const restart = () => {
    if (stopLive) stopLive();
    state.chartsAt = 0;
    stopLive = liveModels(params, showModels, (e) => { error.hidden = !e; error.textContent = e ? e.message : ''; });
    const q = new URLSearchParams({ range: state.range, groupBy: state.groupBy });
    if (state.service) q.set('service', state.service);
    replaceParams(q);
  };
  view.querySelector('#range').addEventListener('change', (e) => { state.range = e.target.value; restart(); });
  view.querySelector('#groupBy').addEventListener('change', (e) => { state.groupBy = e.target.value; restart(); });
  view.querySelector('#service').addEventListener('change', (e) => { state.service = e.target.value.trim(); restart(); });
  view.querySelector('#compare').addEventListener('click', () => compare(view, state));
  restart();
  return () => { if (stopLive) stopLive(); state.charts.forEach((c) => c.destroy()); };
}

/** One line per token kind (every model of the filter), with the range's total of each kind as the chart's legend. */
function kindsChart(view, element, answer, from, to, interval) {
  const all = answer.series[0]; // ungrouped: one series, none when the range has no calls
  const xs = align([], from, to, interval, () => 0, 0)[0];
  const kinds = TOKEN_KINDS.map(([label, field, color]) => {
    const column = all ? align([all], from, to, interval, (pt) => pt[field], 0)[1] : xs.map(() => 0);
    return { label, field, color, column, total: column.reduce((a, b) => a + b, 0) };
  });
  mount(view.querySelector('#kindTotals'), html`${kinds.map((k) =>
    html`<span data-kind="${k.field}"><i style="background:${k.color}"></i>${k.label} <b>${count(k.total)}</b></span>`)}`);
  return lineChart(element, {
    data: [xs, ...kinds.map((k) => k.column)], labels: kinds.map((k) => k.label), colors: kinds.map((k) => k.color), format: (v) => tokens(v), legend: false,
  });
}

function emptyRow() {
  const tr = document.createElement('tr');
  mount(tr, html`<td colspan="13" class="empty">No model calls in this range.</td>`);
  return tr;
}

function modelRow(m, max) {
  const tr = document.createElement('tr');
  tr.dataset.model = m.model ?? '';
  const total = m.inputTokens + m.outputTokens;
  const p = (x) => html`${ms(x.p50)}<span class="muted"> / ${ms(x.p95)} / ${ms(x.p99)}</span>`;
  mount(tr, html`
    <td><a href="#/traces?model=${encodeURIComponent(m.model ?? '')}">${m.model ?? '(unknown model)'}</a><div class="muted" style="font-size:11.5px">${m.provider ?? ''}</div></td>
    <td class="num">${count(m.requestCount)}</td>
    <td class="num">${m.errorCount ? html`<span class="error">${count(m.errorCount)}</span> <span class="muted">${pct(m.errorCount / m.requestCount)}</span>` : '0'}</td>
    <td class="num hide-sm">${count(m.callsWithoutUsage)}</td>
    <td class="num">${tokens(m.inputTokens)}</td><td class="num hide-sm">${tokens(m.cacheReadTokens)}</td><td class="num hide-sm">${tokens(m.cacheWriteTokens)}</td>
    <td class="num">${tokens(m.outputTokens)}</td><td class="num hide-sm">${tokens(m.reasoningTokens)}</td>
    <td class="hide-sm"><div class="stack" style="width:${Math.max(8, (total / max) * 90)}px" title="${KINDS.map(([n, , f]) => `${n}: ${count(f(m))}`).join(', ')}">
      ${KINDS.map(([, c, f]) => html`<span style="background:${c};width:${total ? (f(m) / total) * 100 : 0}%"></span>`)}</div></td>
    <td class="num"><b>${usd(m.costUsd)}</b></td>
    <td class="num">${p(m.latencyMs)}</td>
    <td class="num hide-sm">${p(m.ttftMs)}</td>`);
  return tr;
}

function fillCompare(view, models) {
  const names = [...new Set(models.map((m) => m.model).filter(Boolean))];
  for (const [id, fallback] of [['#cmpA', 0], ['#cmpB', 1]]) {
    const select = view.querySelector(id);
    const current = select.value;
    if ([...select.options].map((o) => o.value).join('|') === names.join('|')) continue;
    mount(select, html`${names.map((n) => html`<option>${n}</option>`)}`);
    select.value = names.includes(current) ? current : names[Math.min(fallback, names.length - 1)] ?? '';
  }
}

async function compare(view, state) {
  const a = view.querySelector('#cmpA').value;
  const b = view.querySelector('#cmpB').value;
  const target = view.querySelector('#comparison');
  if (!a || !b || a === b) { mount(target, html`<p class="muted">Pick two different models.</p>`); return; }
  try {
    const r = await api('/api/v1/models/compare' + query({ models: `${a},${b}`, from: since(state.range) }));
    const best = (m) => [r.fastest === m.model && 'fastest', r.cheapest === m.model && 'cheapest', r.mostReliable === m.model && 'most reliable'].filter(Boolean);
    mount(target, html`<div class="compare">${r.models.map((m) => html`<div class="panel">
      <h3 style="margin-top:0">${m.model} ${best(m).map((t) => html`<span class="badge kind-tool">${t}</span> `)}</h3>
      <dl class="facts">
        <dt>Calls</dt><dd>${count(m.requests)}</dd>
        <dt>Error rate</dt><dd>${pct(m.errorRate)}</dd>
        <dt>Latency p50 / p95 / p99</dt><dd>${ms(m.latencyMs.p50)} / ${ms(m.latencyMs.p95)} / ${ms(m.latencyMs.p99)}</dd>
        <dt>TTFT p50 / p95 / p99</dt><dd>${ms(m.ttftMs.p50)} / ${ms(m.ttftMs.p95)} / ${ms(m.ttftMs.p99)}</dd>
        <dt>Cost</dt><dd>${usd(m.costUsd)}</dd>
        <dt>Cost per call</dt><dd>${usd(m.avgCostPerCallUsd)}</dd>
        <dt>Tokens per call</dt><dd>${m.avgInputTokensPerCall ?? '—'} in / ${m.avgOutputTokensPerCall ?? '—'} out</dd>
      </dl>
      <h4>Scores <span class="muted" style="font-weight:400">mean per name</span></h4>
      ${(m.scores || []).length ? html`<dl class="facts scores-mean">${m.scores.map((sc) => html`<dt>${sc.name}</dt><dd data-score="${sc.name}"><b>${scoreNumber(sc.mean)}</b>
        <span class="muted">${count(sc.count)} score${sc.count === 1 ? '' : 's'}${sc.valueCount < sc.count ? `, ${count(sc.valueCount)} with a value` : ''}</span></dd>`)}</dl>`
        : html`<p class="muted">No scores in this range.</p>`}</div>`)}</div>`);
  } catch (e) {
    mount(target, html`<p class="alert">${e.message}</p>`);
  }
}
