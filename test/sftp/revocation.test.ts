// An SFTP session is authenticated once, at connect, but its login is confirmed against the database again
// (at most LOGIN_CONFIRM_TTL_MS apart, by the Tinn clock): once its SSH key is deleted, its password set, or
// its data system, enterprise user or agency system deleted, the next request is answered PERMISSION_DENIED
// with AUTN-00036 and the connection ends, whichever process made the change. An upload under way is not
// processed when it is closed after that. A session whose account is unchanged goes on working.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import { createLogger, generateEd25519KeyPair, SettableClock, type SystemActor } from '../../src/platform/index.ts';
import { LOGIN_CONFIRM_TTL_MS, startSftpServer } from '../../src/roles/sftp/start-sftp.ts';
import { buildTestTinn, composeSecondTinn, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys
const FJORDLYS = '310000116';
const PERMISSION_DENIED = ssh2.utils.sftp.STATUS_CODE.PERMISSION_DENIED;

type Sftp = ssh2.SFTPWrapper;
interface Session {
  sftp: Sftp;
  /** Settles when the server has ended the connection. */
  closed: Promise<void>;
  end(): void;
}

async function connect(port: number, userName: string, auth: { privateKey: string } | { password: string }): Promise<Session> {
  const client = new ssh2.Client();
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  client.on('error', () => undefined); // the server ending the connection is what some tests wait for
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve()).once('error', reject);
    client.connect({ host: '127.0.0.1', port, username: userName, ...auth, readyTimeout: 10_000 });
  });
  const sftp = await new Promise<Sftp>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
  return { sftp, closed, end: () => client.end() };
}

const call = <T>(f: (cb: (err: Error | null | undefined, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value as T))));
const names = async (s: Sftp, path: string) => (await call<ssh2.FileEntry[]>((cb) => s.readdir(path, cb))).map((e) => e.filename).sort();
/** What a revoked session's next request gets. */
const revoked = (err: unknown) => (err as { code?: number }).code === PERMISSION_DENIED && /AUTN-00036/.test((err as Error).message);

/** Settles with the promise, or fails after `ms`: a connection the server should have ended must not hang the test. */
const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);

