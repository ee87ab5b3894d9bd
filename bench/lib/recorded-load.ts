// autocannon with every response recorded: status codes one by one (a 201 is not a 200), and the latency of
// each 2xx response with sub-millisecond resolution, so percentiles such as p95 (which autocannon does not
// report) come from what was measured. Used by the scenarios that write (submission) or page (message-box).
//
// Warm-up and measurement are ONE autocannon run on the same connections, split by time, and the measured part
// starts only once every connection has had an answer. (autocannon's own `warmup` closes its connections and
// opens new ones for the measured run. A Node server admits new connections between event-loop turns, and a
// server saturated behind the embedded database's single connection runs long turns, so connections opened under
// load get their first answer seconds late: measured, they would decide the p99, and the load would not yet have
// its full concurrency. How long that took, and the slowest warm-up answer, are kept in the numbers.)
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { LoadRequest } from './load.ts';
import { percentile, round } from './stats.ts';

// The part of autocannon's API used here (it ships no TypeScript types). Without a callback, autocannon returns
// its tracker, which is also a promise of the result.
interface AutocannonRequest extends LoadRequest {
  /** Called before each request is sent; returns the request to send. */
  setupRequest?: (request: LoadRequest) => LoadRequest;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
  timeout?: number;
}
interface AutocannonResult {
  errors: number;
  timeouts: number;
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface Tracker extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: object, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  stop(): void;
}
type Autocannon = (options: AutocannonOptions) => Tracker;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ID = '[<id>]';
let runs = 0;

export interface RecordedLoadSettings {
  connections: number;
  /** Seconds measured, after the warm-up (ignored when `measureWhile` is given). */
  durationSeconds: number;
  /**
   * Least seconds of load before the measured part, on the same connections; not part of the numbers. The
   * measured part also waits until every connection has had an answer (at most `maxWarmupSeconds`).
   */
  warmupSeconds: number;
  /** Upper bound of the warm-up while connections still wait for their first answer (default 60). */
  maxWarmupSeconds?: number;
  /**
   * Another load's handle: measure exactly while it measures (its window), and stop when it stops. Used for a
   * background load (the 1 MB forms) that must cover the foreground's measured part.
   */
  measureWhile?: RecordedLoadHandle;
  /**
   * Replace `[<id>]` in each request body by a new unique id. (autocannon's own idReplacement computes the
   * Content-Length for ids of 27 characters while its hyperid makes 24 or so, so the server waits for bytes that
   * never come; this goes through setupRequest instead, and the length is that of the body actually sent.)
   */
  uniqueIds?: boolean;
  /** Seconds before autocannon gives up on one answer (default 60 here: first answers can be slow, see above). */
  timeoutSeconds?: number;
  /** Throw when the measured part got no answer at all (default true). */
  requireAnswers?: boolean;
}

export interface RecordedLoadHandle {
  /** Resolves when the measured part starts. */
  measuring: Promise<void>;
  /** Resolves when the measured part has ended (before the numbers are ready). */
  ended: Promise<void>;
  result: Promise<RecordedLoadNumbers>;
}

