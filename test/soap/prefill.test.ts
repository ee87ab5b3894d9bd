// Prefill over SOAP (PreFillBasic): the service owner's envelope and a client generated from the real Altinn II
// WSDL store a prefilled VAT return for Fjordlys and put it in the work list, where the reportee finds it over
// REST; a set left waiting is read and started over REST. A bad set is refused whole with the XSD errors by
// line, and nothing is written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { SettableClock } from '../../src/platform/index.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const KARI = '14837501777'; // DAGL of Fjordlys
const FJORDLYS = '310000116';
const PATH = '/ServiceEngineExternal/PreFillBasic.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/PreFillBasic.svc.wsdl');
const NS = 'http://www.altinn.no/services/ServiceEngine/PreFill/2009/10';
const PF = 'http://schemas.altinn.no/services/ServiceEngine/PreFill/2009/10';
const NOTIFICATION = 'http://schemas.altinn.no/services/ServiceEngine/Notification/2009/10';
const ACTION = `${NS}/IPreFillExternalBasic/SubmitAndInstantiatePrefilledFormTaskBasic`;
const EXAMPLES = join(import.meta.dirname, '../../testdata/services/ttd-5001-mva/examples');
const VAT = readFileSync(join(EXAMPLES, 'melding.xml'), 'utf8');
const SUPPLEMENT = readFileSync(join(EXAMPLES, 'tillegg.xml'), 'utf8');
const TTD = { systemUserName: 'TTD_ARKIV', systemPassword: 'Ttd-arkiv-2026' };

let seq = 0;
const unique = (what: string) => `${what}-${process.pid}-${Date.now()}-${++seq}`;
/** Case ids are ints in this contract: unique per test run, so the work list line can be found by it. */
const caseNumber = () => (Date.now() % 1_000_000_000) + ++seq;

interface Request {
  reference: string;
  password?: string;
  formXml?: string;
  instantiate?: boolean;
  caseId?: number;
  notificationToken?: string;
  identityIndex?: string;
  reportee?: string;
}

/** The request as a vendor writes it by hand: arguments in the service namespace, the task in the data-contract one. */
const envelope = (r: Request) =>
  `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}" xmlns:pf="${PF}" xmlns:n="${NOTIFICATION}"><soapenv:Header/><soapenv:Body>
<ns:SubmitAndInstantiatePrefilledFormTaskBasic>
  <ns:systemUserName>${TTD.systemUserName}</ns:systemUserName>
  <ns:systemPassword>${r.password ?? TTD.systemPassword}</ns:systemPassword>
  <ns:externalBatchId>batch-${r.reference}</ns:externalBatchId>
  <ns:preFillFormTask>
    <pf:ExternalServiceCode>5001</pf:ExternalServiceCode>
    <pf:ExternalServiceEditionCode>1</pf:ExternalServiceEditionCode>
    <pf:ExternalShipmentReference>${r.reference}</pf:ExternalShipmentReference>
    <pf:PreFillForms>
      <pf:PrefillForm>
        <pf:DataFormatID>6001</pf:DataFormatID>
        <pf:DataFormatVersion>1</pf:DataFormatVersion>
        <pf:FormDataXML><![CDATA[${r.formXml ?? VAT}]]></pf:FormDataXML>
        <pf:SendersReference>hoved</pf:SendersReference>
      </pf:PrefillForm>
    </pf:PreFillForms>
    ${r.identityIndex !== undefined ? `<pf:PreFillIdentityFields><pf:PreFillIdentityFieldBE><pf:FieldValue>2026-5</pf:FieldValue><pf:Index>${r.identityIndex}</pf:Index></pf:PreFillIdentityFieldBE></pf:PreFillIdentityFields>` : ''}
    ${
      r.notificationToken !== undefined
        ? `<pf:PrefillNotifications><n:Notification><n:LanguageCode>1044</n:LanguageCode><n:NotificationType>TokenTextOnly</n:NotificationType><n:TextTokens><n:TextToken><n:TokenNum>0</n:TokenNum><n:TokenValue>${r.notificationToken}</n:TokenValue></n:TextToken><n:TextToken><n:TokenNum>1</n:TokenNum><n:TokenValue>Forhåndsutfylt mva-melding</n:TokenValue></n:TextToken></n:TextTokens><n:ReceiverEndPoints><n:ReceiverEndPoint><n:TransportType>Email</n:TransportType></n:ReceiverEndPoint></n:ReceiverEndPoints></n:Notification></pf:PrefillNotifications>`
        : ''
    }
    <pf:ReceiversReference>fjordlys-ref</pf:ReceiversReference>
    <pf:Reportee>${r.reportee ?? FJORDLYS}</pf:Reportee>
    <pf:SendersReference>SKD-mva-2026</pf:SendersReference>
    <pf:ServiceOwnerCode>TTD</pf:ServiceOwnerCode>
    <pf:ValidFromDate>2026-01-01T00:00:00Z</pf:ValidFromDate>
    <pf:ValidToDate>2026-12-31T00:00:00Z</pf:ValidToDate>
  </ns:preFillFormTask>
  <ns:doSaveFormTask>true</ns:doSaveFormTask>
  <ns:doinstantiateFormTask>${r.instantiate ?? true}</ns:doinstantiateFormTask>
  ${r.caseId !== undefined ? `<ns:caseId>${r.caseId}</ns:caseId>` : ''}
  <ns:dueDate>2026-02-10T00:00:00Z</ns:dueDate>
</ns:SubmitAndInstantiatePrefilledFormTaskBasic></soapenv:Body></soapenv:Envelope>`;

