// The portal's only way to Tinn: its REST API, with the session cookie (HttpOnly: the page never sees it)
// and the session's CSRF token on every request that changes something. No token is kept in storage.

export interface ProblemItem {
  path?: string;
  line?: number;
  message: string;
  rule?: string;
}

/** A problem+json answer from Tinn. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: ProblemItem[];
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    super(title);
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : `HTTP-${status}`;
    this.title = title;
    this.detail = typeof body.detail === 'string' ? body.detail : undefined;
    this.errors = Array.isArray(body.errors) ? (body.errors as ProblemItem[]) : [];
    this.body = body;
  }
}

let csrfToken: string | undefined;
let onSessionLost: (() => void) | undefined;

/** Set by the session when it starts or ends. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called once when a request that needed the session finds it gone (expired, or logged out elsewhere). */
export function onSessionExpired(handler: () => void): void {
  onSessionLost = handler;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** A 401 here is an answer, not a lost session (the login itself, the session probe). */
  anonymous?: boolean;
}

async function request(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && !options.anonymous && csrfToken) {
      csrfToken = undefined;
      onSessionLost?.();
    }
    throw error;
  }
  return response;
}

/** A JSON request; resolves to the parsed answer (undefined for 204). */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const response = await request(method, path, body, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** `encodeURIComponent` for each value in a template: api('GET', url`/api/v1/reportees/${r}/messagebox`). */
export function url(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}
