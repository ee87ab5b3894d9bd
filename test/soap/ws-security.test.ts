// The WS binding (SOAP 1.2 with a WS-Security UsernameToken) on CorrespondenceAgencyExternal.svc, the real
// Altinn II WS contract: a client generated from its WSDL authenticates with the token; a missing, stale,
// replayed or wrong token is an AltinnFault in a SOAP 1.2 fault.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { SettableClock } from '../../src/platform/index.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';
import { faultOf, soapPost } from './support.ts';

const PATH = '/ServiceEngineExternal/CorrespondenceAgencyExternal.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/CorrespondenceAgencyExternal.svc.wsdl');
const NS = 'http://www.altinn.no/services/ServiceEngine/Correspondence/2009/10';
const ACTION = `${NS}/ICorrespondenceAgencyExternal/GetCorrespondenceStatusDetailsV3`;
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';

function envelope(token: { username?: string; password?: string; type?: string; nonce?: string; created?: string } | null): string {
  const header =
    token === null
      ? ''
      : `<s:Header><wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" s:mustUnderstand="1"><wsse:UsernameToken><wsse:Username>${token.username ?? 'TTD_ARKIV'}</wsse:Username>` +
        `<wsse:Password Type="${token.type ?? TEXT}">${token.password ?? 'Ttd-arkiv-2026'}</wsse:Password>` +
        (token.nonce ? `<wsse:Nonce>${token.nonce}</wsse:Nonce>` : '') +
        (token.created ? `<wsu:Created>${token.created}</wsu:Created>` : '') +
        `</wsse:UsernameToken></wsse:Security></s:Header>`;
  return (
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">${header}<s:Body><ns:GetCorrespondenceStatusDetailsV3 xmlns:ns="${NS}"><ns:filterCriteria>` +
    `<ns1:ServiceCode xmlns:ns1="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2016/02">5005</ns1:ServiceCode>` +
    `<ns1:ServiceEditionCode xmlns:ns1="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2016/02">1</ns1:ServiceEditionCode>` +
    `</ns:filterCriteria></ns:GetCorrespondenceStatusDetailsV3></s:Body></s:Envelope>`
  );
}