export interface RecordedLoadNumbers {
  /** Responses of the measured part, per HTTP status code. */
  statusCodes: Record<string, number>;
  /** Responses of the warm-up, per HTTP status code (not part of any other number but `warmupMaxMs`). */
  warmupStatusCodes: Record<string, number>;
  /** Responses that arrived after the measured part, before autocannon stopped (up to a second; not counted). */
  afterStatusCodes: Record<string, number>;
  /** The slowest answer to a request sent in the warm-up (ms), which includes opening the connections. */
  warmupMaxMs: number;
  /** Seconds of warm-up: at least warmupSeconds, longer while a connection still waited for its first answer. */
  warmupSecondsActual: number;
  /** Milliseconds from the start until every connection had its first answer (null: not all did). */
  allConnectionsAnsweredMs: number | null;
  responses: number;
  /** Seconds of the measured part. */
  durationSeconds: number;
  /** All responses per second (any status). */
  responsesPerSecond: number;
  /** Responses with `countedStatus` per second (e.g. 201 Created: new submissions). */
  countedPerSecond: number;
  countedStatus: number;
  /**
   * Latency of the 2xx responses to requests sent in the measured part, in milliseconds (nearest rank), from the
   * client's send to the last byte.
   */
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  latencyMeanMs: number;
  /** Responses that were not 2xx, connection errors, and timeouts (measured part). */
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Starts loading `baseUrl` with `requests` (every connection cycles through the list) and records each response.
 * `countedStatus` (default 200) is the status that counts as a success for `countedPerSecond`.
 */
export function startRecordedLoad(baseUrl: string, requests: LoadRequest[], settings: RecordedLoadSettings, countedStatus = 200): RecordedLoadHandle {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const warmupStatusCodes: Record<string, number> = {};
  const afterStatusCodes: Record<string, number> = {};
  let warmupMaxMs = 0;
  let errors = 0;
  let timeouts = 0;
  const run = `${process.pid.toString(36)}${(++runs).toString(36)}`;
  let next = 0;
  const withIds = requests.map((request): AutocannonRequest => {
    const parts = settings.uniqueIds && request.body !== undefined ? request.body.split(ID) : [];
    if (parts.length < 2) return request;
    return { ...request, setupRequest: (r) => ({ ...r, body: parts.join(`${run}-${(next++).toString(36)}`) }) };
  });
  const started = performance.now();
  const maxWarmupMs = (settings.maxWarmupSeconds ?? 60) * 1000;
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureUntil = Number.POSITIVE_INFINITY;
  let allAnsweredAt: number | null = null;
  const answered = new Set<object>();
  const tracker = autocannon({
    url: baseUrl,
    connections: settings.connections,
    // Stopped from here; this only bounds a run whose stop never comes.
    duration: Math.ceil(maxWarmupMs / 1000 + settings.warmupSeconds + settings.durationSeconds + 600),
    requests: withIds,
    timeout: settings.timeoutSeconds ?? 60,
  });
  let startMeasuring!: () => void;
  const measuring = new Promise<void>((resolve) => (startMeasuring = resolve));
  let endMeasuring!: () => void;
  const ended = new Promise<void>((resolve) => (endMeasuring = resolve));
  const begin = (at: number) => {
    if (measureFrom !== Number.POSITIVE_INFINITY) return;
    measureFrom = at;
    startMeasuring();
  };
  const finish = (at: number) => {
    if (measureUntil !== Number.POSITIVE_INFINITY) return;
    measureUntil = at;
    endMeasuring();
    tracker.stop();
  };
  if (settings.measureWhile) {
    const other = settings.measureWhile;
    void other.measuring.then(() => begin(performance.now()));
    void other.ended.then(() => finish(performance.now()));
  } else {
    const maybeBegin = () => {
      const now = performance.now();
      if (now - started < settings.warmupSeconds * 1000) return;
      if (allAnsweredAt === null && now - started < maxWarmupMs) return;
      begin(now);
      setTimeout(() => finish(performance.now()), settings.durationSeconds * 1000).unref();
    };
    const poll = setInterval(() => {
      maybeBegin();
      if (measureFrom !== Number.POSITIVE_INFINITY) clearInterval(poll);
    }, 50);
  }

  // Answers count towards the rate of the part in which they arrive; latencies towards the part in which their
  // request was sent, so a request sent in the warm-up (while connections were still opening) that is answered
  // later shows in warmupMaxMs, not in the measured percentiles.
  tracker.on('response', (client, statusCode, _bytes, ms) => {
    const now = performance.now();
    if (allAnsweredAt === null) {
      answered.add(client);
      if (answered.size >= settings.connections) allAnsweredAt = now;
    }
    const code = String(statusCode);
    if (now >= measureUntil) {
      afterStatusCodes[code] = (afterStatusCodes[code] ?? 0) + 1;
      return;
    }
    if (now < measureFrom) warmupStatusCodes[code] = (warmupStatusCodes[code] ?? 0) + 1;
    else statusCodes[code] = (statusCodes[code] ?? 0) + 1;
    if (now - ms < measureFrom) {
      if (ms > warmupMaxMs) warmupMaxMs = ms;
    } else if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  tracker.on('reqError', (err) => {
    const now = performance.now();
    if (now < measureFrom || now >= measureUntil) return;
    errors++;
    if (/timed out/.test(err.message)) timeouts++;
  });

  const result = (async (): Promise<RecordedLoadNumbers> => {
    const r = await tracker;
    finish(performance.now());
    const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
    if (responses === 0 && (settings.requireAnswers ?? true)) {
      throw new Error(`no answer from ${baseUrl} in the measured part (${r.errors} errors, ${r.timeouts} timeouts in all): the server or the request is broken`);
    }
    const non2xx = Object.entries(statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .reduce((a, [, n]) => a + n, 0);
    const seconds = measureFrom === Number.POSITIVE_INFINITY ? 0 : (measureUntil - measureFrom) / 1000;
    const perSecond = (n: number) => (seconds > 0 ? round(n / seconds, 1) : 0);
    const pct = (p: number) => (latencies.length > 0 ? round(percentile(latencies, p), 2) : Number.NaN);
    return {
      statusCodes,
      warmupStatusCodes,
      afterStatusCodes,
      warmupMaxMs: round(warmupMaxMs, 1),
      warmupSecondsActual: measureFrom === Number.POSITIVE_INFINITY ? round((performance.now() - started) / 1000, 2) : round((measureFrom - started) / 1000, 2),
      allConnectionsAnsweredMs: allAnsweredAt === null ? null : round(allAnsweredAt - started),
      responses,
      durationSeconds: round(seconds, 2),
      responsesPerSecond: perSecond(responses),
      countedPerSecond: perSecond(statusCodes[String(countedStatus)] ?? 0),
      countedStatus,
      latencyP50Ms: pct(50),
      latencyP95Ms: pct(95),
      latencyP99Ms: pct(99),
      latencyMaxMs: latencies.length > 0 ? round(latencies.reduce((a, b) => (b > a ? b : a), 0), 2) : Number.NaN,
      latencyMeanMs: latencies.length > 0 ? round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 2) : Number.NaN,
      non2xx,
      errors,
      timeouts,
    };
  })();
  return { measuring, ended, result };
}

/** startRecordedLoad, awaited. */
export function runRecordedLoad(baseUrl: string, requests: LoadRequest[], settings: RecordedLoadSettings, countedStatus = 200): Promise<RecordedLoadNumbers> {
  return startRecordedLoad(baseUrl, requests, settings, countedStatus).result;
}