describe('SFTP sessions whose login is revoked', () => {
  let t: TestTinn;
  let sftpServer: { port: number; close(): Promise<void> };
  let fjordlysPartyId: number;
  let systemTypeId: number;
  let token: string;
  const clock = new SettableClock(new Date('2026-11-26T08:00:00Z'));
  const dir = mkdtempSync(join(tmpdir(), 'tinn-sftp-revocation-'));
  const workDir = join(dir, 'work');

  const asKari = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? undefined : res.json();
  };
  /** A new data system of Fjordlys with this password. */
  const newSystem = async (password: string): Promise<number> => (await asKari('POST', `/api/v1/reportees/${FJORDLYS}/systems`, { systemTypeId, description: 'SFTP', password })).systemId;
  /** Adds a new key to the data system; the pair and the key's id. */
  const newKey = async (systemId: number) => {
    const pair = generateEd25519KeyPair('revocation@test');
    const { keyId } = await asKari('POST', `/api/v1/reportees/${FJORDLYS}/systems/${systemId}/ssh-keys`, { publicKey: pair.public });
    return { ...pair, keyId: keyId as string };
  };
  const logouts = async (match: Record<string, unknown>) =>
    (await t.tinn.authn.uncheckedListAuditEvents(fjordlysPartyId)).filter((e) => e.event === 'sftp.logout' && Object.entries(match).every(([k, v]) => e.detail[k] === v)).map((e) => e.detail);
  /** Past the bound within which a confirmed login is not asked again. */
  const pastTheBound = () => clock.advance(LOGIN_CONFIRM_TTL_MS + 1);

  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
    fjordlysPartyId = (await t.tinn.register.getOrganization(FJORDLYS)).organization.partyId;
    systemTypeId = (await t.tinn.systems.listSystemTypes({ vendorOrgno: '310000191' })).find((type) => type.name === 'Prisolve')!.systemTypeId;
    token = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: KARI, securityLevel: 2 } })).json().accessToken;
    sftpServer = await startSftpServer(t.tinn, { host: '127.0.0.1', port: 0, hostKeyFile: join(dir, 'host_key'), workDir }, createLogger('silent'));
  });
  after(async () => {
    await sftpServer.close();
    await t.close();
  });

  it("ends a data system's key session once the key is deleted through the REST API, and audits why", async () => {
    const systemId = await newSystem('Nokkel123');
    const key = await newKey(systemId);
    const s = await connect(sftpServer.port, String(systemId), { privateKey: key.private });
    assert.deepEqual(await names(s.sftp, '/broker'), ['inbox', 'outbox']);
    assert.deepEqual(await names(s.sftp, '/broker/outbox'), []);

    await asKari('DELETE', `/api/v1/reportees/${FJORDLYS}/systems/${systemId}/ssh-keys/${key.keyId}`);
    pastTheBound();
    await assert.rejects(call((cb) => s.sftp.readdir('/broker/outbox', cb)), revoked);
    await within(s.closed, 5000, 'the server ends the connection');
    assert.deepEqual(await logouts({ systemId }), [{ account: 'dataSystem', systemId, method: 'sshkey', ip: '127.0.0.1', reason: 'ssh key removed' }]);
    await assert.rejects(connect(sftpServer.port, String(systemId), { privateKey: key.private }), /authentication/i, 'nor can it log in again');
  });

  it("ends a data system's password session once its password is changed, even to the same password", async () => {
    const systemId = await newSystem('Passord123');
    const s = await connect(sftpServer.port, String(systemId), { password: 'Passord123' });
    assert.deepEqual(await names(s.sftp, '/broker/outbox'), []);

    await asKari('PATCH', `/api/v1/reportees/${FJORDLYS}/systems/${systemId}`, { password: 'Passord123' });
    pastTheBound();
    await assert.rejects(call((cb) => s.sftp.stat('/broker/outbox', cb)), revoked);
    await within(s.closed, 5000, 'the server ends the connection');
    assert.deepEqual(await logouts({ systemId }), [{ account: 'dataSystem', systemId, method: 'pwd', ip: '127.0.0.1', reason: 'password changed' }]);
    const again = await connect(sftpServer.port, String(systemId), { password: 'Passord123' });
    assert.deepEqual(await names(again.sftp, '/broker'), ['inbox', 'outbox'], 'a new login with the password works');
    again.end();
  });

  it('ends a session once its data system is deleted', async () => {
    const systemId = await newSystem('Slettes123');
    const s = await connect(sftpServer.port, String(systemId), { password: 'Slettes123' });
    assert.deepEqual(await names(s.sftp, '/broker'), ['inbox', 'outbox']);
    await asKari('DELETE', `/api/v1/reportees/${FJORDLYS}/systems/${systemId}`);
    pastTheBound();
    await assert.rejects(call((cb) => s.sftp.readdir('/broker', cb)), revoked);
    await within(s.closed, 5000, 'the server ends the connection');
    assert.deepEqual((await logouts({ systemId })).map((d) => d.reason), ['account deleted']);
  });

  it("ends an enterprise user's session once the user is deleted", async () => {
    await asKari('POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: 'fjordlys-revoked' });
    const pair = generateEd25519KeyPair('fjordlys-revoked');
    await asKari('POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users/fjordlys-revoked/ssh-keys`, { publicKey: pair.public });
    const s = await connect(sftpServer.port, 'fjordlys-revoked', { privateKey: pair.private });
    assert.deepEqual(await names(s.sftp, '/broker'), ['inbox', 'outbox']);
    await asKari('DELETE', `/api/v1/reportees/${FJORDLYS}/enterprise-users/fjordlys-revoked`);
    pastTheBound();
    await assert.rejects(call((cb) => s.sftp.open('/broker/outbox/x.zip', 'w', cb)), revoked);
    await within(s.closed, 5000, 'the server ends the connection');
    assert.deepEqual(await logouts({ userName: 'fjordlys-revoked' }), [{ account: 'enterpriseUser', userName: 'fjordlys-revoked', method: 'sshkey', ip: '127.0.0.1', reason: 'account deleted' }]);
  });

  it("ends an agency system's password session once the operator sets its password", async () => {
    const s = await connect(sftpServer.port, 'TTD_ARKIV', { password: 'Ttd-arkiv-2026' });
    assert.deepEqual(await names(s.sftp, '/batch'), ['inbound', 'outbound']);
    await t.tinn.systems.uncheckedUpdateServiceOwnerSystem('TTD_ARKIV', { password: 'Ttd-arkiv-2027' });
    pastTheBound();
    await assert.rejects(call((cb) => s.sftp.readdir('/batch/outbound', cb)), revoked);
    await within(s.closed, 5000, 'the server ends the connection');
    const ttd = await t.tinn.register.getServiceOwner('TTD');
    const events = (await t.tinn.authn.uncheckedListAuditEvents(ttd.partyId)).filter((e) => e.event === 'sftp.logout');
    assert.deepEqual(events.map((e) => e.detail), [{ account: 'serviceOwnerSystem', systemName: 'TTD_ARKIV', method: 'pwd', ip: '127.0.0.1', reason: 'password changed' }]);
  });

  it('does not process an upload closed after its key was deleted, even within the bound, and leaves no file behind', async () => {
    const systemId = await newSystem('Opplast123');
    const key = await newKey(systemId);
    const actor: SystemActor = { kind: 'system', systemId, ownerPartyId: fjordlysPartyId, user: null, securityLevel: 0, methods: ['sshkey'] };
    const s = await connect(sftpServer.port, String(systemId), { privateKey: key.private });
    const handle = await call<Buffer>((cb) => s.sftp.open('/broker/outbox/halvveis.zip', 'w', cb));
    const data = Buffer.from('not yet a whole archive '.repeat(100));
    await call<void>((cb) => s.sftp.write(handle, data, 0, data.length, 0, (err) => cb(err)));
    assert.equal(readdirSync(workDir).length, 1, 'the upload waits in the work directory');

    await asKari('DELETE', `/api/v1/reportees/${FJORDLYS}/systems/${systemId}/ssh-keys/${key.keyId}`);
    await assert.rejects(call<void>((cb) => s.sftp.close(handle, (err) => cb(err))), revoked, 'the close asks the database, not the last check');
    await within(s.closed, 5000, 'the server ends the connection');
    assert.deepEqual(await t.tinn.broker.listShipmentReceipts(actor), [], 'nothing was handed to the broker: no receipt');
    assert.deepEqual(readdirSync(workDir), [], 'the temporary file is gone');
  });

  it('keeps a session whose account is unchanged working past the bound, beside one that is ended', async () => {
    const systemId = await newSystem('Beholdes123');
    const kept = await newKey(systemId);
    const dropped = await newKey(systemId);
    const keep = await connect(sftpServer.port, String(systemId), { privateKey: kept.private });
    const drop = await connect(sftpServer.port, String(systemId), { privateKey: dropped.private });
    const password = await connect(sftpServer.port, String(systemId), { password: 'Beholdes123' });
    await asKari('DELETE', `/api/v1/reportees/${FJORDLYS}/systems/${systemId}/ssh-keys/${dropped.keyId}`);
    await asKari('PATCH', `/api/v1/reportees/${FJORDLYS}/systems/${systemId}`, { description: 'SFTP, renamed' });
    for (let i = 0; i < 3; i++) {
      pastTheBound();
      assert.deepEqual(await names(keep.sftp, '/broker/outbox'), [], `round ${i}`);
      assert.deepEqual(await names(password.sftp, '/broker/outbox'), [], `round ${i}: a new description is no new password`);
    }
    await assert.rejects(call((cb) => drop.sftp.readdir('/broker/outbox', cb)), revoked);
    await within(drop.closed, 5000, 'the server ends that connection');
    assert.deepEqual(await names(keep.sftp, '/broker'), ['inbox', 'outbox'], 'the other key goes on');
    assert.deepEqual((await logouts({ systemId })).map((d) => d.reason), ['ssh key removed'], 'one record, for the ended session');
    keep.end();
    password.end();
  });

  it('ends a session once another process deletes its key (PostgreSQL)', async (c) => {
    if (t.db.kind !== 'postgres') return c.skip('one process only on the embedded database');
    const systemId = await newSystem('Prosess123');
    const key = await newKey(systemId);
    const s = await connect(sftpServer.port, String(systemId), { privateKey: key.private });
    assert.deepEqual(await names(s.sftp, '/broker/outbox'), []);
    const other = await composeSecondTinn(t);
    try {
      const kari = { kind: 'person' as const, partyId: (await other.tinn.register.uncheckedGetPersonBySsn(KARI)).partyId, securityLevel: 2 as const, methods: ['test' as const], sessionId: null };
      await other.tinn.systems.deleteDataSystemSshKey(kari, FJORDLYS, systemId, key.keyId);
    } finally {
      await other.close();
    }
    pastTheBound();
    await assert.rejects(call((cb) => s.sftp.readdir('/broker/outbox', cb)), revoked);
    await within(s.closed, 5000, 'the server ends the connection');
  });
});
