import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tinn } from './support/cli.ts';

describe('tinn command', () => {
  it('prints every configuration problem and exits 1', async () => {
    const r = await tinn(['start'], { TINN_HTTP_PORT: 'x', TINN_ROLES: 'cook', DATABASE_URL: 'ftp://a:topsecret@b/c' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Invalid configuration/);
    assert.match(r.stderr, /TINN_HTTP_PORT/);
    assert.match(r.stderr, /TINN_ROLES/);
    assert.match(r.stderr, /DATABASE_URL/);
    assert.ok(!r.stderr.includes('topsecret'));
  });

  it('refuses unknown commands and flags with usage', async () => {
    const r = await tinn(['launch']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: tinn/);
    const f = await tinn(['start', '--turbo']);
    assert.equal(f.code, 2);
  });

  it('migrates an empty embedded database, then finds nothing to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinn-cli-'));
    const first = await tinn(['migrate'], { TINN_DATA_DIR: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Applied \d+ migration\(s\)/);
    const second = await tinn(['migrate'], { TINN_DATA_DIR: dir });
    assert.equal(second.code, 0);
    assert.match(second.stdout, /up to date/);
  });

  it('loads a world file, and reports an invalid one with every problem and exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinn-cli-'));
    const ok = await tinn(['world', 'load', 'testdata/world.yaml'], { TINN_DATA_DIR: dir });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Loaded testdata\/world\.yaml: \d+ person\(s\) created/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\npersons:\n  - { ssn: "1", firstName: A, lastName: B }\n  - { firstName: C }\n');
    const r = await tinn(['world', 'load', bad], { TINN_DATA_DIR: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /TEST-00001/);
    assert.match(r.stderr, /world\/persons\/1\/ssn/);
  });

  it('adds an agency system with a generated password and key, lists it, and refuses a bad allow-list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinn-cli-'));
    assert.equal((await tinn(['world', 'load', 'testdata/world.yaml'], { TINN_DATA_DIR: dir })).code, 0);
    const added = await tinn(['serviceowner', 'add-system', 'TTD', 'TTD_SAK', '--allow', '10.0.0.0/8', '--allow', '192.0.2.7', '--api-key'], { TINN_DATA_DIR: dir });
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added agency system TTD_SAK\tTTD 310000108 /);
    assert.match(added.stdout, /allow 10\.0\.0\.0\/8, 192\.0\.2\.7\/32/);
    assert.match(added.stdout, /Password \(shown once\): [A-Za-z0-9_-]{24}\n/);
    const key = /API key \(shown once\): (tinn_so_\S+)/.exec(added.stdout)![1]!;
    const list = await tinn(['serviceowner', 'list'], { TINN_DATA_DIR: dir });
    assert.match(list.stdout, /TTD_ARKIV\t/);
    assert.match(list.stdout, new RegExp(`TTD_SAK\t.*keys ${key.slice(0, 14)}…`));
    assert.ok(!list.stdout.includes(key), 'a key is shown once, never listed');
    const bad = await tinn(['serviceowner', 'add-system', 'TTD', 'TTD_X', '--allow', '10.0.0.0/99'], { TINN_DATA_DIR: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /PLAT-00019/);
    assert.equal((await tinn(['serviceowner', 'add-system', 'TTD'], { TINN_DATA_DIR: dir })).code, 2);
    const changed = await tinn(['serviceowner', 'password', 'TTD_SAK', '--password', 'Nytt-passord-2027'], { TINN_DATA_DIR: dir });
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /New password set for TTD_SAK	/);
    assert.ok(!changed.stdout.includes('Nytt-passord-2027'), 'the password is not echoed');
    assert.equal((await tinn(['serviceowner', 'password', 'TTD_SAK'], { TINN_DATA_DIR: dir })).code, 2);
  });
});
