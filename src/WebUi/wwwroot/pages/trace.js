// One trace: a waterfall of the span tree drawn to scale, and the selected span's LLM facts, cost, chat messages,
// agent, tool and MCP facts, scores, events and searchable attributes.
import { api } from '../api.js';
import { session } from '../session.js';
import { html, mount, raw, count, tokens, usd, ms, time, esc, debounce } from '../util.js';
import { renderMessages } from './messages.js';
import { spanTags, agentSection, toolSection, mcpSection, scoreList } from './trace-agents.js';

/** The kind a span is shown as: the LLM operation folded into the five kinds people look for, else the span kind. */
export function kindOf(span) {
  const op = span.llm?.operation;
  if (!op) return null;
  if (['chat', 'text_completion', 'generate_content', 'completion'].includes(op)) return 'chat';
  if (op.startsWith('embed')) return 'embeddings';
  if (op.includes('agent')) return 'agent';
  if (op.includes('tool')) return 'tool';
  if (op.includes('workflow') || op === 'chain' || op === 'task') return 'workflow';
  return op;
}

/** Spans in tree order (depth first, children by start time) with their depth; spans whose parent is missing are roots. */
export function treeOrder(spans) {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  for (const list of children.values()) list.sort((a, b) => a.startTime.localeCompare(b.startTime));
  const out = [];
  const walk = (parent, depth) => (children.get(parent) || []).forEach((s) => { out.push({ span: s, depth }); walk(s.spanId, depth + 1); });
  walk(null, 0);
  return out;
}

export async function render(view, { id, params }) {
  mount(view, html`<p class="muted">Loading trace ${id}…</p>`);
  let trace;
  try {
    trace = await api('/api/v1/traces/' + encodeURIComponent(id));
  } catch (e) {
    mount(view, html`<p class="alert" role="alert">${e.message}</p><p><a href="#/traces">← Traces</a></p>`);
    return;
  }
  const s = trace.summary;
  const rows = treeOrder(trace.spans);
  const start = Math.min(...trace.spans.map((sp) => Date.parse(sp.startTime)));
  const end = Math.max(...trace.spans.map((sp) => Date.parse(sp.endTime)));
  const total = Math.max(end - start, 0.001);
  const json = JSON.stringify(trace, null, 2);
  // With keys the API link alone would answer 401 in a new tab: offer the JSON this page already holds.
  const jsonHref = session.keyed ? URL.createObjectURL(new Blob([json], { type: 'application/json' })) : '/api/v1/traces/' + trace.traceId;

  mount(view, html`
    <p style="margin:0 0 6px"><a href="#/traces">← Traces</a></p>
    <div class="trace-head">
      <h1>${s.rootSpanName || '(no root span)'}</h1>
      ${s.errorCount ? html`<span class="badge err">${s.errorCount} error${s.errorCount > 1 ? 's' : ''}</span>` : html`<span class="badge">ok</span>`}
      <span class="muted mono">${trace.traceId}</span>
      <a href="${jsonHref}" target="_blank" rel="noopener" ${session.keyed ? raw(`download="trace-${trace.traceId}.json"`) : ''} id="jsonLink">JSON</a>
    </div>
    ${(trace.scores || []).length ? html`<section class="trace-scores" aria-label="Trace scores"><h2>Scores of the trace</h2>${scoreList(trace.scores, 'traceScores')}</section>` : ''}
    <div class="cards" id="summary">
      ${card('Started', time(s.startTime), s.serviceName)}
      ${card('Duration', ms(s.durationMs), `${count(s.spanCount)} spans`)}
      ${card('LLM calls', count(s.llmCallCount), (s.models || []).join(', '))}
      ${card('Tokens in / out', `${tokens(s.inputTokens)} / ${tokens(s.outputTokens)}`, '')}
      ${card('Cost', usd(s.costUsd), '')}
      ${card('User · session', s.userId || '—', s.sessionId || '', s.userId ? `#/traces?user=${encodeURIComponent(s.userId)}` : null)}
    </div>
    <div class="trace-layout">
      <section class="waterfall" aria-label="Span waterfall">
        <div class="wf-axis"><span>Span</span><span class="ticks">${[0, 0.25, 0.5, 0.75, 1].map((f) => html`<span>${ms(total * f)}</span>`)}</span></div>
        <div id="wf" role="listbox" aria-label="Spans">
          ${rows.map(({ span, depth }, i) => waterfallRow(span, depth, start, total, i))}
        </div>
      </section>
      <section class="panel detail" id="detail" aria-live="polite"></section>
    </div>`);

  const detail = view.querySelector('#detail');
  const buttons = [...view.querySelectorAll('.wf-row')];
  const select = (index, focus) => {
    buttons.forEach((b, i) => b.setAttribute('aria-selected', String(i === index)));
    if (focus) buttons[index].focus();
    renderSpan(detail, rows[index].span, start, {
      traceId: trace.traceId,
      spanById: (spanId) => trace.spans.find((sp) => sp.spanId === spanId),
      selectPeer: (spanId) => { const peer = rows.findIndex((r) => r.span.spanId === spanId); if (peer >= 0) select(peer, true); },
    });
    const q = new URLSearchParams(params);
    q.set('span', rows[index].span.spanId);
    history.replaceState(null, '', `#/trace/${trace.traceId}?${q}`);
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(i, false));
    b.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'j') { e.preventDefault(); select(Math.min(i + 1, buttons.length - 1), true); }
      if (e.key === 'ArrowUp' || e.key === 'k') { e.preventDefault(); select(Math.max(i - 1, 0), true); }
    });
  });
  // Open on the span named in the URL, else the first failed LLM call, else the first LLM call, else the root.
  const wanted = params.get('span');
  let first = rows.findIndex((r) => r.span.spanId === wanted);
  if (first < 0) first = rows.findIndex((r) => r.span.llm && r.span.status === 'error');
  if (first < 0) first = rows.findIndex((r) => r.span.llm && r.span.llm.inputTokens !== null);
  if (first < 0) first = 0;
  select(first, false);
  return () => { if (session.keyed) URL.revokeObjectURL(jsonHref); };
}

