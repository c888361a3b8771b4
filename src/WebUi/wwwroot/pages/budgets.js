// Budgets and alerts: each budget's spend in its period against its limits (from the budget's own check, answered from
// memory), and each alert rule's state with its notifications. Read-only: budgets, rules and webhooks are made with the
// REST API. Both tables are read again every few seconds, since a check and a state change live.
import { api } from '../api.js';
import { html, mount, count, tokens, usd, ms, time, ago } from '../util.js';

const REFRESH_MS = 5000;

export async function render(view) {
  mount(view, html`
    <h1>Budgets and alerts</h1>
    <p class="note" id="readOnly">Read-only. Budgets, alert rules and webhooks are created and changed through the REST API with an admin key:
      see “Cost control” in the README, or the <a href="/docs">API reference</a> (<code>/api/v1/budgets</code>, <code>/api/v1/alerts</code>).</p>
    <p id="error" class="alert" role="alert" hidden></p>
    <h2>Budgets</h2>
    <div class="table-wrap"><table class="verdicts" aria-label="Budgets"><thead><tr>
      <th>Budget</th><th class="hide-sm">Scope</th><th class="hide-sm">Period</th><th class="num">Limit</th><th class="num">Spent</th><th class="num hide-sm">Remaining</th>
      <th class="num hide-sm">Projected</th><th>Used</th><th>Status</th></tr></thead>
      <tbody id="budgets"><tr><td colspan="9" class="empty">Loading…</td></tr></tbody></table></div>
    <h2>Alert rules</h2>
    <div class="table-wrap"><table class="verdicts" aria-label="Alert rules"><thead><tr>
      <th>Rule</th><th class="hide-sm">Metric</th><th class="num">Threshold</th><th class="hide-sm">Window</th><th class="hide-sm">Scope</th><th class="num">Now</th><th>State</th>
      <th class="num hide-sm">Firings</th><th>Notifications</th></tr></thead>
      <tbody id="alerts"><tr><td colspan="9" class="empty">Loading…</td></tr></tbody></table></div>`);

  const expanded = new Set(); // alert ids whose notifications are shown; kept across refreshes
  const error = view.querySelector('#error');
  let names = new Map(); // budget id → name, for budget_percent rules
  let timer = null;
  let stopped = false;
  let reads = 0;

  const load = async () => {
    const ticket = ++reads; // a later read (a click while the timer's read runs) wins; an earlier one draws nothing
    const current = () => !stopped && ticket === reads;
    try {
      const [budgets, alerts] = await Promise.all([api('/api/v1/budgets'), api('/api/v1/alerts')]);
      // One check per budget: each is answered by its grain from memory. A budget deleted meanwhile shows no numbers.
      const checks = await Promise.all(budgets.data.map((b) => api(`/api/v1/budgets/${encodeURIComponent(b.id)}/check`).catch(() => null)));
      if (!current()) return;
      names = new Map(budgets.data.map((b) => [b.id, b.name]));
      mount(view.querySelector('#budgets'), budgets.data.length
        ? html`${budgets.data.map((b, i) => budgetRow(b, checks[i]))}`
        : html`<tr><td colspan="9" class="empty">No budgets yet. <code>POST /api/v1/budgets</code> with an admin key creates one.</td></tr>`);
      const deliveries = await Promise.all(alerts.data.map((a) => (expanded.has(a.id)
        ? api(`/api/v1/alerts/${encodeURIComponent(a.id)}/deliveries`).then((d) => d.data, (e) => e)
        : null)));
      if (!current()) return;
      mount(view.querySelector('#alerts'), alerts.data.length
        ? html`${alerts.data.map((a, i) => alertRows(a, names, deliveries[i]))}`
        : html`<tr><td colspan="9" class="empty">No alert rules yet. <code>POST /api/v1/alerts</code> with an admin key creates one.</td></tr>`);
      error.hidden = true;
    } catch (e) {
      if (!current()) return;
      error.hidden = false;
      error.textContent = e.message;
    }
  };

  // At most one read is pending: every (re)schedule drops the one before.
  const schedule = () => { clearTimeout(timer); if (!stopped) timer = setTimeout(async () => { await load(); schedule(); }, REFRESH_MS); };
  view.querySelector('#alerts').addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-expand]');
    if (!button) return;
    const id = button.dataset.expand;
    if (expanded.has(id)) expanded.delete(id); else expanded.add(id);
    clearTimeout(timer);
    await load();
    schedule();
    view.querySelector(`button[data-expand="${CSS.escape(id)}"]`)?.focus();
  });

  await load();
  schedule();
  return () => { stopped = true; clearTimeout(timer); };
}

