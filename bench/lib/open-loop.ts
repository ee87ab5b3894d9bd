// Load at a fixed arrival rate (open loop) and its closed-loop counterpart, over one keep-alive agent, for scripts
// that need to know when each request was *due*, not only how long it took once sent. In a closed loop a slow answer
// delays the next request, so a server that stalls is asked less and its stall hides (coordinated omission); in an
// open loop requests keep arriving on schedule and their latency counts from the moment they were due, queueing in
// the client included. Used by bench/reliability/soak.ts.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Outcome {
  /** The request's number, from 0. */
  index: number;
  /** When it was due (open loop) or sent (closed loop), in ms since the load started. */
  dueMs: number;
  /** From due until the answer was read (or the request failed), in ms. */
  latencyMs: number;
  /** HTTP status, or 0 when there was no answer. */
  status: number;
  /** Network error code, 'timeout', or 'skipped' (open loop: too many requests outstanding). */
  error?: string;
}

export interface LoadSummary {
  /** Requests due (open loop) or sent (closed loop). */
  requests: number;
  /** Open loop: requests not sent because `maxOutstanding` were already waiting. */
  skipped: number;
  /** Open loop: the most a request was sent after it was due, in ms (the generator's own lag). */
  maxSendLagMs: number;
  /** Wall time from the first request until the last answer, in ms. */
  elapsedMs: number;
}

interface Common {
  connections: number;
  timeoutMs?: number;
}

function send(agent: http.Agent, base: URL, req: PlannedRequest, timeoutMs: number): Promise<{ status: number; error?: string }> {
  return new Promise((resolve) => {
    const headers = { ...req.headers, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}) };
    const r = http.request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.once('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, error: err.code ?? err.message }));
    });
    r.once('timeout', () => r.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    r.once('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, error: err.code ?? err.message }));
    r.end(req.body);
  });
}

/**
 * Sends `make(i)` at `ratePerSecond` for `durationMs`, whatever the answers take, over at most `connections`
 * keep-alive sockets (more requests wait in the agent's queue, and that wait counts in their latency). A request due
 * while `maxOutstanding` are still unanswered is skipped and reported with error 'skipped'.
 */
export async function runOpenLoop(
  baseUrl: string,
  make: (index: number) => PlannedRequest,
  settings: Common & { ratePerSecond: number; durationMs: number; maxOutstanding: number },
  onOutcome: (o: Outcome) => void,
): Promise<LoadSummary> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
  const timeoutMs = settings.timeoutMs ?? 30_000;
  const total = Math.floor((settings.ratePerSecond * settings.durationMs) / 1000);
  const interval = 1000 / settings.ratePerSecond;
  const start = performance.now();
  const pending = new Set<Promise<void>>();
  let skipped = 0;
  let maxSendLagMs = 0;
  try {
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
      if (pending.size >= settings.maxOutstanding) {
        skipped++;
        onOutcome({ index: i, dueMs: due - start, latencyMs: 0, status: 0, error: 'skipped' });
        continue;
      }
      const p = send(agent, base, make(i), timeoutMs).then((r) => {
        pending.delete(p);
        onOutcome({ index: i, dueMs: due - start, latencyMs: performance.now() - due, status: r.status, ...(r.error ? { error: r.error } : {}) });
      });
      pending.add(p);
    }
    await Promise.all(pending);
    return { requests: total, skipped, maxSendLagMs, elapsedMs: performance.now() - start };
  } finally {
    agent.destroy();
  }
}

/** `connections` loops that each send `make(i)` and wait for the answer before the next, for `durationMs`. */
export async function runClosedLoop(baseUrl: string, make: (index: number) => PlannedRequest, settings: Common & { durationMs: number }, onOutcome: (o: Outcome) => void): Promise<LoadSummary> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
  const timeoutMs = settings.timeoutMs ?? 30_000;
  const start = performance.now();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: settings.connections }, async () => {
        while (performance.now() - start < settings.durationMs) {
          const i = next++;
          const sent = performance.now();
          const r = await send(agent, base, make(i), timeoutMs);
          onOutcome({ index: i, dueMs: sent - start, latencyMs: performance.now() - sent, status: r.status, ...(r.error ? { error: r.error } : {}) });
        }
      }),
    );
    return { requests: next, skipped: 0, maxSendLagMs: 0, elapsedMs: performance.now() - start };
  } finally {
    agent.destroy();
  }
}
