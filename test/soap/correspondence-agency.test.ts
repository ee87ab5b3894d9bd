// The service owner's correspondence over SOAP (CorrespondenceAgencyExternalBasic): a message inserted with a
// client generated from the real Altinn II WSDL is read by the reportee over REST, and the owner sees the Read
// in the status over SOAP; a REST insert shows up in the SOAP status too. Answers are valid against the WSDL;
// refusals are the use case's problem codes as AltinnFaults, and nothing is written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { SettableClock } from '../../src/platform/index.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const FJORDLYS = '310000116';
const KARI = '14837501777'; // DAGL of Fjordlys: reads its correspondence (Post/arkiv)
const PATH = '/ServiceEngineExternal/CorrespondenceAgencyExternalBasic.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/CorrespondenceAgencyExternalBasic.svc.wsdl');
const WSDL = readFileSync(WSDL_FILE, 'utf8');
const NS = 'http://www.altinn.no/services/ServiceEngine/Correspondence/2009/10';
const INSERT = `${NS}/ICorrespondenceAgencyExternalBasic/InsertCorrespondenceBasicV2`;
const STATUS = `${NS}/ICorrespondenceAgencyExternalBasic/GetCorrespondenceStatusDetailsBasicV3`;
const TTD = { systemUserName: 'TTD_ARKIV', systemPassword: 'Ttd-arkiv-2026' };
const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const LETTER = Buffer.from('%PDF-1.7 vedtak – æøå');

let seq = 0;
const reference = () => `soap-corr-${process.pid}-${++seq}`;

/** The request as curl would send it: one prefix per namespace the WSDL's types live in. */
function insertEnvelope(v: { password?: string; shipment: string; reportee?: string; serviceCode?: string; xmlAttachments?: string; tail?: string }) {
  return `<?xml version="1.0" encoding="utf-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}"
    xmlns:c10="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2010/10"
    xmlns:c09="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2009/10"
    xmlns:rel="http://www.altinn.no/services/ServiceEngine/ReporteeElementList/2010/10"
    xmlns:not="http://schemas.altinn.no/services/ServiceEngine/Notification/2009/10">
  <soapenv:Header/>
  <soapenv:Body>
    <ns:InsertCorrespondenceBasicV2>
      <ns:systemUserName>TTD_ARKIV</ns:systemUserName>
      <ns:systemPassword>${v.password ?? TTD.systemPassword}</ns:systemPassword>
      <ns:SystemUserCode>TTD</ns:SystemUserCode>
      <ns:ExternalShipmentReference>${v.shipment}</ns:ExternalShipmentReference>
      <ns:Correspondence>
        <c10:ServiceCode>${v.serviceCode ?? '5005'}</c10:ServiceCode>
        <c10:ServiceEdition>1</c10:ServiceEdition>
        <c10:Reportee>${v.reportee ?? FJORDLYS}</c10:Reportee>
        <c10:Content>
          <c10:LanguageCode>1044</c10:LanguageCode>
          <c10:MessageTitle>Påminnelse om frist</c10:MessageTitle>
          <c10:MessageSummary>Fristen nærmer seg.</c10:MessageSummary>
          <c10:MessageBody>&lt;p&gt;Husk fristen.&lt;/p&gt;</c10:MessageBody>
          <c10:Attachments>
            <c10:BinaryAttachments>
              <rel:BinaryAttachmentV2>
                <rel:DestinationType>Default</rel:DestinationType>
                <rel:FunctionType>Unspecified</rel:FunctionType>
                <rel:FileName>brev.pdf</rel:FileName>
                <rel:Name>Brev</rel:Name>
                <rel:Encrypted>false</rel:Encrypted>
                <rel:Data>${LETTER.toString('base64')}</rel:Data>
              </rel:BinaryAttachmentV2>
            </c10:BinaryAttachments>${v.xmlAttachments ?? ''}
          </c10:Attachments>
        </c10:Content>
        <c10:VisibleDateTime>2026-11-24T08:00:00Z</c10:VisibleDateTime>
        <c10:ReplyOptions>
          <c09:ReplyOption><c09:Service><c09:ServiceCode>5001</c09:ServiceCode><c09:ServiceEdition>1</c09:ServiceEdition></c09:Service></c09:ReplyOption>
        </c10:ReplyOptions>
        <c10:Notifications>
          <not:Notification>
            <not:NotificationType>TokenTextOnly</not:NotificationType>
            <not:TextTokens><not:TextToken><not:TokenNum>0</not:TokenNum><not:TokenValue>Ny melding</not:TokenValue></not:TextToken></not:TextTokens>
            <not:ReceiverEndPoints><not:ReceiverEndPoint><not:TransportType>SMS</not:TransportType><not:ReceiverAddress>+4791000091</not:ReceiverAddress></not:ReceiverEndPoint></not:ReceiverEndPoints>
          </not:Notification>
        </c10:Notifications>
        <c10:AllowForwarding>false</c10:AllowForwarding>${v.tail ?? ''}
      </ns:Correspondence>
    </ns:InsertCorrespondenceBasicV2>
  </soapenv:Body>
</soapenv:Envelope>`;
}

