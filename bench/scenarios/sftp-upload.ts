// sftp-upload: a 500 MB broker shipment archive put into /broker/outbox over SFTP with OpenSSH's own client
// (`sftp -b`), against the same put to OpenSSH's sftp-server (Debian's openssh-server, its own sshd on a loopback
// port) in the same run, alternating; on PGlite and on PostgreSQL. Tinn answers the close only after the archive
// is sent as a broker shipment, so `put` returning means published. The server's RSS is sampled throughout.
//
//   npx tsx bench/scenarios/sftp-upload.ts     (standalone: writes bench/results/sftp-upload-*.json, prints it)
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { freePort, startChild, stopAllChildren, stopChild, waitUntilReady } from '../lib/children.ts';
import { DB_KIND_LABEL, POOL_MAX, warningLines, type DbKind } from '../lib/db-servers.ts';
import { makeKey, missingOpenSsh, openSshVersions, runSftpBatch, startReferenceSshd, type ReferenceSshd, type SftpRun } from '../lib/openssh.ts';
import { createDatabase, dropDatabase, postgresServer, redactedUrl, POSTGRES_ADMIN_URL, type PostgresDatabase } from '../lib/postgres.ts';
import { databaseRunsRaw, type GoalCheck, type Scenario, type ScenarioOutcome } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, type Server } from '../lib/servers.ts';
import { cpuMs, rssBytes, RSS_INTERVAL_MS, sampleRss, sha256Of } from '../lib/process-stats.ts';
import { fetchJson, testenvLogin } from '../lib/client.ts';
import { formatInt, max, median, min, round } from '../lib/stats.ts';

const API_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const KARI = '14837501777'; // DAGL of Fjordlys Regnskap, owner of data system 10001
const SIGRID = '09857904610'; // DAGL of Nordlys Bygg, a recipient
const SENDER = '310000116'; // Fjordlys Regnskap
const RECIPIENTS = ['310000124', '310000132']; // Nordlys Bygg, Havbris Fisk
const SYSTEM_ID = '10001';
const SERVICE = { serviceCode: '5003', serviceEditionCode: 1 };
const FILES = '/api/v1/broker/files';

const MiB = 1024 ** 2;
/** The payload inside the archive: 500 MB (10⁶), as the issue says. */
const PAYLOAD_BYTES = 500e6;
const PAYLOAD_NAME = 'payload.bin';
const BLOCK_BYTES = MiB;
const ROUNDS = 5;
const SESSION_ROUNDS = 3;
/** How often Tinn's work dir is looked at during an upload, to tell the transfer from the processing on close. */
const WORK_POLL_MS = 20;
const GOAL_RATIO = 0.5;
/**
 * The same client options for both servers: what OpenSSH's client negotiates with Tinn by default (Tinn offers
 * no ChaCha20, so the client's next choice, AES-128-CTR with an encrypt-then-MAC HMAC), pinned so the
 * reference, which would otherwise take chacha20-poly1305, uses it too.
 */
const CLIENT_OPTIONS = ['-o', 'Ciphers=aes128-ctr', '-o', 'MACs=hmac-sha2-256-etm@openssh.com', '-o', 'Compression=no'];

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// ---------------------------------------------------------------------------------------------------------------
// The archive: manifest.xml and recipients.xml as Altinn II's batch channel takes them, and one payload of 500 MB
// (1 MiB random blocks, each stamped with its index), all stored, not deflated. Written by Python's zipfile (an
// independent writer, as in test/support/zip.ts), streaming the payload from a file.

const manifestXml = (sendersReference: string) => `<?xml version="1.0" encoding="utf-8"?>
<BrokerServiceManifest xmlns="http://schema.altinn.no/services/ServiceEngine/Broker/2015/06">
  <ExternalServiceCode>${SERVICE.serviceCode}</ExternalServiceCode>
  <ExternalServiceEditionCode>${SERVICE.serviceEditionCode}</ExternalServiceEditionCode>
  <SendersReference>${sendersReference}</SendersReference>
  <Reportee>${SENDER}</Reportee>
  <PropertyList><Property><PropertyKey>bench</PropertyKey><PropertyValue>sftp-upload</PropertyValue></Property></PropertyList>
</BrokerServiceManifest>
`;
const recipientsXml = () =>
  `<?xml version="1.0" encoding="utf-8"?>
<BrokerServiceRecipientList xmlns="http://schema.altinn.no/services/ServiceEngine/Broker/2015/06">${RECIPIENTS.map((n) => `<Recipient><PartyNumber>${n}</PartyNumber></Recipient>`).join('')}</BrokerServiceRecipientList>
`;

const ZIP_SCRIPT = `
import sys, zipfile
out, manifest, recipients, payload, name = sys.argv[1:6]
with zipfile.ZipFile(out, 'x', zipfile.ZIP_STORED) as z:
    z.writestr('manifest.xml', open(manifest, 'rb').read())
    z.writestr('recipients.xml', open(recipients, 'rb').read())
    z.write(payload, name)
`;

/** Reads a ZIP: its names, whether every entry's CRC holds (testzip), and the size, method and SHA-256 of one entry. */
const ZIP_CHECK_SCRIPT = `
import sys, zipfile, hashlib, json
z = zipfile.ZipFile(sys.argv[1])
info = z.getinfo(sys.argv[2])
h = hashlib.sha256()
with z.open(info) as f:
    for b in iter(lambda: f.read(1 << 20), b''):
        h.update(b)
print(json.dumps({'names': z.namelist(), 'badEntry': z.testzip(), 'size': info.file_size, 'stored': info.compress_type == zipfile.ZIP_STORED, 'sha256': h.hexdigest()}))
`;

