// Throughput against concurrency, from the result files: which scenarios measured Tinn and its reference at more
// than one concurrency, read from each one's raw medians (their shapes differ per scenario, so one small extractor
// each), and the chart of them for docs/benchmarks.md.
import { PALETTE, renderSmallMultiples, type ChartLegend, type ChartPanel, type ChartSeries, type SeriesStyle } from './chart.ts';
import type { BenchResult } from './scenario.ts';
import { formatInt } from './stats.ts';

export type Database = 'pglite' | 'postgres';

/** One line: Tinn or its reference on one database, rate against concurrency. */
export interface Curve {
  side: 'tinn' | 'reference';
  database: Database;
  points: { concurrency: number; perSecond: number }[];
}

/** What one scenario measured at several concurrencies. */
export interface ThroughputSeries {
  scenario: string;
  /** Short, for the panel's title, e.g. "organisation lookup". */
  what: string;
  /** The rate's unit on the y-axis, e.g. "req/s". */
  unit: string;
  /** What the concurrency counts, e.g. "connections". */
  concurrency: string;
  /** The same-run reference, e.g. "bare Fastify, no database". */
  reference: string;
  curves: Curve[];
}

type Raw = Record<string, unknown>;

/** The value at a path of keys, when it is an object; undefined when any step is missing. */
function at(value: unknown, ...path: string[]): Raw | undefined {
  let v = value;
  for (const key of path) v = v && typeof v === 'object' ? (v as Raw)[key] : undefined;
  return v && typeof v === 'object' ? (v as Raw) : undefined;
}

