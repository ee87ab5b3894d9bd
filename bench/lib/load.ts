// HTTP load through autocannon, with the same settings for every server a scenario compares.
import { createRequire } from 'node:module';

// autocannon ships no TypeScript types; this is the part of its API the benchmarks use.
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests?: LoadRequest[];
  warmup?: { connections: number; duration: number };
}
interface AutocannonStat {
  average: number;
  total: number;
}
interface AutocannonResult {
  requests: AutocannonStat;
  throughput: AutocannonStat;
  latency: { average: number; p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** One request of autocannon's `requests` array; every connection cycles through the list in order. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  /** Load before the measured run, with the same connections; its numbers are discarded. */
  warmupSeconds: number;
}

export interface LoadNumbers {
  /** Mean of autocannon's per-second samples. */
  requestsPerSecond: number;
  /** Latency of 2xx responses in milliseconds (autocannon records whole milliseconds). */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  latencyMaxMs: number;
  totalRequests: number;
  bytesPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Loads `baseUrl`, cycling through `requests` on every connection (autocannon's `requests` array). A plain
 * string is a GET of that path; a LoadRequest can add a method, request headers (e.g. Authorization) and a body.
 */
export async function runLoad(baseUrl: string, requests: (string | LoadRequest)[], settings: LoadSettings): Promise<LoadNumbers> {
  const r = await autocannon({
    url: baseUrl,
    connections: settings.connections,
    duration: settings.durationSeconds,
    requests: requests.map((req) => (typeof req === 'string' ? { method: 'GET', path: req } : req)),
    ...(settings.warmupSeconds > 0 ? { warmup: { connections: settings.connections, duration: settings.warmupSeconds } } : {}),
  });
  return {
    requestsPerSecond: r.requests.average,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMeanMs: r.latency.average,
    latencyMaxMs: r.latency.max,
    totalRequests: r.requests.total,
    bytesPerSecond: r.throughput.average,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}
