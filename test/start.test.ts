// The README's promise: `npm start` brings Tinn up on the embedded database with the demo world.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '..');

interface Started {
  child: ChildProcess;
  base: string;
  output: () => string;
}

function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, [join(root, 'bin/tinn.js'), 'start', '--testenv', '--port', '0'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TINN_DATA_DIR: dataDir, TINN_LOG_LEVEL: 'info' },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((resolveStart, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no banner after 120 s:\n${err}`)), 120_000);
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /API docs\s+(http:\/\/localhost:\d+)\/api\/docs/.exec(err);
      if (m && err.includes('Stop with Ctrl+C')) {
        clearTimeout(timer);
        resolveStart({ child, base: m[1]!, output: () => err + out });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
}

describe('tinn start --testenv', () => {
  it('starts on an empty data dir with the demo world, answers ready, stops cleanly, and keeps its data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tinn-start-'));
    const first = await start(dataDir);
    try {
      assert.match(first.output(), /Demo people/);
      assert.match(first.output(), /14837501777/);
      assert.match(first.output(), /test world loaded/);
      const ready = await fetch(`${first.base}/health/ready`);
      assert.equal(ready.status, 200);
      const org = await fetch(`${first.base}/api/v1/organizations/310000116`);
      assert.equal(org.status, 200);
      assert.equal(((await org.json()) as { name: string }).name, 'Fjordlys Regnskap AS');
      const created = await fetch(`${first.base}/api/v1/testenv/organizations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Etter Omstart AS' }),
      });
      assert.equal(created.status, 201);
      const { orgno } = (await created.json()) as { orgno: string };
      // A service owner deploys through the REST API with its agency system's key (demo world).
      const deployed = await promisify(execFile)(process.execPath, [join(root, 'bin/tinn.js'), 'services', 'deploy', 'testdata/services/ttd-5001-mva', '--url', first.base, '--api-key', 'tinn_so_demo_ttd_arkiv_0123456789abcdef'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TINN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tinn-unused-')) },
      });
      assert.match(deployed.stdout, /5001 edition 1 unchanged \(production/);
      assert.equal(await stop(first.child), 0);

      const second = await start(dataDir);
      try {
        assert.doesNotMatch(second.output(), /test world loaded/, 'the world loads on the first start only');
        const again = await fetch(`${second.base}/api/v1/organizations/${orgno}`);
        assert.equal(again.status, 200);
      } finally {
        assert.equal(await stop(second.child), 0);
      }
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
  });
});
