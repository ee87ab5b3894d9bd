import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { isAppError, PlatformProblems } from '../errors/index.ts';
import { filesystemBlobStore } from './blobs.ts';
import { blobStoreContract } from './contract.ts';

const root = mkdtempSync(join(tmpdir(), 'tinn-blobs-'));

blobStoreContract('filesystem blob store', () => filesystemBlobStore(root));

describe('filesystem blob store: its files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinn-blobs-'));
  const blobs = filesystemBlobStore(dir);

  it('leaves no temporary file behind when the source stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('client went away'));
      },
    });
    await assert.rejects(blobs.put('never', failing), /client went away/);
    assert.deepEqual(readdirSync(join(dir, '.tmp')), []);
  });

  it('keeps no file of a part that failed, and drops the staging directory on completion and on abort', async () => {
    const uploadId = await blobs.beginStaged('staged');
    const staging = join(dir, '.staging', uploadId);
    await assert.rejects(blobs.putPart('staged', uploadId, 1, Readable.from([Buffer.from('short')]), 10), (e) => isAppError(e, PlatformProblems.blobPartSize));
    assert.deepEqual(readdirSync(staging), []);
    const part = await blobs.putPart('staged', uploadId, 1, Readable.from([Buffer.from('whole part')]), 10);
    assert.equal(readdirSync(staging).length, 1);
    await blobs.completeStaged('staged', uploadId, [part]);
    assert.equal(existsSync(staging), false);

    const dropped = await blobs.beginStaged('dropped');
    await blobs.putPart('dropped', dropped, 1, Readable.from([Buffer.from('x')]), 1);
    await blobs.abortStaged('dropped', dropped);
    assert.equal(existsSync(join(dir, '.staging', dropped)), false);
  });
});
