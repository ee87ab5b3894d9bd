import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ssh2 from 'ssh2';
import { isAppError } from './errors/errors.ts';
import { generateEd25519KeyPair, parsePublicKey, sshFingerprint, verifySshSignature } from './ssh-keys.ts';

const generate = ssh2.utils.generateKeyPairSync;
/** A fresh key pair of a kind (bits for ECDSA and RSA). */
const pairOf = (kind: 'ed25519' | 'ecdsa' | 'rsa', bits = 0, comment?: string) =>
  kind === 'ed25519' ? generateEd25519KeyPair(comment) : generate(kind, { bits, ...(comment ? { comment } : {}) });
// A DSA key made once with `ssh-keygen -t dsa` (Node and ssh2 no longer make them).
const DSA =
  'ssh-dss AAAAB3NzaC1kc3MAAACBAKZFi18KrbklAk8dFEcVXOU9Z+fw66xPg6DZ19ZwmMfKvRwxnSBWI/2tBbrVelXA4J+CisZEH1Ktpoq+KPJLRrI40XMiAtHekhDoqDn34FTdzFJsOR117E34GCZIwEup6aZn4ZkONSvRy0Qw1HKIQRQvwESFcaiO5vxVy3+qzDLDAAAAFQDdlPdBlGQz9fSWiQYFYBp7hbH8rQAAAIB0EKwfb2nWx2TP3EyAW/ebIrFr89x/UvGzpuYpfSTAKW5quWYRwvoJ9iYPwiiHXWWVMNBHbbAqJjVinSIfEIXTyny/1eOmTGzk2UCkXoZvdavs7fauT+Yd8IL8Rtq0kyjdvQyYze+cjXwZP3b7dUUhTW/ChcatLAZ8T0Z71ue93wAAAIEAi8soKq+nFH/4Un7igklCELyBjs3MdRC8O6WNagNkLbzXjUyRaXAB6UlcdPTDjKw04whrJfOqNThlol2vZR0xCmA0yypCbcozbzj6Hu88etAWUjRbLyrzkYn/jTvO+ccKZ+hwgdubqyRUvAmPr2GTITiUADTeiWE1gqHcyUf/aCM= root@vm';

const refused = (text: string, detail: RegExp) => {
  assert.throws(
    () => parsePublicKey(text),
    (e) => isAppError(e) && e.problem.code === 'PLAT-00024' && detail.test(e.detail ?? ''),
    `${text.slice(0, 40)} → ${detail}`,
  );
};

