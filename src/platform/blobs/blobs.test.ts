import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { isAppError, PlatformProblems } from '../errors/index.ts';
import { filesystemBlobStore } from './blobs.ts';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('filesystem blob store', () => {
  const root = mkdtempSync(join(tmpdir(), 'tinn-blobs-'));
  const blobs = filesystemBlobStore(root);

  it('stores bytes and streams, reporting size and SHA-256, and reads ranges', async () => {
    const stored = await blobs.put('a/b/hello.txt', new TextEncoder().encode('hello world'));
    assert.deepEqual(stored, { size: 11, sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9' });
    assert.equal(await text(await blobs.get('a/b/hello.txt')), 'hello world');
    assert.equal(await text(await blobs.get('a/b/hello.txt', { start: 6, end: 10 })), 'world');
    await blobs.put('streamed', Readable.from([Buffer.from('one '), Buffer.from('two')]));
    assert.equal(await text(await blobs.get('streamed')), 'one two');
    assert.deepEqual(await blobs.stat('streamed'), { size: 7 });
  });

  it('deletes and reports missing blobs with PLAT-00009', async () => {
    await blobs.put('gone', new Uint8Array([1]));
    assert.equal(await blobs.delete('gone'), true);
    assert.equal(await blobs.delete('gone'), false);
    assert.equal(await blobs.stat('gone'), undefined);
    await assert.rejects(blobs.get('gone'), (e) => isAppError(e, PlatformProblems.blobNotFound));
  });

  it('refuses keys that could leave the store', async () => {
    for (const key of ['../etc/passwd', '/abs', 'a/../../b', '.hidden', 'a//b', '', 'a/.tmp']) {
      await assert.rejects(blobs.put(key, new Uint8Array([1])), (e) => isAppError(e, PlatformProblems.invalidBlobKey), key);
    }
  });

  it('leaves no blob and no temporary file behind when the source stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('client went away'));
      },
    });
    await assert.rejects(blobs.put('never', failing), /client went away/);
    assert.equal(await blobs.stat('never'), undefined);
    assert.deepEqual(readdirSync(join(root, '.tmp')), []);
  });
});
