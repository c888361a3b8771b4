// The trace view's agent parts: badges naming a span's agent, tool and MCP method in the waterfall; the detail panel's
// agent (own and inclusive usage side by side), tool call and MCP request sections; scores of a span or of the trace.
import { html, count, usd } from '../util.js';

const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Badges after a waterfall row's name: the agent (name and version) or workflow, the tool, the MCP method. */
export function spanTags(span) {
  const tags = [];
  const a = span.agent;
  const agentName = a && (a.name || a.workflowName || a.id);
  if (agentName) tags.push(['agent', a.name && a.version ? `${a.name} ${a.version}` : agentName]);
  if (span.tool?.name) tags.push(['tool', span.tool.name]);
  if (span.mcp?.method) tags.push(['mcp', span.mcp.method]);
  return tags.map(([tag, text]) => html`<span class="badge tag tag-${tag}" data-tag="${tag}" title="${tag}: ${text}">${text}</span>`);
}

/** An agent or workflow span: who it is, and its own and inclusive model calls, tokens and cost side by side. */
export function agentSection(span) {
  const a = span.agent;
  const r = span.rollup;
  if (!a && !r) return '';
  const facts = a ? [['Agent', a.name], ['Version', a.version], ['Agent id', a.id], ['Description', a.description], ['Workflow', a.workflowName], ['Data source', a.dataSourceId]]
    .filter(([, v]) => v !== null && v !== undefined && v !== '') : [];
  const rows = [
    ['calls', 'Model calls', (u) => count(u.modelCalls)],
    ['input', 'Input tokens', (u) => count(u.inputTokens)],
    ['output', 'Output tokens', (u) => count(u.outputTokens)],
    ['cost', 'Cost', (u) => usd(u.costUsd)],
    ['unknown', 'Calls of unknown cost', (u) => count(u.unknownCostCalls)],
  ];
  return html`
    <h3>${span.llm?.operation?.includes('workflow') || (a && !a.name && a.workflowName) ? 'Workflow' : 'Agent'}</h3>
    ${facts.length ? html`<dl class="facts" id="agent">${facts.map(([n, v]) => html`<dt>${n}</dt><dd>${v}</dd>`)}</dl>` : ''}
    ${r ? html`
      <div class="table-wrap"><table class="dense rollup" id="rollup" aria-label="Own and inclusive usage">
        <thead><tr><th></th><th class="num">Own</th><th class="num">Inclusive</th></tr></thead>
        <tbody>${rows.map(([key, label, f]) => html`<tr data-row="${key}"><th scope="row">${label}</th>
          <td class="num" data-of="own">${f(r.own)}</td><td class="num" data-of="inclusive">${f(r.inclusive)}</td></tr>`)}</tbody>
      </table></div>
      <p class="muted note-sm">Own: the model calls whose nearest agent this is. Inclusive: every model call under it, nested agents included.</p>` : ''}`;
}

/** A tool span: the tool and this call of it, with its arguments and result when the project captures content. */
export function toolSection(span) {
  const t = span.tool;
  if (!t) return '';
  const facts = [['Tool', t.name], ['Type', t.type], ['Call id', t.callId], ['Description', t.description]]
    .filter(([, v]) => v !== null && v !== undefined && v !== '');
  return html`
    <h3>Tool call</h3>
    <dl class="facts" id="tool">${facts.length ? facts.map(([n, v]) => html`<dt>${n}</dt><dd${n === 'Call id' ? html` class="mono"` : ''}>${v}</dd>`) : html`<dt>Tool</dt><dd>—</dd>`}</dl>
    ${t.arguments !== null && t.arguments !== undefined ? html`<h4>Arguments</h4><pre id="toolArguments">${pretty(t.arguments)}</pre>` : ''}
    ${t.result !== null && t.result !== undefined ? html`<h4>Result</h4><pre id="toolResult">${pretty(t.result)}</pre>` : ''}
    ${t.parameters ? html`<details><summary>Parameter schema</summary><pre id="toolParameters">${pretty(t.parameters)}</pre></details>` : ''}`;
}

/**
 * An MCP span: the request (method, session, request id, …) and its other side in this trace, a link that selects it
 * (id mcpPeer; the trace page wires the click). peer is that span, href its deep link.
 */
export function mcpSection(span, peer, href) {
  const m = span.mcp;
  if (!m) return '';
  const facts = [['Method', m.method], ['Side', span.kind], ['Session', m.sessionId], ['Request id', m.requestId], ['Protocol', m.protocolVersion],
    ['Resource', m.resourceUri], ['Response status', m.responseStatusCode]].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return html`
    <h3>MCP request</h3>
    <dl class="facts" id="mcp">
      ${facts.map(([n, v]) => html`<dt>${n}</dt><dd data-fact="${n}"${['Session', 'Request id'].includes(n) ? html` class="mono"` : ''}>${v}</dd>`)}
      ${m.errorType ? html`<dt>Error type</dt><dd class="error">${m.errorType}</dd>` : ''}
      <dt>Other side</dt><dd>${peer
        ? html`<a href="${href}" id="mcpPeer" data-span="${peer.spanId}">${peer.name}</a> <span class="muted">(${peer.kind} · ${peer.serviceName})</span>`
        : html`<span class="muted">${m.peer ? m.peer + ' (not loaded)' : 'not in this trace'}</span>`}</dd>
    </dl>`;
}

/** Scores as a list: name, value and/or label, where the score came from, who gave it, and its comment. */
export function scoreList(scores, id) {
  return html`<ul class="scores" id="${id}">${scores.map((s) => html`<li data-score="${s.name}">
    <b class="score-name">${s.name}</b> <span class="score-value">${scoreValue(s)}</span>
    <span class="badge" data-source="${s.source}">${SOURCES[s.source] || s.source}</span>${s.author ? html` <span class="muted">by ${s.author}</span>` : ''}
    ${s.comment ? html`<div class="score-comment">${s.comment}</div>` : ''}</li>`)}</ul>`;
}

const SOURCES = { event: 'evaluation event', log: 'log record', api: 'posted' };

function scoreValue(s) {
  if (s.kind === 'boolean') return s.label || (s.value === 1 ? 'true' : 'false');
  if (s.value === null || s.value === undefined) return s.label || '—';
  return s.label ? `${nf.format(s.value)} · ${s.label}` : nf.format(s.value);
}

/** A number for a score mean: up to six decimals, as the API gives it. */
export const scoreNumber = (v) => (v === null || v === undefined ? '—' : nf.format(v));

/** JSON text indented for reading; other text as is. */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