/** "service=checkout · model=gpt-4o", or "whole project". */
function scopeText(s) {
  const parts = [['service', s.service], ['provider', s.provider], ['model', s.model], ['user', s.userId], ['session', s.sessionId]]
    .filter(([, v]) => v).map(([k, v]) => `${k}=${v}`);
  if (s.attributeKey) parts.push(`${s.attributeKey}=${s.attributeValue ?? ''}`);
  return parts.length ? html`<span class="mono">${parts.join(' · ')}</span>` : html`<span class="muted">whole project</span>`;
}

function periodText(b) {
  if (b.period === 'rolling') return `last ${b.windowMinutes} min`;
  return b.timeZone && b.timeZone !== 'UTC' ? `${b.period} (${b.timeZone})` : `${b.period} (UTC)`;
}

/** USD and/or tokens, one per line, as the budget limits them (tokens shown only when limited). */
const both = (usdValue, tokenValue, b) => html`${b.limitUsd !== null ? html`<div>${usd(usdValue)}</div>` : ''}${b.limitTokens !== null
  ? html`<div class="${b.limitUsd !== null ? 'muted' : ''}">${tokens(tokenValue)} tokens</div>` : ''}`;

function budgetRow(b, c) {
  if (!c) {
    return html`<tr data-budget="${b.id}"><td>${b.name}</td><td>${scopeText(b.scope)}</td><td>${periodText(b)}</td>
      <td class="num">${both(b.limitUsd, b.limitTokens, b)}</td><td colspan="5" class="muted">The check did not answer.</td></tr>`;
  }
  // The share of the tighter limit: the budget is spent when either is reached.
  const shares = [];
  if (c.limitUsd !== null && Number(c.limitUsd) > 0) shares.push(Number(c.spentUsd) / Number(c.limitUsd));
  if (c.limitTokens !== null && c.limitTokens > 0) shares.push(c.spentTokens / c.limitTokens);
  const share = shares.length ? Math.max(...shares) : 0;
  const level = !c.allowed || share >= 1 ? 'over' : share >= 0.8 ? 'near' : 'under';
  const percent = Math.round(share * 100);
  const period = `${time(c.periodStart)} → ${c.periodEnd ? time(c.periodEnd) : 'now'}`;
  return html`<tr data-budget="${b.id}">
    <td class="name">${b.name}<div class="muted mono" style="font-size:11.5px">${b.id}</div></td>
    <td class="hide-sm">${scopeText(b.scope)}</td>
    <td class="hide-sm" title="${period}">${periodText(b)}</td>
    <td class="num">${both(c.limitUsd, c.limitTokens, b)}</td>
    <td class="num" data-col="spent">${both(c.spentUsd, c.spentTokens, b)}</td>
    <td class="num hide-sm">${both(c.remainingUsd, c.remainingTokens, b)}</td>
    <td class="num hide-sm">${both(c.projectedUsd, c.projectedTokens, b)}</td>
    <td><span class="meter ${level}" role="progressbar" aria-label="Share of the limit spent" aria-valuemin="0" aria-valuemax="100"
      aria-valuenow="${Math.min(percent, 100)}"><span style="width:${Math.min(percent, 100)}%"></span></span> ${percent}%</td>
    <td data-col="status">${c.allowed ? html`<span class="badge ok">allowed</span>` : html`<span class="badge err">blocked</span>`}</td></tr>`;
}

