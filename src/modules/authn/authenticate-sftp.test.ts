import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import { generateEd25519KeyPair, isAppError, parsePublicKey, SettableClock, verifySshSignature, type PersonActor } from '../../platform/index.ts';
import { useComposedTinn } from '../../../test/support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap AS (310000116) in the demo world
const FJORDLYS = '310000116';
const HERE = { ip: '127.0.0.1' };
const MINUTE = 60_000;

const code = (problem: string) => (e: unknown) => isAppError(e) && e.problem.code === problem;
const newPair = () => {
  const pair = generateEd25519KeyPair('sftp@test');
  return { ...pair, blob: parsePublicKey(pair.public).blob };
};

describe('SFTP logins (password and SSH key)', () => {
  const clock = new SettableClock('2026-11-25T10:00:00Z');
  const env = useComposedTinn({ clock });
  let kari: PersonActor;
  let fjordlysPartyId: number;
  let systemTypeId: number;
  const tinn = () => env().tinn;
  const newSystem = async (password: string) =>
    (await tinn().systems.registerDataSystem(kari, FJORDLYS, { systemTypeId, description: 'SFTP', password })).system.systemId;

  before(async () => {
    await tinn().testenv!.ensureWorldLoaded();
    const person = await tinn().register.uncheckedFindPersonBySsn(KARI);
    kari = { kind: 'person', partyId: person!.partyId, securityLevel: 2, methods: ['test'], sessionId: null };
    fjordlysPartyId = (await tinn().register.getOrganization(FJORDLYS)).organization.partyId;
    systemTypeId = (await tinn().systems.listSystemTypes({ vendorOrgno: '310000191' })).find((t) => t.name === 'Prisolve')!.systemTypeId;
  });

  it('logs a data system in with its SystemID and password, as the data system alone, and audits the session', async () => {
    const { actor } = await tinn().authn.authenticateSftpPassword('10001', 'Fjordlys2026', HERE);
    assert.deepEqual(actor, { kind: 'system', systemId: 10001, ownerPartyId: fjordlysPartyId, user: null, securityLevel: 0, methods: ['pwd'] });
    const events = (await tinn().authn.uncheckedListAuditEvents(fjordlysPartyId)).filter((e) => e.event === 'sftp.login');
    assert.deepEqual(events.at(-1)?.detail, { account: 'dataSystem', systemId: 10001, method: 'pwd', ip: '127.0.0.1' });
    await assert.rejects(tinn().authn.authenticateSftpPassword('10001', 'Fjordlys2027', HERE), code('AUTN-00014'));
    await assert.rejects(tinn().authn.authenticateSftpPassword('999999', 'Fjordlys2026', HERE), code('AUTN-00014'));
    await assert.rejects(tinn().authn.authenticateSftpPassword('99999999999', 'Fjordlys2026', HERE), code('AUTN-00014'), 'beyond any SystemID');
  });

  it("logs an agency system in with its name and password from an allowed address only", async () => {
    const { actor } = await tinn().authn.authenticateSftpPassword('TTD_ARKIV', 'Ttd-arkiv-2026', { ip: '::1' });
    assert.equal(actor.kind, 'serviceOwner');
    assert.deepEqual({ ...actor, partyId: 0, orgno: '' }, { kind: 'serviceOwner', serviceOwnerCode: 'TTD', orgno: '', partyId: 0, systemName: 'TTD_ARKIV', methods: ['pwd'] });
    await assert.rejects(tinn().authn.authenticateSftpPassword('TTD_ARKIV', 'Ttd-arkiv-2026', { ip: '192.0.2.7' }), code('AUTN-00020'));
    await assert.rejects(tinn().authn.authenticateSftpPassword('TTD_ARKIV', 'Ttd-arkiv-2027', HERE), code('AUTN-00021'));
    const events = (await tinn().authn.uncheckedListAuditEvents(actor.kind === 'serviceOwner' ? actor.partyId : 0)).filter((e) => e.event === 'sftp.login');
    assert.deepEqual(events.map((e) => e.detail), [{ account: 'serviceOwnerSystem', systemName: 'TTD_ARKIV', method: 'pwd', ip: '::1' }]);
  });

  it('counts wrong passwords towards the data system lockout, which then refuses the right one until it runs out', async () => {
    const systemId = String(await newSystem('Laas1234'));
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push(await tinn().authn.authenticateSftpPassword(systemId, 'Feil1234', HERE).then(() => 'ok', (e) => (isAppError(e) ? e.problem.code : String(e))));
    }
    assert.deepEqual(codes, ['AUTN-00014', 'AUTN-00014', 'AUTN-00014', 'AUTN-00014', 'AUTN-00015', 'AUTN-00015']);
    await assert.rejects(tinn().authn.authenticateSftpPassword(systemId, 'Laas1234', HERE), code('AUTN-00015'));
    clock.advance(15 * MINUTE + 1000);
    assert.equal((await tinn().authn.authenticateSftpPassword(systemId, 'Laas1234', HERE)).actor.kind, 'system');
  });

  it('answers an enterprise user with a password as an unknown name: enterprise users log in to SFTP with a key only', async () => {
    await tinn().systems.createEnterpriseUser(kari, FJORDLYS, { userName: 'fjordlys-sftp-pwd', password: 'Lonn-system-2026' });
    await assert.rejects(tinn().authn.authenticateSftpPassword('fjordlys-sftp-pwd', 'Lonn-system-2026', HERE), code('AUTN-00021'));
    await assert.rejects(tinn().authn.authenticateSftpPassword('nobody-at-all', 'Lonn-system-2026', HERE), code('AUTN-00021'));
  });

  it("finds a data system's key and gives the data system alone; the stored key verifies the client's signature", async () => {
    const systemId = await newSystem('Nokkel123');
    const pair = newPair();
    await tinn().systems.addDataSystemSshKey(kari, FJORDLYS, systemId, pair.public);
    const found = await tinn().authn.authenticateSftpKey(String(systemId), pair.blob, HERE);
    assert.deepEqual(found.actor, { kind: 'system', systemId, ownerPartyId: fjordlysPartyId, user: null, securityLevel: 0, methods: ['sshkey'] });
    assert.equal(found.publicKey, parsePublicKey(pair.public).text);
    const data = Buffer.from('session and request');
    const priv = ssh2.utils.parseKey(pair.private);
    assert.ok(!(priv instanceof Error));
    assert.equal(verifySshSignature(found.publicKey, data, priv.sign(data), undefined), true);

    await tinn().authn.recordSftpKeyLogin(found.actor, HERE);
    const events = (await tinn().authn.uncheckedListAuditEvents(fjordlysPartyId)).filter((e) => e.event === 'sftp.login');
    assert.deepEqual(events.at(-1)?.detail, { account: 'dataSystem', systemId, method: 'sshkey', ip: '127.0.0.1' });
  });

  it('finds an enterprise user by its key, at level 3 with method sshkey, until the user is deleted', async () => {
    await tinn().systems.createEnterpriseUser(kari, FJORDLYS, { userName: 'fjordlys-sftp-key' });
    const pair = newPair();
    await tinn().systems.addEnterpriseUserSshKey(kari, FJORDLYS, 'fjordlys-sftp-key', pair.public);
    const found = await tinn().authn.authenticateSftpKey('fjordlys-sftp-key', pair.blob, HERE);
    const user = await tinn().register.uncheckedFindEnterpriseUser('fjordlys-sftp-key');
    assert.deepEqual(found.actor, { kind: 'enterpriseUser', partyId: user!.partyId, userName: 'fjordlys-sftp-key', organizationPartyId: fjordlysPartyId, securityLevel: 3, methods: ['sshkey'] });
    await tinn().systems.deleteEnterpriseUser(kari, FJORDLYS, 'fjordlys-sftp-key');
    await assert.rejects(tinn().authn.authenticateSftpKey('fjordlys-sftp-key', pair.blob, HERE), code('AUTN-00035'));
  });

  it("finds an agency system's key from a world file, and only from its allowed addresses", async () => {
    const pair = newPair();
    const dir = mkdtempSync(join(tmpdir(), 'tinn-sftp-world-'));
    const file = join(dir, 'world.yaml');
    const entry = `{ name: TTD_ARKIV, serviceOwnerCode: TTD, password: Ttd-arkiv-2026, allowedCidrs: ["127.0.0.1/32", "::1/128"], sshPublicKeys: ["${pair.public}"] }`;
    writeFileSync(file, `version: 1\nserviceOwnerSystems:\n  - ${entry}\n`);
    await tinn().testenv!.loadWorld(file);
    await tinn().testenv!.loadWorld(file); // the key it has already is kept
    const found = await tinn().authn.authenticateSftpKey('TTD_ARKIV', pair.blob, { ip: '::1' });
    assert.equal(found.actor.kind, 'serviceOwner');
    assert.deepEqual({ ...found.actor, partyId: 0, orgno: '' }, { kind: 'serviceOwner', serviceOwnerCode: 'TTD', orgno: '', partyId: 0, systemName: 'TTD_ARKIV', methods: ['sshkey'] });
    await assert.rejects(tinn().authn.authenticateSftpKey('TTD_ARKIV', pair.blob, { ip: '192.0.2.7' }), code('AUTN-00020'));
  });

  it('gives the same answer for an unknown key, an unknown account and a key of another account', async () => {
    const systemId = await newSystem('Nokkel123');
    const pair = newPair();
    await tinn().systems.addDataSystemSshKey(kari, FJORDLYS, systemId, pair.public);
    await assert.rejects(tinn().authn.authenticateSftpKey(String(systemId), newPair().blob, HERE), code('AUTN-00035'), 'another key');
    await assert.rejects(tinn().authn.authenticateSftpKey('10001', pair.blob, HERE), code('AUTN-00035'), "another account's key");
    await assert.rejects(tinn().authn.authenticateSftpKey('nobody-at-all', pair.blob, HERE), code('AUTN-00035'), 'no such account');
    await assert.rejects(tinn().authn.authenticateSftpKey('99999999999', pair.blob, HERE), code('AUTN-00035'), 'beyond any SystemID');
    await assert.rejects(tinn().authn.authenticateSftpKey('TTD_ARKIV', newPair().blob, HERE), code('AUTN-00035'));
  });

  it('confirms an SFTP login while it holds, and not once its key is deleted, its password set or its system deleted (AUTN-00036, audited)', async () => {
    const systemId = await newSystem('Bekreft123');
    const pair = newPair();
    const key = await tinn().systems.addDataSystemSshKey(kari, FJORDLYS, systemId, pair.public);
    const keyLogin = (await tinn().authn.authenticateSftpKey(String(systemId), pair.blob, HERE)).login;
    const passwordLogin = await tinn().authn.authenticateSftpPassword(String(systemId), 'Bekreft123', HERE);
    assert.equal(Object.values(passwordLogin).includes('Bekreft123'), false, 'the password is not kept');
    await tinn().authn.confirmSftpLogin(keyLogin);
    await tinn().authn.confirmSftpLogin(passwordLogin);
    await tinn().systems.updateDataSystem(kari, FJORDLYS, systemId, { description: 'SFTP, renamed' });
    await tinn().authn.confirmSftpLogin(passwordLogin);
    await assert.rejects(tinn().authn.confirmSftpLogin({ ...keyLogin, userName: '10001' }), code('AUTN-00036'), "the key under another account's name");

    await tinn().systems.deleteDataSystemSshKey(kari, FJORDLYS, systemId, key.keyId);
    await assert.rejects(tinn().authn.confirmSftpLogin(keyLogin), code('AUTN-00036'));
    await tinn().authn.confirmSftpLogin(passwordLogin);
    await tinn().systems.updateDataSystem(kari, FJORDLYS, systemId, { password: 'Bekreft123' });
    await assert.rejects(tinn().authn.confirmSftpLogin(passwordLogin), code('AUTN-00036'), 'the same password set again');
    const again = await tinn().authn.authenticateSftpPassword(String(systemId), 'Bekreft123', HERE);
    await tinn().authn.confirmSftpLogin(again);
    await tinn().systems.deleteDataSystem(kari, FJORDLYS, systemId);
    await assert.rejects(tinn().authn.confirmSftpLogin(again), code('AUTN-00036'));
    const reasons = (await tinn().authn.uncheckedListAuditEvents(fjordlysPartyId)).filter((e) => e.event === 'sftp.logout' && e.detail.systemId === systemId).map((e) => `${e.detail.method}: ${e.detail.reason}`);
    assert.deepEqual(reasons, ['sshkey: ssh key removed', 'sshkey: ssh key removed', 'pwd: password changed', 'pwd: account deleted']);
  });

  it("does not confirm an agency system's login once its address leaves the allow-list", async () => {
    const login = await tinn().authn.authenticateSftpPassword('TTD_ARKIV', 'Ttd-arkiv-2026', { ip: '::1' });
    await tinn().authn.confirmSftpLogin(login);
    const { allowedCidrs } = await tinn().systems.uncheckedGetServiceOwnerSystem('TTD_ARKIV');
    await tinn().systems.uncheckedUpdateServiceOwnerSystem('TTD_ARKIV', { allowedCidrs: allowedCidrs.filter((c) => c !== '::1/128') });
    try {
      await assert.rejects(tinn().authn.confirmSftpLogin(login), code('AUTN-00036'));
    } finally {
      await tinn().systems.uncheckedUpdateServiceOwnerSystem('TTD_ARKIV', { allowedCidrs });
    }
    await tinn().authn.confirmSftpLogin(login);
  });
});
