// Standalone notifications over SOAP (NotificationAgencyExternalBasic): the service owner's envelope and a
// client generated from the real Altinn II WSDL send to a person and an organisation of the demo world with
// TTD's TokenTextOnly template; the worker delivers them to the test outbox (read over REST). Refusals are
// the NOTF problems with their Altinn II ErrorIDs, and write nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const KARI = { ssn: '14837501777', mobile: '+4791000001', email: 'kari.nordmann@fjordlys.test' };
const JONAS = '31908315084'; // reserved against digital notices
const FJORDLYS = { orgno: '310000116', email: 'post@fjordlys.test' };
const PATH = '/ServiceEngineExternal/NotificationAgencyExternalBasic.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/NotificationAgencyExternalBasic.svc.wsdl');
const NS = 'http://www.altinn.no/services/ServiceEngine/Notification/2010/10';
const BE = 'http://schemas.altinn.no/services/ServiceEngine/StandaloneNotificationBE/2009/10';
const N = 'http://schemas.altinn.no/services/ServiceEngine/Notification/2009/10';
const ACTION = `${NS}/INotificationAgencyExternalBasic`;
const TTD = { systemUserName: 'TTD_ARKIV', systemPassword: 'Ttd-arkiv-2026' };

let seq = 0;
const unique = (what: string) => `${what} ${process.pid}-${Date.now()}-${++seq}`;

interface Endpoint {
  transport: string;
  address?: string;
}
interface Order {
  reportee?: string;
  endpoints: Endpoint[];
  tokens: string[];
  reservable?: boolean;
  language?: number;
}

/**
 * A StandaloneNotification as a vendor writes it by hand, in WSDL order. The WCF data contracts put the list
 * item in one namespace (be:) and its fields in another (n:).
 */
const notificationXml = (o: Order) =>
  '<be:StandaloneNotification>' +
  (o.reservable !== undefined ? `<n:IsReservable>${o.reservable}</n:IsReservable>` : '') +
  `<n:LanguageID>${o.language ?? 1044}</n:LanguageID>` +
  '<n:NotificationType>TokenTextOnly</n:NotificationType>' +
  `<n:ReceiverEndPoints>${o.endpoints
    .map((e) => `<n:ReceiverEndPoint><n:TransportType>${e.transport}</n:TransportType>${e.address !== undefined ? `<n:ReceiverAddress>${e.address}</n:ReceiverAddress>` : ''}</n:ReceiverEndPoint>`)
    .join('')}</n:ReceiverEndPoints>` +
  (o.reportee ? `<n:ReporteeNumber>${o.reportee}</n:ReporteeNumber>` : '') +
  `<n:TextTokens>${o.tokens.map((v, i) => `<n:TextToken><n:TokenNum>${i}</n:TokenNum><n:TokenValue>${v}</n:TokenValue></n:TextToken>`).join('')}</n:TextTokens>` +
  '</be:StandaloneNotification>';

const envelope = (operation: string, orders: Order[], password = TTD.systemPassword) =>
  `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}" xmlns:be="${BE}" xmlns:n="${N}"><soapenv:Header/><soapenv:Body>` +
  `<ns:${operation}><ns:systemUserName>${TTD.systemUserName}</ns:systemUserName><ns:systemPassword>${password}</ns:systemPassword>` +
  `<ns:standaloneNotifications>${orders.map(notificationXml).join('')}</ns:standaloneNotifications></ns:${operation}></soapenv:Body></soapenv:Envelope>`;

