import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createBucket, startS3Server, type S3TestServer } from '../../../test/support/s3.ts';
import { isAppError, PlatformProblems } from '../errors/index.ts';
import { MIN_STAGED_PART_BYTES, type StagedPart } from './blobs.ts';
import { blobStoreContract, digest, lateExtra, patternBytes, patternStream } from './contract.ts';
import { s3BlobStore } from './s3.ts';

const bucket = 'tinn-blobs';
let server: S3TestServer;

before(async () => {
  server = await startS3Server();
  await createBucket(server.endpoint, bucket);
});
after(async () => {
  await server?.stop();
});

const storeOptions = (prefix: string) => ({
  endpoint: server.endpoint,
  region: 'us-east-1',
  bucket,
  accessKeyId: server.accessKeyId,
  secretAccessKey: server.secretAccessKey,
  forcePathStyle: true,
  prefix,
});

blobStoreContract('S3 blob store', () => s3BlobStore(storeOptions('contract/')));

describe('S3 blob store', () => {
  it('round-trips a 64 MiB staged upload in parts of 5 MiB and a remainder, byte for byte', async () => {
    const blobs = s3BlobStore(storeOptions(`${randomUUID()}/`));
    const total = 64 * 1024 * 1024;
    const uploadId = await blobs.beginStaged('big');
    const parts: StagedPart[] = [];
    const expected = createHash('sha256');
    // Each part is made as it is sent, chunk by chunk; the expected hash follows the same chunks.
    for (let offset = 0, n = 1; offset < total; offset += MIN_STAGED_PART_BYTES, n++) {
      const size = Math.min(MIN_STAGED_PART_BYTES, total - offset);
      const source = patternStream(7, offset, size);
      source.on('data', (chunk: Buffer) => expected.update(chunk));
      parts.push(await blobs.putPart('big', uploadId, n, source, size));
    }
    assert.equal(parts.length, 13);
    assert.equal(parts.at(-1)!.size, total - 12 * MIN_STAGED_PART_BYTES);
    assert.deepEqual(await blobs.completeStaged('big', uploadId, parts.reverse()), { size: total });
    assert.deepEqual(await blobs.stat('big'), { size: total });
    assert.deepEqual(await digest(await blobs.get('big')), { size: total, sha256: expected.digest('hex') });
    // A range across the boundary of parts 1 and 2.
    const start = MIN_STAGED_PART_BYTES - 10;
    const across = await digest(await blobs.get('big', { start, end: start + 19 }));
    assert.equal(across.sha256, createHash('sha256').update(patternBytes(7, start, 20)).digest('hex'));
  });

  it('leaves no part at the service for a part stream of the wrong size', async () => {
    const prefix = `${randomUUID()}/`;
    const blobs = s3BlobStore(storeOptions(prefix));
    const uploadId = await blobs.beginStaged('sized');
    const kept = await blobs.putPart('sized', uploadId, 1, patternStream(8, 0, MIN_STAGED_PART_BYTES), MIN_STAGED_PART_BYTES);
    await assert.rejects(blobs.putPart('sized', uploadId, 2, Readable.from([Buffer.from('short')]), 6), (e) => isAppError(e, PlatformProblems.blobPartSize));
    await assert.rejects(blobs.putPart('sized', uploadId, 3, lateExtra('exactly', '+'), 7), (e) => isAppError(e, PlatformProblems.blobPartSize));
    // Were anything kept of those writes, naming it by its MD5 (the ETag S3 gives a part) would complete.
    for (const [partNumber, content] of [[2, 'short'], [3, 'exactly']] as const) {
      const phantom = { partNumber, size: content.length, etag: `"${createHash('md5').update(content).digest('hex')}"` };
      await assert.rejects(blobs.completeStaged('sized', uploadId, [kept, phantom]), (e: Error) => e.name === 'InvalidPart');
    }
    assert.deepEqual(await blobs.completeStaged('sized', uploadId, [kept]), { size: MIN_STAGED_PART_BYTES });
  });

  it('keeps blobs of different prefixes apart in one bucket', async () => {
    const a = s3BlobStore(storeOptions(`${randomUUID()}/`));
    const b = s3BlobStore(storeOptions(`${randomUUID()}/`));
    await a.put('same/key', new TextEncoder().encode('in a'));
    assert.equal(await b.stat('same/key'), undefined);
    await assert.rejects(b.get('same/key'), (e) => isAppError(e, PlatformProblems.blobNotFound));
    assert.equal(await b.delete('same/key'), false);
    assert.deepEqual(await a.stat('same/key'), { size: 4 });
  });

  it('does not take a missing bucket for a missing blob', async () => {
    const blobs = s3BlobStore({ ...storeOptions(''), bucket: 'no-such-bucket' });
    await assert.rejects(blobs.get('x'), (e: Error) => e.name === 'NoSuchBucket');
  });
});
