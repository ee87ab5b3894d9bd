import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DataDirInUseError, lockDataDir } from './locks.ts';
import { openDb } from './open.ts';

describe('the embedded database directory', () => {
  it('is opened by one process at a time, and freed when it closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinn-lock-'));
    const first = await openDb({ dataDir: dir });
    try {
      assert.equal(readFileSync(join(dir, 'tinn.pid'), 'utf8'), String(process.pid));
      await assert.rejects(openDb({ dataDir: dir }), (err) => err instanceof DataDirInUseError && /open in process \d+/.test(err.message));
    } finally {
      await first.close();
    }
    assert.equal(existsSync(join(dir, 'tinn.pid')), false);
    const again = await openDb({ dataDir: dir });
    await again.close();
  });

  it('is refused while another live process holds it, and taken over from a process that is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinn-lock-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'tinn.pid'), String(other.pid));
      assert.throws(() => lockDataDir(dir), DataDirInUseError);
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    const release = lockDataDir(dir); // the holder is gone: its file is stale
    assert.equal(readFileSync(join(dir, 'tinn.pid'), 'utf8'), String(process.pid));
    release();
    // A container restarted after a crash may be given the dead process's pid: its file is stale too.
    writeFileSync(join(dir, 'tinn.pid'), String(process.pid));
    lockDataDir(dir)();
  });
});
