// GetAuthenticationChallenge over SOAP (SystemAuthentication, Basic only): the one-time code a data system
// asks for its user goes out by SMS, and works in REST's system token request as if REST had asked for it.
// A missing mobile number or code letter is a Status, as Altinn II answered; a wrong password is a fault.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { buildPerson } from '../../src/modules/register/testing.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const PATH = '/AuthenticationExternal/SystemAuthentication.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/SystemAuthentication.svc.wsdl');
const ACTION = 'http://www.altinn.no/services/Authentication/SystemAuthentication/2009/10/ISystemAuthenticationExternal/GetAuthenticationChallenge';
const SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/GetAuthenticationChallenge.xml'), 'utf8');
const PASSWORD = 'Tinn-demo-2026';
const KARI = { ssn: '14837501777', mobile: '+4791000001' }; // DAGL of Fjordlys, owner of data system 10001
const OLA = { ssn: '02918202474', mobile: '+4791000002' };
const SYSTEM = { systemId: 10001, systemPassword: 'Fjordlys2026' };

/** The sample request with its placeholders filled in. */
function sample(values: { ssn: string; password?: string; method?: string; systemId?: string }) {
  return SAMPLE.replace('AUTH_METHOD', values.method ?? 'SMSPin')
    .replace('SYSTEM_ID', values.systemId ?? String(SYSTEM.systemId))
    .replace('USER_PASSWORD', values.password ?? PASSWORD)
    .replace('USER_SSN', values.ssn);
}

const field = (xml: string, name: string) => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</`).exec(xml)?.[1];

describe('GetAuthenticationChallenge over SOAP (SystemAuthentication)', () => {
  let t: TestTinn;
  const responses = contractSchema(readFileSync(WSDL_FILE, 'utf8'));
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const latestSms = async (mobile: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/testenv/outbox?recipient=${encodeURIComponent(mobile)}&channel=sms&limit=1` })).json().messages[0] as { body: string; id: string } | undefined;
  const codeIn = (sms: { body: string } | undefined) => /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
  const restToken = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/authn/system/token', payload: { ...SYSTEM, ...payload } });

  it('sends an SMS code for the sample request sent as curl would, with a schema-valid answer, and the code gives a level-2 REST token', async () => {
    const res = await soapPost(t, PATH, ACTION, sample({ ssn: KARI.ssn }));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(responses.validate(res.body), [], 'the answer is valid against the WSDL');
    assert.equal(field(res.body, 'Status'), 'Ok');
    assert.match(field(res.body, 'Message')!, /^Engangskode sendt på SMS til \+47 ••• •• 001\./);
    const from = new Date(field(res.body, 'ValidFrom')!);
    const to = new Date(field(res.body, 'ValidTo')!);
    assert.equal(to.getTime() - from.getTime(), 5 * 60_000);

    const code = codeIn(await latestSms(KARI.mobile));
    assert.ok(code, 'the code is in the SMS outbox');
    const token = await restToken({ userSsn: KARI.ssn, userPassword: PASSWORD, userPinCode: code, authMethod: 'SMSPin' });
    assert.equal(token.statusCode, 200, token.body);
    assert.equal(token.json().actor.securityLevel, 2);
    assert.deepEqual(token.json().actor.methods, ['pwd', 'sms']);
  });

  it('works with a client generated from the WSDL', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client: any = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}` });
    const [result, , , request] = await client.GetAuthenticationChallengeAsync({
      challengeRequest: { AuthMethod: 'SMSPin', SystemUserName: String(SYSTEM.systemId), UserPassword: PASSWORD, UserSSN: OLA.ssn },
    });
    assert.equal(result.GetAuthenticationChallengeResult.Status, 'Ok', request);
    assert.ok(result.GetAuthenticationChallengeResult.ValidTo instanceof Date || typeof result.GetAuthenticationChallengeResult.ValidTo === 'string');
    const code = codeIn(await latestSms(OLA.mobile));
    const token = await restToken({ userSsn: OLA.ssn, userPassword: PASSWORD, userPinCode: code });
    assert.equal(token.statusCode, 200, token.body);
    const [test] = await client.TestAsync({});
    assert.ok(test === null || typeof test === 'object');
  });

  it('answers NoPhoneNumber for a person without a mobile number, NoPinFound without a code letter, InvalidPinType for another method', async () => {
    const person = await buildPerson(t.tinn.register);
    await t.tinn.authn.uncheckedSetPassword(person.partyId, PASSWORD);
    const noPhone = await soapPost(t, PATH, ACTION, sample({ ssn: person.ssn }));
    assert.equal(noPhone.statusCode, 200, noPhone.body);
    assert.deepEqual(responses.validate(noPhone.body), []);
    assert.equal(field(noPhone.body, 'Status'), 'NoPhoneNumber');
    assert.match(field(noPhone.body, 'Message')!, /Mobilnummer er ikke registrert/);
    assert.equal(field(noPhone.body, 'ValidTo'), undefined);

    const noLetter = await soapPost(t, PATH, ACTION, sample({ ssn: person.ssn, method: 'AltinnPin' }));
    assert.equal(field(noLetter.body, 'Status'), 'NoPinFound');
    const taxPin = await soapPost(t, PATH, ACTION, sample({ ssn: person.ssn, method: 'TaxPin' }));
    assert.deepEqual(responses.validate(taxPin.body), []);
    assert.equal(field(taxPin.body, 'Status'), 'InvalidPinType');
  });

  it('refuses a wrong user password (AUTN-00001, ErrorID 0) and an unknown SystemID (AUTN-00014, 989), and starts no challenge', async () => {
    const person = await buildPerson(t.tinn.register);
    await t.tinn.authn.uncheckedSetPassword(person.partyId, PASSWORD);
    const challenges = await countRows(t.db, 'authn.system_challenge');
    const wrong = await soapPost(t, PATH, ACTION, sample({ ssn: person.ssn, password: 'Feil1234' }));
    assert.equal(wrong.statusCode, 500);
    const fault = faultOf(wrong);
    assert.deepEqual([fault.faultcode, fault.ErrorID, fault.AltinnExtendedErrorMessage.split('\n')[0]], ['s:Client', '0', 'AUTN-00001']);
    const unknown = faultOf(await soapPost(t, PATH, ACTION, sample({ ssn: KARI.ssn, systemId: '99999' })));
    assert.deepEqual([unknown.ErrorID, unknown.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00014']);
    assert.equal(await countRows(t.db, 'authn.system_challenge'), challenges);
  });

  it('refuses a request the contract does not allow before the use case (PLAT-00021)', async () => {
    const res = await soapPost(t, PATH, ACTION, sample({ ssn: KARI.ssn }).replace('<ns1:AuthMethod>', '<ns1:Unknown>x</ns1:Unknown><ns1:AuthMethod>'));
    const fault = faultOf(res);
    assert.match(fault.AltinnExtendedErrorMessage, /^PLAT-00021/);
  });
});
