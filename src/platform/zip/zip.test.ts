import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { writeZip } from '../../../test/support/zip.ts';
import { isSafeEntryName, readZipDirectory, readZipEntry, zipWithout, ZipFormatError } from './zip.ts';

const dir = mkdtempSync(join(tmpdir(), 'tinn-zip-'));

const pythonZip = (name: string, files: Record<string, string>, options: { stored?: boolean; streamed?: boolean } = {}) => writeZip(join(dir, name), files, options);

describe('ZIP archives', () => {
  it('reads the directory and small entries of deflated and stored archives', async () => {
    for (const stored of [false, true]) {
      const path = pythonZip(`a-${stored}.zip`, { 'manifest.xml': '<m>æøå</m>', 'data/payload.txt': 'x'.repeat(10_000) }, { stored });
      const zip = await readZipDirectory(path);
      assert.deepEqual(zip.entries.map((e) => e.name), ['manifest.xml', 'data/payload.txt']);
      assert.equal((await readZipEntry(path, zip.entries[0]!, 1000)).toString(), '<m>æøå</m>');
      await assert.rejects(readZipEntry(path, zip.entries[1]!, 100), (e) => e instanceof ZipFormatError && e.reason === 'tooLarge');
    }
  });

  it('copies an archive without some entries, byte for byte, into one unzip accepts (with and without data descriptors)', async () => {
    for (const streamed of [false, true]) {
      const path = pythonZip(`b-${streamed}.zip`, { 'manifest.xml': '<m/>', 'recipients.xml': '<r/>', 'payload/one.txt': 'one '.repeat(5000), 'payload/two.bin': 'two' }, { streamed });
      const zip = await readZipDirectory(path);
      const { size, content } = zipWithout(path, zip, new Set(['recipients.xml']));
      const out = join(dir, `out-${streamed}.zip`);
      await pipeline(content, createWriteStream(out));
      assert.equal(readFileSync(out).length, size, 'the announced size is exact');
      execFileSync('unzip', ['-tq', out]);
      const copy = await readZipDirectory(out);
      assert.deepEqual(copy.entries.map((e) => e.name), ['manifest.xml', 'payload/one.txt', 'payload/two.bin']);
      assert.equal((await readZipEntry(out, copy.entries[1]!, 1e6)).toString(), 'one '.repeat(5000));
    }
  });

  it('refuses what is not a plain ZIP, and names that would leave the folder', async () => {
    const notZip = join(dir, 'not.zip');
    writeFileSync(notZip, 'just text, long enough to have an end of central directory if it were one');
    await assert.rejects(readZipDirectory(notZip), (e) => e instanceof ZipFormatError && e.reason === 'notZip');
    const slip = pythonZip('slip.zip', { 'manifest.xml': '<m/>', '../../etc/cron.d/evil': 'x' });
    await assert.rejects(readZipDirectory(slip), (e) => e instanceof ZipFormatError && e.reason === 'unsafeName' && e.message.includes('../../etc/cron.d/evil'));
    for (const name of ['/abs', 'a/../b', 'C:/x', 'a\\b', 'a//b', './a', '']) assert.equal(isSafeEntryName(name), false, name);
    for (const name of ['a', 'a/b.txt', 'folder/', 'æøå.txt']) assert.equal(isSafeEntryName(name), true, name);
    const encrypted = join(dir, 'secret.zip');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    execFileSync('zip', ['-q', '-j', '-P', 'pw', encrypted, join(dir, 'secret.txt')]);
    await assert.rejects(readZipDirectory(encrypted), (e) => e instanceof ZipFormatError && e.reason === 'encrypted');
  });
});
