import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import { generateEd25519KeyPair, parsePublicKey } from '../../src/platform/index.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap AS (310000116) in the demo world
const SIGRID = '09857904610'; // DAGL of Nordlys Bygg AS (310000124), a client of Fjordlys
const FJORDLYS = '310000116';
const NORDLYS = '310000124';
const SYSTEM = 10001; // Fjordlys' data system in the demo world

const newKey = (comment = 'lonn@fjordlys') => generateEd25519KeyPair(comment).public;

describe('SSH keys of data systems and enterprise users (REST)', () => {
  let t: TestTinn;
  const tokens = new Map<string, string>();
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const as = async (ssn: string | undefined, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, level = 2) => {
    let token = ssn ? tokens.get(`${ssn}:${level}`) : undefined;
    if (ssn && !token) {
      token = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: level } })).json().accessToken as string;
      tokens.set(`${ssn}:${level}`, token);
    }
    return t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: token ? { authorization: `Bearer ${token}` } : {} });
  };
  const code = (res: { json(): { code: string } }) => res.json().code;

  it("adds, lists and deletes a data system's keys for the reportee's administrator, audited, and the login side finds the key", async () => {
    const url = `/api/v1/reportees/${FJORDLYS}/systems/${SYSTEM}/ssh-keys`;
    const text = newKey();
    const parsed = parsePublicKey(text);
    const added = await as(KARI, 'POST', url, { publicKey: `${text}\n` });
    assert.equal(added.statusCode, 201, added.body);
    const key = added.json();
    assert.deepEqual(Object.keys(key).sort(), ['algorithm', 'comment', 'createdAt', 'fingerprint', 'keyId']);
    assert.equal(key.algorithm, 'ssh-ed25519');
    assert.equal(key.fingerprint, parsed.fingerprint);
    assert.equal(key.comment, 'lonn@fjordlys');

    const listed = await as(KARI, 'GET', url);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.json().sshKeys, [key]);

    const found = await t.tinn.systems.uncheckedFindSshKeyHolder(String(SYSTEM), parsed.blob);
    assert.deepEqual(found, { kind: 'dataSystem', systemId: SYSTEM, keyId: key.keyId, publicKey: parsed.text });
    assert.equal(await t.tinn.systems.uncheckedFindSshKeyHolder(String(SYSTEM), parsePublicKey(newKey()).blob), undefined, 'another key is not found');
    assert.equal(await t.tinn.systems.uncheckedFindSshKeyHolder('10002', parsed.blob), undefined, 'nor is the key under another account');

    const deleted = await as(KARI, 'DELETE', `${url}/${key.keyId}`);
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.deepEqual((await as(KARI, 'GET', url)).json().sshKeys, []);
    assert.equal(await t.tinn.systems.uncheckedFindSshKeyHolder(String(SYSTEM), parsed.blob), undefined, 'a deleted key logs in no more');
    assert.equal(code(await as(KARI, 'DELETE', `${url}/${key.keyId}`)), 'SYS-00020');

    const owner = (await t.tinn.register.getOrganization(FJORDLYS)).organization.partyId;
    const events = (await t.tinn.authn.uncheckedListAuditEvents(owner)).filter((e) => e.detail.keyId === key.keyId);
    assert.deepEqual(events.map((e) => e.event), ['system.ssh-key.add', 'system.ssh-key.delete']);
    assert.equal(events[0]!.detail.fingerprint, parsed.fingerprint);
  });

  it('refuses bad key texts, the same key twice, an 11th key, level 1, other organisations and unknown systems, and writes nothing then', async () => {
    const url = `/api/v1/reportees/${FJORDLYS}/systems/${SYSTEM}/ssh-keys`;
    const first = newKey();
    const added = await as(KARI, 'POST', url, { publicKey: first });
    assert.equal(added.statusCode, 201, added.body);
    const rows = await countRows(t.db, 'systems.ssh_key');
    const rsa1024 = ssh2.utils.generateKeyPairSync('rsa', { bits: 1024 });
    for (const [publicKey, why] of [
      ['not a key', 'garbage'],
      [rsa1024.public, 'short RSA'],
      [rsa1024.private, 'a private key'],
      [`${newKey()}\n${newKey()}`, 'two keys'],
    ] as const) {
      const res = await as(KARI, 'POST', url, { publicKey });
      assert.equal(res.statusCode, 400, why);
      assert.equal(code(res), 'PLAT-00024', why);
    }
    const again = await as(KARI, 'POST', url, { publicKey: first.replace('lonn@fjordlys', 'other comment') });
    assert.equal(again.statusCode, 409);
    assert.equal(code(again), 'SYS-00019', 'the same key with another comment is the same key');
    assert.equal(code(await as(KARI, 'POST', url, { publicKey: newKey() }, 1)), 'PLAT-00018');
    assert.equal(code(await as(SIGRID, 'POST', url, { publicKey: newKey() })), 'SYS-00005', "another organisation's administrator");
    assert.equal(code(await as(SIGRID, 'GET', url)), 'SYS-00005');
    assert.equal(code(await as(SIGRID, 'GET', `/api/v1/reportees/${NORDLYS}/systems/${SYSTEM}/ssh-keys`)), 'SYS-00006', "through its own organisation the system is not found");
    assert.equal(code(await as(SIGRID, 'POST', `/api/v1/reportees/${NORDLYS}/systems/${SYSTEM}/ssh-keys`, { publicKey: newKey() })), 'SYS-00006');
    assert.equal(code(await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/systems/999999/ssh-keys`, { publicKey: newKey() })), 'SYS-00006');
    assert.equal(code(await as(undefined, 'GET', url)), 'PLAT-00013');
    assert.equal((await as(KARI, 'DELETE', `${url}/not-a-uuid`)).statusCode, 400);
    assert.equal(await countRows(t.db, 'systems.ssh_key'), rows, 'nothing was written');

    for (let i = 1; i < 10; i++) assert.equal((await as(KARI, 'POST', url, { publicKey: newKey(`key ${i}`) })).statusCode, 201);
    assert.equal((await as(KARI, 'GET', url)).json().sshKeys.length, 10);
    const eleventh = await as(KARI, 'POST', url, { publicKey: newKey() });
    assert.equal(eleventh.statusCode, 409);
    assert.equal(code(eleventh), 'SYS-00018');
    for (const k of (await as(KARI, 'GET', url)).json().sshKeys) assert.equal((await as(KARI, 'DELETE', `${url}/${k.keyId}`)).statusCode, 204);
  });

  it("deleting a data system deletes its keys in the same step", async () => {
    const types = (await t.app.inject({ method: 'GET', url: '/api/v1/system-types?vendor=310000191' })).json().systemTypes;
    const prisolve = types.find((s: { name: string }) => s.name === 'Prisolve').systemTypeId;
    const system = (await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/systems`, { systemTypeId: prisolve, description: 'Med nøkler', password: 'Hemmelig7' })).json().systemId as number;
    const url = `/api/v1/reportees/${FJORDLYS}/systems/${system}/ssh-keys`;
    const text = newKey();
    assert.equal((await as(KARI, 'POST', url, { publicKey: text })).statusCode, 201);
    assert.equal((await as(KARI, 'POST', url, { publicKey: newKey() })).statusCode, 201);
    const rows = await countRows(t.db, 'systems.ssh_key');
    assert.equal((await as(KARI, 'DELETE', `/api/v1/reportees/${FJORDLYS}/systems/${system}`)).statusCode, 204);
    assert.equal(await countRows(t.db, 'systems.ssh_key'), rows - 2);
    assert.equal(await t.tinn.systems.uncheckedFindSshKeyHolder(String(system), parsePublicKey(text).blob), undefined);
    assert.equal(code(await as(KARI, 'GET', url)), 'SYS-00006');
  });

  it("adds, lists and deletes an enterprise user's keys; another organisation's administrator cannot; deleting the user deletes its keys", async () => {
    const created = await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: 'fjordlys-sftp' });
    assert.equal(created.statusCode, 201, created.body);
    const url = `/api/v1/reportees/${FJORDLYS}/enterprise-users/fjordlys-sftp/ssh-keys`;
    const text = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256, comment: 'batch@fjordlys' }).public;
    const added = await as(KARI, 'POST', url, { publicKey: text });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().algorithm, 'ecdsa-sha2-nistp256');
    assert.deepEqual((await as(KARI, 'GET', url)).json().sshKeys, [added.json()]);
    const blob = parsePublicKey(text).blob;
    const user = await t.tinn.register.uncheckedFindEnterpriseUser('fjordlys-sftp');
    assert.deepEqual(await t.tinn.systems.uncheckedFindSshKeyHolder('FJORDLYS-SFTP', blob), { kind: 'enterpriseUser', partyId: user!.partyId, keyId: added.json().keyId, publicKey: parsePublicKey(text).text }, 'names in any letter case');
    assert.equal(code(await as(KARI, 'POST', url, { publicKey: text })), 'SYS-00019');

    assert.equal(code(await as(SIGRID, 'POST', url, { publicKey: newKey() })), 'SYS-00005', "another organisation's administrator");
    assert.equal(code(await as(SIGRID, 'GET', `/api/v1/reportees/${NORDLYS}/enterprise-users/fjordlys-sftp/ssh-keys`)), 'SYS-00015');
    assert.equal(code(await as(SIGRID, 'DELETE', `/api/v1/reportees/${NORDLYS}/enterprise-users/fjordlys-sftp/ssh-keys/${added.json().keyId}`)), 'SYS-00015');
    assert.equal(code(await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users/nobody-here/ssh-keys`, { publicKey: newKey() })), 'SYS-00015');
    assert.equal(code(await as(KARI, 'POST', url, { publicKey: 'ssh-ed25519' })), 'PLAT-00024');
    assert.equal(code(await as(KARI, 'DELETE', `${url}/${added.json().keyId}`, undefined, 1)), 'PLAT-00018');

    const second = (await as(KARI, 'POST', url, { publicKey: newKey() })).json();
    assert.equal((await as(KARI, 'DELETE', `${url}/${second.keyId}`)).statusCode, 204);
    assert.deepEqual((await as(KARI, 'GET', url)).json().sshKeys.map((k: { keyId: string }) => k.keyId), [added.json().keyId]);
    const events = (await t.tinn.authn.uncheckedListAuditEvents(user!.organization.partyId)).filter((e) => e.event.startsWith('enterprise-user.ssh-key'));
    assert.deepEqual(events.map((e) => [e.event, e.detail.keyId]), [['enterprise-user.ssh-key.add', added.json().keyId], ['enterprise-user.ssh-key.add', second.keyId], ['enterprise-user.ssh-key.delete', second.keyId]]);

    const rows = await countRows(t.db, 'systems.ssh_key');
    assert.equal((await as(KARI, 'DELETE', `/api/v1/reportees/${FJORDLYS}/enterprise-users/fjordlys-sftp`)).statusCode, 204);
    assert.equal(await countRows(t.db, 'systems.ssh_key'), rows - 1);
    assert.equal(await t.tinn.systems.uncheckedFindSshKeyHolder('fjordlys-sftp', blob), undefined);
  });

  it("refuses an enterprise user named like an agency system (SFTP names one account), and finds the agency system's keys by its name", async () => {
    const res = await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: 'ttd_arkiv' });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(code(res), 'SYS-00021');
    const text = newKey('arkiv@ttd');
    const added = await t.tinn.systems.uncheckedAddServiceOwnerSystemSshKey('TTD_ARKIV', text);
    assert.deepEqual(await t.tinn.systems.uncheckedFindSshKeyHolder('TTD_ARKIV', parsePublicKey(text).blob), { kind: 'serviceOwnerSystem', systemName: 'TTD_ARKIV', keyId: added.keyId, publicKey: parsePublicKey(text).text });
    assert.equal(await t.tinn.systems.uncheckedFindSshKeyHolder('ttd_arkiv', parsePublicKey(text).blob), undefined, 'agency system names are exact');
    await assert.rejects(t.tinn.systems.uncheckedAddServiceOwnerSystemSshKey('TTD_NOSUCH', newKey()), (e: { problem?: { code: string } }) => e.problem?.code === 'SYS-00012');
  });
});
