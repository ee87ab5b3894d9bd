// The reportee's message box and archive over SOAP for end-user systems (ReporteeElementListExternalBasic,
// ReporteeArchiveExternalBasic): a data system with its user lists what was submitted and sent over REST,
// with the statuses Altinn II gave them, and reads an archived form task by its ReporteeElementId; the same
// use cases and rules as REST, so the same lines and the same archive. Another party's elements stay unseen.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { isAppError } from '../../src/platform/index.ts';
import { SubmissionProblems } from '../../src/modules/submissions/index.ts';
import { uniqueSsn } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const FJORDLYS = '310000116';
const SKOGHEIM = '310000167'; // Fjordlys and Kari hold nothing for it
const KARI = { ssn: '14837501777', mobile: '+4791000001', password: 'Tinn-demo-2026' }; // DAGL of Fjordlys
const SKOGHEIM_DAGL = '03867409407';
const HEDDA = '18850164351'; // a private person nobody here acts for
const SYSTEM = { id: '10001', password: 'Fjordlys2026' };
const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';

const LIST_PATH = '/ServiceEngineExternal/ReporteeElementListExternalBasic.svc';
const ARCHIVE_PATH = '/ArchiveExternal/ReporteeArchiveExternalBasic.svc';
const WSDL_DIR = join(import.meta.dirname, '../../wsdl');
const LIST_WSDL = join(WSDL_DIR, 'ReporteeElementListExternalBasic.svc.wsdl');
const ARCHIVE_WSDL = join(WSDL_DIR, 'ReporteeArchiveExternalBasic.svc.wsdl');
const LIST_ACTION = 'http://www.altinn.no/services/ServiceEngine/ReporteeElementList/2009/10/IReporteeElementListExternalBasic/GetReporteeElementListBasicV2';
const ARCHIVE_ACTION = 'http://www.altinn.no/services/Archive/ReporteeArchive/2009/10/IReporteeArchiveExternalBasic/GetArchivedFormTaskBasicV2';
const SAMPLE = readFileSync(join(WSDL_DIR, 'samples/GetReporteeElementListBasicV2.xml'), 'utf8');

const SERVICES = join(import.meta.dirname, '../../testdata/services');
const VAT = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/melding.xml'), 'utf8');
const VAT_EXTRA = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/tillegg.xml'), 'utf8');
const PAYROLL = readFileSync(join(SERVICES, 'ttd-5002-a-melding/examples/melding.xml'), 'utf8');
const INVOICE = Buffer.from('%PDF-1.7 faktura nr. 17 – æøå');

let seq = 0;
const reference = () => `soap-box-${process.pid}-${Date.now()}-${++seq}`;

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#xD;/g, '\r').replace(/&amp;/g, '&');
/** The ReporteeElementBEV2 lines of an answer, each as its fields' texts. */
function elementsOf(xml: string): Record<string, string>[] {
  return [...xml.matchAll(/<(?:[\w-]+:)?ReporteeElementBEV2>([\s\S]*?)<\/(?:[\w-]+:)?ReporteeElementBEV2>/g)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/<(?:[\w-]+:)?(\w+)>([^<]*)<\/(?:[\w-]+:)?\1>/g)].map((f) => [f[1]!, decode(f[2]!)])),
  );
}
/** The first element's text. */
const textOf = (xml: string, name: string) => {
  const m = new RegExp(`<(?:[\\w-]+:)?${name}>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`).exec(xml);
  return m ? decode(m[1]!.replace(/^<!\[CDATA\[|\]\]>$/g, '')) : undefined;
};

