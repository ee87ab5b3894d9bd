// kill -9 of the Tinn server in the middle of a chunked broker upload, then proof that the upload resumes from the
// bytes the file's details say were stored, that the chunk cut off by the kill did not count, that the recipient saw
// nothing before publication, and that what the recipient downloads is byte-identical. See README.md beside this file.
//
//   node bin/run-ts.js bench/reliability/kill-during-upload.ts [--db postgres|pglite] [--bytes N] [--chunk-mib M]
//        [--kill-chunk K] [--restart-delay-ms MS]
//
// Exit code: 0 when every check passed, 1 when one failed (the summary says which), 2 on a bad command line.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, getStatus, startChild, stopChild, type Child } from '../lib/children.ts';
import { gitInfo, machineInfo } from '../lib/machine.ts';
import { createDatabase, dropDatabase, postgresServer, type PostgresDatabase } from '../lib/postgres.ts';
import { RESULTS_DIR, timestampForFile } from '../lib/results.ts';
import type { BenchResult, GoalCheck } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir } from '../lib/servers.ts';
import { sha256Of } from '../lib/process-stats.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const MiB = 1024 ** 2;

interface Settings {
  db: 'postgres' | 'pglite';
  /** Size of the file. */
  bytes: number;
  chunkBytes: number;
  /** The chunk (1-based) during which the server is killed; 0 = the middle one. */
  killChunk: number;
  restartDelayMs: number;
}

const USAGE =
  'usage: node bin/run-ts.js bench/reliability/kill-during-upload.ts [--db postgres|pglite] [--bytes N] [--chunk-mib M] [--kill-chunk K] [--restart-delay-ms MS]';

function parseArgs(argv: string[]): Settings {
  const s: Settings = { db: 'postgres', bytes: 300_000_000, chunkBytes: 32 * MiB, killChunk: 0, restartDelayMs: 1000 };
  const int = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} needs a whole number from ${min} to ${max}, not ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--db') {
      const v = next();
      if (v !== 'postgres' && v !== 'pglite') throw new Error(`--db is postgres or pglite, not ${v ?? 'nothing'}`);
      s.db = v;
    } else if (a === '--bytes') s.bytes = int(a, next(), 3 * 5 * MiB, 2 * 1024 * MiB);
    else if (a === '--chunk-mib') s.chunkBytes = int(a, next(), 5, 1024) * MiB;
    else if (a === '--kill-chunk') s.killChunk = int(a, next(), 0, 10_000);
    else if (a === '--restart-delay-ms') s.restartDelayMs = int(a, next(), 0, 60_000);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  const chunks = Math.ceil(s.bytes / s.chunkBytes);
  if (chunks < 3) throw new Error(`--bytes ${s.bytes} makes ${chunks} chunks of ${s.chunkBytes / MiB} MiB: at least 3 are needed for a chunk in the middle`);
  if (s.killChunk === 0) s.killChunk = Math.ceil(chunks / 2);
  if (s.killChunk >= chunks) throw new Error(`--kill-chunk must be below the last chunk (${chunks})`);
  return s;
}

const API_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const SENDER = { ssn: '14837501777', orgno: '310000116' }; // Kari Nordmann, DAGL of Fjordlys: sends
const RECIPIENT = { ssn: '09857904610', orgno: '310000124' }; // Sigrid, DAGL of Nordlys Bygg: receives
const SERVICE = { serviceCode: '5003', serviceEditionCode: 1 };
const FILES = '/api/v1/broker/files';
const READY_TIMEOUT_MS = 180_000;
/** How long the server may take to write the first half of the chunk to be cut off, before the kill happens anyway. */
const PART_WAIT_MS = 30_000;

