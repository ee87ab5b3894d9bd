// Service metadata and prefill for end-user systems over SOAP (ServiceMetaDataExternalBasic,
// PreFillEUSExternalBasic): the catalog and the XSDs REST serves, and the prefilled data a service owner
// stored over REST, read by a data system with its SystemID and password (and its user's one-time code
// where the service asks for level 2).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const META_PATH = '/ServiceEngineExternal/ServiceMetaDataExternalBasic.svc';
const META_WSDL = join(import.meta.dirname, '../../wsdl/ServiceMetaDataExternalBasic.svc.wsdl');
const META_NS = 'http://www.altinn.no/services/ServiceEngine/ServiceMetaData/2009/10';
const SERVICES_ACTION = `${META_NS}/IServiceMetaDataExternalBasic/GetAvailableServicesBasicV2`;
const SCHEMAS_ACTION = `${META_NS}/IServiceMetaDataExternalBasic/GetFormTaskSchemaDefinitionsBasic`;
const SCHEMAS_SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/GetFormTaskSchemaDefinitionsBasic.xml'), 'utf8');

const PREFILL_PATH = '/ServiceEngineExternal/PreFillEUSExternalBasic.svc';
const PREFILL_WSDL = join(import.meta.dirname, '../../wsdl/PreFillEUSExternalBasic.svc.wsdl');
const PREFILL_ACTION = 'http://www.altinn.no/services/ServiceEngine/PreFill/2010/10/IPreFillEUSExternalBasic/GetPrefillDataBasic';
const PREFILL_SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/GetPrefillDataBasic.xml'), 'utf8');

const CHALLENGE_PATH = '/AuthenticationExternal/SystemAuthentication.svc';
const CHALLENGE_ACTION = 'http://www.altinn.no/services/Authentication/SystemAuthentication/2009/10/ISystemAuthenticationExternal/GetAuthenticationChallenge';
const CHALLENGE_SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/GetAuthenticationChallenge.xml'), 'utf8');

const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const FJORDLYS = '310000116';
const SKOGHEIM = '310000167'; // not a client of Fjordlys
const KARI = { ssn: '14837501777', mobile: '+4791000001', password: 'Tinn-demo-2026' };
const SYSTEM = { systemUserName: '10001', systemPassword: 'Fjordlys2026' };
const SERVICES = join(import.meta.dirname, '../../testdata/services');
const A_MELDING = readFileSync(join(SERVICES, 'ttd-5002-a-melding/examples/melding.xml'), 'utf8');
const VAT = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/melding.xml'), 'utf8');

const decode = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
/** Every element `name`'s text, decoded. */
const all = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</`, 'g'))].map((m) => decode(m[1]!));
const first = (xml: string, name: string) => all(xml, name)[0];

function schemasRequest(code: string, edition: string, password = SYSTEM.systemPassword) {
  return SCHEMAS_SAMPLE.replace('SYSTEM_ID', SYSTEM.systemUserName).replace('SYSTEM_PASSWORD', password).replace('SERVICE_CODE', code).replace('SERVICE_EDITION', edition);
}
function servicesRequest(languageID: number) {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${META_NS}"><soapenv:Body><ns:GetAvailableServicesBasicV2><ns:systemUserName>${SYSTEM.systemUserName}</ns:systemUserName><ns:systemPassword>${SYSTEM.systemPassword}</ns:systemPassword><ns:languageID>${languageID}</ns:languageID></ns:GetAvailableServicesBasicV2></soapenv:Body></soapenv:Envelope>`;
}
/** The prefill sample; `user` adds the user's credentials after the system's, as the contract orders them. */
function prefillRequest(reportee: string, code: string, edition = '1', user?: { ssn: string; password: string; pin?: string }, password = SYSTEM.systemPassword) {
  const xml = PREFILL_SAMPLE.replace('SYSTEM_ID', SYSTEM.systemUserName)
    .replace('SYSTEM_PASSWORD', password)
    .replace('REPORTEE', reportee)
    .replace('SERVICE_CODE', code)
    .replace('SERVICE_EDITION', edition);
  if (!user) return xml;
  const pin = user.pin ? `<ns:userPinCode>${user.pin}</ns:userPinCode><ns:authMethod>SMSPin</ns:authMethod>` : '';
  const fields = `<ns:userSSN>${user.ssn}</ns:userSSN><ns:userPassword>${user.password}</ns:userPassword>${pin}`;
  return xml.replace('</ns:systemPassword>', `</ns:systemPassword>${fields}`);
}

