// Costs: totals against the previous period, attribution by model, service, user, session or provider, and a
// forecast of daily cost with its 95% band.
import { api } from '../api.js';
import { replaceParams } from '../router.js';
import { lineChart } from '../chart.js';
import { html, mount, count, tokens, usd, pct, since, rangeOptions, query, ms, ago } from '../util.js';

const DIMENSIONS = ['model', 'service', 'user', 'session', 'provider'];

export async function render(view, { params: p }) {
  const range = p.get('range') || '24h';
  const dimension = p.get('by') || 'model';
  mount(view, html`
    <div class="toolbar"><h1 style="margin:0">Costs</h1><div class="spacer"></div>
      <label>Time range <select id="range">${rangeOptions(range, false)}</select></label></div>
    <div id="summary"><p class="muted">Loading…</p></div>
    <div class="grid2">
      <section class="panel"><div class="toolbar" style="margin:0 0 6px"><h2 style="margin:0">Attribution</h2><div class="spacer"></div>
        <div role="tablist" aria-label="Attribute cost by">${DIMENSIONS.map((d) => html`<button type="button" role="tab" data-by="${d}" aria-selected="${d === dimension}" class="${d === dimension ? 'primary' : ''}">${d}</button> `)}</div></div>
        <div id="attribution"></div></section>
      <section class="panel"><h2 style="margin-top:0">Forecast <span class="muted" style="font-weight:400">next 7 days from the last 30</span></h2>
        <div id="forecast"></div><div id="forecastChart" class="chart" style="border:0;padding:0"></div></section>
    </div>
    <h2>Most expensive traces</h2><div id="topTraces"></div>`);

  let chart = null;
  const setParams = () => replaceParams(new URLSearchParams({ range: view.querySelector('#range').value, by: current }));
  let current = dimension;

  const loadSummary = async () => {
    const s = await api('/api/v1/costs/summary' + query({ from: since(view.querySelector('#range').value) }));
    const t = s.totals;
    const change = (c) => (c.percent === null ? html`<span class="muted">no earlier data</span>` : html`<span class="${c.absolute > 0 ? 'up' : 'down'}">${c.percent > 0 ? '+' : ''}${Number(c.percent).toFixed(1)}%</span> vs previous`);
    mount(view.querySelector('#summary'), html`<div class="cards">
      <div class="card"><div class="label">Cost</div><div class="value" id="totalCost">${usd(t.costUsd)}</div><div class="sub">${change(s.change.costUsd)}</div></div>
      <div class="card"><div class="label">LLM calls</div><div class="value">${count(t.requests)}</div><div class="sub">${change(s.change.requests)}</div></div>
      <div class="card"><div class="label">Errors</div><div class="value">${count(t.errors)}</div><div class="sub">${count(t.callsWithoutUsage)} calls without usage</div></div>
      <div class="card"><div class="label">Tokens</div><div class="value">${tokens(t.tokens.total)}</div><div class="sub">${change(s.change.tokens)}</div></div>
      <div class="card"><div class="label">Input · cache read · cache write</div><div class="value" style="font-size:15px">${tokens(t.tokens.inputUncached)} · ${tokens(t.tokens.cacheRead)} · ${tokens(t.tokens.cacheWrite)}</div></div>
      <div class="card"><div class="label">Output · of which reasoning</div><div class="value" style="font-size:15px">${tokens(t.tokens.output)} · ${tokens(t.tokens.reasoning)}</div></div>
    </div>`);
    mount(view.querySelector('#topTraces'), s.topTraces.length ? html`<div class="table-wrap"><table><thead><tr><th>Trace</th><th>Service</th><th>Started</th><th class="num">Duration</th><th class="num">Cost</th></tr></thead><tbody>
      ${s.topTraces.map((tr) => html`<tr><td><a href="#/trace/${tr.traceId}">${tr.rootSpanName}</a></td><td>${tr.serviceName}</td><td>${ago(tr.startTime)}</td><td class="num">${ms(tr.durationMs)}</td><td class="num">${usd(tr.costUsd)}</td></tr>`)}
      </tbody></table></div>` : html`<p class="muted">No traces with cost in this range.</p>`);
  };

  const loadAttribution = async () => {
    view.querySelectorAll('[data-by]').forEach((b) => { const on = b.dataset.by === current; b.className = on ? 'primary' : ''; b.setAttribute('aria-selected', String(on)); });
    const a = await api('/api/v1/costs/attribution' + query({ dimension: current, from: since(view.querySelector('#range').value), limit: 20 }));
    const link = (key) => (key === null ? html`<span class="muted">(none)</span>`
      : current === 'provider' ? key : html`<a href="#/traces?${current}=${encodeURIComponent(key)}">${key}</a>`);
    mount(view.querySelector('#attribution'), a.data.length ? html`<div class="scroll-x"><table aria-label="Cost by ${current}"><thead><tr><th>${current}</th><th class="num">Cost</th><th>Share</th><th class="num">Calls</th><th class="num hide-sm">Tokens in / out</th></tr></thead><tbody>
      ${a.data.map((r) => html`<tr><td>${link(r.key)}</td><td class="num">${usd(r.costUsd)}</td><td><span class="share" style="width:${Math.round(r.share * 100)}px"></span>${pct(r.share)}</td>
        <td class="num">${count(r.requests)}</td><td class="num hide-sm">${tokens(r.inputTokens)} / ${tokens(r.outputTokens)}</td></tr>`)}
      </tbody></table></div>` : html`<p class="muted">No cost in this range.</p>`);
  };

  const loadForecast = async () => {
    const f = await api('/api/v1/costs/forecast' + query({ horizonDays: 7 }));
    mount(view.querySelector('#forecast'), html`<p>Next 7 days: <b>${usd(f.totalForecastUsd)}</b>
      <span class="muted">· trend ${usd(f.trend.slopeUsdPerDay)}/day${f.trend.rSquared !== null ? ` · R² ${f.trend.rSquared.toFixed(2)}` : ''}</span></p>`);
    const days = [...f.history.map((d) => d.date), ...f.forecast.map((d) => d.date)];
    const xs = days.map((d) => Date.parse(d + 'T00:00:00Z') / 1000);
    const n = f.history.length;
    const hist = [...f.history.map((d) => Number(d.costUsd)), ...f.forecast.map(() => null)];
    const fc = [...f.history.map((d, i) => (i === n - 1 ? Number(d.costUsd) : null)), ...f.forecast.map((d) => Number(d.costUsd))];
    const lo = [...f.history.map(() => null), ...f.forecast.map((d) => (d.lower === null ? null : Number(d.lower)))];
    const hi = [...f.history.map(() => null), ...f.forecast.map((d) => (d.upper === null ? null : Number(d.upper)))];
    if (chart) chart.destroy();
    chart = await lineChart(view.querySelector('#forecastChart'), { data: [xs, hist, fc, lo, hi], labels: ['daily cost', 'forecast', 'lower 95%', 'upper 95%'], format: usd });
  };

  const showError = (e) => mount(view.querySelector('#summary'), html`<p class="alert" role="alert">${e.message}</p>`);
  const loadAll = () => Promise.all([loadSummary(), loadAttribution(), loadForecast()]).catch(showError);
  view.querySelector('#range').addEventListener('change', () => { setParams(); loadAll(); });
  view.querySelectorAll('[data-by]').forEach((b) => b.addEventListener('click', () => { current = b.dataset.by; setParams(); loadAttribution().catch(showError); }));
  await loadAll();
  return () => { if (chart) chart.destroy(); };
}