const t0 = performance.now();
const now = () => Math.round(performance.now() - t0);
const log = (msg: string) => console.log(`[${(now() / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const fmt = (n: number) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

// ---------------------------------------------------------------------------------------------------------------
// The server: one port for the whole run, as in kill-during-submissions.ts.

interface Generation {
  child: Child;
  errorLines: string[];
}

function startServer(port: number, dataDir: string, databaseUrl: string | undefined): Generation {
  const child = startChild('tinn', ['bin/tinn.js', 'start', '--testenv', '--roles', 'api', '--port', String(port)], {
    TINN_DATA_DIR: dataDir,
    TINN_LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const gen: Generation = { child, errorLines: [] };
  let partial = '';
  const scan = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level !== undefined && Number(level) >= 50) gen.errorLines.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
    }
  };
  child.process.stdout?.on('data', scan);
  child.process.stderr?.on('data', scan);
  return gen;
}

async function waitReady(child: Child, url: string): Promise<number> {
  for (;;) {
    const status = await getStatus(url, 5000);
    const elapsed = performance.now() - child.spawnedAt;
    if (status === 200) return Math.round(elapsed);
    if (child.hasExited()) throw new Error(`Tinn exited before ${url} answered 200. Output:\n${child.output()}`);
    if (elapsed > READY_TIMEOUT_MS) throw new Error(`${url} did not answer 200 within ${READY_TIMEOUT_MS} ms. Output:\n${child.output()}`);
    await sleep(25);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: http.IncomingHttpHeaders;
}

async function call(baseUrl: string, method: string, path: string, options: { json?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(options.json === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: res.status, body, text, headers: Object.fromEntries(res.headers) };
}

async function login(baseUrl: string, ssn: string): Promise<Record<string, string>> {
  const res = await call(baseUrl, 'POST', '/api/v1/testenv/login', { json: { ssn, securityLevel: 2 } });
  if (res.status !== 200 || typeof res.body.accessToken !== 'string') throw new Error(`login of ${ssn} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return { authorization: `Bearer ${res.body.accessToken}` };
}

/**
 * PUT of bytes [start, end) of `file` as one Content-Range chunk. With `cut`, only the first `cut.after` bytes are sent;
 * then `cut.then()` runs (the kill) while the request is still open, and the request's fate is returned as an error.
 */
