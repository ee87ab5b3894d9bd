// The broker over SFTP, Altinn II's batch channel: an enterprise user puts a ZIP (manifest.xml,
// recipients.xml, payload) in its outbox and reads the receipt; the recipients' enterprise users find the
// file in their inbox without recipients.xml, fetch it and remove it to confirm; the transfer expires.
// Bad archives get a failed receipt with the problem code and nothing is published; paths outside the
// account's tree lead nowhere. Also OpenSSH's own sftp client, which must finish its batch (stack-notes §5).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import { createLogger, generateEd25519KeyPair, readZipDirectory, SettableClock } from '../../src/platform/index.ts';
import { startSftpServer } from '../../src/roles/sftp/start-sftp.ts';
import { allowOnBrokerService } from '../support/broker.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';
import { writeZip } from '../support/zip.ts';

const KARI = '14837501777'; // DAGL of Fjordlys
const SIGRID = '09857904610'; // DAGL of Nordlys Bygg
const TORE = '24927105906'; // DAGL of Havbris Fisk
const FJORDLYS = '310000116';
const NORDLYS = '310000124';
const HAVBRIS = '310000132';

type Sftp = ssh2.SFTPWrapper;

/** An SFTP session as `userName` with a private key or a password. */
async function connect(port: number, userName: string, auth: { privateKey: string } | { password: string }): Promise<{ sftp: Sftp; end(): void }> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve()).once('error', reject);
    client.connect({ host: '127.0.0.1', port, username: userName, ...auth, readyTimeout: 10_000 });
  });
  const sftp = await new Promise<Sftp>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
  return { sftp, end: () => client.end() };
}

const call = <T>(f: (cb: (err: Error | null | undefined, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value as T))));
const names = async (s: Sftp, path: string) => (await call<ssh2.FileEntry[]>((cb) => s.readdir(path, cb))).map((e) => e.filename).sort();
const readText = async (s: Sftp, path: string) => (await call<Buffer>((cb) => s.readFile(path, cb))).toString('utf8');
const put = (s: Sftp, local: string, remote: string) => call<void>((cb) => s.fastPut(local, remote, cb));

const manifest = (sendersReference: string, reportee = FJORDLYS) => `<?xml version="1.0" encoding="utf-8"?>
<BrokerServiceManifest xmlns="http://schema.altinn.no/services/ServiceEngine/Broker/2015/06">
  <ExternalServiceCode>5003</ExternalServiceCode>
  <ExternalServiceEditionCode>1</ExternalServiceEditionCode>
  <SendersReference>${sendersReference}</SendersReference>
  <Reportee>${reportee}</Reportee>
  <PropertyList><Property><PropertyKey>period</PropertyKey><PropertyValue>2026-10</PropertyValue></Property></PropertyList>
</BrokerServiceManifest>`;
const recipients = (...numbers: string[]) =>
  `<BrokerServiceRecipientList xmlns="http://schema.altinn.no/services/ServiceEngine/Broker/2015/06">${numbers.map((n) => `<Recipient><PartyNumber>${n}</PartyNumber></Recipient>`).join('')}</BrokerServiceRecipientList>`;