interface ZipCheck {
  names: string[];
  badEntry: string | null;
  size: number;
  stored: boolean;
  sha256: string;
}

const checkZip = (path: string): ZipCheck => JSON.parse(execFileSync('python3', ['-c', ZIP_CHECK_SCRIPT, path, PAYLOAD_NAME], { encoding: 'utf8', maxBuffer: MiB })) as ZipCheck;


interface Archive {
  path: string;
  bytes: number;
  sha256: string;
  payloadSha256: string;
  ms: number;
}

async function writeArchive(dir: string, run: string): Promise<Archive> {
  const t0 = performance.now();
  const payload = join(dir, PAYLOAD_NAME);
  const block = randomBytes(BLOCK_BYTES);
  const hash = createHash('sha256');
  const fh = await open(payload, 'wx');
  try {
    for (let offset = 0, i = 0; offset < PAYLOAD_BYTES; offset += BLOCK_BYTES, i++) {
      block.writeBigUInt64BE(BigInt(i), 0);
      const part = block.subarray(0, Math.min(BLOCK_BYTES, PAYLOAD_BYTES - offset));
      hash.update(part);
      await fh.write(part, 0, part.length);
    }
  } finally {
    await fh.close();
  }
  await writeFile(join(dir, 'manifest.xml'), manifestXml(`bench-sftp-${run}`));
  await writeFile(join(dir, 'recipients.xml'), recipientsXml());
  const path = join(dir, 'shipment.zip');
  execFileSync('python3', ['-c', ZIP_SCRIPT, path, join(dir, 'manifest.xml'), join(dir, 'recipients.xml'), payload, PAYLOAD_NAME]);
  await rm(payload);
  return { path, bytes: (await stat(path)).size, sha256: await sha256Of(path), payloadSha256: hash.digest('hex'), ms: round(performance.now() - t0) };
}

// ---------------------------------------------------------------------------------------------------------------
// /proc: resident memory and CPU time of the Tinn process.




/**
 * Watches Tinn's SFTP work dir during an upload: the time at which the file being uploaded first has the
 * archive's full size (the transfer is over; what follows is the processing on close).
 */
