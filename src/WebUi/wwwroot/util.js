// Small helpers shared by every page: HTML templating that escapes by default, number and time formatting.

const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML: trace content and attribute values are untrusted. */
export const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => escapes[c]);

/** Markup that html`` inserts as is (already escaped or built by html``). */
export class Raw { constructor(text) { this.text = text; } toString() { return this.text; } }
export const raw = (text) => new Raw(text);

/** Tagged template: interpolations are escaped unless they are Raw; arrays are joined. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => { out += render(v) + strings[i + 1]; });
  return new Raw(out);
}

function render(v) {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}

/** Replaces an element's content with markup built by html``. */
export function mount(element, markup) { element.innerHTML = render(markup); return element; }

const nf = new Intl.NumberFormat('en-US');
export const count = (n) => (n === null || n === undefined ? '—' : nf.format(n));

/** A token count, compact above ten thousand. */
export function tokens(n) {
  if (n === null || n === undefined) return '—';
  if (Math.abs(n) >= 1e6) return (n / 1e6).toFixed(n >= 1e7 ? 0 : 1) + 'M';
  if (Math.abs(n) >= 1e4) return (n / 1e3).toFixed(0) + 'k';
  return nf.format(n);
}

/** US dollars with enough digits to tell small LLM costs apart. */
export function usd(n) {
  if (n === null || n === undefined) return '—';
  const v = Number(n);
  if (v === 0) return '$0';
  const abs = Math.abs(v);
  if (abs >= 100) return '$' + v.toFixed(0);
  if (abs >= 1) return '$' + v.toFixed(2);
  if (abs >= 0.01) return '$' + v.toFixed(4);
  // Fractions of a cent (an embedding call): plain digits, three significant ones, never an exponent.
  const decimals = Math.min(12, 2 - Math.floor(Math.log10(abs)));
  return '$' + v.toFixed(decimals).replace(/0+$/, '');
}

/** A duration in milliseconds, as ms, s or min. */
export function ms(n) {
  if (n === null || n === undefined) return '—';
  if (n < 1) return n.toFixed(2) + ' ms';
  if (n < 1000) return n.toFixed(n < 10 ? 1 : 0) + ' ms';
  if (n < 60000) return (n / 1000).toFixed(n < 10000 ? 2 : 1) + ' s';
  return (n / 60000).toFixed(1) + ' min';
}

export const pct = (share) => (share === null || share === undefined ? '—' : (share * 100).toFixed(1) + '%');

/** A UTC instant as local date and time (seconds), for tables. */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const year = d.getFullYear() === new Date().getFullYear() ? undefined : 'numeric';
  return d.toLocaleString('en-GB', { year, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "3 s ago", "5 min ago": how fresh a row is. */
export function ago(iso) {
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 60) return Math.floor(s) + ' s ago';
  if (s < 3600) return Math.floor(s / 60) + ' min ago';
  if (s < 86400) return Math.floor(s / 3600) + ' h ago';
  return Math.floor(s / 86400) + ' d ago';
}

/** Time ranges offered by every page: [label, milliseconds]. */
export const RANGES = [['15m', 15 * 60e3], ['1h', 3600e3], ['6h', 6 * 3600e3], ['24h', 24 * 3600e3], ['7d', 7 * 86400e3], ['30d', 30 * 86400e3]];
export const rangeMs = (name) => (RANGES.find(([n]) => n === name) || [])[1];

/** ISO string of now minus a range, or undefined for no range. */
export const since = (name) => (rangeMs(name) ? new Date(Date.now() - rangeMs(name)).toISOString() : undefined);

export const rangeOptions = (selected, withAll) => html`${withAll ? html`<option value="" ${!selected ? 'selected' : ''}>all time</option>` : ''}${RANGES.map(
  ([n]) => html`<option value="${n}" ${n === selected ? raw('selected') : ''}>last ${n}</option>`)}`;

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

export const debounce = (fn, wait) => { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), wait); }; };