describe('SSH public keys', () => {
  it('parses Ed25519, ECDSA (P-256, P-384, P-521) and RSA 2048 keys into type, wire blob, fingerprint, comment and one normalised line', () => {
    for (const [kind, bits, algorithm] of [
      ['ed25519', 0, 'ssh-ed25519'],
      ['ecdsa', 256, 'ecdsa-sha2-nistp256'],
      ['ecdsa', 384, 'ecdsa-sha2-nistp384'],
      ['ecdsa', 521, 'ecdsa-sha2-nistp521'],
      ['rsa', 2048, 'ssh-rsa'],
    ] as const) {
      const pair = pairOf(kind, bits, 'lonn@fjordlys');
      const key = parsePublicKey(`  ${pair.public}\r\n`);
      const base64 = pair.public.split(' ')[1]!;
      assert.equal(key.algorithm, algorithm);
      assert.deepEqual(key.blob, Buffer.from(base64, 'base64'));
      assert.equal(key.comment, 'lonn@fjordlys');
      assert.equal(key.text, `${algorithm} ${base64} lonn@fjordlys`);
      assert.match(key.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
      assert.equal(key.fingerprint, sshFingerprint(key.blob));
    }
  });

  it('normalises spacing and comments: a missing comment is empty, inner spaces are one, control characters go', () => {
    const base64 = generateEd25519KeyPair().public.split(' ')[1]!;
    assert.equal(parsePublicKey(`ssh-ed25519 ${base64}`).text, `ssh-ed25519 ${base64}`);
    assert.equal(parsePublicKey(`ssh-ed25519 ${base64}`).comment, '');
    const spaced = parsePublicKey(`ssh-ed25519\t ${base64}   Lønn  system\u001b[2J`);
    assert.equal(spaced.comment, 'Lønn system[2J');
    assert.equal(spaced.text, `ssh-ed25519 ${base64} Lønn system[2J`);
  });

  it('prints the fingerprint ssh-keygen -l prints for the same key', () => {
    const pair = generateEd25519KeyPair('check@tinn');
    const dir = mkdtempSync(join(tmpdir(), 'tinn-ssh-'));
    try {
      writeFileSync(join(dir, 'key.pub'), `${pair.public}\n`);
      const printed = execFileSync('ssh-keygen', ['-lf', join(dir, 'key.pub')], { encoding: 'utf8' });
      assert.equal(printed.split(' ')[1], parsePublicKey(pair.public).fingerprint, printed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses private keys, DSA, short RSA, several keys, other types and formats, and texts over 16 KB with PLAT-00024', () => {
    const ed = generateEd25519KeyPair('a@b');
    const base64 = ed.public.split(' ')[1]!;
    refused(ed.private, /private key/);
    refused(pairOf('rsa', 2048).private, /private key/);
    refused(DSA, /DSA/);
    refused(pairOf('rsa', 1024).public, /1024 bits; at least 2048/);
    refused(`${ed.public}\n${generateEd25519KeyPair().public}`, /one key at a time/);
    refused('', /no key/);
    refused('   \n  ', /no key/);
    refused(`from="10.0.0.1" ${ed.public}`, /not accepted/);
    refused(`sk-ssh-ed25519@openssh.com ${base64}`, /not accepted/);
    refused(`ssh-ed25519-cert-v01@openssh.com ${base64}`, /not accepted/);
    refused('ssh-ed25519', /not base64/);
    refused('ssh-ed25519 not*base64', /not base64/);
    refused(`ssh-rsa ${base64}`, /not a valid ssh-rsa key/);
    refused(`ssh-ed25519 ${base64.slice(0, 40)}`, /not a valid ssh-ed25519 key/);
    refused(`ssh-ed25519 ${base64} ${'x'.repeat(16 * 1024)}`, /16 KB/);
    refused('---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----', /one key at a time/);
  });

  it('verifies signatures made with the private half, for each key type and RSA hash, and says false for anything else', () => {
    const data = Buffer.from('session id and user auth request');
    for (const [kind, bits, hashes] of [
      ['ed25519', 0, [undefined]],
      ['ecdsa', 256, [undefined]],
      ['rsa', 2048, ['sha256', 'sha512', 'sha1']],
    ] as const) {
      const pair = pairOf(kind, bits);
      const text = parsePublicKey(pair.public).text;
      const priv = ssh2.utils.parseKey(pair.private);
      assert.ok(!(priv instanceof Error));
      for (const hash of hashes) {
        const signature = priv.sign(data, hash);
        assert.equal(verifySshSignature(text, data, signature, hash), true, `${kind} ${hash}`);
        assert.equal(verifySshSignature(text, Buffer.from('other data'), signature, hash), false);
        assert.equal(verifySshSignature(parsePublicKey(pairOf(kind, bits).public).text, data, signature, hash), false, 'another key');
      }
    }
    assert.equal(verifySshSignature('not a key', data, Buffer.alloc(64), undefined), false);
    const ed = generateEd25519KeyPair();
    assert.equal(verifySshSignature(ed.public, data, Buffer.from('short'), undefined), false);
  });
});

describe('generateEd25519KeyPair', () => {
  it('makes only pairs whose public key is whole (ssh2 alone drops a leading zero byte about once in 256)', () => {
    for (let i = 0; i < 2000; i++) {
      const pair = generateEd25519KeyPair('test');
      assert.equal(parsePublicKey(pair.public).blob.length, 51, pair.public);
    }
  });
});