function num(value: unknown, key: string): number | undefined {
  const v = value && typeof value === 'object' ? (value as Raw)[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Keys like c10 or users4 of a medians object, with their number, in ascending order. */
function numbered(obj: Raw | undefined, prefix: string): [string, number][] {
  if (!obj) return [];
  return Object.keys(obj)
    .map((k) => [k, new RegExp(`^${prefix}(\\d+)$`).exec(k)] as const)
    .filter((e): e is readonly [string, RegExpExecArray] => e[1] !== null)
    .map(([k, m]): [string, number] => [k, Number(m[1])])
    .sort((a, b) => a[1] - b[1]);
}

/** Tinn and reference curves from `[concurrency, tinn/s, reference/s]` rows; curves with fewer than 2 points are left out. */
function curves(database: Database, rows: [number, number | undefined, number | undefined][]): Curve[] {
  const out: Curve[] = [];
  for (const side of ['reference', 'tinn'] as const) {
    const points = rows
      .map(([c, tinn, ref]) => ({ concurrency: c, perSecond: side === 'tinn' ? tinn : ref }))
      .filter((p): p is { concurrency: number; perSecond: number } => p.perSecond !== undefined);
    if (points.length >= 2) out.push({ side, database, points });
  }
  return out;
}

/** notifications and correspondence: raw.medians.<db>.c<N>.{tinn,reference}.perSecond. */
function perDatabase(r: BenchResult): Curve[] {
  return (['pglite', 'postgres'] as const).flatMap((db) => {
    const medians = at(r.raw, 'medians', db);
    return curves(
      db,
      numbered(medians, 'c').map(([k, c]) => [c, num(at(medians, k, 'tinn'), 'perSecond'), num(at(medians, k, 'reference'), 'perSecond')]),
    );
  });
}

type Extractor = Omit<ThroughputSeries, 'scenario' | 'curves'> & { curves(r: BenchResult): Curve[] };

/**
 * The scenarios that measured throughput at several concurrencies. The others (startup, auth-token, system-token,
 * submission, soap-submission, message-box, broker-streaming, sftp-upload, portal) measured one concurrency, or times
 * and sizes; they are named under the chart.
 */
const EXTRACTORS: Record<string, Extractor> = {
  'org-lookup': {
    what: 'organisation lookup',
    unit: 'req/s',
    concurrency: 'connections',
    reference: 'bare Fastify, no database',
    curves(r) {
      const medians = at(r.raw, 'medians');
      return curves(
        'pglite',
        numbered(medians, 'c').map(([k, c]) => [c, num(at(medians, k, 'tinn'), 'requestsPerSecond'), num(at(medians, k, 'reference'), 'requestsPerSecond')]),
      );
    },
  },
  login: {
    what: 'person login',
    unit: 'round trips/s',
    concurrency: 'users',
    reference: '3 × GET /health/live, same process',
    curves(r) {
      const medians = at(r.raw, 'medians');
      return curves(
        'pglite',
        numbered(medians, 'users').map(([k, c]) => [c, num(at(medians, k, 'login'), 'roundTripsPerSecond'), num(at(medians, k, 'reference'), 'roundTripsPerSecond')]),
      );
    },
  },
  'authz-decision': {
    what: 'authorisation, permit',
    unit: 'decisions/s',
    concurrency: 'callers in process',
    reference: 'one indexed SQL lookup',
    curves(r) {
      const streams = at(r.raw, 'streams');
      const c = typeof r.settings.concurrency === 'number' ? r.settings.concurrency : undefined;
      if (!c || c === 1) return [];
      return curves('pglite', [
        [1, num(at(streams, 'warmPermit'), 'callsPerSecond'), num(at(streams, 'reference'), 'callsPerSecond')],
        [c, num(at(streams, 'warmPermitConcurrent'), 'callsPerSecond'), num(at(streams, 'referenceConcurrent'), 'callsPerSecond')],
      ]);
    },
  },
  notifications: {
    what: 'order acceptance',
    unit: 'accepted/s',
    concurrency: 'connections',
    reference: 'floor: one insert per order',
    curves: perDatabase,
  },
  correspondence: {
    what: '100 KB attachment',
    unit: 'created/s',
    concurrency: 'connections',
    reference: 'floor: decode, hash, file, insert',
    curves: perDatabase,
  },
};

/** The scenarios of `names` (in that order) that have throughput at several concurrencies, and the others. */
export function throughputSeries(results: Map<string, BenchResult>, names: string[]): { plotted: ThroughputSeries[]; notPlotted: string[] } {
  const plotted: ThroughputSeries[] = [];
  const notPlotted: string[] = [];
  for (const name of names) {
    const r = results.get(name);
    const e = EXTRACTORS[name];
    const found = r && e ? e.curves(r) : [];
    if (e && found.some((c) => c.side === 'tinn') && found.some((c) => c.side === 'reference')) {
      const { curves: _, ...info } = e;
      plotted.push({ scenario: name, ...info, curves: found });
    } else if (r) notPlotted.push(name);
  }
  return { plotted, notPlotted };
}

const DB_NAME: Record<Database, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/** Tinn blue, reference vermillion; PGlite solid with circles, PostgreSQL dashed with squares; references hollow. */
function style(side: Curve['side'], database: Database): SeriesStyle {
  return {
    colour: side === 'tinn' ? PALETTE.blue : PALETTE.vermillion,
    dashed: database === 'postgres',
    marker: database === 'postgres' ? 'square' : 'circle',
    hollow: side === 'reference',
  };
}

/** Colours of the ratio panel, one per scenario; blue and vermillion are left for Tinn and reference. */
const RATIO_COLOURS = [PALETTE.black, PALETTE.green, PALETTE.purple, PALETTE.orange, PALETTE.skyBlue];

function rate(v: number): string {
  return v >= 100 ? formatInt(v) : v.toFixed(1);
}

/** Tinn ÷ reference per database at the concurrencies both were measured at. */
export function ratioPoints(s: ThroughputSeries, database: Database): { concurrency: number; ratio: number }[] {
  const tinn = s.curves.find((c) => c.side === 'tinn' && c.database === database);
  const ref = s.curves.find((c) => c.side === 'reference' && c.database === database);
  if (!tinn || !ref) return [];
  return tinn.points.flatMap((p) => {
    const q = ref.points.find((x) => x.concurrency === p.concurrency);
    return q ? [{ concurrency: p.concurrency, ratio: p.perSecond / q.perSecond }] : [];
  });
}

/** The SVG of the chart: a ratio panel with its legend, then one panel per scenario and the legend of those. */
export function throughputChartSvg(plotted: ThroughputSeries[]): string {
  const databases = (s: ThroughputSeries) => (['pglite', 'postgres'] as const).filter((db) => s.curves.some((c) => c.database === db));
  const ratioSeries: ChartSeries[] = [];
  const ratioLegend: ChartLegend['entries'] = [];
  plotted.forEach((s, i) => {
    const colour = RATIO_COLOURS[i % RATIO_COLOURS.length]!;
    ratioLegend.push({ label: s.scenario, style: { colour, dashed: false, marker: 'circle' } });
    for (const db of databases(s)) {
      const points = ratioPoints(s, db);
      if (points.length === 0) continue;
      ratioSeries.push({
        name: `${s.scenario}, ${DB_NAME[db]}: Tinn ÷ reference`,
        style: { colour, dashed: db === 'postgres', marker: db === 'postgres' ? 'square' : 'circle' },
        points: points.map((p) => ({
          x: p.concurrency,
          y: p.ratio,
          label: `${s.scenario}, ${DB_NAME[db]}: Tinn ÷ reference ${p.ratio.toFixed(2)} at ${p.concurrency} ${s.concurrency}`,
        })),
      });
    }
  });
  const grey = PALETTE.grey;
  const ratioPanel: ChartPanel = {
    kind: 'panel',
    title: 'Tinn ÷ reference, every scenario',
    subtitle: 'same-run ratio of the rates below; 1 = as fast as the reference',
    xLabel: 'concurrency (log scale)',
    yLabel: 'Tinn ÷ reference',
    yScale: 'linear',
    series: ratioSeries,
    rule: { y: 1, label: 'as fast as the reference' },
    span: 2,
  };
  // One factor for every scenario panel's y-axis (a power of 10 that fits the widest spread), so the same gap between
  // Tinn and its reference reads as the same ratio in every panel.
  const spread = Math.max(
    ...plotted.map((s) => {
      const rates = s.curves.flatMap((c) => c.points.map((p) => p.perSecond));
      return Math.max(...rates) / Math.min(...rates);
    }),
  );
  const yLogFactor = 10 ** Math.ceil(Math.log10(spread * 1.5));
  const scenarioPanels: ChartPanel[] = plotted.map((s) => ({
    kind: 'panel',
    yLogFactor,
    title: `${s.scenario}: ${s.what}`,
    subtitle: `vs ${s.reference}`,
    xLabel: `${s.concurrency} (log scale)`,
    yLabel: `${s.unit} (log scale)`,
    yScale: 'log',
    series: s.curves.map((c) => ({
      name: `${c.side === 'tinn' ? 'Tinn' : 'reference'}, ${DB_NAME[c.database]}`,
      style: style(c.side, c.database),
      points: c.points.map((p) => ({
        x: p.concurrency,
        y: p.perSecond,
        label: `${s.scenario}, ${c.side === 'tinn' ? 'Tinn' : 'reference'} on ${DB_NAME[c.database]}: ${rate(p.perSecond)} ${s.unit} at ${p.concurrency} ${s.concurrency}`,
      })),
    })),
  }));
  const cells: (ChartPanel | ChartLegend)[] = [
    ratioPanel,
    {
      kind: 'legend',
      title: 'Ratio panel',
      entries: [
        ...ratioLegend,
        { label: 'PGlite (embedded)', style: { colour: grey, dashed: false, marker: 'circle' } },
        { label: 'PostgreSQL', style: { colour: grey, dashed: true, marker: 'square' } },
      ],
    },
    ...scenarioPanels,
    {
      kind: 'legend',
      title: 'Scenario panels',
      entries: [
        { label: 'Tinn', style: style('tinn', 'pglite'), line: false },
        { label: 'reference (named in the panel)', style: style('reference', 'pglite'), line: false },
        { label: 'PGlite (embedded), or no database', style: { colour: grey, dashed: false, marker: 'circle' } },
        { label: 'PostgreSQL', style: { colour: grey, dashed: true, marker: 'square' } },
      ],
    },
  ];
  const description = plotted
    .map(
      (s) =>
        `${s.scenario} (${s.unit} at ${s.concurrency}; reference: ${s.reference}): ` +
        s.curves
          .map((c) => `${c.side === 'tinn' ? 'Tinn' : 'reference'} on ${DB_NAME[c.database]} ${c.points.map((p) => `${rate(p.perSecond)} at ${p.concurrency}`).join(', ')}`)
          .join('; '),
    )
    .join('. ');
  return renderSmallMultiples({
    title: 'Throughput against concurrency: Tinn and its same-run reference',
    subtitle: [
      'Newest result of each scenario that measured more than one concurrency (medians of alternating rounds).',
      `Scenario panels: each its own y-axis, log scale, spanning a factor of ${formatInt(yLogFactor)}, so equal gaps between Tinn and its reference are equal ratios.`,
    ],
    description: `${description}.`,
    columns: 3,
    width: 1000,
    cellHeight: 270,
    cells,
  });
}
