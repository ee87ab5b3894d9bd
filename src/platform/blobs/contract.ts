// What every BlobStore adapter does alike, as tests that each adapter's test file runs against its own
// store (blobs.test.ts: the filesystem; s3.test.ts: S3 on a test server). Not a test file by itself.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { isAppError, PlatformProblems } from '../errors/index.ts';
import { MIN_STAGED_PART_BYTES, type BlobStore, type StagedPart } from './blobs.ts';

const CHUNK = 64 * 1024;

/** Byte `offset + i` of a deterministic pseudo-random content named by `seed`, for `length` bytes. */
export function patternBytes(seed: number, offset: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) {
    // One round of a 32-bit integer hash of the position: fast, and no two nearby blocks alike.
    let x = Math.imul((offset + i) ^ seed, 0x9e3779b1);
    x ^= x >>> 15;
    x = Math.imul(x, 0x85ebca77);
    x ^= x >>> 13;
    out[i] = x & 0xff;
  }
  return out;
}

/** The same content as a stream made chunk by chunk, so no more than a chunk is held at once. */
export function patternStream(seed: number, offset: number, length: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= length) return void this.push(null);
      const n = Math.min(CHUNK, length - sent);
      this.push(patternBytes(seed, offset + sent, n));
      sent += n;
    },
  });
}

/** Reads a stream to its end → its size and hex SHA-256, never holding more than a chunk. */
export async function digest(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

const isNotFound = (e: unknown) => isAppError(e, PlatformProblems.blobNotFound);
const isInvalidKey = (e: unknown) => isAppError(e, PlatformProblems.invalidBlobKey);
const isWrongSize = (e: unknown) => isAppError(e, PlatformProblems.blobPartSize);

/** A source that sends `before` bytes and then fails, as a client that goes away. */
function failingAfter(before: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= before) return void this.destroy(new Error('client went away'));
      const n = Math.min(CHUNK, before - sent);
      this.push(patternBytes(9, sent, n));
      sent += n;
    },
  });
}

/** A source that sends `first`, waits, then sends `extra`: a stream that runs long only late. */
export function lateExtra(first: string, extra: string): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(first);
      await delay(150);
      yield Buffer.from(extra);
    })(),
  );
}

/**
 * Registers the BlobStore contract as a describe block. `makeStore` runs once, in `before`, so it may
 * use a server started by the caller's own `before`. Keys are unique per run: a store may be shared.
 */
