// The service owner's download queue over SOAP (DownloadQueueExternalBasic): a client generated from the
// real Altinn II WSDL fetches what was submitted over REST; answers are valid against the WSDL; faults carry
// AltinnFault with the Altinn II ErrorID; bad requests are refused before anything runs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const FJORDLYS = '310000116';
const WSDL_DIR = join(import.meta.dirname, '../../wsdl');
const WSDL_FILE = join(WSDL_DIR, 'DownloadQueueExternalBasic.svc.wsdl');
const WSDL = readFileSync(WSDL_FILE, 'utf8');
const PATH = '/ArchiveExternal/DownloadQueueExternalBasic.svc';
const NS = 'http://www.altinn.no/services/Archive/DownloadQueue/2012/08';
const ACTION = `${NS}/IDownloadQueueExternalBasic`;
const PAYROLL = readFileSync(join(import.meta.dirname, '../../testdata/services/ttd-5002-a-melding/examples/melding.xml'), 'utf8');
const TTD = { systemUserName: 'TTD_ARKIV', systemPassword: 'Ttd-arkiv-2026' };

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}"><soapenv:Header/><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

describe('the download queue over SOAP (DownloadQueueExternalBasic)', () => {
  let t: TestTinn;
  let url: string;
  let client: any;
  let archiveReference: string;
  const responses = contractSchema(WSDL);

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // The firm's data system submits an a-melding over REST.
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/authn/system/token', payload: { systemId: '10001', systemPassword: 'Fjordlys2026' } });
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reportees/${FJORDLYS}/formtasks`,
      headers: { authorization: `Bearer ${token.json().accessToken}` },
      payload: { externalShipmentReference: `dq-soap-${Date.now()}`, serviceCode: '5002', serviceEditionCode: 1, forms: [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'a-melding', formData: PAYROLL }] },
    });
    assert.equal(submitted.statusCode, 201, submitted.body);
    archiveReference = submitted.json().archiveReference;
    // A client built from the WSDL file alone, pointed at this server.
    client = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}` });
  });
  after(() => t.close());

  it('serves the WSDL at ?wsdl: the Altinn II contract with this server as its address', async () => {
    const res = await fetch(`${url}${PATH}?wsdl`);
    assert.equal(res.status, 200);
    const served = await res.text();
    assert.ok(served.includes(`<soap:address location="${url}${PATH}"/>`));
    assert.equal(served.replace(/<soap:address location="[^"]*"\/>/, ''), WSDL.replace(/<soap:address location="[^"]*"\/>/, ''));
    const reference = join(import.meta.dirname, '../../../shared/reference/altinn2-wsdl/DownloadQueueExternalBasic.svc.wsdl');
    if (existsSync(reference)) assert.equal(WSDL, readFileSync(reference, 'utf8'), 'the served WSDL is the reference file');
  });

  it('lists, fetches, renders and purges an item submitted over REST, with a client generated from the WSDL', async () => {
    const [listed, listedXml] = await client.GetDownloadQueueItemsAsync({ ...TTD, serviceCode: '5002' });
    assert.deepEqual(responses.validate(listedXml), [], 'the answer is valid against the WSDL');
    const items = [listed.GetDownloadQueueItemsResult.DownloadQueueItemBE].flat();
    const item = items.find((i: { ArchiveReference: string }) => i.ArchiveReference === archiveReference);
    assert.ok(item, 'the REST submission is in the queue');
    assert.equal(item.ReporteeID, FJORDLYS);
    assert.equal(item.ReporteeType, 'Organisation');
    assert.equal(item.ServiceEditionCode, 1);

    const [archived, archivedXml] = await client.GetArchivedFormTaskBasicDQAsync({ ...TTD, archiveReference, languageID: 1044 });
    assert.deepEqual(responses.validate(archivedXml), []);
    const task = archived.GetArchivedFormTaskBasicDQResult;
    assert.equal(task.ArchiveReference, archiveReference);
    assert.equal(task.Reportee, FJORDLYS);
    assert.equal(task.ServiceCode, '5002');
    const form = [task.Forms.ArchivedFormDQBE].flat()[0];
    assert.equal(form.DataFormatID, '6101');
    assert.equal(form.FormData.trim(), PAYROLL.trim(), "the form as submitted");

    const [pdf, pdfXml] = await client.GetFormSetPdfBasicAsync({ systemName: TTD.systemUserName, systemPassword: TTD.systemPassword, archiveReference, languageId: 1044 });
    assert.deepEqual(responses.validate(pdfXml), []);
    assert.equal(Buffer.from(pdf.GetFormSetPdfBasicResult, 'base64').subarray(0, 5).toString(), '%PDF-');

    const [purged] = await client.PurgeItemAsync({ ...TTD, archiveReference });
    assert.equal(purged.PurgeItemResult, 'OK');
    const rest = await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/downloadqueue', headers: { apikey: 'tinn_so_demo_ttd_arkiv_0123456789abcdef' }, remoteAddress: '127.0.0.1' });
    assert.ok(!rest.json().items.some((i: { archiveReference: string }) => i.archiveReference === archiveReference), 'purged over SOAP, gone over REST');
  });

  it('answers the Test operation', async () => {
    const res = await soapPost(t, PATH, `${'http://www.altinn.no/services/2009/10'}/IAltinnContractBase/Test`, envelope('<Test xmlns="http://www.altinn.no/services/2009/10"/>'));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /<(\w+:)?TestResponse\b[^>]*xmlns(:\w+)?="http:\/\/www.altinn.no\/services\/2009\/10"/);
  });

  it('answers a wrong password with a SOAP 1.1 fault: AltinnFault ErrorID 989, the request id as ErrorGuid, no password', async () => {
    const res = await soapPost(t, PATH, `${ACTION}/GetDownloadQueueItems`, envelope('<ns:GetDownloadQueueItems><ns:systemUserName>TTD_ARKIV</ns:systemUserName><ns:systemPassword>Wrong-guess-17</ns:systemPassword></ns:GetDownloadQueueItems>'));
    const fault = faultOf(res);
    assert.equal(res.statusCode, 500);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.equal(fault.faultcode, 's:Client');
    assert.equal(fault.ErrorID, '989');
    assert.equal(fault.ErrorGuid, res.headers['x-request-id']);
    assert.match(fault.AltinnExtendedErrorMessage, /^AUTN-00021/);
    assert.ok(!res.body.includes('Wrong-guess-17'));
  });

  it('refuses a call from an address outside the allow-list with ErrorID 5', async () => {
    const res = await soapPost(t, PATH, `${ACTION}/GetDownloadQueueItems`, envelope(`<ns:GetDownloadQueueItems><ns:systemUserName>TTD_ARKIV</ns:systemUserName><ns:systemPassword>${TTD.systemPassword}</ns:systemPassword></ns:GetDownloadQueueItems>`), '203.0.113.9');
    assert.deepEqual([faultOf(res).ErrorID, faultOf(res).AltinnExtendedErrorMessage.split('\n')[0]], ['5', 'AUTN-00020']);
  });

  it('names the element of a wrong type or a missing required element, before any credential is checked', async () => {
    const wrongType = await soapPost(
      t,
      PATH,
      `${ACTION}/GetArchivedFormTaskBasicDQ`,
      envelope(`<ns:GetArchivedFormTaskBasicDQ><ns:systemUserName>x</ns:systemUserName><ns:systemPassword>y</ns:systemPassword><ns:archiveReference>AR1</ns:archiveReference><ns:languageID>norsk</ns:languageID></ns:GetArchivedFormTaskBasicDQ>`),
    );
    const f1 = faultOf(wrongType);
    assert.equal(f1.ErrorID, '0');
    assert.match(f1.AltinnExtendedErrorMessage, /^PLAT-00021\nline \d+: Element '\{[^}]+\}languageID': 'norsk' is not a valid value of the atomic type 'xs:int'/);
    const missing = await soapPost(
      t,
      PATH,
      `${ACTION}/GetFormSetPdfBasic`,
      envelope(`<ns:GetFormSetPdfBasic><ns:systemName>x</ns:systemName><ns:systemPassword>y</ns:systemPassword><ns:languageId>1044</ns:languageId></ns:GetFormSetPdfBasic>`),
    );
    assert.match(faultOf(missing).AltinnErrorMessage, /languageId.*archiveReference|archiveReference/);
    const unknown = await soapPost(t, PATH, `${ACTION}/GetDownloadQueueItems`, envelope('<ns:GetDownloadQueueItems><ns:systemUserName>x</ns:systemUserName><ns:secret>y</ns:secret></ns:GetDownloadQueueItems>'));
    assert.match(faultOf(unknown).AltinnErrorMessage, /secret/);
  });

  it('refuses a SOAPAction that names another operation than the body, or none of this endpoint, as a client fault', async () => {
    const body = envelope(`<ns:GetDownloadQueueItems><ns:systemUserName>TTD_ARKIV</ns:systemUserName><ns:systemPassword>${TTD.systemPassword}</ns:systemPassword></ns:GetDownloadQueueItems>`);
    for (const action of [`${ACTION}/PurgeItem`, 'x']) {
      const res = await soapPost(t, PATH, action, body);
      const fault = faultOf(res);
      assert.deepEqual([res.statusCode, fault.faultcode, fault.AltinnExtendedErrorMessage], [500, 's:Client', 'PLAT-00021'], action);
    }
  });

  it('refuses a SOAP 1.2 envelope on the Basic (SOAP 1.1) endpoint, and a document with an external entity', async () => {
    const v12 = await soapPost(
      t,
      PATH,
      `${ACTION}/GetDownloadQueueItems`,
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><ns:GetDownloadQueueItems xmlns:ns="${NS}"/></s:Body></s:Envelope>`,
    );
    assert.match(faultOf(v12).AltinnExtendedErrorMessage, /^PLAT-00022/);
    const xxe = await soapPost(
      t,
      PATH,
      `${ACTION}/GetDownloadQueueItems`,
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}"><soapenv:Body><ns:GetDownloadQueueItems><ns:systemUserName>&secret;</ns:systemUserName></ns:GetDownloadQueueItems></soapenv:Body></soapenv:Envelope>`,
    );
    assert.equal(xxe.statusCode, 500);
    assert.ok(!xxe.body.includes('root:'), 'no file content in the answer');
  });

  it('answers an archive reference the service owner does not have with a fault, not an empty answer', async () => {
    const res = await soapPost(
      t,
      PATH,
      `${ACTION}/GetArchivedFormTaskBasicDQ`,
      envelope(`<ns:GetArchivedFormTaskBasicDQ><ns:systemUserName>TTD_ARKIV</ns:systemUserName><ns:systemPassword>${TTD.systemPassword}</ns:systemPassword><ns:archiveReference>AR99999999</ns:archiveReference></ns:GetArchivedFormTaskBasicDQ>`),
    );
    assert.match(faultOf(res).AltinnExtendedErrorMessage, /^SUB-000\d\d/);
  });
});