describe('service metadata and prefill over SOAP (ServiceMetaDataExternalBasic, PreFillEUSExternalBasic)', () => {
  let t: TestTinn;
  let url: string;
  const metaSchema = contractSchema(readFileSync(META_WSDL, 'utf8'));
  const prefillSchema = contractSchema(readFileSync(PREFILL_WSDL, 'utf8'));
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => t.close());

  const rest = (path: string) => t.app.inject({ method: 'GET', url: path });
  let seq = 0;
  const storePrefill = async (serviceCode: string, formDataXml: string, dataFormatId: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/serviceowner/prefill',
      headers: { apikey: TTD_KEY },
      remoteAddress: '127.0.0.1',
      payload: {
        externalShipmentReference: `soap-prefill-${process.pid}-${++seq}`,
        serviceCode,
        serviceEditionCode: 1,
        reportee: FJORDLYS,
        sendersReference: 'SKD-2026-10',
        identityFields: [{ index: 1, value: '2026-10' }],
        forms: [{ dataFormatId, dataFormatVersion: 1, formDataXml, sendersReference: 'hoved' }],
        attachments: [{ name: 'Notat', fileName: 'notat.txt', data: Buffer.from('et notat').toString('base64') }],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().prefill as { prefillId: string; externalShipmentReference: string };
  };

  describe('GetAvailableServicesBasicV2 and GetFormTaskSchemaDefinitionsBasic', () => {
    it('lists the catalog REST lists, TTD 5001–5005 among it, named in the language asked for, with a schema-valid answer', async () => {
      const res = await soapPost(t, META_PATH, SERVICES_ACTION, servicesRequest(1033));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(metaSchema.validate(res.body), [], 'the answer is valid against the WSDL');
      const codes = all(res.body, 'ExternalServiceCode');
      const ttd = codes.filter((_, i) => all(res.body, 'ServiceOwnerCode')[i] === 'TTD');
      for (const code of ['5001', '5002', '5003', '5004', '5005']) assert.ok(ttd.includes(code), `${code} is listed`);
      const listed = (await rest('/api/v1/services')).json().services as { serviceCode: string; serviceEditionCode: number; type: string }[];
      assert.deepEqual(codes.sort(), listed.map((s) => s.serviceCode).sort(), 'the same catalog as REST');
      const vat = res.body.split(/<(?:\w+:)?AvailableServiceBE>/).find((s) => s.includes('>5001<'))!;
      assert.equal(first(vat, 'ServiceEditionVersionName'), 'VAT return (test)');
      assert.equal(first(vat, 'ServiceType'), 'Reporting');
      assert.equal(first(vat, 'ExternalServiceEditionCode'), '1');
      const message = res.body.split(/<(?:\w+:)?AvailableServiceBE>/).find((s) => s.includes('>5005<'))!;
      assert.equal(first(message, 'ServiceType'), 'Correspondence');
      const bokmaal = await soapPost(t, META_PATH, SERVICES_ACTION, servicesRequest(1044));
      assert.ok(all(bokmaal.body, 'ServiceName').includes('Skattemelding for merverdiavgift (test)'));
    });

    it("answers 5001's two forms with the same XSD text REST serves, for the sample request as curl would send it", async () => {
      const res = await soapPost(t, META_PATH, SCHEMAS_ACTION, schemasRequest('5001', '1'));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(metaSchema.validate(res.body), []);
      assert.deepEqual(all(res.body, 'DataFormatID'), ['6001', '6002']);
      assert.deepEqual(all(res.body, 'DataFormatVersion'), ['1', '1']);
      const xsds = all(res.body, 'DataFormatXsd');
      assert.equal(xsds[0], (await rest('/api/v1/services/5001/1/forms/6001/1/xsd')).body);
      assert.equal(xsds[1], (await rest('/api/v1/services/5001/1/forms/6002/1/xsd')).body);
      assert.match(xsds[0]!, /<xs:schema\b|<xsd:schema\b/);
    });

    it('works with a client generated from the WSDL', async () => {
      const client: any = await soap.createClientAsync(META_WSDL, { endpoint: `${url}${META_PATH}` });
      const [services] = await client.GetAvailableServicesBasicV2Async({ ...SYSTEM, languageID: 1044 });
      const items = services.GetAvailableServicesBasicV2Result.AvailableServiceBE as { ExternalServiceCode: string; ServiceOwnerCode: string }[];
      assert.ok(items.some((s) => s.ExternalServiceCode === '5002' && s.ServiceOwnerCode === 'TTD'));
      const [schemas] = await client.GetFormTaskSchemaDefinitionsBasicAsync({ ...SYSTEM, externalServiceCode: '5002', externalServiceEditionCode: 1 });
      const definitions = [schemas.GetFormTaskSchemaDefinitionsBasicResult.LogicalFormSchemaDefinition].flat();
      assert.deepEqual(
        definitions.map((d: { DataFormatID: string }) => d.DataFormatID),
        ['6101'],
      );
      // The soap package trims every text node it parses (stack notes §3): compare without the final newline.
      assert.equal(definitions[0].DataFormatXsd, (await rest('/api/v1/services/5002/1/forms/6101/1/xsd')).body.trim());
    });

    it('refuses a wrong system password (989) and an unknown service (CAT-00005, 30005)', async () => {
      const wrong = faultOf(await soapPost(t, META_PATH, SCHEMAS_ACTION, schemasRequest('5001', '1', 'Fjordlys2025')));
      assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00014']);
      const unknown = faultOf(await soapPost(t, META_PATH, SCHEMAS_ACTION, schemasRequest('9999', '1')));
      assert.deepEqual([unknown.ErrorID, unknown.AltinnExtendedErrorMessage.split('\n')[0], unknown.UserId], ['30005', 'CAT-00005', '10001']);
      const edition = faultOf(await soapPost(t, META_PATH, SCHEMAS_ACTION, schemasRequest('5001', 'første')));
      assert.match(edition.AltinnExtendedErrorMessage, /^PLAT-00021.*externalServiceEditionCode/s);
    });
  });

  describe('GetPrefillDataBasic', () => {
    it('answers PREFILLDATANOTFOUND before the service owner stores a set over REST, then the set, for the sample request', async () => {
      const before = await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest(FJORDLYS, '5002'));
      assert.equal(before.statusCode, 200, before.body);
      assert.deepEqual(prefillSchema.validate(before.body), []);
      assert.equal(first(before.body, 'Status'), 'PREFILLDATANOTFOUND');
      assert.equal(first(before.body, 'PrefillFormTask'), undefined);

      const stored = await storePrefill('5002', A_MELDING, '6101');
      const res = await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest(FJORDLYS, '5002'));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(prefillSchema.validate(res.body), [], 'the answer is valid against the WSDL');
      assert.equal(first(res.body, 'Status'), 'PREFILLDATAFOUND');
      assert.equal(first(res.body, 'ExternalShipmentReference'), stored.externalShipmentReference);
      assert.equal(first(res.body, 'FormDataXML'), A_MELDING);
      assert.deepEqual([first(res.body, 'DataFormatID'), first(res.body, 'Reportee'), first(res.body, 'ServiceOwnerCode')], ['6101', FJORDLYS, 'TTD']);
      assert.deepEqual([first(res.body, 'FileName'), first(res.body, 'AttachmentType')], ['notat.txt', 'text_plain']);
      assert.deepEqual([first(res.body, 'Index'), first(res.body, 'FieldValue')], ['1', '2026-10']);
      assert.match(res.body, /<(?:\w+:)?AttachmentData i:nil="true"\/>/, 'attachment bytes are not part of the read');
    });

    it('works with a client generated from the WSDL', async () => {
      const client: any = await soap.createClientAsync(PREFILL_WSDL, { endpoint: `${url}${PREFILL_PATH}` });
      const [result] = await client.GetPrefillDataBasicAsync({ ...SYSTEM, ReporteeNumber: FJORDLYS, ExternalServiceCode: '5002', ExternalServiceEditionCode: 1 });
      const answer = result.GetPrefillDataBasicResult;
      assert.equal(answer.Status, 'PREFILLDATAFOUND');
      const task = [answer.PreFillFormTaskBEList.PrefillFormTask].flat()[0];
      assert.equal([task.PreFillForms.PrefillForm].flat()[0].FormDataXML, A_MELDING.trim(), 'the soap package trims text');
      const [invalid] = await client.GetPrefillDataBasicAsync({ ...SYSTEM, ReporteeNumber: 'ikke-et-nummer', ExternalServiceCode: '5002', ExternalServiceEditionCode: 1 });
      assert.equal(invalid.GetPrefillDataBasicResult.Status, 'INVALIDINPUT');
    });

    it('answers INVALIDINPUT for an empty service code or a malformed reportee number', async () => {
      const empty = await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest(FJORDLYS, ''));
      assert.deepEqual(prefillSchema.validate(empty.body), []);
      assert.equal(first(empty.body, 'Status'), 'INVALIDINPUT');
      assert.equal(first((await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest('12345', '5002'))).body, 'Status'), 'INVALIDINPUT');
      assert.equal(first((await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest(FJORDLYS, '5002', '0'))).body, 'Status'), 'INVALIDINPUT');
    });

    it("refuses a reportee the system may not act for (PREF-00006, 14) and a wrong system password (989), and changes nothing", async () => {
      const sets = await countRows(t.db, 'prefill.form_set');
      const stranger = faultOf(await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest(SKOGHEIM, '5002')));
      assert.deepEqual([stranger.ErrorID, stranger.AltinnExtendedErrorMessage.split('\n')[0], stranger.UserId], ['14', 'PREF-00006', '10001']);
      const wrong = faultOf(await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest(FJORDLYS, '5002', '1', undefined, 'Fjordlys2025')));
      assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00014']);
      assert.equal(await countRows(t.db, 'prefill.form_set'), sets);
    });

    it('reads a level-2 service for a user with the one-time code a SOAP challenge sent, and refuses the user with a password only', async () => {
      await storePrefill('5001', VAT, '6001');
      // A user with only a password brings the login down to level 1 (Altinn II); 5001 needs 2.
      const passwordOnly = faultOf(await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest(FJORDLYS, '5001', '1', { ssn: KARI.ssn, password: KARI.password })));
      assert.deepEqual([passwordOnly.ErrorID, passwordOnly.AltinnExtendedErrorMessage.split('\n')[0]], ['14', 'PREF-00006']);
      assert.match(passwordOnly.AltinnErrorMessage, /security level 2/);

      const challenge = CHALLENGE_SAMPLE.replace('AUTH_METHOD', 'SMSPin').replace('SYSTEM_ID', SYSTEM.systemUserName).replace('USER_PASSWORD', KARI.password).replace('USER_SSN', KARI.ssn);
      const asked = await soapPost(t, CHALLENGE_PATH, CHALLENGE_ACTION, challenge);
      assert.equal(first(asked.body, 'Status'), 'Ok', asked.body);
      const sms = (await t.app.inject({ method: 'GET', url: `/api/v1/testenv/outbox?recipient=${encodeURIComponent(KARI.mobile)}&channel=sms&limit=1` })).json().messages[0];
      const pin = /\b(\d{6})\b/.exec(sms.body)![1]!;
      const res = await soapPost(t, PREFILL_PATH, PREFILL_ACTION, prefillRequest(FJORDLYS, '5001', '1', { ssn: KARI.ssn, password: KARI.password, pin }));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(prefillSchema.validate(res.body), []);
      assert.equal(first(res.body, 'Status'), 'PREFILLDATAFOUND');
      assert.equal(first(res.body, 'FormDataXML'), VAT);
    });
  });
});