const tag = (xml: string, name: string) => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</`).exec(xml)?.[1];
const references = (xml: string) =>
  Object.fromEntries([...xml.matchAll(/<(?:\w+:)?ReferenceTypeName>(\w+)<\/(?:\w+:)?ReferenceTypeName><(?:\w+:)?ReferenceValue>([^<]*)</g)].map((m) => [m[1]!, m[2]!]));

describe('prefill over SOAP (PreFillBasic)', () => {
  let t: TestTinn;
  let client: any;
  let kari: { authorization: string };
  const clock = new SettableClock('2026-01-15T09:00:00Z');
  const responses = contractSchema(readFileSync(WSDL_FILE, 'utf8'));

  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    client = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}` });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: KARI, securityLevel: 2 } });
    kari = { authorization: `Bearer ${login.json().accessToken}` };
  });
  after(() => t.close());

  const send = (r: Request) => soapPost(t, PATH, ACTION, envelope(r));
  const rest = (url: string, method: 'GET' | 'POST' = 'GET', payload?: object) => t.app.inject({ method, url, headers: kari, ...(payload ? { payload } : {}) });
  const workList = async () =>
    (await rest(`/api/v1/reportees/${FJORDLYS}/messagebox?toBeProcessed=true`)).json().items as { reporteeElementId: number; status: string; serviceCode: string; caseId: string | null }[];
  const written = async () => [
    await countRows(t.db, 'prefill.form_set'),
    await countRows(t.db, 'submissions.reportee_element'),
    await countRows(t.db, 'notifications.notification'),
    await countRows(t.db, 'platform.job'),
  ];

  it('stores and instantiates a prefilled VAT return from a raw envelope: a valid PreFill receipt, the form task in the work list over REST, the notification sent', async () => {
    const reference = unique('mva');
    const caseId = caseNumber();
    const token = unique('Mva-meldingen er klar');
    const res = await send({ reference, caseId, notificationToken: token });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.deepEqual(responses.validate(res.body), [], 'the receipt is valid against the WSDL');
    assert.deepEqual([tag(res.body, 'ReceiptStatusCode'), tag(res.body, 'ReceiptTypeName')], ['OK', 'PreFill']);
    assert.match(tag(res.body, 'ReceiptText')!, /Successfully Instantiated/);
    const refs = references(res.body);
    assert.equal(refs.ExternalShipmentReference, reference);
    assert.equal(refs.SendersReference, 'SKD-mva-2026');
    assert.equal(refs.ReceiversReference, 'fjordlys-ref');
    assert.equal(refs.BatchReference, `batch-${reference}`);
    const elementId = Number(refs.WorkFlowReference);

    const line = (await workList()).find((i) => i.reporteeElementId === elementId);
    assert.ok(line, 'instantiated over SOAP, in the work list over REST');
    assert.deepEqual([line.status, line.serviceCode, line.caseId], ['FillIn', '5001', String(caseId)]);
    const task = (await rest(`/api/v1/reportees/${FJORDLYS}/formtasks/${elementId}`)).json();
    assert.equal(task.forms[0].formData, VAT);
    assert.equal(task.forms[0].completed, false, 'the reportee looks the prefilled form over first');

    await createWorker(t.tinn).drain();
    const mail = (await t.app.inject({ method: 'GET', url: '/api/v1/testenv/outbox?recipient=post%40fjordlys.test&channel=email&limit=50' })).json().messages as { body: string; subject: string }[];
    assert.ok(
      mail.some((m) => m.body === token && m.subject === 'Forhåndsutfylt mva-melding'),
      "the organisation's address got the notification",
    );

    // A retry answers the first result and writes nothing new.
    const rows = await written();
    const again = await send({ reference, caseId, notificationToken: token });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(references(again.body).WorkFlowReference, String(elementId));
    assert.match(tag(again.body, 'ReceiptText')!, /earlier request/);
    assert.deepEqual(await written(), rows);
  });

  it('stores a set that waits (doinstantiateFormTask false): the reportee reads it and starts it over REST', async () => {
    // Later than the sets the other tests stored, so this one is the newest waiting for Fjordlys.
    clock.set('2026-01-15T09:01:00Z');
    const reference = unique('venter');
    const res = await send({ reference, instantiate: false, formXml: VAT.replace('<termin>september-oktober</termin>', '<termin>november-desember</termin>') });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(references(res.body).WorkFlowReference, undefined, 'no form task yet');
    const read = await rest(`/api/v1/reportees/${FJORDLYS}/prefill?serviceCode=5001&serviceEditionCode=1`);
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().externalShipmentReference, reference);
    assert.match(read.json().forms[0].formData, /november-desember/);
    const started = await rest(`/api/v1/reportees/${FJORDLYS}/formtasks/start`, 'POST', { serviceCode: '5001', serviceEditionCode: 1 });
    assert.equal(started.statusCode, 201, started.body);
    assert.ok((await workList()).some((i) => i.reporteeElementId === started.json().reporteeElementId));
  });

  it('works with a client generated from the WSDL, with a sub-form, an attachment and identity fields', async () => {
    const reference = unique('klient');
    const token = unique('Klientvarsel');
    const [result, xml] = await client.SubmitAndInstantiatePrefilledFormTaskBasicAsync({
      ...TTD,
      externalBatchId: 'klient-batch',
      preFillFormTask: {
        ExternalServiceCode: '5001',
        ExternalServiceEditionCode: 1,
        ExternalShipmentReference: reference,
        PreFillAttachments: {
          PrefillFormTaskAttachment: [
            { AttachmentData: Buffer.from('%PDF-1.7\nbilag\n').toString('base64'), AttachmentName: 'Bilag 1', AttachmentType: 'application_pdf', FileName: 'bilag.pdf', SendersReference: 'bilag-1' },
          ],
        },
        PreFillForms: {
          PrefillForm: [
            { DataFormatID: '6001', DataFormatVersion: 1, FormDataXML: VAT, SendersReference: 'hoved' },
            { DataFormatID: '6002', DataFormatVersion: 1, FormDataXML: SUPPLEMENT, SendersReference: 'tillegg' },
          ],
        },
        PreFillIdentityFields: { PreFillIdentityFieldBE: [{ FieldValue: '2026-5', Index: '1' }] },
        // Of another namespace than the task: the client writes it in its own, as the WSDL says.
        PrefillNotifications: {
          Notification: [{ LanguageCode: '1044', NotificationType: 'TokenTextOnly', TextTokens: { TextToken: [{ TokenNum: 0, TokenValue: token }] }, ReceiverEndPoints: { ReceiverEndPoint: [{ TransportType: 'SMS' }] } }],
        },
        Reportee: FJORDLYS,
        ServiceOwnerCode: 'TTD',
        // The soap package writes a Date object as an empty element: dates go as ISO strings.
        ValidFromDate: '2026-01-01T00:00:00Z',
        ValidToDate: '2026-12-31T00:00:00Z',
      },
      doSaveFormTask: true,
      doinstantiateFormTask: true,
      caseId: 4711,
    });
    assert.deepEqual(responses.validate(xml), []);
    const receipt = result.SubmitAndInstantiatePrefilledFormTaskBasicResult;
    assert.deepEqual([receipt.ReceiptStatusCode, receipt.ReceiptTypeName], ['OK', 'PreFill']);
    const refs = Object.fromEntries([receipt.References.Reference].flat().map((r: { ReferenceTypeName: string; ReferenceValue: string }) => [r.ReferenceTypeName, r.ReferenceValue]));
    assert.equal(refs.BatchReference, 'klient-batch');
    const task = (await rest(`/api/v1/reportees/${FJORDLYS}/formtasks/${refs.WorkFlowReference}`)).json();
    assert.deepEqual(
      task.forms.map((f: { dataFormatId: string; isMain: boolean }) => [f.dataFormatId, f.isMain]),
      [
        ['6001', true],
        ['6002', false],
      ],
    );
    assert.deepEqual(
      task.attachments.map((a: { name: string; fileName: string }) => [a.name, a.fileName]),
      [['Bilag 1', 'bilag.pdf']],
    );
    assert.equal((await workList()).find((i) => i.reporteeElementId === Number(refs.WorkFlowReference))?.caseId, '4711');
    await createWorker(t.tinn).drain();
    const sms = (await t.app.inject({ method: 'GET', url: '/api/v1/testenv/outbox?recipient=%2B4791000001&channel=sms&limit=50' })).json().messages as { body: string }[];
    assert.ok(sms.some((m) => m.body === token), "the notification went to the organisation's mobile");
  });

  it('refuses a wrong password with ErrorID 989, and writes nothing', async () => {
    const rows = await written();
    const fault = faultOf(await send({ reference: unique('passord'), password: 'Wrong-guess-17' }));
    assert.deepEqual([fault.ErrorID, fault.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00021']);
    assert.deepEqual(await written(), rows);
  });

  it('refuses a form that does not match its XSD whole: every error with its line, nothing written', async () => {
    const rows = await written();
    const bad = VAT.replace('<aar>2026</aar>', '<aar>i fjor</aar>').replace('<sumMerverdiavgift>28000.00</sumMerverdiavgift>', '<sumMerverdiavgift>mye</sumMerverdiavgift>');
    const fault = faultOf(await send({ reference: unique('ugyldig'), formXml: bad, notificationToken: 'skal ikke sendes' }));
    assert.equal(fault.ErrorID, '0');
    const [code, ...lines] = fault.AltinnExtendedErrorMessage.split('\n');
    assert.equal(code, 'PREF-00001');
    assert.ok(lines.some((l) => /line 4\b/.test(l) && /aar/.test(l)), fault.AltinnExtendedErrorMessage);
    assert.ok(lines.some((l) => /line 18\b/.test(l) && /sumMerverdiavgift/.test(l)), fault.AltinnExtendedErrorMessage);
    const notXml = faultOf(await send({ reference: unique('ikke-xml'), formXml: '<melding xmlns="urn:no:tinn:ttd:mva:v1"><aar>' }));
    assert.match(notXml.AltinnExtendedErrorMessage, /^PREF-00001\n/);
    const unknown = faultOf(await send({ reference: unique('ukjent'), reportee: '310000999' }));
    assert.deepEqual([unknown.ErrorID, unknown.AltinnExtendedErrorMessage.split('\n')[0]], ['60012', 'PREF-00003']);
    const badIndex = faultOf(await send({ reference: unique('indeks'), identityIndex: 'første' }));
    assert.match(badIndex.AltinnExtendedErrorMessage, /^PLAT-00021\n.*Index/);
    assert.deepEqual(await written(), rows);
  });

  it('names a required element that is missing before any credential is checked', async () => {
    const fault = faultOf(await soapPost(t, PATH, ACTION, envelope({ reference: unique('mangler'), password: 'wrong' }).replace(/<pf:Reportee>\d+<\/pf:Reportee>/, '')));
    assert.equal(fault.ErrorID, '0');
    assert.match(fault.AltinnExtendedErrorMessage, /^PLAT-00021\n.*Reportee/s);
  });
});