describe('broker over SFTP', () => {
  let t: TestTinn;
  let sftpServer: { port: number; close(): Promise<void> };
  const clock = new SettableClock(new Date('2026-11-25T08:00:00Z'));
  const dir = mkdtempSync(join(tmpdir(), 'tinn-sftp-test-'));
  const tokens = new Map<string, string>();
  const keys = new Map<string, { private: string; public: string }>();

  const as = async (ssn: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    if (!tokens.has(ssn)) tokens.set(ssn, (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken);
    return t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens.get(ssn)}` }, ...(payload ? { payload } : {}) });
  };
  /** An enterprise user of the organisation with the role the broker service asks for, and an SSH key. */
  const enterpriseUser = async (admin: string, orgno: string, userName: string) => {
    assert.equal((await as(admin, 'POST', `/api/v1/reportees/${orgno}/enterprise-users`, { userName })).statusCode, 201);
    assert.equal((await as(admin, 'POST', `/api/v1/reportees/${orgno}/delegations`, { roleCode: 'UTINN', to: { userName } })).statusCode, 201);
    const pair = generateEd25519KeyPair(userName);
    const added = await as(admin, 'POST', `/api/v1/reportees/${orgno}/enterprise-users/${userName}/ssh-keys`, { publicKey: pair.public });
    assert.equal(added.statusCode, 201, added.body);
    keys.set(userName, pair);
  };
  const session = (userName: string) => connect(sftpServer.port, userName, { privateKey: keys.get(userName)!.private });

  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
    await allowOnBrokerService(t.app, [FJORDLYS], [NORDLYS, HAVBRIS]);
    await enterpriseUser(KARI, FJORDLYS, 'fjordlys-sftp');
    await enterpriseUser(SIGRID, NORDLYS, 'nordlys-sftp');
    await enterpriseUser(TORE, HAVBRIS, 'havbris-sftp');
    sftpServer = await startSftpServer(t.tinn, { host: '127.0.0.1', port: 0, hostKeyFile: join(dir, 'host_key'), workDir: join(dir, 'work') }, createLogger('silent'));
  });
  after(async () => {
    await sftpServer.close();
    await t.close();
  });

  it('publishes a ZIP put in the outbox to both recipients, without recipients.xml, and takes their confirmations', async () => {
    const archive = writeZip(join(dir, 'lonn-2026-10.zip'), { 'manifest.xml': manifest('lonn-2026-10'), 'recipients.xml': recipients(NORDLYS, HAVBRIS), 'lonn/ansatte.csv': 'nr;navn\n1;Ola\n'.repeat(2000) });
    const sender = await session('fjordlys-sftp');
    assert.deepEqual(await names(sender.sftp, '/'), ['broker']);
    assert.deepEqual(await names(sender.sftp, '/broker'), ['inbox', 'outbox']);
    await put(sender.sftp, archive, '/broker/outbox/lonn-2026-10.zip');
    assert.deepEqual(await names(sender.sftp, '/broker/outbox'), ['lonn-2026-10.zip.receipt.xml'], 'the receipt is there when put returns');
    const receipt = await readText(sender.sftp, '/broker/outbox/lonn-2026-10.zip.receipt.xml');
    assert.match(receipt, /<Result>OK<\/Result>/);
    const fileReference = /<FileReference>([0-9a-f-]{36})<\/FileReference>/.exec(receipt)![1]!;
    await call<void>((cb) => sender.sftp.unlink('/broker/outbox/lonn-2026-10.zip.receipt.xml', cb));
    assert.deepEqual(await names(sender.sftp, '/broker/outbox'), [], 'a receipt read is removed');
    sender.end();

    for (const [userName, confirm] of [['nordlys-sftp', true], ['havbris-sftp', false]] as const) {
      const recipient = await session(userName);
      const inbox = await names(recipient.sftp, '/broker/inbox');
      assert.deepEqual(inbox, [`${fileReference}_lonn-2026-10.zip`]);
      const local = join(dir, `${userName}.zip`);
      await call<void>((cb) => recipient.sftp.fastGet(`/broker/inbox/${inbox[0]}`, local, cb));
      const fetched = await readZipDirectory(local);
      assert.deepEqual(fetched.entries.map((e) => e.name), ['manifest.xml', 'lonn/ansatte.csv'], 'recipients do not see each other');
      if (confirm) {
        await call<void>((cb) => recipient.sftp.unlink(`/broker/inbox/${inbox[0]}`, cb));
        assert.deepEqual(await names(recipient.sftp, '/broker/inbox'), [], 'a confirmed file leaves the inbox');
      }
      recipient.end();
    }
    const seen = (await as(KARI, 'GET', `/api/v1/broker/files/${fileReference}`)).json();
    assert.equal(seen.sendersReference, 'lonn-2026-10');
    assert.deepEqual(seen.properties, { period: '2026-10' });
    assert.deepEqual(seen.recipients.map((r: { reporteeNumber: string; status: string }) => `${r.reporteeNumber}:${r.status}`), [`${NORDLYS}:Downloaded`, `${HAVBRIS}:Published`]);

    // After the retention, the unconfirmed copy is gone from the inbox too.
    clock.advance(31 * 86_400_000);
    tokens.clear();
    await t.tinn.broker.expireFiles();
    const late = await session('havbris-sftp');
    assert.deepEqual(await names(late.sftp, '/broker/inbox'), []);
    late.end();
    clock.advance(-31 * 86_400_000);
    tokens.clear();
  });

  it('answers a bad archive with a failed receipt naming the problem, and publishes nothing', async () => {
    const sender = await session('fjordlys-sftp');
    const cases: [string, string, RegExp][] = [
      ['no-manifest.zip', writeZip(join(dir, 'no-manifest.zip'), { 'recipients.xml': recipients(NORDLYS), 'data.txt': 'x' }), /<Code>BRK-00017<\/Code>[\s\S]*the archive has no manifest.xml/],
      ['slip.zip', writeZip(join(dir, 'slip.zip'), { 'manifest.xml': manifest('slip'), 'recipients.xml': recipients(NORDLYS), '../../etc/cron.d/evil': 'x' }), /<Code>BRK-00017<\/Code>[\s\S]*rule="unsafeName"/],
      ['unknown.zip', writeZip(join(dir, 'unknown.zip'), { 'manifest.xml': manifest('unknown'), 'recipients.xml': recipients('999999999') }), /<Code>BRK-00004<\/Code>[\s\S]*path="recipients\/0" rule="unknown"/],
      ['bad-xml.zip', writeZip(join(dir, 'bad-xml.zip'), { 'manifest.xml': '<BrokerServiceManifest><oops>', 'recipients.xml': recipients(NORDLYS) }), /<Code>BRK-00017<\/Code>[\s\S]*not well-formed/],
    ];
    const text = join(dir, 'not-a-zip.zip');
    writeFileSync(text, 'plain text '.repeat(10));
    cases.push(['not-a-zip.zip', text, /<Code>BRK-00017<\/Code>[\s\S]*rule="notZip"/]);
    const before = (await as(KARI, 'GET', `/api/v1/broker/files?reportee=${FJORDLYS}`)).json().files.length;
    for (const [name, local, expected] of cases) {
      await put(sender.sftp, local, `/broker/outbox/${name}`);
      const receipt = await readText(sender.sftp, `/broker/outbox/${name}.receipt.xml`);
      assert.match(receipt, /<Result>Failed<\/Result>/, name);
      assert.match(receipt, expected, name);
    }
    assert.equal((await as(KARI, 'GET', `/api/v1/broker/files?reportee=${FJORDLYS}`)).json().files.length, before, 'nothing initiated');
    sender.end();
  });

  it('keeps every account inside its own tree', async () => {
    const s = await session('fjordlys-sftp');
    const archive = writeZip(join(dir, 'escape.zip'), { 'manifest.xml': manifest('escape'), 'recipients.xml': recipients(NORDLYS) });
    for (const target of ['../../etc/tinn-escape.zip', '/broker/inbox/x.zip', '/tinn-escape.zip', '/broker/outbox/../../tmp/x.zip', '/broker/outbox/x.zip.receipt.xml']) {
      await assert.rejects(put(s.sftp, archive, target), /put in \/broker\/outbox/, target);
    }
    assert.deepEqual(await names(s.sftp, '/../../..'), ['broker'], '.. stops at the top of the tree');
    await assert.rejects(call((cb) => s.sftp.readdir('/etc', cb)), /No such file/);
    await assert.rejects(call((cb) => s.sftp.mkdir('/broker/mine', cb)), /fixed/);
    await assert.rejects(call((cb) => s.sftp.readFile(`/broker/inbox/00000000-0000-4000-8000-000000000000_x.zip`, cb)), /No such file/);
    s.end();
    // A data system logs in with its SystemID and password; a wrong one and an enterprise user's password are refused.
    const system = await connect(sftpServer.port, '10001', { password: 'Fjordlys2026' });
    assert.deepEqual(await names(system.sftp, '/broker'), ['inbox', 'outbox']);
    system.end();
    await assert.rejects(connect(sftpServer.port, '10001', { password: 'wrong-password-1' }), /authentication/i);
    await assert.rejects(connect(sftpServer.port, 'nordlys-sftp', { password: 'anything-at-all-1' }), /authentication/i);
    await assert.rejects(connect(sftpServer.port, 'nordlys-sftp', { privateKey: keys.get('havbris-sftp')!.private }), /authentication/i, "another user's key");
  });

  it("serves OpenSSH's sftp client with AES (not ChaCha20), and lets its batch finish", async () => {
    const key = join(dir, 'openssh_key');
    writeFileSync(key, keys.get('fjordlys-sftp')!.private);
    chmodSync(key, 0o600);
    const archive = writeZip(join(dir, 'openssh.zip'), { 'manifest.xml': manifest('openssh'), 'recipients.xml': recipients(NORDLYS), 'a.txt': 'a' });
    const batch = join(dir, 'batch');
    writeFileSync(batch, `put ${archive} /broker/outbox/openssh.zip\nget /broker/outbox/openssh.zip.receipt.xml ${join(dir, 'openssh-receipt.xml')}\n`);
    // Asynchronously: the server runs in this process and must keep answering while the client works.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        'sftp',
        ['-v', '-b', batch, '-i', key, '-P', String(sftpServer.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', 'fjordlys-sftp@127.0.0.1'],
        { encoding: 'utf8', timeout: 30_000 },
        (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
      );
      child.stdin?.end();
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /client->server cipher: aes(128|192|256)-(ctr|gcm@openssh\.com)/);
    assert.match(readFileSync(join(dir, 'openssh-receipt.xml'), 'utf8'), /<Result>OK<\/Result>/);
  });
});