export function blobStoreContract(name: string, makeStore: () => BlobStore | Promise<BlobStore>): void {
  describe(`${name}: the BlobStore contract`, () => {
    let blobs: BlobStore;
    const run = randomUUID();
    const key = (k: string) => `${run}/${k}`;
    before(async () => {
      blobs = await makeStore();
    });

    it('stores bytes and streams, reporting size and SHA-256, and reads them whole or in ranges', async () => {
      const stored = await blobs.put(key('a/b/hello.txt'), new TextEncoder().encode('hello world'));
      assert.deepEqual(stored, { size: 11, sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9' });
      assert.equal(await text(await blobs.get(key('a/b/hello.txt'))), 'hello world');
      assert.equal(await text(await blobs.get(key('a/b/hello.txt'), { start: 6, end: 10 })), 'world');
      assert.equal(await text(await blobs.get(key('a/b/hello.txt'), { start: 0, end: 0 })), 'h');
      assert.equal(await text(await blobs.get(key('a/b/hello.txt'), { start: 6 })), 'world');
      assert.equal(await text(await blobs.get(key('a/b/hello.txt'), { start: 6, end: 100 })), 'world', 'an end past the blob stops at its end');
      assert.equal(await text(await blobs.get(key('a/b/hello.txt'), { start: 11 })), '', 'a start at the end reads nothing');
      assert.deepEqual(await blobs.stat(key('a/b/hello.txt')), { size: 11 });

      const streamed = await blobs.put(key('streamed'), Readable.from([Buffer.from('one '), Buffer.from('two')]));
      assert.deepEqual(streamed, { size: 7, sha256: sha256(Buffer.from('one two')) });
      assert.equal(await text(await blobs.get(key('streamed'))), 'one two');
      assert.deepEqual(await blobs.stat(key('streamed')), { size: 7 });

      const empty = await blobs.put(key('empty'), new Uint8Array());
      assert.deepEqual(empty, { size: 0, sha256: sha256(new Uint8Array()) });
      assert.deepEqual(await blobs.stat(key('empty')), { size: 0 });
      assert.equal(await text(await blobs.get(key('empty'))), '');
    });

    it('streams a blob of many megabytes both ways, and a second put replaces the first', async () => {
      const size = 20 * 1024 * 1024 + 5;
      const expected = await digest(patternStream(1, 0, size));
      assert.deepEqual(await blobs.put(key('large'), patternStream(1, 0, size)), expected);
      assert.deepEqual(await digest(await blobs.get(key('large'))), expected);
      const tail = await digest(await blobs.get(key('large'), { start: size - 100_000, end: size - 1 }));
      assert.deepEqual(tail, { size: 100_000, sha256: sha256(patternBytes(1, size - 100_000, 100_000)) });
      await blobs.put(key('large'), new TextEncoder().encode('small now'));
      assert.equal(await text(await blobs.get(key('large'))), 'small now');
      assert.deepEqual(await blobs.stat(key('large')), { size: 9 });
    });

    it('deletes (true, then false) and reports missing blobs with PLAT-00009', async () => {
      await blobs.put(key('gone'), new Uint8Array([1]));
      assert.equal(await blobs.delete(key('gone')), true);
      assert.equal(await blobs.delete(key('gone')), false);
      assert.equal(await blobs.stat(key('gone')), undefined);
      await assert.rejects(blobs.get(key('gone')), isNotFound);
      await assert.rejects(blobs.get(key('gone'), { start: 0, end: 0 }), isNotFound);
      assert.equal(await blobs.stat(key('never-written')), undefined);
    });

    it('refuses keys that could leave the store, with PLAT-00008', async () => {
      for (const bad of ['../etc/passwd', '/abs', 'a/../../b', '.hidden', 'a//b', '', 'a/.tmp', 'a/b/', 'a\\b', 'ä']) {
        await assert.rejects(blobs.put(bad, new Uint8Array([1])), isInvalidKey, `put ${bad}`);
        await assert.rejects(blobs.get(bad), isInvalidKey, `get ${bad}`);
        await assert.rejects(blobs.stat(bad), isInvalidKey, `stat ${bad}`);
        await assert.rejects(blobs.delete(bad), isInvalidKey, `delete ${bad}`);
        await assert.rejects(blobs.beginStaged(bad), isInvalidKey, `beginStaged ${bad}`);
      }
    });

    it('leaves no blob behind when the source stream fails, small or spanning several upload parts', async () => {
      await assert.rejects(blobs.put(key('never'), failingAfter(7)), /client went away/);
      assert.equal(await blobs.stat(key('never')), undefined);
      await assert.rejects(blobs.put(key('never-large'), failingAfter(18 * 1024 * 1024)), /client went away/);
      assert.equal(await blobs.stat(key('never-large')), undefined);
    });

    describe('staged writes', () => {
      const first = MIN_STAGED_PART_BYTES;

      it('joins parts written out of order in number order, and the blob is visible only once completed', async () => {
        const k = key('staged/ordered');
        const uploadId = await blobs.beginStaged(k);
        const p3 = await blobs.putPart(k, uploadId, 3, Readable.from([Buffer.from('three')]), 5);
        const p1 = await blobs.putPart(k, uploadId, 1, patternStream(2, 0, first), first);
        const p2 = await blobs.putPart(k, uploadId, 2, patternStream(2, first, first), first);
        assert.deepEqual([p1.partNumber, p1.size, p2.partNumber, p3.size], [1, first, 2, 5]);
        assert.equal(typeof p1.etag, 'string');
        assert.equal(await blobs.stat(k), undefined, 'not visible before completion');
        await assert.rejects(blobs.get(k), isNotFound);

        assert.deepEqual(await blobs.completeStaged(k, uploadId, [p3, p1, p2]), { size: 2 * first + 5 });
        assert.deepEqual(await blobs.stat(k), { size: 2 * first + 5 });
        const whole = await digest(await blobs.get(k));
        const hash = createHash('sha256').update(patternBytes(2, 0, 2 * first)).update('three').digest('hex');
        assert.deepEqual(whole, { size: 2 * first + 5, sha256: hash });
        assert.equal(await text(await blobs.get(k, { start: 2 * first, end: 2 * first + 4 })), 'three');
      });

      it('completes an upload of one part', async () => {
        const k = key('staged/one');
        const uploadId = await blobs.beginStaged(k);
        const part = await blobs.putPart(k, uploadId, 1, Readable.from([Buffer.from('only part')]), 9);
        assert.deepEqual(await blobs.completeStaged(k, uploadId, [part]), { size: 9 });
        assert.equal(await text(await blobs.get(k)), 'only part');
      });

      it('counts the write of a part number that completion names, when the part was written again', async () => {
        const k = key('staged/rewritten');
        const uploadId = await blobs.beginStaged(k);
        const p1 = await blobs.putPart(k, uploadId, 1, patternStream(3, 0, first), first);
        const before = await blobs.putPart(k, uploadId, 2, Readable.from([Buffer.from('first try')]), 9);
        const again = await blobs.putPart(k, uploadId, 2, Readable.from([Buffer.from('second')]), 6);
        assert.notEqual(again.etag, before.etag);
        assert.deepEqual(await blobs.completeStaged(k, uploadId, [p1, again]), { size: first + 6 });
        assert.equal(await text(await blobs.get(k, { start: first })), 'second');
      });

      it('refuses a part stream shorter or longer than its size (PLAT-00023) or failing, leaving no part', async () => {
        const k = key('staged/sizes');
        const uploadId = await blobs.beginStaged(k);
        const p1 = await blobs.putPart(k, uploadId, 1, patternStream(4, 0, first), first);
        await assert.rejects(blobs.putPart(k, uploadId, 2, Readable.from([Buffer.from('short')]), 10), isWrongSize);
        await assert.rejects(blobs.putPart(k, uploadId, 2, Readable.from([Buffer.from('far too long')]), 10), isWrongSize);
        // Long by one byte that comes a while after exactly `size` bytes: what went first must not count as the part.
        await assert.rejects(blobs.putPart(k, uploadId, 2, lateExtra('exactly 10', '!'), 10), isWrongSize);
        await assert.rejects(blobs.putPart(k, uploadId, 3, failingAfter(first), first + 1), /client went away/);
        await assert.rejects(blobs.putPart(k, uploadId, 3, patternStream(4, 0, first - 1), first), isWrongSize);
        const p2 = await blobs.putPart(k, uploadId, 2, Readable.from([Buffer.from('just right')]), 10);
        assert.deepEqual(await blobs.completeStaged(k, uploadId, [p1, p2]), { size: first + 10 });
        assert.equal(await text(await blobs.get(k, { start: first })), 'just right');
      });

      it('aborting drops the upload and its parts; aborting again does nothing', async () => {
        const k = key('staged/aborted');
        const uploadId = await blobs.beginStaged(k);
        const p1 = await blobs.putPart(k, uploadId, 1, Readable.from([Buffer.from('dropped')]), 7);
        await blobs.abortStaged(k, uploadId);
        await blobs.abortStaged(k, uploadId);
        await assert.rejects(blobs.putPart(k, uploadId, 2, Readable.from([Buffer.from('late')]), 4), isNotFound);
        await assert.rejects(blobs.completeStaged(k, uploadId, [p1] as StagedPart[]));
        assert.equal(await blobs.stat(k), undefined);
      });

      it('keeps staged uploads of one key apart', async () => {
        const k = key('staged/twice');
        const a = await blobs.beginStaged(k);
        const b = await blobs.beginStaged(k);
        assert.notEqual(a, b);
        const pa = await blobs.putPart(k, a, 1, Readable.from([Buffer.from('from a')]), 6);
        await blobs.putPart(k, b, 1, Readable.from([Buffer.from('from b')]), 6);
        await blobs.abortStaged(k, b);
        await blobs.completeStaged(k, a, [pa]);
        assert.equal(await text(await blobs.get(k)), 'from a');
      });
    });
  });
}
