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