describe("the reportee's message box and archive over SOAP (ReporteeElementListExternalBasic, ReporteeArchiveExternalBasic)", () => {
  let t: TestTinn;
  const listSchema = contractSchema(readFileSync(LIST_WSDL, 'utf8'));
  const archiveSchema = contractSchema(readFileSync(ARCHIVE_WSDL, 'utf8'));
  let pin: string;
  /** Element ids made in before(), by what they are. */
  const ids = { payroll: 0, vatSigned: 0, fillIn: 0, signIn: 0, correspondence: 0, skogheim: 0 };
  let payrollReference: string;
  let vatReference: string;
  let skogheimReference: string;

  const login = async (ssn: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken as string;
  const submit = async (token: string, reportee: string, body: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${reportee}/formtasks`, headers: { authorization: `Bearer ${token}` }, payload: { externalShipmentReference: reference(), serviceEditionCode: 1, ...body } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { reporteeElementId: number; status: string; archiveReference: string | null };
  };
  /** The system's REST token with Kari: level 2 with the one-time code, else level 1. */
  const systemToken = async (withCode: boolean) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/authn/system/token',
      payload: { systemId: Number(SYSTEM.id), systemPassword: SYSTEM.password, userSsn: KARI.ssn, userPassword: KARI.password, ...(withCode ? { userPinCode: pin, authMethod: 'SMSPin' } : {}) },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().actor.securityLevel, withCode ? 2 : 1);
    return res.json().accessToken as string;
  };
  const restBox = async (token: string, reportee: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${reportee}/messagebox?limit=200`, headers: { authorization: `Bearer ${token}` } })).json().items as { reporteeElementId: number }[];

  /** A raw GetReporteeElementListBasicV2: the sample with its placeholders filled in, the one-time code unless `withCode` is false. */
  const list = (o: { reportee?: string; withCode?: boolean; systemPassword?: string; search?: string; languageID?: number } = {}) => {
    let xml = SAMPLE.replace('SYSTEM_ID', SYSTEM.id)
      .replace('SYSTEM_PASSWORD', o.systemPassword ?? SYSTEM.password)
      .replace('USER_SSN', KARI.ssn)
      .replace('USER_PASSWORD', KARI.password)
      .replace('REPORTEE', o.reportee ?? FJORDLYS);
    xml = o.withCode === false ? xml.replace(/\s*<ns:userPinCode>USER_PIN_CODE<\/ns:userPinCode>\s*<ns:authMethod>SMSPin<\/ns:authMethod>/, '') : xml.replace('USER_PIN_CODE', pin);
    if (o.search !== undefined) xml = xml.replace(/<ns:searchBE>[\s\S]*<\/ns:searchBE>/, `<ns:searchBE>${o.search}</ns:searchBE>`);
    if (o.languageID !== undefined) xml = xml.replace('<ns:languageID>1044<', `<ns:languageID>${o.languageID}<`);
    return soapPost(t, LIST_PATH, LIST_ACTION, xml);
  };
  /** A raw GetArchivedFormTaskBasicV2 as the system with Kari. */
  const archived = (reporteeElementId: number, o: { withCode?: boolean } = {}) =>
    soapPost(
      t,
      ARCHIVE_PATH,
      ARCHIVE_ACTION,
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.altinn.no/services/Archive/ReporteeArchive/2009/10">
  <soapenv:Body>
    <ns:GetArchivedFormTaskBasicV2>
      <ns:systemUserName>${SYSTEM.id}</ns:systemUserName>
      <ns:systemPassword>${SYSTEM.password}</ns:systemPassword>
      <ns:userSSN>${KARI.ssn}</ns:userSSN>
      <ns:userPassword>${KARI.password}</ns:userPassword>${o.withCode === false ? '' : `
      <ns:userPinCode>${pin}</ns:userPinCode>
      <ns:authMethod>SMSPin</ns:authMethod>`}
      <ns:reporteeElementId>${reporteeElementId}</ns:reporteeElementId>
      <ns:languageID>1044</ns:languageID>
    </ns:GetArchivedFormTaskBasicV2>
  </soapenv:Body>
</soapenv:Envelope>`,
    );

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const kari = await login(KARI.ssn);
    // Over REST: an a-melding archived at once, a VAT return signed and archived (sub-form and attachment),
    // one left in form filling and one waiting for its signature; and a message from TTD.
    const payroll = await submit(kari, FJORDLYS, { serviceCode: '5002', forms: [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'a-melding', formData: PAYROLL }] });
    const vat = await submit(kari, FJORDLYS, {
      serviceCode: '5001',
      sign: true,
      forms: [
        { dataFormatId: '6001', dataFormatVersion: 1, endUserSystemReference: 'main', formData: VAT },
        { dataFormatId: '6002', dataFormatVersion: 1, endUserSystemReference: 'extra', parentReference: 'main', formData: VAT_EXTRA },
      ],
      attachments: [{ name: 'Faktura 17', fileName: 'faktura-17.pdf', attachmentTypeName: 'Bilag', endUserSystemReference: 'bilag-17', data: INVOICE.toString('base64') }],
    });
    const fillIn = await submit(kari, FJORDLYS, { serviceCode: '5001', forms: [{ dataFormatId: '6001', dataFormatVersion: 1, endUserSystemReference: 'main', formData: VAT, completed: false }] });
    const signIn = await submit(kari, FJORDLYS, { serviceCode: '5001', forms: [{ dataFormatId: '6001', dataFormatVersion: 1, endUserSystemReference: 'main', formData: VAT }] });
    assert.deepEqual([payroll.status, vat.status, fillIn.status, signIn.status], ['Archive', 'Archive', 'FillIn', 'SignIn']);
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/serviceowner/correspondences',
      headers: { apikey: TTD_KEY },
      remoteAddress: '127.0.0.1',
      payload: {
        externalShipmentReference: reference(),
        serviceCode: '5005',
        serviceEditionCode: 1,
        reportee: FJORDLYS,
        content: { languageCode: 1044, messageTitle: 'Vedtak om mva-kompensasjon', messageSummary: 'Du har fått vedtak.', messageBody: '<p>Se vedtaket.</p>' },
      },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const skogheim = await submit(await login(SKOGHEIM_DAGL), SKOGHEIM, { serviceCode: '5002', forms: [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'a-melding', formData: PAYROLL }] });
    Object.assign(ids, {
      payroll: payroll.reporteeElementId,
      vatSigned: vat.reporteeElementId,
      fillIn: fillIn.reporteeElementId,
      signIn: signIn.reporteeElementId,
      correspondence: sent.json().correspondenceId,
      skogheim: skogheim.reporteeElementId,
    });
    payrollReference = payroll.archiveReference!;
    vatReference = vat.archiveReference!;
    skogheimReference = skogheim.archiveReference!;
    // Kari's one-time code for the data system (SMS), as an end-user system asks for it.
    const challenge = await t.app.inject({ method: 'POST', url: '/api/v1/authn/system/challenge', payload: { systemId: Number(SYSTEM.id), userSsn: KARI.ssn, userPassword: KARI.password, authMethod: 'SMSPin' } });
    assert.equal(challenge.json().status, 'Ok', challenge.body);
    const sms = (await t.app.inject({ method: 'GET', url: `/api/v1/testenv/outbox?recipient=${encodeURIComponent(KARI.mobile)}&channel=sms&limit=1` })).json().messages[0];
    pin = /\b(\d{6})\b/.exec(sms.body)![1]!;
  });
  after(() => t.close());

  it('lists the message box for the sample request sent as curl would (level 2): work list, archive and the message, with their statuses, as REST lists them', async () => {
    const res = await list();
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.deepEqual(listSchema.validate(res.body), [], 'the answer is valid against the WSDL');
    const lines = elementsOf(res.body);
    const byId = new Map(lines.map((l) => [Number(l.ReporteeElementId), l]));
    const pick = (l: Record<string, string> | undefined, ...keys: string[]) => keys.map((k) => l?.[k]);
    assert.deepEqual(pick(byId.get(ids.payroll), 'ReporteeElementType', 'Status', 'TaskStatus', 'LastChangeType', 'ExternalServiceCode', 'ServiceEditionVersion', 'ServiceOwnerCode', 'ArchiveReference', 'ArchiveId', 'Title', 'StatusName'), [
      'FormTask', 'Archive', 'Archive', 'Archived', '5002', '1', 'TTD', payrollReference, String(ids.payroll), 'A-melding (test)', 'Sendt og arkivert',
    ]);
    assert.deepEqual(pick(byId.get(ids.vatSigned), 'Status', 'ArchiveReference'), ['Archive', vatReference]);
    assert.deepEqual(pick(byId.get(ids.fillIn), 'Status', 'TaskStatus', 'LastChangeType', 'ArchiveReference', 'ArchiveId'), ['FillIn', 'FormFilling', 'Saved', undefined, undefined]);
    assert.deepEqual(pick(byId.get(ids.signIn), 'Status', 'TaskStatus'), ['SignIn', 'Signing']);
    assert.deepEqual(pick(byId.get(ids.correspondence), 'ReporteeElementType', 'Status', 'CorrespondenceStatus', 'LastChangeType', 'ExternalServiceCode', 'Title'), [
      'Correspondence', 'NotOpenedConfirmationReq', 'Created', 'Sent', '5005', 'Vedtak om mva-kompensasjon',
    ]);
    assert.equal(byId.has(ids.skogheim), false);
    // The REST twin with the same login lists the same lines in the same order (newest change first).
    const rest = await restBox(await systemToken(true), FJORDLYS);
    assert.deepEqual(lines.map((l) => Number(l.ReporteeElementId)), rest.map((i) => i.reporteeElementId));
  });

  it('filters as ExternalSearchBEV2 asks (the work list, the archive, service codes, a .NET client\'s unset dates) and names titles in the asked language', async () => {
    const idsOf = (body: string) => elementsOf(body).map((l) => Number(l.ReporteeElementId));
    const mine = (body: string) => idsOf(body).filter((id) => Object.values(ids).includes(id)).sort((a, b) => a - b);
    const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);
    const workList = await list({ search: `<ns1:Reportee>${FJORDLYS}</ns1:Reportee><ns1:ToBeProcessed>true</ns1:ToBeProcessed>` });
    assert.deepEqual(mine(workList.body), sorted(ids.fillIn, ids.signIn));
    const archive = await list({ search: `<ns1:Reportee>${FJORDLYS}</ns1:Reportee><ns1:SentAndArchived>1</ns1:SentAndArchived>` });
    assert.deepEqual(mine(archive.body), sorted(ids.payroll, ids.vatSigned));
    // What a .NET client sends for a search it filled only partly: every value type, dates at DateTime.MinValue.
    const dotnet = await list({
      search:
        `<ns1:ArchiveReference i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/><ns1:CaseID>0</ns1:CaseID><ns1:CollectionPages>false</ns1:CollectionPages><ns1:EDialogue>false</ns1:EDialogue>` +
        `<ns1:FromDate>0001-01-01T00:00:00</ns1:FromDate><ns1:Reportee>${FJORDLYS}</ns1:Reportee><ns1:SentAndArchived>false</ns1:SentAndArchived>` +
        `<ns1:ServiceCodeList><arr:string>5002</arr:string></ns1:ServiceCodeList><ns1:ToBeProcessed>false</ns1:ToBeProcessed><ns1:ToBeProcessedByOthers>false</ns1:ToBeProcessedByOthers><ns1:ToDate>0001-01-01T00:00:00</ns1:ToDate>`,
      languageID: 1033,
    });
    assert.deepEqual(listSchema.validate(dotnet.body), []);
    assert.deepEqual(mine(dotnet.body), [ids.payroll]);
    assert.deepEqual([elementsOf(dotnet.body).find((l) => Number(l.ReporteeElementId) === ids.payroll)?.Title, textOf(dotnet.body, 'StatusName')], ['Payroll report (test)', 'Sent and archived']);
    // Collaboration (e-dialogues, collection pages) Tinn does not have: nothing answers.
    assert.deepEqual(elementsOf((await list({ search: `<ns1:EDialogue>true</ns1:EDialogue><ns1:Reportee>${FJORDLYS}</ns1:Reportee>` })).body), []);
  });

  it("follows what happens over REST: a message read by Kari is opened, not confirmed; confirmed, it is Confirmed", async () => {
    const kari = { authorization: `Bearer ${await login(KARI.ssn)}` };
    const status = async () => {
      const line = elementsOf((await list()).body).find((l) => Number(l.ReporteeElementId) === ids.correspondence);
      return [line?.Status, line?.CorrespondenceStatus];
    };
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${ids.correspondence}`, headers: kari })).statusCode, 200);
    assert.deepEqual(await status(), ['OpenedNotConfirmed', 'Read']);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${ids.correspondence}/confirm`, headers: kari })).statusCode, 200);
    assert.deepEqual(await status(), ['Confirmed', 'Confirmed']);
  });

  it('with the password alone (level 1) leaves out the services of level 2, as REST does; reading one of their archives is refused with the reason (14)', async () => {
    const res = await list({ withCode: false });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(listSchema.validate(res.body), []);
    const shown = elementsOf(res.body).map((l) => Number(l.ReporteeElementId));
    assert.deepEqual(shown.filter((id) => Object.values(ids).includes(id)), []);
    assert.deepEqual(shown, (await restBox(await systemToken(false), FJORDLYS)).map((i) => i.reporteeElementId));
    const refused = faultOf(await archived(ids.payroll, { withCode: false }));
    assert.deepEqual([refused.ErrorID, refused.AltinnExtendedErrorMessage.split('\n')[0], refused.UserId], ['14', 'SUB-00003', SYSTEM.id]);
    assert.match(refused.AltinnErrorMessage + refused.AltinnExtendedErrorMessage, /security level 2/);
  });

  it('reads an archived form task by its ReporteeElementId: forms, sub-form, attachment, signing step; the same archive as REST', async () => {
    const res = await archived(ids.vatSigned);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(archiveSchema.validate(res.body), [], 'the answer is valid against the WSDL');
    const rest = (await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/archive/${vatReference}`, headers: { authorization: `Bearer ${await systemToken(true)}` } })).json();
    assert.deepEqual(
      ['ReporteeElementID', 'ExternalServiceCode', 'ExternalServiceEditionCode', 'ServiceOwner', 'ssnOrgNumber', 'ReporteeID'].map((k) => textOf(res.body, k)),
      [String(ids.vatSigned), '5001', '1', 'TTD', FJORDLYS, String(rest.reportee.partyId)],
    );
    assert.equal(new Date(textOf(res.body, 'ArchivedDateTime')!).toISOString(), rest.archivedAt);
    const forms = [...res.body.matchAll(/<(?:[\w-]+:)?ArchivedFormBE>([\s\S]*?)<\/(?:[\w-]+:)?ArchivedFormBE>/g)].map((m) => m[1]!);
    assert.deepEqual(forms.map((f) => [textOf(f, 'DataFormatId'), textOf(f, 'FormID'), textOf(f, 'ParentReference')]), [
      ['6001', String(rest.forms[0].formId), undefined],
      ['6002', String(rest.forms[1].formId), String(rest.forms[0].formId)],
    ]);
    assert.equal(textOf(forms[0]!, 'FormDataXML'), rest.forms[0].formData);
    assert.equal(rest.forms[0].formData, VAT);
    const attachment = /<(?:[\w-]+:)?ArchivedAttachmentBEV2>([\s\S]*?)<\/(?:[\w-]+:)?ArchivedAttachmentBEV2>/.exec(res.body)![1]!;
    assert.deepEqual(['AttachmentID', 'AttachmentName', 'FileName', 'MimeTypeName', 'SendersReference', 'IsEncrypted'].map((k) => textOf(attachment, k)), [
      String(rest.attachments[0].attachmentId), 'Faktura 17', 'faktura-17.pdf', 'application_pdf', 'bilag-17', 'false',
    ]);
    assert.deepEqual(Buffer.from(textOf(attachment, 'AttachmentData')!, 'base64'), INVOICE);
    const step = /<(?:[\w-]+:)?ArchivedFormTaskSigningStepBEV2>([\s\S]*?)<\/(?:[\w-]+:)?ArchivedFormTaskSigningStepBEV2>/.exec(res.body)![1]!;
    assert.deepEqual(['AuthenticationLevelID', 'SignedByUserName', 'IsSigningAllRequired', 'SignedByUserSSN'].map((k) => textOf(step, k)), ['2', 'Kari Nordmann', 'YES', undefined]);
  });

  it('works with clients generated from the WSDLs', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const box: any = await soap.createClientAsync(LIST_WSDL, { endpoint: `${url}${LIST_PATH}` });
    const credentials = { systemUserName: SYSTEM.id, systemPassword: SYSTEM.password, userSSN: KARI.ssn, userPassword: KARI.password, userPinCode: pin, authMethod: 'SMSPin' };
    const [listed, , , sent] = await box.GetReporteeElementListBasicV2Async({
      ...credentials,
      searchBE: { Reportee: FJORDLYS, SentAndArchived: true, ServiceCodeList: { string: ['5002'] } },
      languageID: 1033,
    });
    // The search's fields went in the data-contract namespace, the list's items in the arrays namespace.
    assert.match(sent, /<(\w+):SentAndArchived xmlns:\1="http:\/\/schemas\.altinn\.no\/services\/Archive\/ReporteeArchive\/2009\/10">true</);
    assert.match(sent, /<(\w+):string xmlns:\1="http:\/\/schemas\.microsoft\.com\/2003\/10\/Serialization\/Arrays">5002</);
    const lines = [listed.GetReporteeElementListBasicV2Result.ReporteeElementBEV2].flat();
    const payroll = lines.find((l: { ReporteeElementId: number }) => l.ReporteeElementId === ids.payroll);
    assert.deepEqual([payroll.Status, payroll.ArchiveReference, payroll.Title], ['Archive', payrollReference, 'Payroll report (test)']);
    assert.ok(lines.every((l: { ExternalServiceCode: string; Status: string }) => l.ExternalServiceCode === '5002' && l.Status === 'Archive'));

    const archive: any = await soap.createClientAsync(ARCHIVE_WSDL, { endpoint: `${url}${ARCHIVE_PATH}` });
    const [got] = await archive.GetArchivedFormTaskBasicV2Async({ ...credentials, reporteeElementId: payroll.ReporteeElementId, languageID: 1044 });
    const task = got.GetArchivedFormTaskBasicV2Result;
    assert.deepEqual([task.ReporteeElementID, task.ExternalServiceCode, task.ssnOrgNumber], [ids.payroll, '5002', FJORDLYS]);
    // The client's parser trims text nodes (stack notes §3); the form itself came whole.
    assert.equal([task.ArchivedFormList.ArchivedFormBE].flat()[0].FormDataXML, PAYROLL.trim());
    const [tested] = await archive.TestAsync({});
    assert.ok(tested !== undefined);
  });

  it('refuses a wrong system password (989) on both services', async () => {
    const list989 = faultOf(await list({ systemPassword: 'Fjordlys2025' }));
    assert.deepEqual([list989.ErrorID, list989.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00014']);
    const archive989 = faultOf(
      await soapPost(
        t,
        ARCHIVE_PATH,
        ARCHIVE_ACTION,
        `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetArchivedFormTaskBasicV2 xmlns="http://www.altinn.no/services/Archive/ReporteeArchive/2009/10"><systemUserName>${SYSTEM.id}</systemUserName><systemPassword>nei</systemPassword><reporteeElementId>${ids.payroll}</reporteeElementId></GetArchivedFormTaskBasicV2></s:Body></s:Envelope>`,
      ),
    );
    assert.deepEqual([archive989.ErrorID, archive989.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00014']);
  });

  it("keeps another party's elements unseen: its message box lists nothing (as REST), a person nobody acts for is not found, its archive is not found like an id that does not exist", async () => {
    const other = await list({ reportee: SKOGHEIM });
    assert.equal(other.statusCode, 200, other.body);
    assert.deepEqual(elementsOf(other.body), []);
    assert.deepEqual(await restBox(await systemToken(true), SKOGHEIM), []);
    const person = faultOf(await list({ reportee: HEDDA }));
    const nobody = faultOf(await list({ reportee: uniqueSsn() }));
    assert.deepEqual([person.ErrorID, person.AltinnExtendedErrorMessage.split('\n')[0]], ['0', 'AUTZ-00015']);
    assert.equal(person.AltinnExtendedErrorMessage, nobody.AltinnExtendedErrorMessage, 'the same answer as for no such person');

    const res = await archived(ids.skogheim);
    const stranger = faultOf(res);
    const missing = faultOf(await archived(2_000_000_000));
    const workList = faultOf(await archived(ids.fillIn));
    assert.deepEqual([stranger.ErrorID, stranger.AltinnExtendedErrorMessage.split('\n')[0], stranger.UserId], ['0', 'SUB-00010', SYSTEM.id]);
    assert.equal(stranger.AltinnExtendedErrorMessage, missing.AltinnExtendedErrorMessage, 'the same answer as for an id that does not exist');
    assert.equal(workList.AltinnExtendedErrorMessage.split('\n')[0], 'SUB-00010', 'a form task in the work list is not in the archive');
    for (const secret of [skogheimReference, 'Skogheim', '5002', 'melding', 'kalendermaaned']) assert.ok(!res.body.includes(secret), `the fault does not reveal ${secret}`);
  });

  it('getArchivedFormTaskByElementId: the reportee side reads it, another party does not (the use case itself)', async () => {
    const submissions = t.tinn.submissions;
    const skogheimParty = (await t.app.inject({ method: 'GET', url: `/api/v1/organizations/${SKOGHEIM}` })).json().partyId as number;
    const dagl = (await t.app.inject({ method: 'GET', url: '/api/v1/authn/me', headers: { authorization: `Bearer ${await login(SKOGHEIM_DAGL)}` } })).json();
    const own = await submissions.getArchivedFormTaskByElementId(dagl, ids.skogheim);
    assert.deepEqual([own.archiveReference, own.reportee.partyId], [skogheimReference, skogheimParty]);
    const kari = (await t.app.inject({ method: 'GET', url: '/api/v1/authn/me', headers: { authorization: `Bearer ${await login(KARI.ssn)}` } })).json();
    const hedda = (await t.app.inject({ method: 'GET', url: '/api/v1/authn/me', headers: { authorization: `Bearer ${await login(HEDDA)}` } })).json();
    for (const actor of [kari, hedda]) {
      await assert.rejects(submissions.getArchivedFormTaskByElementId(actor, ids.skogheim), (err: unknown) => isAppError(err, SubmissionProblems.archiveNotFound));
    }
    assert.equal((await submissions.getArchivedFormTaskByElementId(kari, ids.payroll)).archiveReference, payrollReference);
  });
});