describe('standalone notifications over SOAP (NotificationAgencyExternalBasic)', () => {
  let t: TestTinn;
  let client: any;
  const responses = contractSchema(readFileSync(WSDL_FILE, 'utf8'));

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    client = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}` });
  });
  after(() => t.close());

  const send = (operation: string, orders: Order[], password?: string) => soapPost(t, PATH, `${ACTION}/${operation}`, envelope(operation, orders, password));
  /** What the test outbox holds for a recipient (newest first), after the worker delivered what is due. */
  const outbox = async (recipient: string, channel: 'sms' | 'email') => {
    await createWorker(t.tinn).drain();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/testenv/outbox?recipient=${encodeURIComponent(recipient)}&channel=${channel}&limit=50` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().messages as { body: string; subject?: string | null; sender?: string | null }[];
  };
  const written = async () => [await countRows(t.db, 'notifications.notification'), await countRows(t.db, 'notifications.recipient'), await countRows(t.db, 'platform.job')];

  it('sends to a person (Both, from her profile) and an organisation (Email, its address) from a raw envelope; the answer is valid and the messages reach the outbox', async () => {
    const [body, subject, orgBody] = [unique('Kari: svar på søknaden'), unique('Emne'), unique('Fjordlys: ny frist')];
    const res = await send('SendStandaloneNotificationBasicV3', [
      { reportee: KARI.ssn, endpoints: [{ transport: 'Both' }], tokens: [body, subject] },
      { reportee: FJORDLYS.orgno, endpoints: [{ transport: 'Email' }], tokens: [orgBody, 'Til Fjordlys'] },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.deepEqual(responses.validate(res.body), [], 'the answer is valid against the WSDL');
    const results = [...res.body.matchAll(/<(?:\w+:)?NotificationResult\b[^>]*>([\s\S]*?)<\/(?:\w+:)?NotificationResult>/g)].map((m) => m[1]!);
    assert.equal(results.length, 2);
    assert.match(results[0]!, /<(\w+:)?ReporteeNumber>14837501777</);
    const endpoints = (xml: string) =>
      [...xml.matchAll(/<(?:\w+:)?ReceiverAddress>([^<]*)<\/(?:\w+:)?ReceiverAddress><(?:\w+:)?RetrieveFromProfile>(\w+)<\/(?:\w+:)?RetrieveFromProfile><(?:\w+:)?TransportType>(\w+)</g)].map((m) => [m[3], m[1], m[2]]);
    assert.deepEqual(endpoints(results[0]!), [
      ['SMS', KARI.mobile, 'true'],
      ['Email', KARI.email, 'true'],
    ]);
    assert.deepEqual(endpoints(results[1]!), [['Email', FJORDLYS.email, 'true']]);

    const sms = (await outbox(KARI.mobile, 'sms')).find((m) => m.body === body);
    assert.ok(sms, 'the SMS reached the outbox, with {0} filled in');
    const mail = (await outbox(KARI.email, 'email')).find((m) => m.body === body);
    assert.ok(mail, 'the e-mail reached the outbox');
    assert.equal(mail.subject, subject, '{1} is the subject');
    assert.ok((await outbox(FJORDLYS.email, 'email')).some((m) => m.body === orgBody), "the organisation's address got its e-mail");
  });

  it('works with a client generated from the WSDL: V3 answers the recipients, V2 the reserved reportees, V1 nothing', async () => {
    const body = unique('Generert klient');
    // Keys in WSDL order: the client writes them as given.
    const notification = (reportee: string, text: string, extra: { IsReservable?: boolean; Service?: object } = {}) => ({
      ...(extra.IsReservable !== undefined ? { IsReservable: extra.IsReservable } : {}),
      LanguageID: 1044,
      NotificationType: 'TokenTextOnly',
      ReceiverEndPoints: { ReceiverEndPoint: [{ TransportType: 'SMS' }] },
      ReporteeNumber: reportee,
      ...(extra.Service ? { Service: extra.Service } : {}),
      TextTokens: { TextToken: [{ TokenNum: 0, TokenValue: text }] },
    });
    // Service's fields are of a third namespace; the client writes each element in its own.
    const [v3, v3Xml] = await client.SendStandaloneNotificationBasicV3Async({
      ...TTD,
      standaloneNotifications: { StandaloneNotification: [notification(KARI.ssn, body, { Service: { ServiceCode: '5001', ServiceEdition: 1 } })] },
    });
    assert.deepEqual(responses.validate(v3Xml), []);
    const result = [v3.SendStandaloneNotificationBasicV3Result.NotificationResult].flat()[0];
    assert.equal(result.ReporteeNumber, KARI.ssn);
    assert.equal(result.NotificationType, 'TokenTextOnly');
    const endpoint = [result.EndPoints.EndPointResult].flat()[0];
    assert.deepEqual([endpoint.TransportType, endpoint.ReceiverAddress, endpoint.RetrieveFromProfile], ['SMS', KARI.mobile, true]);
    assert.ok((await outbox(KARI.mobile, 'sms')).some((m) => m.body === body));

    // Jonas is reserved: with IsReservable he is skipped, and V2 names him.
    const before = await outbox('+4791000020', 'sms');
    const [v2, v2Xml] = await client.SendStandaloneNotificationBasicV2Async({
      ...TTD,
      standaloneNotifications: { StandaloneNotification: [notification(JONAS, unique('Reservert'), { IsReservable: true }), notification(KARI.ssn, unique('V2'))] },
    });
    assert.deepEqual(responses.validate(v2Xml), []);
    assert.equal(v2.SendStandaloneNotificationBasicV2Result, JONAS);
    assert.equal((await outbox('+4791000020', 'sms')).length, before.length, 'nothing to the reserved person');

    const v1Body = unique('V1');
    const [v1, v1Xml] = await client.SendStandaloneNotificationBasicAsync({ ...TTD, standaloneNotifications: { StandaloneNotification: [notification(KARI.ssn, v1Body)] } });
    assert.deepEqual(responses.validate(v1Xml), []);
    assert.equal(v1, null);
    assert.ok((await outbox(KARI.mobile, 'sms')).some((m) => m.body === v1Body), 'V1 sends just the same');
  });

  it('refuses a wrong password with ErrorID 989 and sends nothing', async () => {
    const rows = await written();
    const fault = faultOf(await send('SendStandaloneNotificationBasicV3', [{ reportee: KARI.ssn, endpoints: [{ transport: 'SMS' }], tokens: ['x'] }], 'Wrong-guess-17'));
    assert.deepEqual([fault.ErrorID, fault.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00021']);
    assert.deepEqual(await written(), rows);
  });

  it('refuses a bad e-mail address (30010), a bad mobile number (30303) and an order without endpoints (30304) whole: nothing is written, not even the good ones', async () => {
    const rows = await written();
    const good: Order = { reportee: KARI.ssn, endpoints: [{ transport: 'SMS' }], tokens: [unique('skal ikke sendes')] };
    const email = faultOf(await send('SendStandaloneNotificationBasicV3', [good, { endpoints: [{ transport: 'Email', address: 'ikke-en-adresse' }], tokens: ['x'] }]));
    assert.equal(email.ErrorID, '30010');
    assert.match(email.AltinnExtendedErrorMessage, /^NOTF-00004\n.*notifications\/1\/receiverEndPoints\/0\/receiverAddress/);
    const mobile = faultOf(await send('SendStandaloneNotificationBasicV2', [good, { endpoints: [{ transport: 'SMS', address: '12345' }], tokens: ['x'] }]));
    assert.equal(mobile.ErrorID, '30303');
    assert.match(mobile.AltinnExtendedErrorMessage, /^NOTF-00005\n/);
    const none = faultOf(await send('SendStandaloneNotificationBasic', [{ reportee: KARI.ssn, endpoints: [], tokens: ['x'] }]));
    assert.deepEqual([none.ErrorID, none.AltinnExtendedErrorMessage.split('\n')[0]], ['30304', 'NOTF-00014']);
    const combined = faultOf(await send('SendStandaloneNotificationBasicV3', [{ reportee: KARI.ssn, endpoints: [{ transport: 'Both', address: KARI.email }], tokens: ['x'] }]));
    assert.deepEqual([combined.ErrorID, combined.AltinnExtendedErrorMessage.split('\n')[0]], ['30009', 'NOTF-00003']);
    assert.deepEqual(await written(), rows, 'nothing written');
    assert.ok(!(await outbox(KARI.mobile, 'sms')).some((m) => m.body === good.tokens[0]));
  });

  it('names an element of the wrong type before any credential is checked', async () => {
    const res = await send('SendStandaloneNotificationBasicV3', [{ reportee: KARI.ssn, endpoints: [{ transport: 'SMS' }], tokens: ['x'] }]);
    assert.equal(res.statusCode, 200);
    const bad = await soapPost(t, PATH, `${ACTION}/SendStandaloneNotificationBasicV3`, envelope('SendStandaloneNotificationBasicV3', [{ reportee: KARI.ssn, endpoints: [{ transport: 'SMS' }], tokens: ['x'] }], 'wrong').replace('<n:LanguageID>1044<', '<n:LanguageID>bokmål<'));
    const fault = faultOf(bad);
    assert.equal(fault.ErrorID, '0');
    assert.match(fault.AltinnExtendedErrorMessage, /^PLAT-00021\n.*LanguageID/);
  });
});