function watchWorkDir(dir: string, bytes: number, t0: number): { stop(): number | undefined } {
  let fullAt: number | undefined;
  let busy = false;
  const look = async () => {
    if (busy || fullAt !== undefined) return;
    busy = true;
    try {
      for (const name of await readdir(dir)) {
        const size = (await stat(join(dir, name)).catch(() => undefined))?.size;
        if (size === bytes && fullAt === undefined) fullAt = performance.now() - t0;
      }
    } catch {
      // not there yet
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void look(), WORK_POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      return fullAt;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP: the few REST calls the set-up and the check need.



async function download(baseUrl: string, path: string, headers: Record<string, string>, target: string): Promise<Headers> {
  const res = await fetch(`${baseUrl}${path}`, { headers });
  if (res.status !== 200 || !res.body) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 400)}`);
  await pipeline(res.body, createWriteStream(target, { flags: 'wx' }));
  return res.headers;
}

// ---------------------------------------------------------------------------------------------------------------
// Tinn with the sftp role, one per database.

interface TinnSide {
  kind: DbKind;
  server: Server;
  sftpPort: number;
  dataDir: string;
  workDir: string;
  database: PostgresDatabase | undefined;
  pid: number;
  firstStartMs: number;
  idleRssBytes: number;
  whole: { stop(): { maxBytes: number; samples: number } } | undefined;
}

async function startSide(kind: DbKind, publicKey: string): Promise<TinnSide> {
  const dataDir = await makeDataDir();
  const database = kind === 'postgres' ? await createDatabase('sftp_upload') : undefined;
  const port = await freePort();
  const sftpPort = await freePort();
  const child = startChild('tinn', ['bin/tinn.js', 'start', '--testenv', '--roles', 'api,sftp', '--port', String(port)], {
    TINN_DATA_DIR: dataDir,
    TINN_LOG_LEVEL: 'warn',
    TINN_SFTP_HOST: '127.0.0.1',
    TINN_SFTP_PORT: String(sftpPort),
    TINN_DB_POOL_MAX: String(POOL_MAX),
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const server = { child, baseUrl: `http://127.0.0.1:${port}` };
  const side: TinnSide = { kind, server, sftpPort, dataDir, workDir: join(dataDir, 'sftp-work'), database, pid: child.process.pid!, firstStartMs: 0, idleRssBytes: 0, whole: undefined };
  side.firstStartMs = round(await waitUntilReady(child, `${server.baseUrl}/health/ready`, 50, 180_000));
  side.idleRssBytes = await rssBytes(side.pid);
  // Kari, Fjordlys' managing director, gives the data system 10001 the run's SSH key; TTD lets Fjordlys send and
  // both recipients receive on 5003 (its SRR), as the broker tests do.
  const kari = await testenvLogin(server.baseUrl, KARI);
  await fetchJson(server.baseUrl, 'POST', `/api/v1/reportees/${SENDER}/systems/${SYSTEM_ID}/ssh-keys`, { headers: kari, body: { publicKey }, expect: [201] });
  await fetchJson(server.baseUrl, 'POST', '/api/v1/serviceowner/srr', {
    headers: { apikey: API_KEY },
    body: { ...SERVICE, rights: [{ reportee: SENDER, right: 'Write' }, ...RECIPIENTS.map((reportee) => ({ reportee, right: 'Read' }))] },
    expect: [200],
  });
  return side;
}

async function stopSide(side: TinnSide): Promise<void> {
  side.whole?.stop();
  await stopChild(side.server.child);
  if (side.database) await dropDatabase(side.database).catch((err) => console.error(`  could not drop ${side.database!.name}: ${(err as Error).message}`));
  await removeDataDir(side.dataDir);
}

// ---------------------------------------------------------------------------------------------------------------
// One upload each.

interface Upload {
  ms: number;
  cipher: string;
  mac: string;
}

interface TinnUpload extends Upload {
  /** From spawning the client until the archive was whole in Tinn's work dir (undefined: not seen). */
  transferMs: number | undefined;
  serverCpuMs: number;
  maxRssBytes: number;
  rssSamples: number;
  fileReference: string;
}

interface Client {
  key: string;
  workDir: string;
  archive: Archive;
}

const batchFile = async (client: Client, name: string, lines: string[]) => {
  const path = join(client.workDir, `${name}.batch`);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
};

async function referenceUpload(ref: ReferenceSshd, client: Client, name: string, verify: boolean): Promise<Upload & { sha256?: string }> {
  execFileSync('sync');
  const target = join(ref.uploadDir, name);
  const batch = await batchFile(client, 'reference', [`put ${client.archive.path} ${target}`]);
  const run = await runSftpBatch({ batch, key: client.key, port: ref.port, user: ref.user, options: CLIENT_OPTIONS });
  const size = (await stat(target)).size;
  if (size !== client.archive.bytes) throw new Error(`reference: ${target} has ${size} bytes, not ${client.archive.bytes}`);
  const sha256 = verify ? await sha256Of(target) : undefined;
  if (sha256 !== undefined && sha256 !== client.archive.sha256) throw new Error(`reference: ${target} differs from the archive (sha256 ${sha256})`);
  await rm(target);
  return { ms: round(run.ms, 1), cipher: run.cipher, mac: run.mac, ...(sha256 ? { sha256 } : {}) };
}

/** Reads and removes the receipt of `name` over SFTP (untimed); its file reference, or throws with the receipt. */
async function takeReceipt(side: TinnSide, client: Client, name: string): Promise<string> {
  const local = join(client.workDir, `${name}.receipt.xml`);
  const batch = await batchFile(client, 'receipt', [`get /broker/outbox/${name}.receipt.xml ${local}`, `rm /broker/outbox/${name}.receipt.xml`]);
  await runSftpBatch({ batch, key: client.key, port: side.sftpPort, user: SYSTEM_ID, options: CLIENT_OPTIONS });
  const receipt = await readFile(local, 'utf8');
  await rm(local);
  const ref = /<FileReference>([0-9a-f-]{36})<\/FileReference>/.exec(receipt)?.[1];
  if (!/<Result>OK<\/Result>/.test(receipt) || !ref) throw new Error(`${side.kind}: the receipt of ${name} is not OK:\n${receipt}`);
  return ref;
}

async function tinnUpload(side: TinnSide, client: Client, name: string): Promise<TinnUpload> {
  execFileSync('sync');
  const batch = await batchFile(client, 'tinn', [`put ${client.archive.path} /broker/outbox/${name}`]);
  const sampler = sampleRss(side.pid);
  const cpu0 = await cpuMs(side.pid);
  const watcher = watchWorkDir(side.workDir, client.archive.bytes, performance.now());
  let run: SftpRun;
  try {
    run = await runSftpBatch({ batch, key: client.key, port: side.sftpPort, user: SYSTEM_ID, options: CLIENT_OPTIONS });
  } finally {
    watcher.stop();
    sampler.stop();
  }
  const transferMs = watcher.stop();
  const cpu1 = await cpuMs(side.pid);
  const rss = sampler.stop();
  const fileReference = await takeReceipt(side, client, name);
  return {
    ms: round(run.ms, 1),
    cipher: run.cipher,
    mac: run.mac,
    transferMs: transferMs === undefined ? undefined : round(transferMs, 1),
    serverCpuMs: round(cpu1 - cpu0),
    maxRssBytes: rss.maxBytes,
    rssSamples: rss.samples,
    fileReference,
  };
}

interface Verification {
  fileReference: string;
  status: string;
  fileSize: number;
  checksum: string;
  downloadedBytes: number;
  downloadedSha256: string;
  zip: ZipCheck;
  expectedPublishedBytes: number;
}

/**
 * Checks the published file once: as Sigrid (Nordlys Bygg, a recipient) its details say Published with a size
 * and SHA-256, the content downloaded over REST has that size and SHA-256, it is a ZIP whose every CRC holds,
 * with manifest.xml and the payload but without recipients.xml, and the payload's SHA-256 is the source's.
 */
async function verifyPublished(side: TinnSide, client: Client, fileReference: string): Promise<Verification> {
  const base = side.server.baseUrl;
  const sigrid = await testenvLogin(base, SIGRID);
  const details = await fetchJson(base, 'GET', `${FILES}/${fileReference}?reportee=${RECIPIENTS[0]}`, { headers: sigrid, expect: [200] });
  const target = join(client.workDir, 'published.zip');
  await download(base, `${FILES}/${fileReference}/content?reportee=${RECIPIENTS[0]}`, sigrid, target);
  const v: Verification = {
    fileReference,
    status: String(details.status),
    fileSize: Number(details.fileSize),
    checksum: String(details.checksum),
    downloadedBytes: (await stat(target)).size,
    downloadedSha256: await sha256Of(target),
    zip: checkZip(target),
    // The archive less recipients.xml's local header and data and its central directory record.
    expectedPublishedBytes: client.archive.bytes - 2 * 'recipients.xml'.length - 30 - 46 - Buffer.byteLength(recipientsXml()),
  };
  await rm(target);
  const problems: string[] = [];
  if (v.status !== 'Published') problems.push(`status ${v.status}`);
  if (v.downloadedBytes !== v.fileSize) problems.push(`downloaded ${v.downloadedBytes} bytes, details say ${v.fileSize}`);
  if (v.downloadedSha256 !== v.checksum) problems.push(`downloaded sha256 ${v.downloadedSha256}, details say ${v.checksum}`);
  if (v.zip.badEntry !== null) problems.push(`entry ${v.zip.badEntry} fails its CRC`);
  if (v.zip.names.join(',') !== `manifest.xml,${PAYLOAD_NAME}`) problems.push(`entries ${v.zip.names.join(', ')}`);
  if (v.zip.size !== PAYLOAD_BYTES || !v.zip.stored || v.zip.sha256 !== client.archive.payloadSha256) problems.push(`payload ${v.zip.size} bytes, stored ${v.zip.stored}, sha256 ${v.zip.sha256}`);
  if (problems.length > 0) throw new Error(`${side.kind}: the published file ${fileReference} is not right: ${problems.join('; ')}`);
  return v;
}

/** Cancels the published transfer as the sender (untimed), so the run does not keep gigabytes of blobs. */
async function removePublished(side: TinnSide, fileReference: string): Promise<number> {
  const res = await fetch(`${side.server.baseUrl}${FILES}/${fileReference}`, { method: 'DELETE', headers: await testenvLogin(side.server.baseUrl, KARI) });
  await res.arrayBuffer();
  return res.status;
}

/** A session that only connects, authenticates, asks `pwd` and leaves: what every timed put also pays. */
async function sessionMs(port: number, user: string, client: Client): Promise<number> {
  const batch = await batchFile(client, 'session', ['pwd']);
  return round((await runSftpBatch({ batch, key: client.key, port, user, options: CLIENT_OPTIONS })).ms, 1);
}

// ---------------------------------------------------------------------------------------------------------------

interface Round {
  round: number;
  /** The reference upload just before each database's Tinn upload, by database. */
  reference: Partial<Record<DbKind, Upload>>;
  tinn: Partial<Record<DbKind, TinnUpload>>;
  /** Status of the sender's DELETE of the published file after the round (200: cancelled, content deleted). */
  removed: Partial<Record<DbKind, number>>;
}

async function run(): Promise<ScenarioOutcome> {
  const missing = missingOpenSsh();
  if (missing.length > 0) throw new Error(`sftp-upload needs OpenSSH's server and client: missing ${missing.join('; ')}`);
  const workDir = await makeDataDir();
  const refDir = await makeDataDir();
  const sides: TinnSide[] = [];
  let ref: ReferenceSshd | undefined;
  try {
    const runId = randomBytes(4).toString('hex');
    const archive = await writeArchive(workDir, runId);
    console.log(`  wrote ${archive.path}: ${formatInt(archive.bytes)} bytes in ${(archive.ms / 1000).toFixed(1)} s, sha256 ${archive.sha256}`);
    const key = makeKey(join(workDir, 'client_ed25519_key'), 'bench-sftp-client');
    const client: Client = { key: key.privateKey, workDir, archive };

    const pgServer = await postgresServer();
    const kinds: DbKind[] = pgServer.ok ? ['pglite', 'postgres'] : ['pglite'];
    if (!pgServer.ok) console.log(`  PostgreSQL at ${redactedUrl(POSTGRES_ADMIN_URL)} not reachable (${pgServer.reason}): measuring the embedded database only`);
    ref = await startReferenceSshd(join(refDir, 'sshd'), key.publicKey);
    for (const kind of kinds) sides.push(await startSide(kind, key.publicKey));
    for (const s of sides) console.log(`  Tinn on ${DB_KIND_LABEL[s.kind]} ready after ${(s.firstStartMs / 1000).toFixed(1)} s (first start), RSS ${mb(s.idleRssBytes)}, sftp on port ${s.sftpPort}`);
    console.log(`  reference sshd on port ${ref.port} (user ${ref.user})`);

    // Sessions alone (connect, authenticate, pwd, exit), alternating: the fixed part of every timed put.
    const sessions: { reference: number[]; tinn: Partial<Record<DbKind, number[]>> } = { reference: [], tinn: {} };
    for (let i = 0; i < SESSION_ROUNDS; i++) {
      sessions.reference.push(await sessionMs(ref.port, ref.user, client));
      for (const s of sides) (sessions.tinn[s.kind] ??= []).push(await sessionMs(s.sftpPort, SYSTEM_ID, client));
    }

    // One untimed upload to each server first: the first writes of fresh page-cache memory are slower in this
    // virtual machine (see broker-streaming), and Tinn's first shipment loads code the later ones find ready.
    const warmUp: { reference: number; tinn: Partial<Record<DbKind, number>> } = { reference: (await referenceUpload(ref, client, 'warm-up.zip', false)).ms, tinn: {} };
    for (const s of sides) {
      const u = await tinnUpload(s, client, `warm-up-${runId}.zip`);
      warmUp.tinn[s.kind] = u.ms;
      await removePublished(s, u.fileReference);
    }
    console.log(`  warm-up (untimed for the results): reference ${seconds(warmUp.reference)}, ${sides.map((s) => `Tinn on ${DB_KIND_LABEL[s.kind]} ${seconds(warmUp.tinn[s.kind]!)}`).join(', ')}`);

    for (const s of sides) s.whole = sampleRss(s.pid);
    const rounds: Round[] = [];
    const verified: Partial<Record<DbKind, Verification>> = {};
    let referenceSha256: string | undefined;
    for (let r = 1; r <= ROUNDS; r++) {
      const round_: Round = { round: r, reference: {}, tinn: {}, removed: {} };
      for (const s of sides) {
        const reference = await referenceUpload(ref, client, `r${r}-${s.kind}.zip`, r === 1 && referenceSha256 === undefined);
        referenceSha256 ??= reference.sha256;
        round_.reference[s.kind] = { ms: reference.ms, cipher: reference.cipher, mac: reference.mac };
        const tinn = await tinnUpload(s, client, `bench-${runId}-r${r}.zip`);
        round_.tinn[s.kind] = tinn;
        if (r === 1) verified[s.kind] = await verifyPublished(s, client, tinn.fileReference);
        round_.removed[s.kind] = await removePublished(s, tinn.fileReference);
      }
      rounds.push(round_);
      console.log(
        `  round ${r}: ` +
          sides
            .map((s) => {
              const t = round_.tinn[s.kind]!;
              const f = round_.reference[s.kind]!;
              return `reference ${mbps(archive.bytes, f.ms).toFixed(0)} MB/s, Tinn on ${DB_KIND_LABEL[s.kind]} ${mbps(archive.bytes, t.ms).toFixed(0)} MB/s (transfer ${t.transferMs === undefined ? '?' : seconds(t.transferMs)} of ${seconds(t.ms)}, max RSS ${mb(t.maxRssBytes)})`;
            })
            .join('; '),
      );
    }
    const whole: Partial<Record<DbKind, { maxBytes: number; samples: number }>> = {};
    for (const s of sides) {
      whole[s.kind] = s.whole!.stop();
      s.whole = undefined;
    }
    await Promise.all(sides.map((s) => stopChild(s.server.child)));
    await ref.stop();
    const database = (kind: DbKind) =>
      kind === 'postgres' ? `PostgreSQL ${pgServer.ok ? pgServer.version : '?'} at ${redactedUrl(POSTGRES_ADMIN_URL).replace(/\/[^/]*$/, '')}, a fresh database (blobs in Tinn's temp data dir)` : 'PGlite, a fresh data dir (blobs under it)';
    const runs = sides.map((s) => ({
      kind: s.kind,
      database: database(s.kind),
      tinnFirstStartMs: s.firstStartMs,
      checks: { published: verified[s.kind], idleRssBytes: s.idleRssBytes, wholeRun: whole[s.kind] },
      stored: null,
      tinnLog: warningLines(s.server.child.output()),
    }));
    return outcome({ archive, kinds, rounds, sessions, warmUp, pgServer, runs, referenceSha256, loadAverageAfter: os.loadavg().map((l) => round(l, 2)), versions: openSshVersions() });
  } finally {
    await ref?.stop();
    for (const side of sides) await stopSide(side);
    await removeDataDir(workDir);
    await removeDataDir(refDir);
  }
}

interface Measured {
  archive: Archive;
  kinds: DbKind[];
  rounds: Round[];
  sessions: { reference: number[]; tinn: Partial<Record<DbKind, number[]>> };
  warmUp: { reference: number; tinn: Partial<Record<DbKind, number>> };
  pgServer: Awaited<ReturnType<typeof postgresServer>>;
  runs: { kind: DbKind; database: string; tinnFirstStartMs: number; checks: { published: Verification | undefined; idleRssBytes: number; wholeRun: { maxBytes: number; samples: number } | undefined }; stored: null; tinnLog: ReturnType<typeof warningLines> }[];
  referenceSha256: string | undefined;
  loadAverageAfter: number[];
  versions: { client: string; serverPackage: string };
}

function outcome(m: Measured): ScenarioOutcome {
  const { archive, kinds, rounds } = m;
  const bytes = archive.bytes;
  const tinnMs = (k: DbKind) => rounds.map((r) => r.tinn[k]!.ms);
  const refMs = (k: DbKind) => rounds.map((r) => r.reference[k]!.ms);
  const allRefMs = kinds.flatMap(refMs);
  const ratios = (k: DbKind) => rounds.map((r) => r.reference[k]!.ms / r.tinn[k]!.ms);
  const transfers = (k: DbKind) => rounds.map((r) => r.tinn[k]!.transferMs).filter((v): v is number => v !== undefined);
  const closes = (k: DbKind) => rounds.filter((r) => r.tinn[k]!.transferMs !== undefined).map((r) => r.tinn[k]!.ms - r.tinn[k]!.transferMs!);
  const transferRatios = (k: DbKind) => rounds.filter((r) => r.tinn[k]!.transferMs !== undefined).map((r) => r.reference[k]!.ms / r.tinn[k]!.transferMs!);
  const maxRss = (k: DbKind) => Math.max(...rounds.map((r) => r.tinn[k]!.maxRssBytes), m.runs.find((x) => x.kind === k)!.checks.wholeRun?.maxBytes ?? 0);
  const idle = (k: DbKind) => m.runs.find((x) => x.kind === k)!.checks.idleRssBytes;
  const speed = (ms: number[]) => `${mbps(bytes, median(ms)).toFixed(0)} (${mbps(bytes, max(ms)).toFixed(0)}–${mbps(bytes, min(ms)).toFixed(0)})`;
  const negotiated = [...new Set(rounds.flatMap((r) => kinds.flatMap((k) => [`${r.reference[k]!.cipher} + ${r.reference[k]!.mac}`, `${r.tinn[k]!.cipher} + ${r.tinn[k]!.mac}`])))];

  const columns = ['measure', ...kinds.map((k) => `Tinn on ${DB_KIND_LABEL[k]}`), 'reference: OpenSSH sftp-server'];
  const row = (label: string, tinn: (k: DbKind) => string, reference: string) => [label, ...kinds.map(tinn), reference];
  const rows = [
    row(`\`put\` of the ${formatInt(bytes)}-byte archive until it returns, MB/s, median (slowest–fastest)`, (k) => speed(tinnMs(k)), speed(allRefMs)),
    row('**ratio = Tinn ÷ reference** (t reference ÷ t Tinn, per round against the reference upload just before, median)', (k) => `**${median(ratios(k)).toFixed(2)}** (${min(ratios(k)).toFixed(2)}–${max(ratios(k)).toFixed(2)})`, ''),
    row('of which the transfer: until the archive is whole in Tinn\'s work dir, s (median)', (k) => (transfers(k).length ? seconds(median(transfers(k))) : '–'), `${seconds(median(allRefMs))} (the whole put)`),
    row('of which processing on close (check, initiate, publish without recipients.xml), s (median)', (k) => (closes(k).length ? seconds(median(closes(k))) : '–'), '–'),
    row('transfer alone ÷ reference (t reference ÷ t transfer, median)', (k) => (transferRatios(k).length ? median(transferRatios(k)).toFixed(2) : '–'), ''),
    row('session alone: connect, authenticate, `pwd`, exit (median)', (k) => `${formatInt(median(m.sessions.tinn[k]!))} ms`, `${formatInt(median(m.sessions.reference))} ms`),
    row('Tinn CPU time ÷ wall time of the put (median)', (k) => median(rounds.map((r) => r.tinn[k]!.serverCpuMs / r.tinn[k]!.ms)).toFixed(2), ''),
    row('Tinn RSS idle after the first start', (k) => mb(idle(k)), ''),
    row(`**largest Tinn RSS** during the rounds (VmRSS every ${RSS_INTERVAL_MS} ms)`, (k) => `**${mb(maxRss(k))}**`, ''),
    row('cipher + MAC negotiated (client→server)', () => negotiated.join(', '), negotiated.join(', ')),
  ];

  const goals: GoalCheck[] = [];
  const ratioRecord: Record<string, number> = {};
  for (const k of kinds) {
    const label = DB_KIND_LABEL[k];
    const r = median(ratios(k));
    goals.push(
      { name: `SFTP upload of ${formatInt(bytes / 1e6)} MB, Tinn ÷ OpenSSH sftp-server, on ${label}`, goal: `≥ ${GOAL_RATIO}`, measured: r.toFixed(2), pass: r >= GOAL_RATIO },
      { name: `largest RSS of the Tinn server during the rounds, on ${label}`, goal: 'none set by the issue', measured: mb(maxRss(k)), pass: null },
      { name: `transfer alone (until the archive is whole in the work dir) ÷ reference, on ${label}`, goal: 'none set by the issue', measured: transferRatios(k).length ? median(transferRatios(k)).toFixed(2) : '–', pass: null },
    );
    ratioRecord[`${k}UploadOfReference`] = round(r, 3);
    if (transferRatios(k).length) ratioRecord[`${k}TransferOfReference`] = round(median(transferRatios(k)), 3);
  }

  const v = m.runs.map((r) => r.checks.published).find((x) => x !== undefined);
  const notes: string[] = [
    `The issue's goal: "SFTP upload of 500 MB: ≥ 0.5 of OpenSSH's own sftp-server (Debian openssh-server on a loopback port) in the same run". Read as **ratio = t reference ÷ t Tinn** for the same \`put\` of the same archive with the same client: Tinn's MB/s over the reference's. Per round against the reference upload just before Tinn's, median of the ${rounds.length} rounds. MB = 10⁶ bytes; RSS is VmRSS of /proc/<pid>/status.`,
    `Archive: ${formatInt(bytes)} bytes, a ZIP written by Python's zipfile, every entry stored (not deflated): manifest.xml (service ${SERVICE.serviceCode} edition ${SERVICE.serviceEditionCode}, reportee ${SENDER}), recipients.xml (${RECIPIENTS.join(' and ')}) and ${PAYLOAD_NAME}, ${formatInt(PAYLOAD_BYTES)} bytes of 1 MiB random blocks each stamped with its index (made in ${(archive.ms / 1000).toFixed(1)} s). The same file is put in every round, under a new name.`,
    `Client, the same for both: ${m.versions.client}, \`sftp -v -b <batch> -i <ed25519 key made for the run> -P <port> ${CLIENT_OPTIONS.join(' ')}\` with the batch \`put <archive> <path>\`, timed from spawn to exit, so the session's start (connect, key exchange, authentication) is in every time; the sessions alone are in the table. Negotiated, read from the client's -v output: ${negotiated.join(', ')}. The ciphers are pinned because the client would take chacha20-poly1305 from OpenSSH, which Tinn does not offer (ssh2 runs it in JavaScript); AES-128-CTR with HMAC-SHA2-256-ETM is what an OpenSSH client negotiates with Tinn unpinned.`,
    `Reference: ${m.versions.serverPackage}, its own \`/usr/sbin/sshd -D -f <config>\` on a free loopback port, started for the run from a 0700 temp dir with a host key and the client's key as the only authorized key (public-key login only, no PAM, StrictModes off), subsystem sftp \`/usr/lib/openssh/sftp-server\` writing to an absolute path in that temp dir. Each upload is checked by size (and once by SHA-256${m.referenceSha256 === archive.sha256 ? ', equal to the archive\'s' : ''}) and deleted, untimed.`,
    `Tinn: \`tinn start --testenv --roles api,sftp\` (TINN_LOG_LEVEL=warn, TINN_SFTP_HOST=127.0.0.1, a free TINN_SFTP_PORT, its own temp data dir, so the SFTP work dir and the blobs are on the file system of the archive and the reference's dir) on ${kinds.map((k) => DB_KIND_LABEL[k]).join(' and on ')}; both run through the whole scenario. Set-up over REST: Kari (${KARI}) adds the run's public key to data system ${SYSTEM_ID} of ${SENDER}, TTD's SRR lets ${SENDER} send and ${RECIPIENTS.join(' and ')} receive on ${SERVICE.serviceCode}. The client logs in as ${SYSTEM_ID} with the key and puts the archive into /broker/outbox. Tinn answers the close only after it has checked the archive, initiated the transfer and published it without recipients.xml, so the time includes the publishing. After each put (untimed) the receipt is fetched and removed over SFTP (Result OK every time) and the sender cancels the transfer (DELETE, answered ${[...new Set(rounds.flatMap((r) => kinds.map((k) => r.removed[k])))].join('/')}), which deletes its content.`,
    v
      ? `Published file, checked once per database on the first round's upload (untimed): as Sigrid (${SIGRID}, Nordlys Bygg) the details say ${v.status}, ${formatInt(v.fileSize)} bytes (the archive less recipients.xml: ${formatInt(v.expectedPublishedBytes)} expected) and a SHA-256 the downloaded content matched; Python's zipfile found every CRC right, the entries manifest.xml and ${PAYLOAD_NAME} only, the payload stored and its SHA-256 the source's. ${m.runs.map((r) => `${DB_KIND_LABEL[r.kind]}: ${r.checks.published ? `${formatInt(r.checks.published.downloadedBytes)} bytes, sha256 ${r.checks.published.downloadedSha256.slice(0, 16)}…` : 'not checked'}`).join('; ')}.`
      : 'The published file was not checked.',
    `Phases: during each Tinn upload the benchmark looks at Tinn's SFTP work dir every ${WORK_POLL_MS} ms; the first time the temp file has the archive's full size ends the transfer, and the rest of the put is the processing on close (reading the ZIP's directory and its two XML files, initiating the transfer, copying the archive without recipients.xml into the blob store with its SHA-256, publishing). The transfer time includes the session start, like the reference's time.`,
    `Order per round: ${kinds.map((k) => `reference, Tinn on ${DB_KIND_LABEL[k]}`).join(', ')}; \`sync\` (untimed) before every timed put. Before the rounds: ${SESSION_ROUNDS} sessions alone per server, alternating, then one untimed upload to each server (reference ${seconds(m.warmUp.reference)}, ${kinds.map((k) => `Tinn on ${DB_KIND_LABEL[k]} ${seconds(m.warmUp.tinn[k]!)}`).join(', ')}). Tinn's RSS was sampled during every timed put and throughout the rounds (${m.runs.map((r) => `${r.checks.wholeRun?.samples ?? 0} samples on ${DB_KIND_LABEL[r.kind]}`).join(', ')}).`,
  ];
  for (const r of m.runs) {
    notes.push(
      `${DB_KIND_LABEL[r.kind]}: ${r.database}. Tinn's first start (migrations, demo world) took ${(r.tinnFirstStartMs / 1000).toFixed(1)} s.` +
        (r.tinnLog.errors + r.tinnLog.warnings > 0 ? ` Tinn logged ${r.tinnLog.errors} errors and ${r.tinnLog.warnings} warnings, e.g. \`${r.tinnLog.lines[0]?.replaceAll('`', "'")}\`.` : ' Tinn logged no warning or error.'),
    );
  }
  notes.push(...explain(m, kinds.map((k) => ({ kind: k, ratio: median(ratios(k)), transfer: transfers(k).length ? median(transfers(k)) : undefined, close: closes(k).length ? median(closes(k)) : undefined, reference: median(refMs(k)) }))));
  if (!m.pgServer.ok) notes.push(`PostgreSQL was not measured: ${redactedUrl(POSTGRES_ADMIN_URL)} was not reachable (${m.pgServer.reason}).`);
  notes.push(
    `The client (sftp and its ssh), the servers (sshd with sftp-server, or Tinn) and PostgreSQL share the machine's 2 cores, so other work on the machine shows in every number (load average after the run ${m.loadAverageAfter.join(' / ')}; before it, in the heading); the ratios are per round for that reason.`,
  );

  return {
    settings: {
      archiveBytes: bytes,
      payloadBytes: PAYLOAD_BYTES,
      rounds: rounds.length,
      client: `sftp -b, ${CLIENT_OPTIONS.filter((o) => o !== '-o').join(' ')}`,
      databases: kinds.map((k) => DB_KIND_LABEL[k]).join(', '),
      reference: `${m.versions.serverPackage}: /usr/sbin/sshd -D on a loopback port, subsystem /usr/lib/openssh/sftp-server`,
      order: `per round: ${kinds.map((k) => `reference, Tinn (${k})`).join(', ')}`,
      tinnCommand: `node bin/tinn.js start --testenv --roles api,sftp (TINN_LOG_LEVEL=warn, TINN_SFTP_HOST=127.0.0.1, TINN_DB_POOL_MAX=${POOL_MAX}; DATABASE_URL for PostgreSQL)`,
      rssIntervalMs: RSS_INTERVAL_MS,
    },
    raw: {
      archive: { bytes, sha256: archive.sha256, payloadSha256: archive.payloadSha256, generateMs: archive.ms },
      referenceSha256: m.referenceSha256,
      versions: m.versions,
      sessions: m.sessions,
      warmUp: m.warmUp,
      ...databaseRunsRaw(m.pgServer, m.runs),
      rounds,
      loadAverageAfter: m.loadAverageAfter,
    },
    ratios: ratioRecord,
    goals,
    table: { columns, rows },
    notes,
  };
}

/** Where Tinn's time goes, read from this run's numbers. */
function explain(m: Measured, perKind: { kind: DbKind; ratio: number; transfer: number | undefined; close: number | undefined; reference: number }[]): string[] {
  const parts = perKind
    .filter((k) => k.transfer !== undefined && k.close !== undefined)
    .map((k) => `on ${DB_KIND_LABEL[k.kind]} the transfer took ${seconds(k.transfer!)} against the reference's whole put of ${seconds(k.reference)}, and the processing on close ${seconds(k.close!)} (medians)`);
  const out: string[] = [];
  if (parts.length > 0) {
    out.push(
      `Where the time goes: ${parts.join('; ')}. The processing on close reads the archive again and writes it into the blob store (recipients.xml left out, recipients must not see each other), a second pass over the ${formatInt(m.archive.bytes / 1e6)} MB that a plain sftp-server does not make; it lives in the broker module and account-files.ts, not in the SFTP transport.`,
    );
  }
  out.push(
    "History: the first run of this scenario (bench/results/sftp-upload-20261124T181600Z.json, at f30027b) measured 0.18 on PGlite and 0.25 on PostgreSQL, the transfer alone 0.28 on both. Tinn's SSH socket kept Nagle's algorithm on; ssh2 writes every SSH packet as its own socket write, so each small SFTP status reply (one per 32 KiB WRITE, 64 in flight) waited for the client's ACK of the previous one, and a CPU profile of one upload showed Tinn's main thread idle about 75 % of the transfer. start-sftp.ts now sets TCP_NODELAY on every SSH connection (`client.setNoDelay(true)`); this run is with it.",
  );
  return out;
}

export const sftpUpload: Scenario = {
  name: 'sftp-upload',
  title: 'a 500 MB shipment archive put over SFTP, against OpenSSH\'s sftp-server',
  summary:
    "A 500 MB broker shipment archive (ZIP, stored: manifest.xml, recipients.xml with two recipients, one payload) put into `/broker/outbox` by data system 10001 with OpenSSH's `sftp -b`, until `put` returns (Tinn answers the close after publishing), on the embedded database and on PostgreSQL, against the same put to OpenSSH's own sftp-server (Debian openssh-server, its own sshd on a loopback port) in the same run, alternating; the same client and cipher for both. " +
    'Throughput and its ratio, the time split into transfer and processing on close, the published file checked once per database, and the Tinn server\'s largest resident memory, sampled every 100 ms.',
  run,
};

// Standalone: `npx tsx bench/scenarios/sftp-upload.ts` runs it as `npm run bench -- sftp-upload` would, writes the
// result file and docs/benchmarks.md, and prints the result as JSON. Exit code 1 when it could not run.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [{ gitInfo, machineInfo }, { newestResults, writeResult }, { writeBenchmarksDoc }, { scenarios }] = await Promise.all([
    import('../lib/machine.ts'),
    import('../lib/results.ts'),
    import('../lib/docs.ts'),
    import('./index.ts'),
  ]);
  const loadAverageBefore = os.loadavg().map((l) => round(l, 2));
  const date = new Date();
  const started = performance.now();
  try {
    console.log(`\n${sftpUpload.name}: ${sftpUpload.title}`);
    const outcome = await sftpUpload.run();
    const result = { scenario: sftpUpload.name, title: sftpUpload.title, summary: sftpUpload.summary, date: date.toISOString(), machine: machineInfo(), git: gitInfo(), wallSeconds: round((performance.now() - started) / 1000, 1), loadAverageBefore, ...outcome };
    const file = await writeResult(result);
    await writeBenchmarksDoc(await newestResults(), scenarios.map((s) => s.name));
    console.log(JSON.stringify(result, null, 2));
    for (const g of result.goals) console.log(`  ${g.pass === null ? 'info' : g.pass ? 'pass' : 'MISS'}  ${g.name}: ${g.measured} (goal ${g.goal})`);
    console.log(`  wrote ${file} (${result.wallSeconds} s) and docs/benchmarks.md`);
  } catch (err) {
    console.error(`  ${sftpUpload.name} could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  } finally {
    await stopAllChildren();
  }
}
