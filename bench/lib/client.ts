// A small JSON client over node:http with one keep-alive connection, as one user's browser or integration
// would hold it. Scenarios that time request sequences (login) time their reference through the same code,
// so what differs between the two is the server's work.
import http from 'node:http';

export interface JsonResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  text: string;
}

export interface Client {
  request(method: 'GET' | 'POST', path: string, options?: { json?: unknown; headers?: Record<string, string> }): Promise<JsonResponse>;
  /** Closes the connection. */
  close(): void;
}

const TIMEOUT_MS = 10_000;

/** A client for `baseUrl` (http only) with its own single keep-alive connection. */
export function createClient(baseUrl: string): Client {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    request(method, path, options = {}) {
      const payload = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(payload.length);
      }
      return new Promise((resolve, reject) => {
        const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent, timeout: TIMEOUT_MS }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.once('error', reject);
          res.once('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = text.length > 0 ? JSON.parse(text) : undefined;
            } catch {
              body = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
          });
        });
        req.once('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${TIMEOUT_MS} ms`)));
        req.once('error', reject);
        req.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** One JSON call through fetch (set-up calls around a measurement): the parsed body, or an error naming the status unless it is expected. */
export async function fetchJson(baseUrl: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; expect: number[] }): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  if (!options.expect.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 400)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Logs a person in through the test environment (level 2) → the Authorization header. */
export async function testenvLogin(baseUrl: string, ssn: string): Promise<Record<string, string>> {
  const body = await fetchJson(baseUrl, 'POST', '/api/v1/testenv/login', { body: { ssn, securityLevel: 2 }, expect: [200] });
  return { authorization: `Bearer ${String(body.accessToken)}` };
}