function statusEnvelope(filter: string, password = TTD.systemPassword) {
  return `<?xml version="1.0" encoding="utf-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}" xmlns:f="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2016/02">
  <soapenv:Body>
    <ns:GetCorrespondenceStatusDetailsBasicV3>
      <ns:systemUserName>TTD_ARKIV</ns:systemUserName>
      <ns:systemPassword>${password}</ns:systemPassword>
      <ns:filterCriteria>${filter}</ns:filterCriteria>
    </ns:GetCorrespondenceStatusDetailsBasicV3>
  </soapenv:Body>
</soapenv:Envelope>`;
}

const tag = (xml: string, name: string) => new RegExp(`<(?:[\\w-]+:)?${name}>([^<]*)<`).exec(xml)?.[1];
const all = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${name}>([^<]*)<`, 'g'))].map((m) => m[1]);

describe('correspondence over SOAP (CorrespondenceAgencyExternalBasic)', () => {
  let t: TestTinn;
  let url: string;
  let client: any;
  const clock = new SettableClock(new Date('2026-11-24T09:00:00Z'));
  const responses = contractSchema(WSDL);

  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    client = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}` });
  });
  after(() => t.close());

  const as = async (ssn: string) => ({ authorization: `Bearer ${(await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken}` });
  const rows = () => countRows(t.db, 'correspondence.correspondence');

  it('inserts with a client generated from the WSDL; the reportee reads it over REST; the status over SOAP shows the Read', async () => {
    const shipment = reference();
    const [result, responseXml, , requestXml] = await client.InsertCorrespondenceBasicV2Async({
      ...TTD,
      SystemUserCode: 'TTD',
      ExternalShipmentReference: shipment,
      Correspondence: {
        ServiceCode: '5005',
        ServiceEdition: '1',
        Reportee: FJORDLYS,
        Content: {
          LanguageCode: '1044',
          MessageTitle: 'Vedtak om tilskudd',
          MessageSummary: 'Du har fått <b>vedtak</b>.',
          MessageBody: '<h1>Vedtak</h1><p>Se vedlegget.</p><script>alert(1)</script>',
          Attachments: { BinaryAttachments: { BinaryAttachmentV2: [{ DestinationType: 'Default', FileName: 'vedtak.pdf', Name: 'Vedtak', Encrypted: false, Data: LETTER.toString('base64'), SendersReference: 'dok-1' }] } },
        },
        VisibleDateTime: '2026-11-24T08:00:00Z',
        DueDateTime: '2026-12-24T12:00:00Z',
        ReplyOptions: { ReplyOption: [{ URL: { LinkText: 'Klag her', LinkURL: 'https://tinn.example/klage' } }, { ArchiveReference: { ArchiveRef: 'AR123' } }] },
        Notifications: {
          Notification: [{ NotificationType: 'NyMelding', TextTokens: { TextToken: [{ TokenNum: 0, TokenValue: 'Gjelder $servicename$.' }] }, ReceiverEndPoints: { ReceiverEndPoint: [{ TransportType: 'Email' }] } }],
        },
        AllowForwarding: false,
        CaseID: 4711,
        MessageSender: 'Tilskuddsavdelingen',
        IsReservable: false,
      },
    });
    assert.match(requestXml, /ReceiverEndPoint/, 'the generated client sends the nested elements');
    assert.deepEqual(responses.validate(responseXml), [], 'the receipt is valid against the WSDL');
    const receipt = result.InsertCorrespondenceBasicV2Result;
    assert.equal(receipt.ReceiptStatusCode, 'OK');
    assert.equal(receipt.ReceiptTypeName, 'Correspondence');
    assert.deepEqual([receipt.References.Reference].flat(), [{ ReferenceTypeName: 'ExternalShipmentReference', ReferenceValue: shipment }]);
    const id = Number(receipt.ReceiptId);

    // The reportee's side, over REST.
    const opened = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}`, headers: await as(KARI) });
    assert.equal(opened.statusCode, 200, opened.body);
    const c = opened.json();
    assert.deepEqual(
      [c.state, c.title, c.languageCode, c.sender, c.externalShipmentReference, c.caseId, c.allowForwarding, c.dueDateTime, c.isConfirmationNeeded],
      ['Read', 'Vedtak om tilskudd', 'nb', 'Tilskuddsavdelingen', shipment, '4711', false, '2026-12-24T12:00:00.000Z', true],
    );
    assert.match(c.body, /<h1>Vedtak<\/h1>/);
    assert.doesNotMatch(c.body, /script/);
    assert.deepEqual(c.replyOptions, [
      { type: 'URL', linkText: 'Klag her', linkUrl: 'https://tinn.example/klage' },
      { type: 'ArchiveReference', archiveReference: 'AR123' },
    ]);
    assert.deepEqual(c.attachments.map((a: { name: string; fileName: string; sendersReference: string }) => [a.name, a.fileName, a.sendersReference]), [['Vedtak', 'vedtak.pdf', 'dok-1']]);
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}/attachments/${c.attachments[0].attachmentId}`, headers: await as(KARI) });
    assert.deepEqual(file.rawPayload, LETTER);

    // The notification goes out; the owner follows it all over SOAP.
    await createWorker(t.tinn).drain();
    const [status, statusXml] = await client.GetCorrespondenceStatusDetailsBasicV3Async({ ...TTD, filterCriteria: { SendersReference: shipment, ServiceCode: '5005', ServiceEditionCode: 1 } });
    assert.deepEqual(responses.validate(statusXml), [], 'the status is valid against the WSDL');
    const result3 = status.GetCorrespondenceStatusDetailsBasicV3Result;
    assert.equal(result3.CorrespondenceStatusInformation.LimitReached, false);
    const entries = [result3.CorrespondenceStatusInformation.CorrespondenceStatusDetailsList.StatusV2].flat();
    assert.equal(entries.length, 1);
    const [entry] = entries;
    assert.deepEqual([entry.CorrespondenceID, entry.Reportee, entry.SendersReference], [id, FJORDLYS, shipment]);
    assert.deepEqual([entry.StatusChanges.StatusChangeV2].flat().map((s: { StatusType: string }) => s.StatusType), ['Created', 'Read']);
    assert.deepEqual([entry.Notifications.Notification].flat().map((n: { Recipient: string; TransportType: string }) => [n.Recipient, n.TransportType]), [['post@fjordlys.test', 'Email']]);

    // Confirmed and archived over REST: the WSDL's status types end at Reserved, so Archived is not told.
    for (const step of ['confirm', 'archive']) {
      const done = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}/${step}`, headers: await as(KARI) });
      assert.equal(done.statusCode, 200, done.body);
    }
    const [later, laterXml] = await client.GetCorrespondenceStatusDetailsBasicV3Async({ ...TTD, filterCriteria: { SendersReference: shipment, ServiceCode: '5005', ServiceEditionCode: 1 } });
    assert.deepEqual(responses.validate(laterXml), []);
    const [again] = [later.GetCorrespondenceStatusDetailsBasicV3Result.CorrespondenceStatusInformation.CorrespondenceStatusDetailsList.StatusV2].flat();
    const changes = [again.StatusChanges.StatusChangeV2].flat();
    assert.deepEqual(changes.map((s: { StatusType: string }) => s.StatusType), ['Created', 'Read', 'Confirmed']);
  });

  it('inserts with a raw envelope as curl would send it; a retry answers the same receipt; REST sends, SOAP sees the status', async () => {
    const shipment = reference();
    const res = await soapPost(t, PATH, INSERT, insertEnvelope({ shipment }));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.deepEqual(responses.validate(res.body), [], 'the receipt is valid against the WSDL');
    assert.equal(tag(res.body, 'ReceiptStatusCode'), 'OK');
    const id = tag(res.body, 'ReceiptId');
    const before = await rows();
    const again = await soapPost(t, PATH, INSERT, insertEnvelope({ shipment }));
    assert.equal(tag(again.body, 'ReceiptId'), id, 'the same receipt');
    assert.equal(await rows(), before, 'nothing new');

    const viaRest = await t.app.inject({
      method: 'POST',
      url: '/api/v1/serviceowner/correspondences',
      headers: { apikey: TTD_KEY },
      remoteAddress: '127.0.0.1',
      payload: { externalShipmentReference: reference(), serviceCode: '5005', serviceEditionCode: 1, reportee: FJORDLYS, content: { languageCode: 'nb', messageTitle: 'Fra REST', messageBody: 'Hei' } },
    });
    assert.equal(viaRest.statusCode, 201, viaRest.body);
    const restId = String(viaRest.json().correspondenceId);

    const status = await soapPost(t, PATH, STATUS, statusEnvelope(`<f:CreatedAfterDate>2026-11-24T08:59:00Z</f:CreatedAfterDate><f:Reportee>${FJORDLYS}</f:Reportee><f:ServiceCode>5005</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>`));
    assert.equal(status.statusCode, 200, status.body);
    assert.deepEqual(responses.validate(status.body), [], 'the status is valid against the WSDL');
    const ids = all(status.body, 'CorrespondenceID');
    assert.ok(ids.includes(id) && ids.includes(restId), 'both the SOAP and the REST message are listed');
    assert.equal(tag(status.body, 'ServiceCode'), '5005');
  });

  it('keeps XML attachments as .xml files, names SdpOptions and OnBehalfOfOrgNr as not used in the receipt, and filters the status by CurrentStatus and NotificationSent', async () => {
    const shipment = reference();
    const form = '<skjema xmlns="urn:tinn:test"><belop>100</belop></skjema>';
    const sdp = 'http://schemas.altinn.no/services/ServiceEngine/Correspondence/2016/02';
    const res = await soapPost(
      t,
      PATH,
      INSERT,
      insertEnvelope({
        shipment,
        xmlAttachments: `<c10:XmlAttachmentList><c10:XmlAttachmentV2><c10:SendersReference>x-1</c10:SendersReference><c10:FormDataXml>${form.replace(/</g, '&lt;')}</c10:FormDataXml><c10:DataFormatId>4711</c10:DataFormatId></c10:XmlAttachmentV2></c10:XmlAttachmentList>`,
        tail: `<c10:SdpOptions><s:PrimaryDocumentFileName xmlns:s="${sdp}">brev.pdf</s:PrimaryDocumentFileName><s:SdpSetting xmlns:s="${sdp}">CopyAltinn</s:SdpSetting></c10:SdpOptions><c10:OnBehalfOfOrgNr>310000124</c10:OnBehalfOfOrgNr>`,
      }),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.match(tag(res.body, 'ReceiptText')!, /^Correspondence created\. Not used by Tinn: SdpOptions \(no forwarding to digital mailboxes\); OnBehalfOfOrgNr 310000124/);
    const id = tag(res.body, 'ReceiptId')!;
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}`, headers: await as(KARI) });
    assert.equal(read.statusCode, 200, read.body);
    const attachments = read.json().attachments as { name: string; fileName: string; attachmentId: string }[];
    assert.deepEqual(attachments.map((a) => [a.name, a.fileName]), [['Brev', 'brev.pdf'], ['4711', '4711-1.xml']]);

    const filter = (extra: string) =>
      soapPost(t, PATH, STATUS, statusEnvelope(`<f:CreatedAfterDate>2026-11-24T08:59:00Z</f:CreatedAfterDate>${extra}<f:Reportee>${FJORDLYS}</f:Reportee><f:ServiceCode>5005</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>`));
    const byStatus = async (status: string) => all((await filter(`<f:CurrentStatus>${status}</f:CurrentStatus>`)).body, 'CorrespondenceID');
    assert.ok((await byStatus('Read')).includes(id), 'read just now by Kari');
    assert.ok(!(await byStatus('Created')).includes(id));
    const unread = await byStatus('Created');
    assert.ok(unread.length > 0 && unread.every((x) => x !== id));
    const sent = all((await filter('<f:NotificationSent>true</f:NotificationSent>')).body, 'CorrespondenceID');
    const notSent = all((await filter('<f:NotificationSent>false</f:NotificationSent>')).body, 'CorrespondenceID');
    const everything = all((await filter('')).body, 'CorrespondenceID');
    assert.deepEqual([...sent, ...notSent].sort(), [...everything].sort(), 'NotificationSent splits the list in two');
  });

  it('refuses a wrong password (989), an unknown reportee (CORR-00003, 60012) and a service that is not the owner\'s correspondence service (CORR-00002, 5), writing nothing', async () => {
    const before = [await rows(), await countRows(t.db, 'correspondence.attachment')];
    const wrong = faultOf(await soapPost(t, PATH, INSERT, insertEnvelope({ shipment: reference(), password: 'Wrong-guess-17' })));
    assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00021']);
    const unknown = faultOf(await soapPost(t, PATH, INSERT, insertEnvelope({ shipment: reference(), reportee: '310999989' })));
    assert.deepEqual([unknown.ErrorID, unknown.AltinnExtendedErrorMessage.split('\n')[0], unknown.UserId], ['60012', 'CORR-00003', 'TTD_ARKIV']);
    for (const serviceCode of ['9999', '5001']) {
      const service = faultOf(await soapPost(t, PATH, INSERT, insertEnvelope({ shipment: reference(), serviceCode })));
      assert.deepEqual([service.ErrorID, service.AltinnExtendedErrorMessage.split('\n')[0]], ['5', 'CORR-00002'], serviceCode);
    }
    assert.deepEqual([await rows(), await countRows(t.db, 'correspondence.attachment')], before, 'nothing written');

    const statusWrong = faultOf(await soapPost(t, PATH, STATUS, statusEnvelope('<f:ServiceCode>5005</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>', 'Wrong-guess-17')));
    assert.equal(statusWrong.ErrorID, '989');
    const notOwn = faultOf(await soapPost(t, PATH, STATUS, statusEnvelope('<f:ServiceCode>9999</f:ServiceCode><f:ServiceEditionCode>1</f:ServiceEditionCode>')));
    assert.deepEqual([notOwn.ErrorID, notOwn.AltinnExtendedErrorMessage.split('\n')[0]], ['0', 'CORR-00010']);
  });

  it('lists every problem of an invalid correspondence (CORR-00001) and a request missing a required element (PLAT-00021)', async () => {
    const before = await rows();
    const bad = faultOf(await soapPost(t, PATH, INSERT, insertEnvelope({ shipment: reference() }).replace('<c10:LanguageCode>1044<', '<c10:LanguageCode>sv<').replace('brev.pdf', '../brev.pdf')));
    assert.match(bad.AltinnExtendedErrorMessage, /^CORR-00001\n/);
    assert.match(bad.AltinnExtendedErrorMessage, /content\/languageCode/);
    assert.match(bad.AltinnExtendedErrorMessage, /content\/attachments\/0\/fileName/);
    const missing = faultOf(await soapPost(t, PATH, INSERT, insertEnvelope({ shipment: reference() }).replace(/<ns:ExternalShipmentReference>[^<]*<\/ns:ExternalShipmentReference>/, '')));
    assert.match(missing.AltinnExtendedErrorMessage, /^PLAT-00021\n.*ExternalShipmentReference/s);
    // The contract lets the element be empty; the use case does not (empty references would all be retries of each other).
    const empty = faultOf(await soapPost(t, PATH, INSERT, insertEnvelope({ shipment: '' })));
    assert.match(empty.AltinnExtendedErrorMessage, /^CORR-00001\nexternalShipmentReference: /);
    assert.equal(await rows(), before);
  });
});
