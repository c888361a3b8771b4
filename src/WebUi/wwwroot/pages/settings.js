// Settings: the project's own prices (developer and up may change them), content capture and redaction, and API keys
// (admins only: the section is not even drawn for other roles, and the API refuses them anyway).
import { api } from '../api.js';
import { session, can } from '../session.js';
import { html, mount, raw, time } from '../util.js';

export async function render(view) {
  const writable = can('developer');
  mount(view, html`
    <h1>Settings</h1>
    ${writable ? '' : html`<p class="note" id="readOnly">Your ${session.role} key can look at the settings but not change them.</p>`}
    <div class="grid2">
      <section class="panel" id="capture"><h2 style="margin-top:0">Content capture and redaction</h2><p class="muted">Loading…</p></section>
      <section class="panel" id="prices"><h2 style="margin-top:0">Custom prices</h2><p class="muted">Loading…</p></section>
    </div>
    ${can('admin') ? html`<section class="panel" id="keys" style="margin-top:14px"><h2 style="margin-top:0">API keys</h2><p class="muted">Loading…</p></section>` : ''}
    <section class="panel" id="catalog" style="margin-top:14px"><h2 style="margin-top:0">Built-in price catalog</h2><p class="muted">Loading…</p></section>`);
  await Promise.all([capture(view.querySelector('#capture'), writable), prices(view, writable), can('admin') ? keys(view.querySelector('#keys')) : null]);
}

async function capture(section, writable) {
  const s = await api('/api/v1/settings');
  mount(section, html`<h2 style="margin-top:0">Content capture and redaction</h2>
    <form id="captureForm">
      <label class="check"><input type="checkbox" name="captureContent" ${s.captureContent ? raw('checked') : ''} ${writable ? '' : raw('disabled')}> Store prompts and completions</label>
      <p class="muted">Redaction policy (JSON, applied before anything is stored; empty = none). Example: <code>{"enabled":true,"modes":{"email":"mask","secret":"mask"}}</code></p>
      <textarea name="redaction" rows="7" ${writable ? '' : raw('readonly')} aria-label="Redaction policy">${s.redaction ? JSON.stringify(s.redaction, null, 2) : ''}</textarea>
      ${writable ? html`<div class="form-row"><button class="primary" type="submit">Save</button><span id="captureResult" role="status"></span></div>` : ''}
    </form>`);
  section.querySelector('#captureForm').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const out = section.querySelector('#captureResult');
    try {
      const text = String(form.get('redaction') || '').trim();
      const body = { captureContent: form.get('captureContent') === 'on', redaction: text ? JSON.parse(text) : null };
      await api('/api/v1/settings', { method: 'PUT', body });
      out.className = 'muted'; out.textContent = 'Saved.';
    } catch (err) {
      out.className = 'error'; out.textContent = err.message;
    }
  });
}

async function prices(view, writable) {
  const list = await api('/api/v1/pricing');
  const section = view.querySelector('#prices');
  const rate = (r, name) => (r?.[name] === undefined || r?.[name] === null ? '—' : '$' + r[name]);
  mount(section, html`<h2 style="margin-top:0">Custom prices</h2>
    <p class="muted">USD per million tokens. A custom price wins over the catalog from its effective date.</p>
    ${list.custom.length ? html`<div class="scroll-x"><table aria-label="Custom prices"><thead><tr><th>Provider / model</th><th class="num">Input</th><th class="num">Output</th><th class="num">Cache read</th><th>From</th></tr></thead><tbody>
      ${list.custom.map((c) => html`<tr><td>${c.provider} / <b>${c.model}</b></td><td class="num">${rate(c.rates, 'inputPerMillion')}</td><td class="num">${rate(c.rates, 'outputPerMillion')}</td>
        <td class="num">${rate(c.rates, 'cacheReadPerMillion')}</td><td>${c.effectiveFrom ? time(c.effectiveFrom) : 'always'}</td></tr>`)}</tbody></table></div>`
      : html`<p class="muted" id="noCustom">None: every call is priced from the built-in catalog.</p>`}
    ${writable ? html`<form id="priceForm"><div class="form-row">
      <label>Provider <input name="provider" required placeholder="openai"></label><label>Model <input name="model" required placeholder="gpt-4o"></label>
      <label>Input <input name="inputPerMillion" inputmode="decimal" required></label><label>Output <input name="outputPerMillion" inputmode="decimal" required></label>
      <label>Cache read <input name="cacheReadPerMillion" inputmode="decimal"></label><label>Effective from <input name="effectiveFrom" type="date"></label>
      <button class="primary" type="submit">Save price</button></div><p id="priceResult" role="status"></p></form>` : ''}`);
  section.querySelector('#priceForm')?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const num = (n) => (f.get(n) ? Number(f.get(n)) : undefined);
    const out = section.querySelector('#priceResult');
    try {
      await api(`/api/v1/pricing/${encodeURIComponent(f.get('provider'))}/${encodeURIComponent(f.get('model'))}`, {
        method: 'PUT',
        body: { rates: { inputPerMillion: num('inputPerMillion'), outputPerMillion: num('outputPerMillion'), cacheReadPerMillion: num('cacheReadPerMillion') },
          effectiveFrom: f.get('effectiveFrom') ? f.get('effectiveFrom') + 'T00:00:00Z' : undefined },
      });
      await prices(view, writable);
    } catch (err) {
      out.className = 'error'; out.textContent = err.message;
    }
  });

  const catalog = view.querySelector('#catalog');
  mount(catalog, html`<h2 style="margin-top:0">Built-in price catalog <span class="muted" style="font-weight:400">version ${list.catalogVersion} · ${list.builtIn.length} prices</span></h2>
    <input type="search" id="catalogSearch" placeholder="Filter by provider or model" aria-label="Filter the price catalog" style="width:100%;margin-bottom:8px">
    <div class="table-wrap" style="max-height:360px"><table><thead><tr><th>Provider</th><th>Model</th><th class="num">Input</th><th class="num">Output</th><th class="num">Cache read</th><th class="num">Cache write</th></tr></thead>
    <tbody>${list.builtIn.map((m) => html`<tr><td>${m.provider}</td><td>${m.model}${m.effectiveFrom ? html` <span class="muted">from ${m.effectiveFrom.slice(0, 10)}</span>` : ''}</td>
      <td class="num">${rate(m.rates, 'inputPerMillion')}</td><td class="num">${rate(m.rates, 'outputPerMillion')}</td>
      <td class="num">${rate(m.rates, 'cacheReadPerMillion')}</td><td class="num">${rate(m.rates, 'cacheWritePerMillion')}</td></tr>`)}</tbody></table></div>`);
  catalog.querySelector('#catalogSearch').addEventListener('input', (e) => {
    const needle = e.target.value.toLowerCase();
    catalog.querySelectorAll('tbody tr').forEach((tr) => { tr.hidden = needle && !tr.textContent.toLowerCase().includes(needle); });
  });
}