function card(label, value, sub, href) {
  return html`<div class="card"><div class="label">${label}</div><div class="value">${href ? html`<a href="${href}">${value}</a>` : value}</div><div class="sub">${sub}</div></div>`;
}

function waterfallRow(span, depth, start, total, index) {
  const left = ((Date.parse(span.startTime) - start) / total) * 100;
  const width = (span.durationMs / total) * 100;
  const kind = kindOf(span);
  const isError = span.status === 'error';
  const label = left + width > 80 ? `right:${100 - left + 0.5}%` : `left:${left + width + 0.5}%`;
  return html`<button type="button" class="wf-row${isError ? ' error' : ''}" role="option" aria-selected="false" data-span="${span.spanId}" data-index="${index}">
    <span class="wf-name" style="padding-left:${depth * 14}px">
      ${kind ? html`<span class="badge kind-${kind}">${kind}</span>` : html`<span class="badge">${span.kind}</span>`}
      <span class="n" title="${span.name}">${span.name}</span>
      ${spanTags(span)}
      ${isError ? html`<span class="badge err">error</span>` : ''}
    </span>
    <span class="wf-track"><span class="wf-bar${span.llm ? ' llm' : ''}${isError ? ' error' : ''}" style="left:${left}%;width:${width}%"></span>
      <span class="wf-dur" style="${label}">${ms(span.durationMs)}${span.llm?.costUsd ? ' · ' + usd(span.llm.costUsd) : ''}</span></span>
  </button>`;
}

/**
 * The selected span: facts, an agent's own and inclusive usage, a tool call, an MCP request (its other side selected
 * through trace.selectPeer), tokens and cost, messages, scores, events and searchable attributes.
 */
