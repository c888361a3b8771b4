// Prompt and completion as chat messages. The API normalises content to [{role, content, name, tool_calls,
// tool_call_id, finish_reason}] or leaves plain text when the source had no messages.
import { html } from '../util.js';

export function renderMessages(text) {
  if (text === null || text === undefined || text === '') return html`<p class="muted">Not captured.</p>`;
  let messages = null;
  try { messages = JSON.parse(text); } catch { /* plain text */ }
  if (!Array.isArray(messages)) return html`<div class="msg"><div class="content">${text}</div></div>`;
  return html`${messages.map(message)}`;
}

function message(m) {
  const role = String(m.role || 'message');
  const content = typeof m.content === 'string' || m.content === undefined || m.content === null ? m.content : JSON.stringify(m.content, null, 2);
  return html`<div class="msg ${role}">
    <div class="role">${role}${m.name ? ' · ' + m.name : ''}${m.tool_call_id ? ' · result of ' + m.tool_call_id : ''}${m.finish_reason ? ' · finished: ' + m.finish_reason : ''}</div>
    ${content ? html`<div class="content">${content}</div>` : ''}
    ${(m.tool_calls || []).map((c) => html`<div class="tool-call"><span class="name">${c.name || 'tool'}(…)</span> <span class="muted mono">${c.id || ''}</span>
      ${c.arguments ? html`<pre>${pretty(c.arguments)}</pre>` : ''}</div>`)}
  </div>`;
}

function pretty(args) {
  if (typeof args !== 'string') return JSON.stringify(args, null, 2);
  try { return JSON.stringify(JSON.parse(args), null, 2); } catch { return args; }
}
