// An S3-protocol server for tests, in a child process on 127.0.0.1 with an ephemeral port. Plain ESM
// JavaScript so that both scripts/test.js (plain node) and the TypeScript tests (test/support/s3.ts)
// can use it; s3-server.d.ts beside it types it. Test support code: it may read process.env.
//
// The server is fauxqs (npm, an SQS/SNS/S3 emulator on Fastify), run through its buildApp so it binds
// to loopback only. s3rver 3.7.1 was tried first: it runs on Node 20 with SDK v3, but it has no
// AbortMultipartUpload (DELETE ?uploadId answers 405 MethodNotAllowed), takes UploadPart for upload ids
// it never issued or that were aborted, and checks neither ETags nor the 5 MiB minimum on completion,
// so the staged-write contract could not be tested on it. fauxqs 1.x (2.x needs Node 22.5) does all of
// those as S3 does (NoSuchUpload, InvalidPart, EntityTooSmall, InvalidRange). Its quirks:
// - everything is kept in memory, in the server process: fine for tests, a few hundred MiB at most;
// - request bodies are limited to 11 MiB, so a single PutObject or UploadPart above that fails (the S3
//   store's own parts are 8 MiB);
// - ListParts is not there (GET ?uploadId reads the object instead: NoSuchKey); a test sees which parts
//   the service kept by completing with them;
// - signatures are not checked: any access key works (real S3 would refuse wrong ones);
// - bucket names must be 3–63 characters, as on S3.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const credentials = { accessKeyId: 'tinn-test', secretAccessKey: 'tinn-test-secret' };

/**
 * Starts the server in a child process and waits until it answers. The child exits when `stop()` is
 * called, when this process exits, and when this process dies (it watches its standard input).
 */
export async function startS3Server() {
  const child = spawn(process.execPath, [self, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const kill = () => child.kill();
  process.on('exit', kill);
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the S3 test server exited (${code}) before it listened`);
    }),
  ]);
  lines.close();
  const { port } = JSON.parse(first);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(endpoint);
  return {
    endpoint,
    ...credentials,
    async stop() {
      process.off('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}

/** Creates a bucket (names of 3–63 lowercase letters, digits and '-') on the server at `endpoint`. */
export async function createBucket(endpoint, name) {
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } finally {
    client.destroy();
  }
}

async function waitUntilAnswering(endpoint) {
  for (let attempt = 0; ; attempt++) {
    try {
      // ListBuckets: any HTTP answer means the server is taking requests.
      await fetch(`${endpoint}/`);
      return;
    } catch (err) {
      if (attempt >= 50) throw new Error(`the S3 test server at ${endpoint} does not answer`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function serve() {
  const { buildApp } = await import('fauxqs');
  const app = buildApp({ logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  const exit = () => {
    app.close().finally(() => process.exit(0));
  };
  // The parent's end of the pipe closes when it exits or dies, however it dies.
  process.stdin.on('end', exit).on('close', exit).resume();
  process.on('SIGTERM', exit);
  process.on('SIGINT', exit);
}

if (process.argv[1] === self && process.argv[2] === 'serve') await serve();