describe('the WS binding: SOAP 1.2 with a WS-Security UsernameToken', () => {
  let t: TestTinn;
  const clock = new SettableClock(new Date());
  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());
  const post = (xml: string) => soapPost(t, PATH, ACTION, xml, '127.0.0.1', '1.2');

  it('answers a client generated from the WSDL that sends its agency-system name and password in a UsernameToken', async () => {
    clock.set(new Date());
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client: any = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}`, forceSoap12Headers: true });
    client.setSecurity(new soap.WSSecurity('TTD_ARKIV', 'Ttd-arkiv-2026', { passwordType: 'PasswordText', hasNonce: true }));
    const [result, raw] = await client.GetCorrespondenceStatusDetailsV3Async({ filterCriteria: { ServiceCode: '5005', ServiceEditionCode: 1 } });
    assert.ok(result.GetCorrespondenceStatusDetailsV3Result !== undefined, raw);
  });

  it('answers a missing token, a wrong password and a SOAP 1.1 envelope with SOAP 1.2 faults', async () => {
    const missing = await post(envelope(null));
    assert.equal(missing.statusCode, 500);
    assert.equal(missing.headers['content-type'], 'application/soap+xml; charset=utf-8');
    assert.match(missing.body, /<s:Fault><s:Code><s:Value>s:Sender<\/s:Value>/);
    assert.deepEqual([faultOf(missing).ErrorID, faultOf(missing).AltinnExtendedErrorMessage], ['989', 'AUTN-00025']);
    const wrong = faultOf(await post(envelope({ password: 'Ttd-arkiv-2025' })));
    assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00021']);
    const v11 = await soapPost(t, PATH, ACTION, envelope(null).replace('http://www.w3.org/2003/05/soap-envelope', 'http://schemas.xmlsoap.org/soap/envelope/'));
    assert.match(v11.body, /<s:Value>s:VersionMismatch<\/s:Value>/);
    assert.match(faultOf(v11).AltinnExtendedErrorMessage, /^PLAT-00022/);
  });

  it('refuses a token whose Created is more than 5 minutes off, and a nonce sent twice', async () => {
    clock.set(new Date());
    const old = new Date(clock.now().getTime() - 6 * 60_000).toISOString();
    assert.match(faultOf(await post(envelope({ created: old, nonce: randomBytes(16).toString('base64') }))).AltinnExtendedErrorMessage, /^AUTN-00026/);
    const nonce = randomBytes(16).toString('base64');
    const created = clock.now().toISOString();
    const first = await post(envelope({ nonce, created }));
    assert.equal(first.statusCode, 200, first.body);
    assert.match(faultOf(await post(envelope({ nonce, created }))).AltinnExtendedErrorMessage, /^AUTN-00027/);
    // A new nonce is fine.
    assert.equal((await post(envelope({ nonce: randomBytes(16).toString('base64'), created }))).statusCode, 200);
  });

  it('says PasswordDigest cannot be checked against a hashed password instead of failing vaguely', async () => {
    const res = faultOf(await post(envelope({ type: DIGEST, password: randomBytes(20).toString('base64'), nonce: randomBytes(16).toString('base64'), created: clock.now().toISOString() })));
    assert.deepEqual([res.ErrorID, res.AltinnExtendedErrorMessage], ['989', 'AUTN-00028']);
  });
});

describe('PasswordDigest with a credentials key (TINN_CREDENTIALS_KEY): passwords sealed as they are set', () => {
  let t: TestTinn;
  const clock = new SettableClock(new Date());
  before(async () => {
    t = await buildTestTinn({ clock, env: { TINN_CREDENTIALS_KEY: randomBytes(32).toString('base64') } });
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const digest = (password: string, nonce: Buffer, created: string) => createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)])).digest('base64');

  it("answers an agency system's PasswordDigest token, from a client generated from the WSDL too", async () => {
    clock.set(new Date());
    const nonce = randomBytes(16);
    const created = clock.now().toISOString();
    const raw = await soapPost(t, PATH, ACTION, envelope({ type: DIGEST, password: digest('Ttd-arkiv-2026', nonce, created), nonce: nonce.toString('base64'), created }), '127.0.0.1', '1.2');
    assert.equal(raw.statusCode, 200, raw.body);
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client: any = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}`, forceSoap12Headers: true });
    client.setSecurity(new soap.WSSecurity('TTD_ARKIV', 'Ttd-arkiv-2026', { passwordType: 'PasswordDigest', hasNonce: true }));
    const [result] = await client.GetCorrespondenceStatusDetailsV3Async({ filterCriteria: { ServiceCode: '5005', ServiceEditionCode: 1 } });
    assert.ok(result.GetCorrespondenceStatusDetailsV3Result !== undefined);
  });

  it('refuses a digest made with another password (989, counted like a wrong password) and one without Created or nonce', async () => {
    const nonce = randomBytes(16);
    const created = clock.now().toISOString();
    const wrong = faultOf(await soapPost(t, PATH, ACTION, envelope({ type: DIGEST, password: digest('Ttd-arkiv-2025', nonce, created), nonce: nonce.toString('base64'), created }), '127.0.0.1', '1.2'));
    assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00021']);
    const bare = faultOf(await soapPost(t, PATH, ACTION, envelope({ type: DIGEST, password: digest('Ttd-arkiv-2026', Buffer.alloc(0), '') }), '127.0.0.1', '1.2'));
    assert.match(bare.AltinnExtendedErrorMessage, /^AUTN-00026/);
  });

  it("answers a data system's PasswordDigest token on the WS twin of IntermediaryInbound", async () => {
    const nonce = randomBytes(16);
    const created = clock.now().toISOString();
    const ns = 'http://www.altinn.no/services/Intermediary/Shipment/IntermediaryInbound/2009/10';
    const xml = envelope({ username: '10001', type: DIGEST, password: digest('Fjordlys2026', nonce, created), nonce: nonce.toString('base64'), created }).replace(
      /<s:Body>[\s\S]*<\/s:Body>/,
      `<s:Body><ns:GetAltinnSubmissionStatus xmlns:ns="${ns}"/></s:Body>`,
    );
    const res = await soapPost(t, '/IntermediaryExternal/IntermediaryInbound.svc', `${ns}/IIntermediaryInboundExternal/GetAltinnSubmissionStatus`, xml, '127.0.0.1', '1.2');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /<(\w+:)?GetAltinnSubmissionStatusResult\b[^>]*>0</);
  });

  it('keeps the sealed password unreadable in the database', async () => {
    const rows = await t.db.kysely.selectFrom('systems.service_owner_system' as never).select(['password_sealed' as never]).execute();
    const sealed = Buffer.from((rows[0] as { password_sealed: Uint8Array }).password_sealed);
    assert.ok(sealed.length > 29);
    assert.ok(!sealed.includes(Buffer.from('Ttd-arkiv-2026')));
  });
});
