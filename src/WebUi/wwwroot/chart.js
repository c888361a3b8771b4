// Time-series charts on the vendored uPlot (vendor/uplot, MIT), loaded only by the pages that draw charts.
// Colours come from the theme's custom properties, so a theme switch redraws them.

let uPlotModule = null;

async function loadUPlot() {
  if (!uPlotModule) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('./vendor/uplot/uPlot.min.css', import.meta.url).href;
    document.head.append(css);
    uPlotModule = (await import('./vendor/uplot/uPlot.esm.js')).default;
  }
  return uPlotModule;
}

export const PALETTE = ['#6366f1', '#0ea5e9', '#f59e0b', '#10b981', '#ef4444', '#a855f7', '#ec4899', '#14b8a6', '#84cc16', '#f97316'];

const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

const STEP_MS = { '1m': 60e3, '5m': 300e3, '1h': 3600e3, '1d': 86400e3 };

/** The interval that gives a readable number of points over a range. */
export function intervalFor(rangeMs) {
  if (rangeMs <= 2 * 3600e3) return '1m';
  if (rangeMs <= 36 * 3600e3) return '5m';
  if (rangeMs <= 10 * 86400e3) return '1h';
  return '1d';
}

/**
 * Aligns the API's series (empty bins omitted) on one grid of bins from `from` to `to`:
 * [xs (seconds), ...one array per series]. Counters fill gaps with 0, percentiles with null (a gap in the line).
 */
export function align(series, from, to, interval, pick, gapValue) {
  const step = STEP_MS[interval];
  const first = Math.floor(Date.parse(from) / step) * step;
  const xs = [];
  for (let t = first; t < Date.parse(to); t += step) xs.push(t / 1000);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map((s) => {
    const column = new Array(xs.length).fill(gapValue);
    for (const p of s.points) {
      const i = index.get(Date.parse(p.time) / 1000);
      if (i !== undefined) column[i] = pick(p);
    }
    return column;
  });
  return [xs, ...columns];
}

/**
 * Draws (or redraws) a chart into `element`: `labels` name the y columns of `data`, `colors` (default the palette)
 * colour them; `legend: false` leaves the legend to the page. Returns a handle whose destroy() stops it following the
 * theme and the element's size.
 */
export async function lineChart(element, { data, labels, format = (v) => String(v), bars = false, colors = PALETTE, legend = true }) {
  const uPlot = await loadUPlot();
  let plot = null;
  const draw = () => {
    if (plot) plot.destroy();
    const text = cssVar('--muted');
    const grid = cssVar('--border');
    const width = Math.max(element.clientWidth - 4, 240);
    plot = new uPlot({
      width,
      height: 190,
      cursor: { drag: { x: true, y: false } },
      legend: { show: legend, live: false }, // labels only: the cursor's tooltip-like values crowd a small chart
      scales: { x: { time: true } },
      axes: [
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 64, values: (u, vals) => vals.map(format) },
      ],
      series: [
        {},
        ...labels.map((label, i) => ({
          label,
          stroke: colors[i % colors.length],
          fill: bars ? colors[i % colors.length] + '55' : undefined,
          width: 1.6,
          points: { show: false },
          spanGaps: false,
          value: (u, v) => (v === null || v === undefined ? '—' : format(v)),
          paths: bars ? uPlot.paths.bars({ size: [0.8, 40] }) : undefined,
        })),
      ],
    }, data, element);
  };
  draw();
  const onTheme = () => draw();
  const observer = new ResizeObserver(() => { if (plot && Math.abs(plot.width - element.clientWidth) > 20) draw(); });
  observer.observe(element);
  window.addEventListener('obs:theme', onTheme);
  return { destroy: () => { observer.disconnect(); window.removeEventListener('obs:theme', onTheme); if (plot) plot.destroy(); } };
}
