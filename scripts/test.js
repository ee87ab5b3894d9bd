#!/usr/bin/env node
// `npm test`: the whole suite, on the embedded database (PGlite) by default or on PostgreSQL when
// TEST_DATABASE_URL is set. Migrations run once, into a template every test file then copies:
// a PGlite data-dir snapshot, or a PostgreSQL template database. With TEST_BLOB_STORE=s3 blobs go to an
// S3-protocol server started once for the run (test/support/s3-server.js), each test config under a
// prefix of its own; otherwise to a directory per test config.
//   npm test                      every test file
//   npm test -- src/modules/register   only files under these paths
//   TEST_BLOB_STORE=s3 npm test   blobs on S3
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createBucket, startS3Server } from '../test/support/s3-server.js';

const root = resolve(import.meta.dirname, '..');
// The AWS SDK warns once per process on Node < 22 that its releases from 2027 will need Node 22: true,
// and said in docs/operations.md, but in every test file's output it is only noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const args = process.argv.slice(2);
const roots = args.length > 0 ? args.map((a) => resolve(a)) : [join(root, 'src'), join(root, 'test'), join(root, 'portal', 'e2e')];

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  const root = process.getuid?.() === 0;
  const apt = (args) => spawnSync(root ? 'apt-get' : 'sudo', root ? args : ['-n', 'apt-get', ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  console.error(`no Chromium at ${path}: installing Debian's chromium package for the browser tests`);
  if (apt(['update', '-qq']).status !== 0 || apt(['install', '-y', '-qq', 'chromium']).status !== 0 || !existsSync(path)) {
    console.error('could not install Chromium: run `apt-get install chromium` (or set CHROMIUM_PATH) and try again');
    process.exit(1);
  }
}

function findTests(path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules')
    .flatMap((e) => findTests(join(path, e.name)));
}

const files = roots.flatMap(findTests).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// Browser tests need Debian's Chromium (never a tool's own download) and the portal built from the current
// sources; both are seen to once here, not in each file.
if (files.some((f) => f.startsWith(join(root, 'portal') + '/'))) {
  ensureChromium();
  const build = spawnSync(process.execPath, [join(root, 'bin/tinn.js'), 'portal', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, TINN_LOG_LEVEL: 'warn' } });
  if (build.status !== 0) {
    console.error('could not build the portal');
    process.exit(1);
  }
}

// One S3 server for the whole run (stopped at the end, or killed when this process exits early);
// test/support/tinn.ts testConfig() reads these variables.
const blobStore = process.env.TEST_BLOB_STORE ?? 'filesystem';
if (!['filesystem', 's3'].includes(blobStore)) {
  console.error(`TEST_BLOB_STORE=${blobStore}: use filesystem or s3`);
  process.exit(1);
}
const s3 = blobStore === 's3' ? await startS3Server() : undefined;
const s3Env = {};
if (s3) {
  const bucket = 'tinn-test';
  await createBucket(s3.endpoint, bucket);
  Object.assign(s3Env, { TINN_TEST_S3_ENDPOINT: s3.endpoint, TINN_TEST_S3_BUCKET: bucket, TINN_TEST_S3_ACCESS_KEY_ID: s3.accessKeyId, TINN_TEST_S3_SECRET_ACCESS_KEY: s3.secretAccessKey });
}

const work = mkdtempSync(join(tmpdir(), 'tinn-test-'));
const env = { ...process.env, TINN_TEST_WORK_DIR: work, ...s3Env };
const prepare = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/support/prepare.ts'), 'create'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
if (prepare.status !== 0) {
  rmSync(work, { recursive: true, force: true });
  console.error('could not prepare the test database');
  process.exit(1);
}
const prepared = JSON.parse(prepare.stdout.toString());
Object.assign(env, prepared);

// Each PGlite instance takes ~0.4 GB; four files at once fit comfortably in this machine's memory.
const concurrency = process.env.TINN_TEST_CONCURRENCY ?? '4';
// The timeout holds a whole test file (node runs each file as one test): files that start `tinn`
// processes or drive Chromium need minutes on a busy 2-core machine (the portal's inbox file, about 100 s
// alone, passed 300 s when run beside three other files), while a hang still ends the run.
console.error(`running ${files.length} test file(s) on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, blobs on ${s3 ? `S3 (${s3.endpoint})` : 'the filesystem'}, ${concurrency} at a time`);
// Off a terminal (CI), TAP on every Node version: its closing "# tests / # pass / # fail" lines are what CI
// reads. Node 20 already defaults to it there; Node 22+ would print the spec reporter.
const reporter = process.stdout.isTTY ? [] : ['--test-reporter=tap'];
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', ...reporter, `--test-concurrency=${concurrency}`, '--test-timeout=600000', ...files.map((f) => relative(root, f))],
  { cwd: root, env, stdio: 'inherit' },
);

spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/support/prepare.ts'), 'drop'], { env, stdio: 'inherit' });
await s3?.stop();
rmSync(work, { recursive: true, force: true });
process.exit(run.status ?? 1);