/** A metric's value in its own unit. */
function metricValue(metric, v) {
  if (v === null || v === undefined) return '—';
  switch (metric) {
    case 'cost': return usd(v);
    case 'tokens': return tokens(v);
    case 'calls': return count(v);
    case 'error_rate': case 'budget_percent': return `${Number(v).toFixed(Number.isInteger(v) ? 0 : 1)}%`;
    case 'latency_p95': case 'ttft_p95': return ms(v);
    default: return String(v);
  }
}

const STATE_CLASS = { ok: 'ok', firing: 'err', resolved: 'warn' };

function alertRows(a, budgetNames, deliveries) {
  const open = deliveries !== null && deliveries !== undefined;
  const budget = a.metric === 'budget_percent';
  const windowText = budget ? 'budget period' : `${a.windowMinutes} min${a.minCalls > 1 ? ` · from ${a.minCalls} calls` : ''}`;
  const scope = budget
    ? html`budget <b>${budgetNames.get(a.budgetId) ?? a.budgetId}</b>`
    : scopeText(a.scope);
  const since = a.stateSince ? html` <span class="muted" title="${time(a.stateSince)}">since ${ago(a.stateSince)}</span>` : '';
  const row = html`<tr data-alert="${a.id}">
    <td class="name">${a.name}<div class="muted mono" style="font-size:11.5px">${a.id}</div></td>
    <td class="mono hide-sm">${a.metric}</td>
    <td class="num">≥ ${metricValue(a.metric, a.threshold)}</td>
    <td class="hide-sm">${windowText}</td>
    <td class="hide-sm">${scope}</td>
    <td class="num" title="${a.evaluatedAt ? 'evaluated ' + time(a.evaluatedAt) : 'not evaluated yet'}">${metricValue(a.metric, a.currentValue)}</td>
    <td data-col="state"><span class="badge ${STATE_CLASS[a.state] ?? ''}">${a.state}</span>${since}</td>
    <td class="num hide-sm">${count(a.firings)}</td>
    <td><button type="button" class="link" data-expand="${a.id}" aria-expanded="${String(open)}" aria-controls="deliveries-${a.id}">${open ? 'Hide' : 'Show'}</button></td></tr>`;
  if (!open) return row;
  return html`${row}<tr class="deliveries" id="deliveries-${a.id}" data-deliveries="${a.id}"><td colspan="9">${deliveryTable(deliveries)}</td></tr>`;
}

function deliveryTable(d) {
  if (d instanceof Error) return html`<p class="error">${d.message}</p>`;
  if (!d.length) {
    return html`<p class="muted">No notifications yet: a rule notifies the project's webhooks (or its own <code>webhookIds</code>) when it fires and when it resolves.</p>`;
  }
  const outcome = (t) => (t.statusCode ? `${t.statusCode}` : t.error || '?');
  return html`<table class="dense" aria-label="Notifications"><thead><tr><th>Sent</th><th>Event</th><th class="num">Firing</th><th>Webhook</th>
    <th>Status</th><th class="num">Attempts</th><th class="hide-sm">Answers</th></tr></thead><tbody>
    ${d.map((n) => html`<tr data-delivery="${n.id}">
      <td title="${time(n.finishedAt)}">${time(n.createdAt)}</td><td>${n.event}</td><td class="num">${count(n.firing)}</td><td class="mono">${n.webhookId}</td>
      <td>${n.delivered ? html`<span class="badge ok">delivered</span>` : html`<span class="badge err">failed</span>`}</td>
      <td class="num" data-col="attempts">${count(n.attemptCount)}</td>
      <td class="hide-sm wrap">${n.attempts.map((t, i) => html`${i ? ' → ' : ''}<span title="${time(t.at)} · ${ms(t.durationMs)}">${outcome(t)}</span>`)}</td></tr>`)}
    </tbody></table>`;
}
