// Seed 002 ("Altinnintegrasjon") over REST alone: an accounting firm's managing director sets a mobile
// number and password under advanced settings, registers a data system for the firm, and the firm's
// accounting product (Prisolve) logs in with the SystemID and system password plus the user's own
// password and an SMS code, then calls Tinn. Seed 004's authentication failures follow.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

describe('seed 002: register a data system and let the product log in with an SMS code', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token?: string) => {
    const res = await t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, body: res.json() };
  };
  const smsCode = async (mobile: string) => {
    const { body } = await call('GET', `/api/v1/testenv/outbox?recipient=${encodeURIComponent(mobile)}&channel=sms&limit=1`);
    return /\b(\d{6})\b/.exec(body.messages[0].body)![1]!;
  };

  const mobile = '+4799887766';
  const userPassword = 'Regnskap-2026';
  const systemPassword = 'Prisolve42';
  let firm: { orgno: string; dagl: { ssn: string } };
  let systemId: number;

  it('lets the managing director set a mobile number, a password and a user name under advanced settings', async () => {
    // A new accounting firm and its managing director, who has never used a password (only eID).
    const created = await call('POST', '/api/v1/testenv/organizations', { name: 'Tallknuserne Regnskap AS' });
    assert.equal(created.status, 201);
    firm = created.body;
    const eid = await call('POST', '/api/v1/testenv/login', { ssn: firm.dagl.ssn, securityLevel: 3 });
    const settings = await call('PUT', '/api/v1/profile/login-settings', { mobile, newPassword: userPassword, username: 'tallknuser' }, eid.body.accessToken);
    assert.equal(settings.status, 200);
    assert.deepEqual(settings.body, { username: 'tallknuser', allowSystemSubmission: false, mobile, hasPassword: true });
  });

  it('registers a data system of type Prisolve for the firm and shows its ID', async () => {
    // From now on the person logs in as Tinn users do: password, then the SMS code.
    const start = await call('POST', '/api/v1/authn/login', { username: 'tallknuser', password: userPassword });
    assert.equal(start.status, 200);
    const login = await call('POST', '/api/v1/authn/login/verify', { challengeId: start.body.challengeId, code: await smsCode(mobile) });
    assert.equal(login.status, 200);
    const types = await call('GET', '/api/v1/system-types');
    const prisolve = types.body.systemTypes.find((s: { name: string }) => s.name === 'Prisolve');
    const registered = await call('POST', `/api/v1/reportees/${firm.orgno}/systems`, { description: 'prisolve', systemTypeId: prisolve.systemTypeId, password: systemPassword }, login.body.accessToken);
    assert.equal(registered.status, 201);
    systemId = registered.body.systemId;
    assert.ok(Number.isInteger(systemId));
    const listed = await call('GET', `/api/v1/reportees/${firm.orgno}/systems`, undefined, login.body.accessToken);
    assert.deepEqual(
      listed.body.systems.map((s: { systemId: number; description: string }) => [s.systemId, s.description]),
      [[systemId, 'prisolve']],
    );
  });

  it('lets Prisolve fetch an SMS code for the user and log in with system ID, passwords and code', async () => {
    const challenge = await call('POST', '/api/v1/authn/system/challenge', { systemId, username: 'tallknuser', userPassword, authMethod: 'SMSPin' });
    assert.equal(challenge.status, 200);
    assert.equal(challenge.body.status, 'Ok');
    const token = await call('POST', '/api/v1/authn/system/token', {
      systemId: String(systemId),
      systemPassword,
      username: 'tallknuser',
      userPassword,
      userPinCode: await smsCode(mobile),
      authMethod: 'SMSPin',
    });
    assert.equal(token.status, 200);
    const me = await call('GET', '/api/v1/authn/me', undefined, token.body.accessToken);
    assert.equal(me.status, 200);
    const firmParty = (await call('GET', `/api/v1/organizations/${firm.orgno}`)).body;
    assert.equal(me.body.kind, 'system');
    assert.equal(me.body.systemId, systemId);
    assert.equal(me.body.ownerPartyId, firmParty.partyId);
    assert.equal(me.body.securityLevel, 2);
    assert.ok(me.body.user.partyId > 0);
  });

  it('answers seed 004\'s authentication failures with coded errors that say what to fix', async () => {
    const token = (payload: object) => call('POST', '/api/v1/authn/system/token', { systemId, systemPassword, ...payload });
    // 1. The data system must be registered, and its ID and password entered in the product.
    const unregistered = await token({ systemId: 99998 });
    assert.equal(unregistered.body.code, 'AUTN-00014');
    assert.match(unregistered.body.title, /not registered or its password is wrong: check the SystemID/);
    assert.equal(unregistered.body.altinnErrorId, 989);
    assert.equal((await token({ systemPassword: 'Prisolve43' })).body.code, 'AUTN-00014');
    // 4. The login information used through a data system is the one under advanced settings, not MinID.
    const wrongPassword = await token({ username: 'tallknuser', userPassword: 'MinID-passord1' });
    assert.equal(wrongPassword.body.code, 'AUTN-00001');
    assert.equal(wrongPassword.body.altinnErrorId, 0);
    // The code from the last SMS is still valid (used a moment ago); another code is wrong.
    const wrongCode = await token({ username: 'tallknuser', userPassword, userPinCode: '000000' === (await smsCode(mobile)) ? '111111' : '000000' });
    assert.equal(wrongCode.body.code, 'AUTN-00005');
    assert.match(wrongCode.body.title, /one-time code is wrong/);
    // Without a mobile number, no code can be sent: the challenge says so.
    const person = await call('POST', '/api/v1/testenv/persons', { mobile: null });
    const eid = await call('POST', '/api/v1/testenv/login', { ssn: person.body.ssn, securityLevel: 3 });
    await call('PUT', '/api/v1/profile/login-settings', { newPassword: userPassword }, eid.body.accessToken);
    const own = await call('POST', '/api/v1/reportees/me/systems', { description: 'eget', systemTypeId: (await call('GET', '/api/v1/system-types')).body.systemTypes[0].systemTypeId, password: systemPassword }, eid.body.accessToken);
    const noPhone = await call('POST', '/api/v1/authn/system/challenge', { systemId: own.body.systemId, userSsn: person.body.ssn, userPassword, authMethod: 'SMSPin' });
    assert.equal(noPhone.body.status, 'NoPhoneNumber');
    assert.match(noPhone.body.message, /avanserte innstillinger/);
  });
});