function renderSpan(detail, span, traceStart, trace) {
  const peer = span.mcp?.peer ? trace.spanById(span.mcp.peer) : null;
  const llm = span.llm;
  const kind = kindOf(span);
  const attrs = Object.entries(span.attributes || {});
  mount(detail, html`
    <h2 style="margin-top:0">${kind ? html`<span class="badge kind-${kind}">${kind}</span> ` : ''}${span.name}</h2>
    ${span.status === 'error' ? html`<p class="alert" role="alert">Error${span.statusMessage ? ': ' + span.statusMessage : ''}</p>` : ''}
    <dl class="facts">
      <dt>Service</dt><dd>${span.serviceName}</dd>
      <dt>Span</dt><dd class="mono">${span.spanId} (${span.kind})</dd>
      <dt>Starts at</dt><dd>+${ms(Date.parse(span.startTime) - traceStart)}</dd>
      <dt>Duration</dt><dd>${ms(span.durationMs)}</dd>
      ${llm ? html`
        <dt>Provider</dt><dd>${llm.provider || '—'}</dd>
        <dt>Model</dt><dd>${llm.responseModel || llm.requestModel || '—'}${llm.requestModel && llm.responseModel && llm.requestModel !== llm.responseModel ? html` <span class="muted">(asked for ${llm.requestModel})</span>` : ''}</dd>
        <dt>Operation</dt><dd>${llm.operation || '—'}</dd>
        <dt>Time to first token</dt><dd>${llm.timeToFirstTokenMs === null ? '—' : ms(llm.timeToFirstTokenMs)}</dd>
        <dt>Finish reasons</dt><dd>${llm.finishReasons?.length ? llm.finishReasons.join(', ') : '—'}</dd>
        <dt>Convention</dt><dd>${llm.dialect || '—'}</dd>
        ${llm.userId ? html`<dt>User</dt><dd><a href="#/traces?user=${encodeURIComponent(llm.userId)}">${llm.userId}</a></dd>` : ''}
        ${llm.sessionId ? html`<dt>Session</dt><dd><a href="#/traces?session=${encodeURIComponent(llm.sessionId)}">${llm.sessionId}</a></dd>` : ''}` : ''}
    </dl>
    ${agentSection(span)}
    ${toolSection(span)}
    ${mcpSection(span, peer, peer ? `#/trace/${encodeURIComponent(trace.traceId)}?span=${encodeURIComponent(peer.spanId)}` : '')}
    ${llm && (['chat', 'embeddings'].includes(kind) || llm.inputTokens !== null || llm.costUsd !== null) ? html`
      <h3>Tokens</h3>
      ${llm.isModelCall === false ? html`<p class="muted" id="notModelCall">Not a model call: usage it reports repeats its model calls' and counts in no total.</p>` : ''}
      <div class="tokens" id="tokens">
        ${[['input', llm.inputTokens], ['cache read', llm.cacheReadTokens], ['cache write', llm.cacheWriteTokens], ['output', llm.outputTokens], ['reasoning', llm.reasoningTokens]]
          .map(([n, v]) => html`<div><b>${v === null || v === undefined ? '—' : count(v)}</b><span>${n}</span></div>`)}
      </div>
      ${llm.modalities ? html`
        <div class="tokens" id="modalities">
          ${[['text in', llm.modalities.textInput], ['image in', llm.modalities.imageInput], ['audio in', llm.modalities.audioInput], ['video in', llm.modalities.videoInput], ['text out', llm.modalities.textOutput], ['audio out', llm.modalities.audioOutput]]
            .filter(([, v]) => v !== null && v !== undefined)
            .map(([n, v]) => html`<div><b>${count(v)}</b><span>${n}</span></div>`)}
        </div>
        ${llm.modalities.exceedTotals ? html`<p class="muted" id="modalityWarning">These parts add up to more than the totals: kept as sent, never added to them.</p>` : ''}` : ''}
      <h3>Cost</h3>
      <dl class="facts" id="cost">
        <dt>Cost</dt><dd><b>${usd(llm.costUsd)}</b> ${llm.costSource ? html`<span class="badge">${llm.costSource}</span>` : html`<span class="muted">unknown (unpriced model or no usage)</span>`}</dd>
        <dt>Computed</dt><dd>${usd(llm.computedCostUsd)} <span class="muted">from the price catalog</span></dd>
        <dt>Supplied</dt><dd>${usd(llm.suppliedCostUsd)} <span class="muted">sent by the client</span></dd>
        ${llm.pricing?.modalityRule ? html`<dt>Modalities</dt><dd>${llm.pricing.modalityRule.replaceAll(',', ', ')}</dd>` : ''}
      </dl>` : ''}
    ${llm ? html`
      <h3>Prompt</h3><div id="input">${renderMessages(llm.input)}</div>
      <h3>Completion</h3><div id="output">${renderMessages(llm.output)}</div>` : ''}
    <h3>Scores (${(span.scores || []).length})</h3>
    ${(span.scores || []).length ? scoreList(span.scores, 'spanScores') : html`<p class="muted">None.</p>`}
    <h3>Events (${(span.events || []).length})</h3>
    ${(span.events || []).length ? html`<ul class="events">${span.events.map((e) => eventItem(e, span))}</ul>` : html`<p class="muted">None.</p>`}
    <h3>Attributes (${attrs.length})</h3>
    <input type="search" id="attrSearch" placeholder="Search attributes" aria-label="Search attributes" style="width:100%">
    <table class="attrs" id="attrs"><tbody>${attrs.map(([k, v]) => html`<tr><td>${k}</td><td>${typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>`)}</tbody></table>`);

  const peerLink = detail.querySelector('#mcpPeer');
  if (peerLink) peerLink.addEventListener('click', (e) => { e.preventDefault(); trace.selectPeer(peerLink.dataset.span); });

  const search = detail.querySelector('#attrSearch');
  search.addEventListener('input', debounce(() => {
    const needle = search.value.toLowerCase();
    for (const tr of detail.querySelectorAll('#attrs tr')) {
      const match = !needle || tr.textContent.toLowerCase().includes(needle);
      tr.hidden = !match;
      tr.querySelectorAll('td').forEach((td) => {
        const text = td.textContent;
        const at = needle ? text.toLowerCase().indexOf(needle) : -1;
        td.innerHTML = at < 0 ? esc(text) : esc(text.slice(0, at)) + '<mark>' + esc(text.slice(at, at + needle.length)) + '</mark>' + esc(text.slice(at + needle.length));
      });
    }
  }, 120));
}

function eventItem(e, span) {
  const offset = e.timeUnixNano ? Number(BigInt(e.timeUnixNano) / 1000000n) - Date.parse(span.startTime) : null;
  const isException = e.name === 'exception' || e.name === 'gen_ai.client.operation.exception';
  const details = { ...(e.attributes || {}) };
  if (e.body !== undefined && e.body !== null) details.body = e.body;
  return html`<li class="${isException ? 'exception' : ''}"><b>${e.name}</b> <span class="muted">${offset === null ? '' : '+' + ms(offset)}${e.source === 'log' ? ' · log record' : ' · span event'}</span>
    ${Object.keys(details).length ? html`<pre>${JSON.stringify(details, null, 2)}</pre>` : ''}</li>`;
}