async function keys(section) {
  const projects = (await api('/api/v1/admin/projects')).data;
  let project = session.project || 'default';
  const draw = async () => {
    const list = (await api(`/api/v1/admin/projects/${encodeURIComponent(project)}/keys`)).data;
    mount(section, html`<h2 style="margin-top:0">API keys</h2>
      ${session.keyed ? '' : html`<p class="muted">Auth:Mode=none: keys are not asked for until the server runs with Auth:Mode=keys.</p>`}
      ${session.operator && projects.length > 1 ? html`<label>Project <select id="project">${projects.map((pr) => html`<option ${pr.projectId === project ? raw('selected') : ''}>${pr.projectId}</option>`)}</select></label>` : html`<p>Project <b>${project}</b></p>`}
      <div class="scroll-x"><table aria-label="API keys"><thead><tr><th>Key</th><th>Name</th><th>Role</th><th>Kind</th><th>Created</th><th></th></tr></thead><tbody>
      ${list.map((k) => html`<tr><td class="mono">${k.keyId}</td><td>${k.name}</td><td>${k.role}</td><td>${k.kind}</td><td>${time(k.createdAt)}</td>
        <td>${k.revokedAt ? html`<span class="badge err">revoked</span>` : html`<button type="button" class="danger" data-revoke="${k.keyId}">Revoke</button>`}</td></tr>`)}
      </tbody></table></div>
      <form id="keyCreate"><div class="form-row"><label>Name <input name="name" required></label>
        <label>Role <select name="role"><option>viewer</option><option>developer</option><option>admin</option></select></label>
        <label>Kind <select name="kind"><option>query</option><option>ingest</option><option>both</option></select></label>
        <button class="primary" type="submit">Create key</button></div></form><div id="newKey" role="status"></div>`);
    section.querySelector('#project')?.addEventListener('change', (e) => { project = e.target.value; draw(); });
    section.querySelectorAll('[data-revoke]').forEach((b) => b.addEventListener('click', async () => {
      if (!confirm(`Revoke ${b.dataset.revoke}? Clients using it stop working within seconds.`)) return;
      await api(`/api/v1/admin/projects/${encodeURIComponent(project)}/keys/${encodeURIComponent(b.dataset.revoke)}`, { method: 'DELETE' });
      draw();
    }));
    section.querySelector('#keyCreate').addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      try {
        const created = await api(`/api/v1/admin/projects/${encodeURIComponent(project)}/keys`, { method: 'POST', body: { name: f.get('name'), role: f.get('role'), kind: f.get('kind') } });
        await draw();
        mount(section.querySelector('#newKey'), html`<p>Copy the key now, it is not shown again:</p><p class="secret">${created.key}</p>`);
      } catch (err) {
        mount(section.querySelector('#newKey'), html`<p class="error">${err.message}</p>`);
      }
    });
  };
  await draw();
}
