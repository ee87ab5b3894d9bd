import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ssh2 from 'ssh2';
import { loadHostKey } from './start-sftp.ts';

describe('the SFTP host key', () => {
  it('is made once (0600, ed25519), then the same key every start, with nothing left beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinn-host-key-'));
    const file = join(dir, 'keys', 'sftp_host_ed25519');
    const first = loadHostKey(file);
    const parsed = ssh2.utils.parseKey(first);
    assert.ok(!(parsed instanceof Error) && parsed.type === 'ssh-ed25519');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(loadHostKey(file), first);
    assert.deepEqual(readdirSync(join(dir, 'keys')), ['sftp_host_ed25519']);
  });
});
