import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SettableClock } from '../../src/platform/index.ts';
import { buildPerson } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const PASSWORD = 'Tinn-demo-2026';
const KARI = { ssn: '14837501777', username: 'kari.nordmann', mobile: '+4791000001' }; // DAGL of Fjordlys, flag on
const OLA = { ssn: '02918202474', mobile: '+4791000002' }; // chair of Fjordlys
const INGRID = { ssn: '21876803140', mobile: '+4791000003' }; // accountant at Fjordlys
const SIGRID = { ssn: '09857904610', mobile: '+4791000005' }; // DAGL of Nordlys Bygg
const HEDDA = { ssn: '18850164351', mobile: '+4791000019' }; // private person
const SYSTEM = { systemId: 10001, systemPassword: 'Fjordlys2026' }; // Fjordlys' Prisolve in the demo world
const MINUTE = 60_000;

describe('data-system authentication: challenge, token, lockouts and expiry', () => {
  let t: TestTinn;
  let clock: SettableClock;
  let prisolve: number;
  before(async () => {
    t = await buildTestTinn();
    clock = t.tinn.clock as SettableClock;
    await t.tinn.testenv!.ensureWorldLoaded();
    prisolve = (await t.app.inject({ method: 'GET', url: '/api/v1/system-types?vendor=310000191' })).json().systemTypes[0].systemTypeId;
  });
  after(() => t.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers });
  const latest = async (recipient: string, channel = 'sms') =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/testenv/outbox?recipient=${encodeURIComponent(recipient)}&channel=${channel}&limit=1` })).json().messages[0];
  const latestCode = async (mobile: string) => /\b(\d{6})\b/.exec((await latest(mobile)).body)![1]!;
  const challenge = (ssn: string, authMethod = 'SMSPin', systemId: number | string = SYSTEM.systemId, userPassword = PASSWORD) =>
    post('/api/v1/authn/system/challenge', { systemId, userSsn: ssn, userPassword, authMethod });
  const token = (payload: object) => post('/api/v1/authn/system/token', { ...SYSTEM, ...payload });
  const personToken = async (ssn: string) => (await post('/api/v1/testenv/login', { ssn, securityLevel: 2 })).json().accessToken as string;
  const newSystem = async (ssn: string, reportee: string, password: string) => {
    const res = await post(`/api/v1/reportees/${reportee}/systems`, { systemTypeId: prisolve, description: 'Test', password }, { authorization: `Bearer ${await personToken(ssn)}` });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().systemId as number;
  };

  it('sends an SMS code on challenge and gives a level-2 token for system + user + code', async () => {
    const res = await challenge(KARI.ssn);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.status, 'Ok');
    assert.match(body.message, /\+47 ••• •• 001/);
    assert.equal(new Date(body.validTo).getTime() - new Date(body.validFrom).getTime(), 5 * MINUTE);
    const sms = await latest(KARI.mobile);
    assert.match(sms.body, /^Engangskoden din for datasystemet er \d{6}\./);

    const issued = await token({ userSsn: KARI.ssn, userPassword: PASSWORD, userPinCode: await latestCode(KARI.mobile), authMethod: 'SMSPin' });
    assert.equal(issued.statusCode, 200, issued.body);
    const { actor, accessToken, codeValidTo } = issued.json();
    assert.equal(actor.kind, 'system');
    assert.equal(actor.systemId, 10001);
    assert.equal(actor.securityLevel, 2);
    assert.deepEqual(actor.methods, ['pwd', 'sms']);
    assert.equal(new Date(codeValidTo).getTime(), clock.now().getTime() + 30 * MINUTE);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/authn/me', headers: { authorization: `Bearer ${accessToken}` } })).json();
    assert.deepEqual(me, actor);
    const fjordlys = (await t.app.inject({ method: 'GET', url: '/api/v1/organizations/310000116' })).json();
    assert.equal(me.ownerPartyId, fjordlys.partyId);
    // A system's token is not a person's login: person-only pages refuse it with a reason.
    const profile = await t.app.inject({ method: 'GET', url: '/api/v1/profile', headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(profile.json().code, 'PLAT-00014');
    const events = (await t.tinn.authn.uncheckedListAuditEvents(me.user.partyId)).map((e) => `${e.event}:${e.outcome}`);
    assert.ok(events.includes('system.challenge:success') && events.includes('system.login:success'));
  });

  it('keeps a used code working for 30 minutes, renewed on each use, for at most 8 hours', async () => {
    assert.equal((await challenge(OLA.ssn)).json().status, 'Ok');
    const pin = await latestCode(OLA.mobile);
    const use = () => token({ userSsn: OLA.ssn, userPassword: PASSWORD, userPinCode: pin });
    const started = clock.now().getTime();
    assert.equal((await use()).statusCode, 200);
    // 25 minutes between uses keeps it alive; the window never reaches past 8 hours from the first use.
    let last = 0;
    for (let i = 1; i * 25 * MINUTE < 8 * 60 * MINUTE; i++) {
      clock.advance(25 * MINUTE);
      const res = await use();
      assert.equal(res.statusCode, 200, `use ${i}: ${res.body}`);
      last = new Date(res.json().codeValidTo).getTime();
      assert.ok(last <= started + 8 * 60 * MINUTE);
    }
    assert.equal(last, started + 8 * 60 * MINUTE);
    clock.advance(last - clock.now().getTime() + 1);
    const expired = await use();
    assert.equal(expired.statusCode, 410);
    assert.equal(expired.json().code, 'AUTN-00006');
    assert.equal(expired.json().altinnErrorId, 0);
  });

  it('lets an unused code expire after 5 minutes, and a used one after 30 idle minutes', async () => {
    await challenge(OLA.ssn);
    const pin = await latestCode(OLA.mobile);
    clock.advance(5 * MINUTE + 1000);
    assert.equal((await token({ userSsn: OLA.ssn, userPassword: PASSWORD, userPinCode: pin })).json().code, 'AUTN-00006');
    await challenge(OLA.ssn);
    const fresh = await latestCode(OLA.mobile);
    assert.equal((await token({ userSsn: OLA.ssn, userPassword: PASSWORD, userPinCode: fresh })).statusCode, 200);
    clock.advance(30 * MINUTE + 1000);
    assert.equal((await token({ userSsn: OLA.ssn, userPassword: PASSWORD, userPinCode: fresh })).json().code, 'AUTN-00006');
    // A new challenge replaces the old one: the old code stops working at once.
    await challenge(OLA.ssn);
    const first = await latestCode(OLA.mobile);
    await challenge(OLA.ssn);
    const second = await latestCode(OLA.mobile);
    if (first !== second) assert.equal((await token({ userSsn: OLA.ssn, userPassword: PASSWORD, userPinCode: first })).json().code, 'AUTN-00005');
    assert.equal((await token({ userSsn: OLA.ssn, userPassword: PASSWORD, userPinCode: second })).statusCode, 200);
  });

  it('answers every seed-004 failure with its coded, explanatory error', async () => {
    const wrongSystem = await token({ systemPassword: 'Feil1234' });
    assert.equal(wrongSystem.statusCode, 401);
    assert.equal(wrongSystem.json().code, 'AUTN-00014');
    assert.equal(wrongSystem.json().altinnErrorId, 989);
    assert.match(wrongSystem.json().title, /not registered or its password is wrong/);
    assert.equal((await token({ systemId: 99999 })).json().code, 'AUTN-00014');
    assert.equal((await challenge(KARI.ssn, 'SMSPin', 99999)).json().code, 'AUTN-00014');
    const wrongUser = await token({ userSsn: INGRID.ssn, userPassword: 'Feil1234' });
    assert.equal(wrongUser.json().code, 'AUTN-00001');
    assert.equal(wrongUser.json().altinnErrorId, 0);
    assert.equal((await challenge(INGRID.ssn, 'SMSPin', SYSTEM.systemId, 'Feil1234')).json().code, 'AUTN-00001');
    assert.equal((await token({ userSsn: INGRID.ssn, userPinCode: '123456' })).json().code, 'AUTN-00018');
    assert.equal((await token({ userSsn: INGRID.ssn, username: 'x', userPassword: PASSWORD })).json().code, 'AUTN-00018');
    assert.equal((await token({ userSsn: INGRID.ssn, userPassword: PASSWORD, userPinCode: '123456' })).json().code, 'AUTN-00006', 'no challenge yet');
    await challenge(INGRID.ssn);
    const right = await latestCode(INGRID.mobile);
    const wrong = right === '000000' ? '000001' : '000000';
    const wrongCode = await token({ userSsn: INGRID.ssn, userPassword: PASSWORD, userPinCode: wrong });
    assert.equal(wrongCode.statusCode, 401);
    assert.equal(wrongCode.json().code, 'AUTN-00005');
    assert.equal((await token({ userSsn: INGRID.ssn, userPassword: PASSWORD, userPinCode: right, authMethod: 'AltinnPin' })).json().code, 'AUTN-00006', 'other method');

    // No mobile number: a status, as Altinn II answered, not an error.
    const nomobile = await buildPerson(t.tinn.register);
    await t.tinn.authn.uncheckedSetPassword(nomobile.partyId, PASSWORD);
    const noPhone = await challenge(nomobile.ssn);
    assert.equal(noPhone.statusCode, 200);
    assert.deepEqual({ ...(noPhone.json() as object), message: '' }, { status: 'NoPhoneNumber', message: '', validFrom: null, validTo: null });
    assert.match(noPhone.json().message, /Mobilnummer er ikke registrert/);
  });

  it('locks the user after five wrong codes and ends the challenge; the lockout runs out with the clock', async () => {
    await challenge(INGRID.ssn);
    const right = await latestCode(INGRID.mobile);
    const wrong = right === '999999' ? '999998' : '999999';
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await token({ userSsn: INGRID.ssn, userPassword: PASSWORD, userPinCode: wrong })).json().code);
    // One wrong code was counted in the previous test: the fourth here locks.
    assert.deepEqual(codes, ['AUTN-00005', 'AUTN-00005', 'AUTN-00005', 'AUTN-00002', 'AUTN-00002']);
    assert.equal((await token({ userSsn: INGRID.ssn, userPassword: PASSWORD, userPinCode: right })).json().code, 'AUTN-00002');
    assert.equal((await challenge(INGRID.ssn)).json().code, 'AUTN-00002', 'the portal login and challenges share the lockout');
    clock.advance(15 * MINUTE + 1000);
    assert.equal((await token({ userSsn: INGRID.ssn, userPassword: PASSWORD, userPinCode: right })).json().code, 'AUTN-00006', 'the lockout ended the challenge');
    assert.equal((await challenge(INGRID.ssn)).json().status, 'Ok');
  });

  it('locks a data system after five wrong system passwords, for everyone, until the lockout runs out', async () => {
    const systemId = await newSystem(KARI.ssn, '310000116', 'Laas1234');
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await token({ systemId, systemPassword: 'Feil1234' })).json().code);
    assert.deepEqual(codes, ['AUTN-00014', 'AUTN-00014', 'AUTN-00014', 'AUTN-00014', 'AUTN-00015', 'AUTN-00015']);
    const locked = await token({ systemId, systemPassword: 'Laas1234' });
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().altinnErrorId, 989);
    assert.equal((await token({})).statusCode, 200, 'other systems are not affected');
    clock.advance(15 * MINUTE + 1000);
    assert.equal((await token({ systemId, systemPassword: 'Laas1234' })).statusCode, 200);
  });

  it('gives the system alone a level-0 token, and with the user password only level 1', async () => {
    const alone = (await token({})).json() as { actor: object; codeValidTo: string | null };
    assert.deepEqual({ ...alone.actor, ownerPartyId: 0 }, { kind: 'system', systemId: 10001, ownerPartyId: 0, user: null, securityLevel: 0, methods: ['pwd'] });
    assert.equal(alone.codeValidTo, null);
    const withPassword = (await token({ username: KARI.username, userPassword: PASSWORD })).json();
    assert.equal(withPassword.actor.securityLevel, 1);
    assert.ok(withPassword.actor.user.partyId > 0);
  });

  it("serves only its owner when registered on a person", async () => {
    const systemId = await newSystem(HEDDA.ssn, 'me', 'Hedda1234');
    const foreign = await token({ systemId, systemPassword: 'Hedda1234', userSsn: SIGRID.ssn, userPassword: PASSWORD });
    assert.equal(foreign.statusCode, 403);
    assert.equal(foreign.json().code, 'AUTN-00017');
    assert.equal(foreign.json().altinnErrorId, 5);
    assert.equal((await challenge(SIGRID.ssn, 'SMSPin', systemId)).json().code, 'AUTN-00017');
    assert.equal((await challenge(HEDDA.ssn, 'SMSPin', systemId)).json().status, 'Ok');
    const own = await token({ systemId, systemPassword: 'Hedda1234', userSsn: HEDDA.ssn, userPassword: PASSWORD, userPinCode: await latestCode(HEDDA.mobile) });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().actor.ownerPartyId, own.json().actor.user.partyId);
  });

  it("lets a person's own user name and password stand in for a SystemID when they allowed it, acting for them only", async () => {
    const standIn = await token({ systemId: KARI.username, systemPassword: PASSWORD });
    assert.equal(standIn.statusCode, 200, standIn.body);
    const actor = standIn.json().actor;
    assert.equal(actor.systemId, null);
    assert.equal(actor.securityLevel, 1);
    assert.equal(actor.user.partyId, actor.ownerPartyId);
    await challenge(KARI.ssn, 'SMSPin', KARI.username);
    const level2 = await token({ systemId: KARI.username, systemPassword: PASSWORD, userSsn: KARI.ssn, userPassword: PASSWORD, userPinCode: await latestCode(KARI.mobile) });
    assert.equal(level2.json().actor.securityLevel, 2);
    const other = await token({ systemId: KARI.username, systemPassword: PASSWORD, userSsn: OLA.ssn, userPassword: PASSWORD });
    assert.equal(other.json().code, 'AUTN-00017');
    // Turning the flag off stops it at once.
    const kari = await personToken(KARI.ssn);
    const off = await t.app.inject({ method: 'PUT', url: '/api/v1/profile/login-settings', payload: { allowSystemSubmission: false }, headers: { authorization: `Bearer ${kari}` } });
    assert.equal(off.statusCode, 200);
    const refused = await token({ systemId: KARI.username, systemPassword: PASSWORD });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'AUTN-00016');
    await t.app.inject({ method: 'PUT', url: '/api/v1/profile/login-settings', payload: { allowSystemSubmission: true }, headers: { authorization: `Bearer ${kari}` } });
  });

  it('uses numbered codes from a code letter for AltinnPin', async () => {
    assert.equal((await challenge(SIGRID.ssn, 'AltinnPin')).json().status, 'NoCodeLetter');
    const sigridToken = await personToken(SIGRID.ssn);
    const ordered = await post('/api/v1/authn/code-letter', {}, { authorization: `Bearer ${sigridToken}`, 'idempotency-key': 'letter-1' });
    assert.equal(ordered.statusCode, 202, ordered.body);
    assert.equal(ordered.json().codes, 40);
    const letters = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/testenv/outbox?channel=letter&limit=50' })).json().messages.length;
    const before = await letters();
    assert.equal((await post('/api/v1/authn/code-letter', {}, { authorization: `Bearer ${sigridToken}`, 'idempotency-key': 'letter-1' })).statusCode, 202);
    assert.equal(await letters(), before, 'a retried order sends no second letter');
    const outbox = (await t.app.inject({ method: 'GET', url: '/api/v1/testenv/outbox?channel=letter&limit=1' })).json().messages[0];
    assert.equal(outbox.recipient, 'Sigrid Larsen\nElvegata 4\n7013 TRONDHEIM');
    assert.equal(outbox.subject, 'Kodebrev fra Tinn');
    const codes = new Map([...outbox.body.matchAll(/^\s*(\d+): (\d{6})$/gm)].map((m: RegExpMatchArray) => [Number(m[1]), m[2]!]));
    assert.equal(codes.size, 40);

    const first = (await challenge(SIGRID.ssn, 'AltinnPin')).json();
    assert.equal(first.status, 'Ok');
    assert.match(first.message, /^Benytt engangskode 1 fra kodebrev datert \d{2}\.\d{2}\.\d{4}\.$/);
    const issued = await token({ userSsn: SIGRID.ssn, userPassword: PASSWORD, userPinCode: codes.get(1), authMethod: 'AltinnPin' });
    assert.equal(issued.statusCode, 200, issued.body);
    assert.deepEqual(issued.json().actor.methods, ['pwd', 'otp']);
    assert.equal(issued.json().actor.securityLevel, 2);
    const next = (await challenge(SIGRID.ssn, 'AltinnPin')).json();
    assert.match(next.message, /engangskode 2 /);
    assert.equal((await token({ userSsn: SIGRID.ssn, userPassword: PASSWORD, userPinCode: codes.get(1) })).json().code, 'AUTN-00005', 'code 1 is used up');
    const noAddress = await post('/api/v1/authn/code-letter', {}, { authorization: `Bearer ${await personToken(HEDDA.ssn)}` });
    assert.equal(noAddress.json().code, 'AUTN-00022');
  });
});

describe('data-system and agency-system endpoints are rate-limited', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn({ env: { TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE: '3' } });
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  it('answers AUTN-00013 with Retry-After once a system passes its limit, per address and per system', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/authn/system/token', payload: SYSTEM, remoteAddress: '192.0.2.1' });
      statuses.push(res.statusCode);
      if (i === 3) {
        assert.equal(res.json().code, 'AUTN-00013');
        assert.ok(Number(res.headers['retry-after']) > 0);
      }
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    // From another address the same SystemID is limited too (its own counter was used up).
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/authn/system/token', payload: SYSTEM, remoteAddress: '192.0.2.2' })).statusCode, 429);
    const so = await t.app.inject({ method: 'POST', url: '/api/v1/authn/serviceowner/token', payload: { systemName: 'TTD_ARKIV', password: 'x' }, remoteAddress: '192.0.2.1' });
    assert.equal(so.json().code, 'AUTN-00013', 'the address is over its limit for every system endpoint');
  });
});