function putChunk(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  file: string,
  start: number,
  end: number,
  total: number,
  cut?: { after: number; then: () => Promise<void> },
): Promise<Answer> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'PUT',
        agent: false,
        headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(end - start), 'content-range': `bytes ${start}-${end - 1}/${total}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', reject);
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body, text, headers: res.headers });
        });
      },
    );
    req.once('error', reject);
    if (!cut) {
      pipeline(createReadStream(file, { start, end: end - 1, highWaterMark: MiB }), req).catch(reject);
      return;
    }
    pipeline(createReadStream(file, { start, end: start + cut.after - 1, highWaterMark: MiB }), req, { end: false })
      .then(() => cut.then())
      .then(() => setTimeout(() => req.destroy(new Error('no answer and no error within 10 s of the kill')), 10_000).unref(), reject);
  });
}

async function downloadTo(baseUrl: string, path: string, headers: Record<string, string>, target: string): Promise<{ status: number; sha256Header: string | undefined }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', agent: false, headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0, sha256Header: undefined }));
        return;
      }
      pipeline(res, createWriteStream(target, { flags: 'wx' })).then(() => resolve({ status: 200, sha256Header: res.headers['x-content-sha256'] as string | undefined }), reject);
    });
    req.once('error', reject);
    req.end();
  });
}

/** 1 MiB random blocks, each stamped with its index, hashed while written. */
async function writeTestFile(path: string, bytes: number): Promise<string> {
  const block = randomBytes(MiB);
  const hash = createHash('sha256');
  const fh = await open(path, 'wx');
  try {
    for (let offset = 0, i = 0; offset < bytes; offset += MiB, i++) {
      block.writeBigUInt64BE(BigInt(i), 0);
      const part = block.subarray(0, Math.min(MiB, bytes - offset));
      hash.update(part);
      await fh.write(part, 0, part.length);
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** Files under `dir`, recursively, with their sizes (paths relative to `dir`); none when it does not exist. */
async function filesUnder(dir: string, prefix = ''): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const out: { path: string; size: number }[] = [];
  for (const e of entries) {
    const rel = join(prefix, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(dir, rel)));
    else out.push({ path: rel, size: (await stat(join(dir, rel)).catch(() => ({ size: -1 }))).size });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

interface Check {
  name: string;
  ok: boolean;
  measured: string;
  detail: string[];
}

interface Step {
  step: string;
  what: string;
  ms: number | null;
}

async function main(): Promise<number> {
  let s: Settings;
  try {
    s = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const started = new Date();
  const stamp = timestampForFile(started);
  const loadAverageBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const git = gitInfo();
  const chunks = Math.ceil(s.bytes / s.chunkBytes);
  const chunkRange = (n: number) => ({ start: (n - 1) * s.chunkBytes, end: Math.min(s.bytes, n * s.chunkBytes) });
  const checks: Check[] = [];
  const steps: Step[] = [];
  const notes: string[] = [];
  const generations: Generation[] = [];
  const fiveHundreds: string[] = [];
  const note5xx = (what: string, a: Answer) => {
    if (a.status >= 500) fiveHundreds.push(`${what}: ${a.status} ${a.text.slice(0, 300)}`);
  };

  const dataDir = await makeDataDir();
  const workDir = await makeDataDir();
  let database: PostgresDatabase | undefined;
  let postgresVersion: string | null = null;
  let current: Generation | undefined;
  try {
    if (s.db === 'postgres') {
      const server = await postgresServer();
      if (!server.ok) {
        console.error(`PostgreSQL is not reachable (${server.reason}); use --db pglite`);
        return 1;
      }
      postgresVersion = server.version;
      database = await createDatabase('kill_upload');
    }
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const source = join(workDir, 'source.bin');
    const sha256 = await writeTestFile(source, s.bytes);
    log(`file: ${fmt(s.bytes)} bytes, ${chunks} chunks of ${s.chunkBytes / MiB} MiB, sha256 ${sha256}; kill during chunk ${s.killChunk}; Tinn on ${s.db === 'postgres' ? `PostgreSQL ${postgresVersion} (${database!.name})` : `PGlite in ${dataDir}`}, port ${port}`);

    // 1. First start (migrations, demo world); the service owner allows Fjordlys to send and Nordlys Bygg to receive.
    current = startServer(port, dataDir, database?.url);
    generations.push(current);
    const firstStartMs = await waitReady(current.child, `${baseUrl}/health/ready`);
    log(`Tinn ready after ${firstStartMs} ms (first start), pid ${current.child.process.pid}`);
    const srr = await call(baseUrl, 'POST', '/api/v1/serviceowner/srr', {
      headers: { apikey: API_KEY },
      json: { ...SERVICE, rights: [{ reportee: SENDER.orgno, right: 'Write' }, { reportee: RECIPIENT.orgno, right: 'Read' }] },
    });
    if (srr.status !== 200) throw new Error(`POST /api/v1/serviceowner/srr answered ${srr.status}: ${srr.text.slice(0, 300)}`);
    let sender = await login(baseUrl, SENDER.ssn);
    let recipient = await login(baseUrl, RECIPIENT.ssn);

    const initiated = await call(baseUrl, 'POST', FILES, {
      headers: sender,
      json: { ...SERVICE, reportee: SENDER.orgno, sendersReference: `kill-upload-${stamp.toLowerCase()}`, fileName: 'stor-fil.bin', checksum: sha256, recipients: [RECIPIENT.orgno] },
    });
    if (initiated.status !== 201) throw new Error(`initiating the transfer answered ${initiated.status}: ${initiated.text.slice(0, 300)}`);
    const ref = String(initiated.body.fileReference);
    log(`initiated ${ref}`);

    /** What the recipient sees of the unpublished file: its details, its content and its list, each must show nothing. */
    const recipientView = async (when: string): Promise<string[]> => {
      const details = await call(baseUrl, 'GET', `${FILES}/${ref}?reportee=${RECIPIENT.orgno}`, { headers: recipient });
      const content = await call(baseUrl, 'GET', `${FILES}/${ref}/content?reportee=${RECIPIENT.orgno}`, { headers: recipient });
      const list = await call(baseUrl, 'GET', `${FILES}?reportee=${RECIPIENT.orgno}`, { headers: recipient });
      const listed = ((list.body.files as { fileReference: string }[] | undefined) ?? []).some((f) => f.fileReference === ref);
      const wrong: string[] = [];
      if (details.status !== 404) wrong.push(`${when}: GET ${FILES}/{ref} as the recipient answered ${details.status} (expected 404)`);
      if (content.status !== 404 || content.body.code !== 'BRK-00005') wrong.push(`${when}: GET ${FILES}/{ref}/content as the recipient answered ${content.status} ${String(content.body.code)} (expected 404 BRK-00005)`);
      if (list.status !== 200 || listed) wrong.push(`${when}: the recipient's list answered ${list.status}${listed ? ' and includes the file' : ''}`);
      return wrong;
    };
    const invisible: string[] = [...(await recipientView('after initiating'))];

    // 2. The chunks before the one to be cut off.
    const upT0 = performance.now();
    let acknowledged = 0;
    for (let n = 1; n < s.killChunk; n++) {
      const { start, end } = chunkRange(n);
      const res = await putChunk(baseUrl, `${FILES}/${ref}/content`, sender, source, start, end, s.bytes);
      note5xx(`chunk ${n}`, res);
      if (res.status !== 200 || res.body.uploadedBytes !== end || res.body.status !== 'Uploading') throw new Error(`chunk ${n} answered ${res.status}: ${res.text.slice(0, 300)}`);
      acknowledged = end;
    }
    steps.push({ step: `upload chunks 1–${s.killChunk - 1}`, what: `acknowledged, uploadedBytes ${fmt(acknowledged)}, status Uploading`, ms: Math.round(performance.now() - upT0) });
    log(`chunks 1–${s.killChunk - 1} stored: uploadedBytes ${fmt(acknowledged)}`);
    invisible.push(...(await recipientView('while uploading')));

    // 3. The chunk in the middle: half of it sent, then, once the server has written that half into its part file,
    // kill -9 while the request is still open.
    const cutChunk = chunkRange(s.killChunk);
    const half = Math.floor((cutChunk.end - cutChunk.start) / 2);
    const victim = current;
    const pid = victim.child.process.pid;
    let partAtKill: { path: string; size: number } | undefined;
    let killedAt = 0;
    const staging = join(dataDir, 'blobs', '.staging');
    const kill = async () => {
      const waitUntil = performance.now() + PART_WAIT_MS;
      for (;;) {
        partAtKill = (await filesUnder(staging)).find((f) => f.path.split('/')[1]?.startsWith(`${s.killChunk}-`));
        if ((partAtKill && partAtKill.size >= half) || performance.now() > waitUntil) break;
        await sleep(5);
      }
      killedAt = performance.now();
      victim.child.process.kill('SIGKILL');
    };
    let cutError = '';
    try {
      const res = await putChunk(baseUrl, `${FILES}/${ref}/content`, sender, source, cutChunk.start, cutChunk.end, s.bytes, { after: half, then: kill });
      cutError = `answered ${res.status} ${res.text.slice(0, 200)}`;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      cutError = e.code ?? e.message;
    }
    const exitedWith = await Promise.race([victim.child.exited, sleep(10_000, null)]);
    const killedMidChunk = exitedWith === 'SIGKILL' && partAtKill !== undefined && partAtKill.size > 0 && partAtKill.size < cutChunk.end - cutChunk.start;
    steps.push({
      step: `kill -9 during chunk ${s.killChunk}`,
      what: `${fmt(half)} of its ${fmt(cutChunk.end - cutChunk.start)} bytes sent; the server had written ${partAtKill ? fmt(partAtKill.size) : 'no'} bytes of its part file; exit ${String(exitedWith)}; the client's request: ${cutError}`,
      ms: null,
    });
    log(`kill -9 of pid ${pid} during chunk ${s.killChunk}: part file ${partAtKill ? `${partAtKill.path} ${fmt(partAtKill.size)} bytes` : 'not seen'}; exit ${String(exitedWith)}; client: ${cutError}`);
    const leftAfterKill = await filesUnder(staging);

    // 4. Start again on the same data dir (and database).
    await sleep(s.restartDelayMs);
    current = startServer(port, dataDir, database?.url);
    generations.push(current);
    const restartMs = await waitReady(current.child, `${baseUrl}/health/ready`);
    const killToReadyMs = Math.round(performance.now() - killedAt);
    steps.push({ step: 'restart on the same data dir', what: `ready ${fmt(restartMs)} ms after spawn (${s.restartDelayMs} ms delay first)`, ms: killToReadyMs });
    log(`restarted: ready ${restartMs} ms after spawn, ${killToReadyMs} ms after the kill, pid ${current.child.process.pid}`);
    checks.push({
      name: `server killed with SIGKILL in the middle of chunk ${s.killChunk} and started again`,
      ok: killedMidChunk,
      measured: `part file ${partAtKill ? fmt(partAtKill.size) : '–'} of ${fmt(cutChunk.end - cutChunk.start)} bytes at the kill; exit ${String(exitedWith)}; ready again after ${fmt(killToReadyMs)} ms`,
      detail: killedMidChunk ? [] : [`exit ${String(exitedWith)}, part file at the kill: ${JSON.stringify(partAtKill ?? null)}`],
    });

    // 5. Resume: read uploadedBytes, refuse a chunk elsewhere, send the rest from there.
    sender = await login(baseUrl, SENDER.ssn);
    recipient = await login(baseUrl, RECIPIENT.ssn);
    const details = await call(baseUrl, 'GET', `${FILES}/${ref}`, { headers: sender });
    note5xx('details after the restart', details);
    const uploadedBytes = Number(details.body.uploadedBytes);
    const resumeOk = details.status === 200 && details.body.status === 'Uploading' && uploadedBytes === acknowledged;
    checks.push({
      name: 'after the restart, uploadedBytes = the acknowledged chunks (the chunk cut off did not count)',
      ok: resumeOk,
      measured: `${fmt(uploadedBytes)} (acknowledged ${fmt(acknowledged)}), status ${String(details.body.status)}`,
      detail: resumeOk ? [] : [`GET ${FILES}/{ref} answered ${details.status}: ${details.text.slice(0, 300)}`],
    });
    invisible.push(...(await recipientView('after the restart')));
    if (details.status !== 200 || !Number.isInteger(uploadedBytes)) throw new Error(`cannot resume: GET ${FILES}/${ref} answered ${details.status}: ${details.text.slice(0, 300)}`);

    // A chunk that does not start at uploadedBytes, 1 MiB (the offset is checked before the size of a chunk, and a
    // small body is taken in whole by the socket, so the early answer cannot race the client's writing).
    const offset = uploadedBytes === s.chunkBytes ? 0 : s.chunkBytes;
    const elsewhere = await putChunk(baseUrl, `${FILES}/${ref}/content`, sender, source, offset, offset + MiB, s.bytes);
    note5xx('chunk at the wrong offset', elsewhere);
    const wrongOffsetOk = elsewhere.status === 409 && elsewhere.body.code === 'BRK-00009' && elsewhere.body.uploadedBytes === uploadedBytes;
    checks.push({
      name: 'a chunk that does not start at uploadedBytes: 409 BRK-00009 with uploadedBytes',
      ok: wrongOffsetOk,
      measured: `${elsewhere.status} ${String(elsewhere.body.code)} uploadedBytes ${String(elsewhere.body.uploadedBytes)}`,
      detail: wrongOffsetOk ? [] : [elsewhere.text.slice(0, 300)],
    });

    const resumeT0 = performance.now();
    let last: Answer | undefined;
    let sent = 0;
    for (let start = uploadedBytes; start < s.bytes; start += s.chunkBytes) {
      const end = Math.min(s.bytes, start + s.chunkBytes);
      last = await putChunk(baseUrl, `${FILES}/${ref}/content`, sender, source, start, end, s.bytes);
      note5xx(`resumed chunk ${start}-${end - 1}`, last);
      sent++;
      if (last.status !== 200 || last.body.uploadedBytes !== end) break;
    }
    const resumeMs = Math.round(performance.now() - resumeT0);
    const published = last?.status === 200 && last.body.status === 'Published' && last.body.fileSize === s.bytes && last.body.checksum === sha256;
    steps.push({ step: `resume from byte ${fmt(uploadedBytes)}`, what: `${sent} chunks; the last answered ${last?.status ?? '–'} ${String(last?.body.status ?? '')} (the server hashed the stored content: its running hash was lost with the process)`, ms: resumeMs });
    log(`resumed: ${sent} chunks in ${resumeMs} ms, last answered ${last?.status} ${String(last?.body.status)}`);
    checks.push({
      name: 'resumed to the end: Published, with the declared size and SHA-256',
      ok: published,
      measured: `${last?.status ?? '–'} ${String(last?.body.status ?? '')}, fileSize ${String(last?.body.fileSize ?? '–')}`,
      detail: published ? [] : [last?.text.slice(0, 400) ?? 'no answer'],
    });
    checks.push({ name: 'before publication the recipient saw nothing (details 404, content 404 BRK-00005, not listed), before and after the kill', ok: invisible.length === 0, measured: invisible.length === 0 ? '3 × 3 looks, all 404 / not listed' : `${invisible.length} problems`, detail: invisible });

    // 6. The recipient downloads it: byte-identical.
    const target = join(workDir, 'downloaded.bin');
    const downT0 = performance.now();
    const got = await downloadTo(baseUrl, `${FILES}/${ref}/content?reportee=${RECIPIENT.orgno}`, recipient, target);
    const downMs = Math.round(performance.now() - downT0);
    const gotSize = got.status === 200 ? (await stat(target)).size : -1;
    const gotSha = got.status === 200 ? await sha256Of(target) : '';
    const identical = got.status === 200 && gotSize === s.bytes && gotSha === sha256 && got.sha256Header === sha256;
    steps.push({ step: 'download as the recipient', what: `${got.status}, ${fmt(gotSize)} bytes, sha256 ${gotSha === sha256 ? 'equal to the source' : `DIFFERENT (${gotSha})`}`, ms: downMs });
    checks.push({
      name: "the recipient's download is byte-identical to the source (size, SHA-256, x-content-sha256)",
      ok: identical,
      measured: `${got.status}, ${fmt(gotSize)} bytes, sha256 ${gotSha === sha256 ? 'equal' : 'different'}`,
      detail: identical ? [] : [`status ${got.status}, size ${gotSize}, sha256 ${gotSha}, header ${got.sha256Header ?? '–'}, source ${sha256}`],
    });
    await rm(target, { force: true });

    // 7. Nothing left behind: the part cut off by the kill, and the parts, are gone once the file is published.
    const left = [...(await filesUnder(staging)), ...(await filesUnder(join(dataDir, 'blobs', '.tmp')))];
    checks.push({
      name: 'no staged parts or temporary files left after publication (the part cut off by the kill included)',
      ok: left.length === 0,
      measured: `${left.length} files (after the kill: ${leftAfterKill.length} under .staging, ${fmt(leftAfterKill.reduce((n, f) => n + f.size, 0))} bytes)`,
      detail: left.map((f) => `${f.path} ${f.size} bytes`),
    });
    const history = await call(baseUrl, 'GET', `${FILES}/${ref}`, { headers: sender });
    const events = ((history.body.history as { event: string }[] | null) ?? []).map((e) => e.event);
    checks.push({ name: 'no 5xx answers', ok: fiveHundreds.length === 0, measured: String(fiveHundreds.length), detail: fiveHundreds });

    // Result.
    const allOk = checks.every((c) => c.ok);
    const dbLabel = s.db === 'postgres' ? `PostgreSQL ${postgresVersion ?? ''}`.trim() : 'PGlite (embedded)';
    const errorLines = generations.reduce((n, g) => n + g.errorLines.length, 0);
    notes.push(`The sender's history of the transfer afterwards: ${events.join(', ') || '–'}.`);
    notes.push(`Tinn logged ${errorLines} line(s) at error level over ${generations.length} server processes${errorLines > 0 ? ` (samples in raw.generations), e.g. \`${generations.flatMap((g) => g.errorLines)[0]!.slice(0, 300).replaceAll('`', "'")}\`` : ''}.`);
    if (s.db === 'pglite') notes.push('PGlite runs without fsync: kill -9 ends the process, not the machine, so what it had written is in the page cache and survives; a power loss is not simulated (docs/operations.md).');
    if (git.dirty) notes.push('The working tree had uncommitted changes (other work in progress); bin/tinn.js rebuilds its bundle when src/ changes.');
    const scenario = `reliability-kill-upload-${s.db}`;
    const result: BenchResult & Record<string, unknown> = {
      scenario,
      title: `kill -9 during a chunked broker upload, then resume (${dbLabel})`,
      summary: `A ${fmt(s.bytes)}-byte file with a declared SHA-256 is uploaded to the broker (service 5003) in ${s.chunkBytes / MiB} MiB Content-Range chunks; Tinn is killed with SIGKILL halfway through chunk ${s.killChunk} of ${chunks} and started again on the same data dir; the upload resumes from the uploadedBytes the file's details give. Checked: the cut-off chunk did not count, the recipient saw nothing before publication, the file is published and the recipient's download is byte-identical. Not a timing benchmark: bench/reliability/README.md.`,
      command: `node bin/run-ts.js bench/reliability/kill-during-upload.ts --db ${s.db}`,
      date: started.toISOString(),
      machine: machineInfo(),
      git,
      wallSeconds: Math.round(now() / 100) / 10,
      loadAverageBefore,
      settings: { ...s, chunks, fileReference: ref, sha256, postgres: s.db === 'postgres' ? { version: postgresVersion, database: database?.name } : null },
      raw: {
        firstStartMs,
        acknowledgedBeforeKill: acknowledged,
        cutChunk: { number: s.killChunk, ...cutChunk, sentBytes: half, partFileAtKill: partAtKill ?? null, clientError: cutError, exitedWith },
        stagingAfterKill: leftAfterKill,
        restartMs,
        killToReadyMs,
        uploadedBytesAfterRestart: uploadedBytes,
        wrongOffsetAnswer: { status: elsewhere.status, body: elsewhere.body },
        resumedChunks: sent,
        resumeMs,
        downloadMs: downMs,
        history: events,
        generations: generations.map((g, i) => ({ generation: i, pid: g.child.process.pid, errorLines: g.errorLines.length, samples: g.errorLines.slice(0, 5) })),
      },
      ratios: {},
      goals: checks.map((c): GoalCheck => ({ name: c.name, goal: 'pass', measured: c.measured, pass: c.ok })),
      table: { columns: ['step', 'what happened', 'time'], rows: steps.map((st) => [st.step, st.what, st.ms === null ? '–' : `${fmt(st.ms)} ms`]) },
      notes,
      checks,
      ok: allOk,
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${scenario}-${stamp}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);

    console.log('');
    console.log(`kill -9 during a chunked upload on ${dbLabel}: ${allOk ? 'ALL CHECKS PASSED' : 'CHECKS FAILED'}`);
    for (const st of steps) console.log(`  ${st.step}: ${st.what}${st.ms === null ? '' : ` (${fmt(st.ms)} ms)`}`);
    for (const c of checks) {
      console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.measured}`);
      if (!c.ok) for (const d of c.detail.slice(0, 10)) console.log(`         ${d}`);
    }
    for (const n of notes) console.log(`  note: ${n}`);
    console.log(`  result: ${join('bench', 'results', `${scenario}-${stamp}.json`)}`);
    return allOk ? 0 : 1;
  } finally {
    if (current) await stopChild(current.child).catch(() => {});
    if (database) await dropDatabase(database).catch((err: Error) => console.error(`could not drop database ${database!.name}: ${err.message}`));
    await removeDataDir(dataDir).catch(() => {});
    await removeDataDir(workDir).catch(() => {});
  }
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  return 1;
});
