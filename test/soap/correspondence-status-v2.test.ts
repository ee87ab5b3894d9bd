// GetCorrespondenceStatusDetailsV2 on the WS endpoint CorrespondenceAgencyExternal.svc (Altinn's own WS WSDL):
// older agency systems follow their correspondence with the V2 filter and answer, authenticated by a WS-Security
// UsernameToken. The same use case as V3 and REST's status: a message sent over REST shows Created, and Read
// once the reportee has read it over REST. Answers are valid against the WSDL; refusals are AltinnFaults.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { SettableClock } from '../../src/platform/index.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const PATH = '/ServiceEngineExternal/CorrespondenceAgencyExternal.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/CorrespondenceAgencyExternal.svc.wsdl');
const NS = 'http://www.altinn.no/services/ServiceEngine/Correspondence/2009/10';
const FILTER_NS = 'http://schemas.altinn.no/services/ServiceEngine/Correspondence/2014/10';
const ACTION = `${NS}/ICorrespondenceAgencyExternal/GetCorrespondenceStatusDetailsV2`;
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const FJORDLYS = '310000116';
const KARI = '14837501777'; // DAGL of Fjordlys: reads its correspondence

describe('GetCorrespondenceStatusDetailsV2 on the WS endpoint (UsernameToken)', () => {
  let t: TestTinn;
  const clock = new SettableClock(new Date());
  const responses = contractSchema(readFileSync(WSDL_FILE, 'utf8'), '1.2');
  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  /** The request as curl would send it: SOAP 1.2, the agency system's name and password in a UsernameToken. */
  const envelope = (filter: string, password = 'Ttd-arkiv-2026') =>
    `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:ns="${NS}" xmlns:f="${FILTER_NS}">
  <s:Header>
    <wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" s:mustUnderstand="1">
      <wsse:UsernameToken>
        <wsse:Username>TTD_ARKIV</wsse:Username>
        <wsse:Password Type="${TEXT}">${password}</wsse:Password>
        <wsse:Nonce>${randomBytes(16).toString('base64')}</wsse:Nonce>
        <wsu:Created>${clock.now().toISOString()}</wsu:Created>
      </wsse:UsernameToken>
    </wsse:Security>
  </s:Header>
  <s:Body>
    <ns:GetCorrespondenceStatusDetailsV2>
      <ns:filterCriteria>${filter}</ns:filterCriteria>
    </ns:GetCorrespondenceStatusDetailsV2>
  </s:Body>
</s:Envelope>`;
  const post = (xml: string) => soapPost(t, PATH, ACTION, xml, '127.0.0.1', '1.2');

  let seq = 0;
  /** TTD sends a message to Fjordlys over REST → its id and externalShipmentReference. */
  const send = async () => {
    const externalShipmentReference = `soap-status-v2-${process.pid}-${++seq}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/serviceowner/correspondences',
      headers: { apikey: TTD_KEY },
      remoteAddress: '127.0.0.1',
      payload: { externalShipmentReference, serviceCode: '5005', serviceEditionCode: 1, reportee: FJORDLYS, content: { languageCode: 'nb', messageTitle: 'Påminnelse', messageBody: '<p>Hei</p>' } },
    });
    assert.equal(res.statusCode, 201, res.body);
    return { id: res.json().correspondenceId as number, reference: externalShipmentReference };
  };
  const readOverRest = async (id: number) => {
    const login = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: KARI, securityLevel: 2 } })).json().accessToken as string;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}`, headers: { authorization: `Bearer ${login}` } });
    assert.equal(res.statusCode, 200, res.body);
  };
  const all = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${name}>([^<]*)<`, 'g'))].map((m) => m[1]);

  it('answers a raw envelope with the V2 status list, valid against the WSDL: Created, then Read after a REST read', async () => {
    clock.set(new Date());
    const { id, reference } = await send();
    const filter = `<f:Reportee>${FJORDLYS}</f:Reportee><f:SendersReference>${reference}</f:SendersReference><f:ServiceCode>5005</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>`;
    const first = await post(envelope(filter));
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.headers['content-type'], 'application/soap+xml; charset=utf-8');
    assert.deepEqual(responses.validate(first.body), [], 'the answer is valid against the WSDL');
    assert.match(first.body, /<(\w+:)?GetCorrespondenceStatusDetailsV2Result\b/);
    assert.match(first.body, /<(\w+:)?StatusList\b/);
    assert.deepEqual(all(first.body, 'CorrespondenceID'), [String(id)]);
    assert.deepEqual(all(first.body, 'StatusType'), ['Created']);
    assert.deepEqual(all(first.body, 'LimitReached'), ['false']);
    assert.deepEqual([all(first.body, 'ServiceCode'), all(first.body, 'ServiceEditionCode')], [['5005'], ['1']]);

    await readOverRest(id);
    const second = await post(envelope(filter));
    assert.equal(second.statusCode, 200, second.body);
    assert.deepEqual(responses.validate(second.body), []);
    assert.deepEqual(all(second.body, 'StatusType'), ['Created', 'Read'], 'the REST read shows in the V2 status');
    assert.deepEqual(all(second.body, 'SendersReference'), [reference]);
    assert.deepEqual(all(second.body, 'Reportee'), [FJORDLYS]);
  });

  it('answers the same list as the Basic V3 operation', async () => {
    clock.set(new Date());
    const { reference } = await send();
    const v2 = await post(envelope(`<f:SendersReference>${reference}</f:SendersReference><f:ServiceCode>5005</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>`));
    const v3 = await soapPost(
      t,
      '/ServiceEngineExternal/CorrespondenceAgencyExternalBasic.svc',
      `${NS}/ICorrespondenceAgencyExternalBasic/GetCorrespondenceStatusDetailsBasicV3`,
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}" xmlns:f="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2016/02"><soapenv:Body>` +
        `<ns:GetCorrespondenceStatusDetailsBasicV3><ns:systemUserName>TTD_ARKIV</ns:systemUserName><ns:systemPassword>Ttd-arkiv-2026</ns:systemPassword><ns:filterCriteria>` +
        `<f:SendersReference>${reference}</f:SendersReference><f:ServiceCode>5005</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>` +
        `</ns:filterCriteria></ns:GetCorrespondenceStatusDetailsBasicV3></soapenv:Body></soapenv:Envelope>`,
    );
    assert.equal(v3.statusCode, 200, v3.body);
    for (const name of ['CorrespondenceID', 'CreatedDate', 'Reportee', 'SendersReference', 'StatusDate', 'StatusType']) assert.deepEqual(all(v2.body, name), all(v3.body, name), name);
  });

  it('works with a client generated from the WSDL, sending a UsernameToken', async () => {
    clock.set(new Date());
    const { id, reference } = await send();
    await readOverRest(id);
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client: any = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}`, forceSoap12Headers: true });
    client.setSecurity(new soap.WSSecurity('TTD_ARKIV', 'Ttd-arkiv-2026', { passwordType: 'PasswordText', hasNonce: true }));
    const [result, raw] = await client.GetCorrespondenceStatusDetailsV2Async({ filterCriteria: { SendersReference: reference, ServiceCode: '5005', ServiceEditionCode: 1 } });
    assert.deepEqual(responses.validate(raw), []);
    const answer = result.GetCorrespondenceStatusDetailsV2Result;
    assert.equal(answer.LimitReached, false);
    const [entry] = [answer.StatusList.StatusV2].flat();
    assert.deepEqual([entry.CorrespondenceID, entry.Reportee, entry.SendersReference], [id, FJORDLYS, reference]);
    assert.deepEqual([entry.StatusChanges.StatusChangeV2].flat().map((s: { StatusType: string }) => s.StatusType), ['Created', 'Read']);
  });

  it("refuses a wrong password (989) and another owner's service (CORR-00010), writing nothing", async () => {
    clock.set(new Date());
    const rows = [await countRows(t.db, 'correspondence.status_change'), await countRows(t.db, 'correspondence.correspondence')];
    const wrong = faultOf(await post(envelope('<f:ServiceCode>5005</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>', 'Ttd-arkiv-2025')));
    assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00021']);
    const notOwn = await post(envelope('<f:ServiceCode>9999</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>'));
    assert.match(notOwn.body, /<s:Fault><s:Code><s:Value>s:Sender<\/s:Value>/);
    assert.deepEqual([faultOf(notOwn).ErrorID, faultOf(notOwn).AltinnExtendedErrorMessage.split('\n')[0], faultOf(notOwn).UserId], ['0', 'CORR-00010', 'TTD_ARKIV']);
    // A request without the required ServiceEditionCode is refused by the schema before the operation runs.
    const missing = faultOf(await post(envelope('<f:ServiceCode>5005</f:ServiceCode>')));
    assert.match(missing.AltinnExtendedErrorMessage, /^PLAT-00021\n.*ServiceEditionCode/s);
    assert.deepEqual([await countRows(t.db, 'correspondence.status_change'), await countRows(t.db, 'correspondence.correspondence')], rows);
  });
});
