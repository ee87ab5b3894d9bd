// Many processes, one truth: three API processes and two workers started together on one empty PostgreSQL
// database and one blob store, as an installation that grew would run them. PostgreSQL only (the embedded
// database is one process by construction).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';

const root = resolve(import.meta.dirname, '..');
const serverUrl = process.env.TEST_DATABASE_URL;

const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const KARI = '14837501777'; // DAGL of Fjordlys Regnskap
const INGRID = { ssn: '21876803140', lastName: 'Johansen' }; // accountant at Fjordlys, no role of her own
const SIGRID = '09857904610'; // locked out in the lockout test
const FJORDLYS = '310000116';
const NOTIFICATIONS = 600;
const PER_REQUEST = 10;
const SLOW = 4;
// Shorter than the gateway's answer to a slow message: only lease renewal keeps the other worker off it.
const LEASE_MS = 2000;
const SLOW_ANSWER_MS = 3500;

interface Proc {
  name: string;
  child: ChildProcess;
  /** The API's base URL (api role only). */
  base: string;
  output(): string;
}

/** The HTTP SMS gateway both workers send to: records each message's Idempotency-Key; holds "slow" ones. */
async function startSmsGateway() {
  const received = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const id = String(req.headers['idempotency-key'] ?? '');
      received.set(id, (received.get(id) ?? 0) + 1);
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ messageId: `gw-${id}` }));
      };
      if (body.includes('slow message')) setTimeout(answer, SLOW_ANSWER_MS);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function startProcess(name: string, roles: string, env: Record<string, string>): Promise<Proc> {
  const args = [join(root, 'bin/tinn.js'), 'start', '--testenv', '--roles', roles, ...(roles === 'api' ? ['--port', '0'] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name}: no banner after 120 s:\n${out}`)), 120_000);
    const check = () => {
      if (!out.includes('Stop with Ctrl+C')) return;
      const m = /API docs\s+(http:\/\/localhost:\d+)\/api\/docs/.exec(out);
      if (roles === 'api' && !m) return;
      clearTimeout(timer);
      child.stderr!.off('data', check);
      ready({ name, child, base: m?.[1] ?? '', output: () => out });
    };
    child.stderr!.on('data', check);
    child.once('exit', (code) => fail(new Error(`${name} exited ${code}:\n${out}`)));
  });
}

function stopProcess(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    p.child.removeAllListeners('exit');
    p.child.once('exit', () => done());
    p.child.kill('SIGTERM');
  });
}

async function call(base: string, method: string, path: string, options: { token?: string; apiKey?: string; body?: unknown } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.apiKey ? { apikey: options.apiKey } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

describe('three API processes and two workers on one PostgreSQL', { skip: serverUrl ? false : 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  const database = `tinn_scale_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let url = '';
  let db: pg.Pool;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  const apis: Proc[] = [];
  const workers: Proc[] = [];

  before(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const u = new URL(serverUrl!);
    u.pathname = `/${database}`;
    url = u.toString();
    db = new pg.Pool({ connectionString: url, max: 2 });
    gateway = await startSmsGateway();
    // One blob store for all: a shared directory, or the test run's S3 bucket under a prefix of its own.
    const blobs: Record<string, string> = process.env.TINN_TEST_S3_ENDPOINT
      ? {
          TINN_BLOB_STORE: 's3',
          TINN_S3_ENDPOINT: process.env.TINN_TEST_S3_ENDPOINT,
          TINN_S3_BUCKET: process.env.TINN_TEST_S3_BUCKET ?? '',
          TINN_S3_ACCESS_KEY_ID: process.env.TINN_TEST_S3_ACCESS_KEY_ID ?? '',
          TINN_S3_SECRET_ACCESS_KEY: process.env.TINN_TEST_S3_SECRET_ACCESS_KEY ?? '',
          TINN_S3_PREFIX: `${database}/`,
        }
      : { TINN_BLOB_DIR: mkdtempSync(join(tmpdir(), 'tinn-scale-blobs-')) };
    const env = (name: string) => ({
      DATABASE_URL: url,
      // Behind one load balancer: one address, so one token issuer for all.
      TINN_PUBLIC_URL: 'http://tinn-scale-out.invalid',
      TINN_DATA_DIR: mkdtempSync(join(tmpdir(), `tinn-scale-${name}-`)),
      TINN_LOG_LEVEL: 'warn',
      TINN_PORTAL_BUILD: 'false',
      TINN_SMS_TRANSPORT: 'http',
      TINN_SMS_GATEWAY_URL: gateway.url,
      TINN_JOBS_LEASE_MS: String(LEASE_MS),
      TINN_JOBS_POLL_INTERVAL_MS: '50',
      TINN_JOBS_BATCH_SIZE: '10',
      ...blobs,
    });
    // All five at once on an empty database: migrations and the demo world must happen once.
    const started = await Promise.allSettled([
      ...['api-1', 'api-2', 'api-3'].map((name) => startProcess(name, 'api', env(name))),
      ...['worker-1', 'worker-2'].map((name) => startProcess(name, 'worker', env(name))),
    ]);
    for (const s of started) if (s.status === 'fulfilled') (s.value.name.startsWith('api') ? apis : workers).push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  });

  after(async () => {
    await Promise.all([...apis, ...workers].map(stopProcess));
    await gateway?.close();
    await db?.end();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  it('migrate and load the demo world once, though all five started together on an empty database', async () => {
    const loads = await db.query<{ n: number }>('select count(*)::int as n from testenv.world_load');
    assert.equal(loads.rows[0]!.n, 1);
    for (const api of apis) assert.equal((await call(api.base, 'GET', `/api/v1/organizations/${FJORDLYS}`)).status, 200, api.name);
  });

  it('claim every job exactly once: SMS accepted by three APIs are sent once each by two workers, slow ones too', async () => {
    const requests = Array.from({ length: NOTIFICATIONS / PER_REQUEST }, (_, i) =>
      Array.from({ length: PER_REQUEST }, (_, j) => ({
        notificationType: 'TokenTextOnly',
        receiverEndPoints: [{ transportType: 'SMS', receiverAddress: `+4798${String(i * PER_REQUEST + j).padStart(6, '0')}` }],
        textTokens: [{ tokenValue: `Melding ${i}-${j}` }],
      })),
    );
    // A few messages the gateway answers only after more than one lease: their workers must keep the lease.
    requests.push(
      Array.from({ length: SLOW }, (_, j) => ({
        notificationType: 'TokenTextOnly',
        receiverEndPoints: [{ transportType: 'SMS', receiverAddress: `+4797${String(j).padStart(6, '0')}` }],
        textTokens: [{ tokenValue: `slow message ${j}` }],
      })),
    );
    let next = 0;
    const accepted: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = next++; i < requests.length; i = next++) {
          const res = await call(apis[i % apis.length]!.base, 'POST', '/api/v1/serviceowner/notifications', { apiKey: TTD_KEY, body: { notifications: requests[i] } });
          assert.equal(res.status, 201, JSON.stringify(res.body));
          accepted.push(res.body.notifications?.length ?? requests[i]!.length);
        }
      }),
    );
    const expected = NOTIFICATIONS + SLOW;
    const deadline = Date.now() + 90_000;
    while (gateway.received.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(gateway.received.size, expected, 'every SMS reached the gateway');
    // The slow ones are answered a while after they arrived; then a repeat would come after a lease: give one time to show.
    const unfinished = async () => (await db.query<{ n: number }>(`select count(*)::int as n from platform.job where kind = 'notifications.deliver' and status <> 'done'`)).rows[0]!.n;
    while ((await unfinished()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, LEASE_MS + 500));
    const repeated = [...gateway.received].filter(([, n]) => n > 1);
    assert.deepEqual(repeated, [], 'no SMS was sent twice');
    assert.equal(gateway.received.size, expected);

    const jobs = await db.query<{ status: string; attempts: number; n: number; workers: number }>(
      `select status, attempts, count(*)::int as n, count(distinct locked_by)::int as workers
         from platform.job where kind = 'notifications.deliver' group by status, attempts`,
    );
    assert.deepEqual(
      jobs.rows.map((r) => ({ status: r.status, attempts: r.attempts, n: r.n })),
      [{ status: 'done', attempts: 1, n: expected }],
      'each job claimed once and done',
    );
    assert.equal(jobs.rows[0]!.workers, 2, 'both workers took part');
  });

  it('honour a revocation made through one API on the next request to another', async () => {
    const login = async (api: Proc, ssn: string) => (await call(api.base, 'POST', '/api/v1/testenv/login', { body: { ssn, securityLevel: 2 } })).body.accessToken as string;
    const [a, b, c] = apis as [Proc, Proc, Proc];
    const kari = await login(a, KARI);
    const ingrid = await login(b, INGRID.ssn);
    const rolesOf = async (api: Proc) => {
      const res = await call(api.base, 'GET', `/api/v1/reportees/${FJORDLYS}/rights`, { token: ingrid });
      return res.status === 200 ? (res.body.roles as { code: string }[]).map((r) => r.code) : res.status;
    };
    assert.deepEqual(await rolesOf(c), []);
    const given = await call(a.base, 'POST', `/api/v1/reportees/${FJORDLYS}/delegations`, { token: kari, body: { roleCode: 'UTINN', to: INGRID } });
    assert.equal(given.status, 201, JSON.stringify(given.body));
    assert.deepEqual(await rolesOf(b), ['UTINN'], 'the delegation made in A counts in B');
    assert.deepEqual(await rolesOf(c), ['UTINN']);
    assert.equal((await call(c.base, 'DELETE', `/api/v1/reportees/${FJORDLYS}/delegations/${given.body.delegationId}`, { token: kari })).status, 204);
    assert.deepEqual(await rolesOf(a), [], 'revoked in C, gone in A at once');
    assert.deepEqual(await rolesOf(b), []);

    // Logout in one process ends the session's access tokens in all of them.
    assert.equal((await call(a.base, 'GET', '/api/v1/authn/me', { token: ingrid })).status, 200);
    assert.equal((await call(b.base, 'POST', '/api/v1/authn/logout', { token: ingrid })).status, 204);
    for (const api of [a, c]) {
      const res = await call(api.base, 'GET', '/api/v1/authn/me', { token: ingrid });
      assert.equal(res.status, 401, `${api.name} still took the token`);
      assert.equal(res.body.code, 'AUTN-00012');
    }
  });

  it('count wrong passwords across processes: the lockout holds in every one', async () => {
    const attempt = (api: Proc, password: string) => call(api.base, 'POST', '/api/v1/authn/login', { body: { ssn: SIGRID, password } });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await attempt(apis[i % apis.length]!, `Wrong-password-${i}`)).body.code);
    assert.deepEqual(codes, ['AUTN-00001', 'AUTN-00001', 'AUTN-00001', 'AUTN-00001', 'AUTN-00002'], 'the fifth wrong password in a row locks');
    for (const api of apis) {
      const res = await attempt(api, 'Tinn-demo-2026');
      assert.equal(res.body.code, 'AUTN-00002', `${api.name} let the right password through a lockout`);
    }
  });
});
