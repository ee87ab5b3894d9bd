// A small-multiples line chart written as a plain SVG string: no dependencies, no measuring of text in a browser,
// and the same bytes for the same input (fixed number formatting, no ids or dates), so regenerating the docs does
// not churn. Used by throughput-chart.ts for docs/benchmarks-throughput.svg.

/** How one series is drawn. Colours should come from PALETTE, which stays readable with colour-vision deficiency. */
export interface SeriesStyle {
  colour: string;
  dashed: boolean;
  marker: 'circle' | 'square';
  /** A hollow marker (white fill, coloured ring), slightly larger, so a filled one drawn on the same spot shows inside. */
  hollow?: boolean;
}

export interface ChartPoint {
  x: number;
  y: number;
  /** Read out by screen readers and shown as a tooltip, e.g. "Tinn, PGlite: 10 618 req/s at 10 connections". */
  label: string;
}

export interface ChartSeries {
  name: string;
  style: SeriesStyle;
  points: ChartPoint[];
}

export interface ChartPanel {
  kind: 'panel';
  title: string;
  /** One short line under the title, e.g. what the reference is. */
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** x is always logarithmic (concurrencies 1…50 are spread evenly that way); y either. */
  yScale: 'log' | 'linear';
  /**
   * On a log y-axis: the factor from its bottom to its top, centred on the data. Panels given the same factor show
   * the same ratio as the same vertical distance. Without it the axis fits the data.
   */
  yLogFactor?: number;
  series: ChartSeries[];
  /** A dashed horizontal line with a label at its right end, e.g. 1 on a ratio axis. */
  rule?: { y: number; label: string };
  /** Grid columns the panel takes (1 by default). */
  span?: number;
}

export interface ChartLegend {
  kind: 'legend';
  title: string;
  entries: { label: string; style: SeriesStyle; line?: boolean }[];
  span?: number;
}

export interface SmallMultiples {
  title: string;
  /** Lines under the title saying what is plotted. */
  subtitle: string[];
  /** Long text alternative: the data in words (the SVG's <desc>). */
  description: string;
  columns: number;
  width: number;
  cellHeight: number;
  cells: (ChartPanel | ChartLegend)[];
}

/** Okabe & Ito's palette for colour-vision deficiency (Nature Methods 8, 441, 2011), without the hard-to-see yellow. */
export const PALETTE = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  purple: '#CC79A7',
  black: '#000000',
  grey: '#555555',
} as const;

const FONT = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif";
const TEXT = '#222222';
const MUTED = '#555555';
const GRID = '#E3E3E3';
const AXIS = '#888888';

/**
 * The width a text will need, estimated without a font: 0.6 em per character is a little wider than the average
 * of Arial and DejaVu Sans, so text that fits by this estimate fits in the browser.
 */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/** Coordinates to 0.1 px, so the output does not depend on floating-point noise in the last digits. */
function px(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 20000 → "20k", 1500 → "1.5k", 0.25 → "0.25": tick labels stay short. */
export function formatTick(value: number): string {
  const trim = (s: string) => s.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
  if (Math.abs(value) >= 1000) return `${trim((value / 1000).toFixed(1))}k`;
  if (Number.isInteger(value)) return String(value);
  return trim(value.toFixed(2));
}

interface Scale {
  map(value: number): number;
  ticks: number[];
}

/** 1, 2, 5, 10, 20, 50, … covering [low, high]. */
function oneTwoFive(low: number, high: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(low)) - 1; e <= Math.ceil(Math.log10(high)) + 1; e++) {
    for (const m of [1, 2, 5]) out.push(Number((m * 10 ** e).toPrecision(1)));
  }
  return out;
}

/** Keeps ticks (in order) at least `gap` px apart, so their labels do not overlap. */
function spaced(ticks: number[], map: (v: number) => number, gap: number): number[] {
  const kept: number[] = [];
  for (const t of ticks) {
    const last = kept[kept.length - 1];
    if (last === undefined || Math.abs(map(t) - map(last)) >= gap) kept.push(t);
  }
  return kept;
}

/** Logarithmic x over the values measured, with those values as ticks (they are few: concurrencies). */
function xScale(values: number[], left: number, right: number, fontSize: number): Scale {
  const xs = [...new Set(values)].sort((a, b) => a - b);
  const lo = Math.log(xs[0]! / 1.5);
  const hi = Math.log(xs[xs.length - 1]! * 1.5);
  const map = (v: number) => left + ((Math.log(v) - lo) / (hi - lo)) * (right - left);
  const widest = Math.max(...xs.map((x) => textWidth(formatTick(x), fontSize)));
  return { map, ticks: spaced(xs, map, widest + 6) };
}

function yScale(values: number[], kind: 'log' | 'linear', bottom: number, top: number, fontSize: number, logFactor?: number): Scale {
  const vMin = Math.min(...values);
  const vMax = Math.max(...values);
  if (kind === 'log') {
    let lo: number;
    let hi: number;
    if (logFactor && logFactor > (vMax / vMin) * 1.2) {
      lo = Math.sqrt((vMin * vMax) / logFactor);
      hi = lo * logFactor;
    } else {
      const around = oneTwoFive(vMin, vMax);
      lo = [...around].reverse().find((s) => s <= vMin * 0.9) ?? around[0]!;
      hi = around.find((s) => s >= vMax * 1.1) ?? around[around.length - 1]!;
    }
    const steps = oneTwoFive(lo, hi);
    const map = (v: number) => bottom - ((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (bottom - top);
    return { map, ticks: spaced(steps.filter((s) => s >= lo && s <= hi), map, fontSize + 4) };
  }
  const raw = (vMax * 1.1) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const hi = Math.ceil((vMax * 1.1) / step) * step;
  const map = (v: number) => bottom - (v / hi) * (bottom - top);
  const ticks: number[] = [];
  for (let i = 0; i * step <= hi + step / 1e6; i++) ticks.push(Number((i * step).toPrecision(6)));
  return { map, ticks: spaced(ticks, map, fontSize + 4) };
}

function marker(style: SeriesStyle, x: number, y: number, title: string): string {
  const size = style.hollow ? 4.5 : 3.5;
  const fill = style.hollow ? '#FFFFFF' : style.colour;
  const stroke = style.hollow ? ` stroke="${style.colour}" stroke-width="2"` : '';
  const t = title ? `<title>${esc(title)}</title>` : '';
  return style.marker === 'circle'
    ? `<circle cx="${px(x)}" cy="${px(y)}" r="${px(size)}" fill="${fill}"${stroke}>${t}</circle>`
    : `<rect x="${px(x - size)}" y="${px(y - size)}" width="${px(2 * size)}" height="${px(2 * size)}" fill="${fill}"${stroke}>${t}</rect>`;
}

function line(style: SeriesStyle, points: [number, number][]): string {
  const dash = style.dashed ? ' stroke-dasharray="7 4"' : '';
  return `<polyline points="${points.map(([x, y]) => `${px(x)},${px(y)}`).join(' ')}" fill="none" stroke="${style.colour}" stroke-width="2"${dash}/>`;
}

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${px(x)}" y="${px(y)}" ${attrs}>${esc(content)}</text>`;
}

function renderPanel(p: ChartPanel, x0: number, y0: number, width: number, height: number): string {
  const tick = 12;
  const left = x0 + 64;
  const right = x0 + width - 14;
  const top = y0 + 50;
  const bottom = y0 + height - 42;
  const points = p.series.flatMap((s) => s.points);
  const xs = xScale(points.map((q) => q.x), left, right, tick);
  const ys = yScale([...points.map((q) => q.y), ...(p.rule ? [p.rule.y] : [])], p.yScale, bottom, top, tick, p.yLogFactor);
  const out: string[] = [`<g>`, `<title>${esc(`${p.title}${p.subtitle ? ` (${p.subtitle})` : ''}`)}</title>`];
  out.push(text(x0 + 8, y0 + 18, p.title, `font-size="15" font-weight="bold" fill="${TEXT}"`));
  if (p.subtitle) out.push(text(x0 + 8, y0 + 36, p.subtitle, `font-size="12" fill="${MUTED}"`));
  for (const t of ys.ticks) {
    const y = ys.map(t);
    out.push(`<line x1="${px(left)}" y1="${px(y)}" x2="${px(right)}" y2="${px(y)}" stroke="${GRID}" stroke-width="1"/>`);
    out.push(text(left - 6, y + 4, formatTick(t), `font-size="${tick}" text-anchor="end" fill="${MUTED}"`));
  }
  for (const t of xs.ticks) {
    const x = xs.map(t);
    out.push(`<line x1="${px(x)}" y1="${px(top)}" x2="${px(x)}" y2="${px(bottom)}" stroke="${GRID}" stroke-width="1"/>`);
    out.push(text(x, bottom + 15, formatTick(t), `font-size="${tick}" text-anchor="middle" fill="${MUTED}"`));
  }
  out.push(`<path d="M${px(left)},${px(top)} V${px(bottom)} H${px(right)}" fill="none" stroke="${AXIS}" stroke-width="1"/>`);
  out.push(text((left + right) / 2, bottom + 33, p.xLabel, `font-size="13" text-anchor="middle" fill="${TEXT}"`));
  const yMid = (top + bottom) / 2;
  out.push(text(x0 + 15, yMid, p.yLabel, `font-size="13" text-anchor="middle" fill="${TEXT}" transform="rotate(-90 ${px(x0 + 15)} ${px(yMid)})"`));
  if (p.rule) {
    const y = ys.map(p.rule.y);
    out.push(`<line x1="${px(left)}" y1="${px(y)}" x2="${px(right)}" y2="${px(y)}" stroke="${MUTED}" stroke-width="1" stroke-dasharray="2 3"/>`);
    out.push(text(right - 4, y - 5, p.rule.label, `font-size="${tick}" text-anchor="end" fill="${MUTED}"`));
  }
  for (const s of p.series) {
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    out.push(`<g>`, `<title>${esc(s.name)}</title>`);
    out.push(line(s.style, sorted.map((q) => [xs.map(q.x), ys.map(q.y)])));
    for (const q of sorted) out.push(marker(s.style, xs.map(q.x), ys.map(q.y), q.label));
    out.push(`</g>`);
  }
  out.push(`</g>`);
  return out.join('\n');
}

function renderLegend(l: ChartLegend, x0: number, y0: number): string {
  const out: string[] = [`<g>`, `<title>${esc(l.title)}</title>`];
  out.push(text(x0 + 8, y0 + 18, l.title, `font-size="15" font-weight="bold" fill="${TEXT}"`));
  l.entries.forEach((e, i) => {
    const y = y0 + 46 + i * 24;
    if (e.line !== false) out.push(line(e.style, [[x0 + 10, y], [x0 + 46, y]]));
    out.push(marker(e.style, x0 + 28, y, ''));
    out.push(text(x0 + 56, y + 4, e.label, `font-size="13" fill="${TEXT}"`));
  });
  out.push(`</g>`);
  return out.join('\n');
}

/** The whole SVG document. Cells flow left to right, `span` columns each, wrapping to a new row when full. */
export function renderSmallMultiples(chart: SmallMultiples): string {
  const margin = 12;
  const headerHeight = 48 + chart.subtitle.length * 18;
  const cellWidth = (chart.width - 2 * margin) / chart.columns;
  const placed: { cell: ChartPanel | ChartLegend; x: number; y: number; w: number }[] = [];
  let col = 0;
  let row = 0;
  for (const cell of chart.cells) {
    const span = Math.min(cell.span ?? 1, chart.columns);
    if (col + span > chart.columns) {
      col = 0;
      row++;
    }
    placed.push({ cell, x: margin + col * cellWidth, y: headerHeight + row * chart.cellHeight, w: span * cellWidth });
    col += span;
  }
  const height = headerHeight + (row + 1) * chart.cellHeight + margin;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(chart.width)}" height="${px(height)}" viewBox="0 0 ${px(chart.width)} ${px(height)}" role="img" aria-labelledby="chart-title chart-desc" font-family="${esc(FONT)}">`,
    `<title id="chart-title">${esc(chart.title)}</title>`,
    `<desc id="chart-desc">${esc(chart.description)}</desc>`,
    `<rect width="100%" height="100%" fill="#FFFFFF"/>`,
    text(margin + 8, 28, chart.title, `font-size="20" font-weight="bold" fill="${TEXT}"`),
    ...chart.subtitle.map((s, i) => text(margin + 8, 50 + i * 18, s, `font-size="13" fill="${MUTED}"`)),
  ];
  for (const p of placed) {
    out.push(p.cell.kind === 'panel' ? renderPanel(p.cell, p.x, p.y, p.w, chart.cellHeight) : renderLegend(p.cell, p.x, p.y));
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
