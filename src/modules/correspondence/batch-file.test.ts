import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../platform/index.ts';
import { readCorrespondenceBatch } from './batch-file.ts';

const NS = 'http://schemas.altinn.no/services/intermediary/correspondence/2009/10';
const bytes = (xml: string) => new TextEncoder().encode(xml);
const LETTER = Buffer.from('%PDF-1.7 vedtak <æøå>');

const file = (items: string, header = '<SystemUserCode>TTD-ARK</SystemUserCode><ShipmentReference>forsendelse-7</ShipmentReference><SequenceNo>12</SequenceNo>', ns = NS) =>
  bytes(`<?xml version="1.0" encoding="UTF-8"?><Correspondences xmlns="${ns}">${header}${items}</Correspondences>`);

const FULL = `<Correspondence>
  <ServiceCode>5005</ServiceCode><ServiceEdition>1</ServiceEdition><SendersReference>vedtak-1</SendersReference><Reportee>310000116</Reportee>
  <Content>
    <LanguageCode>1044</LanguageCode><MessageTitle>Vedtak &amp; svar</MessageTitle><MessageSummary>Kort</MessageSummary>
    <MessageBody><![CDATA[<p>Se <b>vedlegget</b>.</p>]]></MessageBody>
    <Attachments>
      <BinaryAttachments>
        <BinaryAttachment><FunctionType>Unspecified</FunctionType><FileName>vedtak.pdf</FileName><Name>Vedtak</Name><Encrypted>N</Encrypted>
          <Data>${LETTER.toString('base64').replace(/(.{8})/g, '$1\n')}</Data><AttachmentType>application_pdf</AttachmentType><SendersReference>v-1</SendersReference></BinaryAttachment>
      </BinaryAttachments>
      <XmlAttachments><XmlAttachment><SendersReference>x-1</SendersReference><DataFormatId>4711</DataFormatId><DataFormatVersion>2</DataFormatVersion><FormDataXml><![CDATA[<skjema/>]]></FormDataXml></XmlAttachment></XmlAttachments>
    </Attachments>
  </Content>
  <VisibleDateTime>2026-12-01T08:00:00Z</VisibleDateTime><AllowSystemDeleteDate>2027-12-01T00:00:00Z</AllowSystemDeleteDate><DueDateTime>2026-12-15T00:00:00Z</DueDateTime>
  <ArchiveReference>AR123</ArchiveReference>
  <ReplyOptions>
    <ReplyOption><Service><ServiceCode>5002</ServiceCode><ServiceEdition>1</ServiceEdition></Service></ReplyOption>
    <ReplyOption><Url><LinkText>Svar her</LinkText><LinkUrl>https://example.test/svar</LinkUrl></Url></ReplyOption>
    <ReplyOption><ArchiveReference>AR99</ArchiveReference></ReplyOption>
  </ReplyOptions>
  <Notifications><Notification><FromAddress>no-reply@ttd.test</FromAddress><LanguageCode>1044</LanguageCode><NotificationType>Correspondence</NotificationType>
    <TextTokens><TextToken><TokenNum>0</TokenNum><TokenValue>Hei</TokenValue></TextToken></TextTokens>
    <ReceiverEndPoints><ReceiverEndPoint><TransportType>Email</TransportType><ReceiverAddress>post@fjordlys.test</ReceiverAddress></ReceiverEndPoint></ReceiverEndPoints>
    <UseServiceOwnerShortNameAsSenderOfSms>true</UseServiceOwnerShortNameAsSenderOfSms></Notification></Notifications>
  <AllowForwarding>false</AllowForwarding><CaseId>SAK-1</CaseId>
</Correspondence>`;

describe('reading a correspondence batch file', () => {
  it('reads the header and maps every field of a Correspondence to the send input, SendersReference as the reference', () => {
    const batch = readCorrespondenceBatch(file(FULL));
    assert.equal(batch.kind, 'correspondence');
    assert.deepEqual(batch.header, { ownerCode: 'TTD-ARK', shipmentReference: 'forsendelse-7', sequenceNo: 12 });
    assert.equal(batch.items.length, 1);
    const item = batch.items[0]!;
    assert.ok('input' in item, JSON.stringify(item));
    assert.deepEqual([item.position, item.reference, item.reportee], [1, 'vedtak-1', '310000116']);
    const { input } = item;
    assert.equal(input.externalShipmentReference, 'vedtak-1');
    assert.deepEqual([input.serviceCode, input.serviceEditionCode, input.reportee], ['5005', 1, '310000116']);
    assert.equal(input.content.languageCode, '1044');
    assert.equal(input.content.messageTitle, 'Vedtak & svar');
    assert.equal(input.content.messageBody, '<p>Se <b>vedlegget</b>.</p>');
    const [pdf, xml] = input.content.attachments!;
    assert.deepEqual([pdf!.name, pdf!.fileName, pdf!.sendersReference], ['Vedtak', 'vedtak.pdf', 'v-1']);
    assert.deepEqual(Buffer.from(pdf!.data), LETTER, 'base64 with line breaks');
    assert.deepEqual([xml!.name, xml!.fileName, new TextDecoder().decode(xml!.data)], ['4711', '4711-1.xml', '<skjema/>']);
    assert.equal(input.visibleDateTime, '2026-12-01T08:00:00Z');
    assert.equal(input.allowSystemDeleteDateTime, '2027-12-01T00:00:00Z');
    assert.equal(input.dueDateTime, '2026-12-15T00:00:00Z');
    assert.equal(input.archiveReference, 'AR123');
    assert.deepEqual(input.replyOptions, [
      { type: 'Service', serviceCode: '5002', serviceEditionCode: 1 },
      { type: 'URL', linkText: 'Svar her', linkUrl: 'https://example.test/svar' },
      { type: 'ArchiveReference', archiveReference: 'AR99' },
    ]);
    assert.deepEqual(input.notifications, [
      {
        fromAddress: 'no-reply@ttd.test',
        shipmentDateTime: undefined,
        languageCode: '1044',
        notificationType: 'Correspondence',
        textTokens: [{ tokenNum: 0, tokenValue: 'Hei' }],
        receiverEndPoints: [{ transportType: 'Email', receiverAddress: 'post@fjordlys.test' }],
        useServiceOwnerShortNameAsSenderOfSms: true,
      },
    ]);
    assert.equal(input.allowForwarding, false);
    assert.equal(input.caseId, 'SAK-1');
  });

  it('lists every problem of an unreadable item with its path (CORR-00001) and reads the others', () => {
    const bad = `<Correspondence><ServiceCode>5005</ServiceCode><ServiceEdition>en</ServiceEdition><SendersReference>b</SendersReference>
      <Content><LanguageCode>1044</LanguageCode><MessageTitle><b>markup</b></MessageTitle>
      <Attachments><BinaryAttachments><BinaryAttachment><FileName>a.pdf</FileName><Data>not base64!</Data></BinaryAttachment></BinaryAttachments></Attachments></Content>
      <AllowForwarding>kanskje</AllowForwarding></Correspondence>`;
    const batch = readCorrespondenceBatch(file(`${bad}${FULL}`));
    const [first, second] = batch.items;
    assert.ok(first && 'problem' in first);
    assert.equal(first.problem.code, 'CORR-00001');
    assert.deepEqual(first.errors.map((e) => e.path).sort(), [
      'Correspondence[1]/AllowForwarding',
      'Correspondence[1]/Content/Attachments/BinaryAttachments/BinaryAttachment[1]/Data',
      'Correspondence[1]/Content/MessageTitle',
      'Correspondence[1]/Reportee',
      'Correspondence[1]/ServiceEdition',
    ]);
    assert.ok(second && 'input' in second);
    assert.equal(second.position, 2);
  });

  it('lets the file reference and position stand in for a missing SendersReference, and reads a file without SequenceNo', () => {
    const item = FULL.replace('<SendersReference>vedtak-1</SendersReference>', '');
    const batch = readCorrespondenceBatch(file(`${item}${item}`, '<SystemUserCode>TTD</SystemUserCode><ShipmentReference>f-9</ShipmentReference>'));
    assert.equal(batch.header.sequenceNo, null);
    assert.deepEqual(batch.items.map((i) => i.reference), ['f-9/1', 'f-9/2']);
    const none = readCorrespondenceBatch(file(item, '<SystemUserCode>TTD</SystemUserCode>'));
    assert.ok('problem' in none.items[0]!);
  });

  it('takes other versions of the namespace and none, and refuses other formats (PLAT-00026) and bad headers (PLAT-00030)', () => {
    assert.equal(readCorrespondenceBatch(file(FULL, undefined, 'http://schemas.altinn.no/services/intermediary/correspondence/2016/02')).items.length, 1);
    assert.equal(readCorrespondenceBatch(bytes(`<Correspondences><SystemUserCode>TTD</SystemUserCode>${FULL}</Correspondences>`)).items.length, 1);
    assert.throws(() => readCorrespondenceBatch(bytes(`<Correspondences xmlns="urn:other"><SystemUserCode>TTD</SystemUserCode></Correspondences>`)), (e) => isAppError(e) && e.problem.code === 'PLAT-00026');
    assert.throws(() => readCorrespondenceBatch(bytes(`<ServiceOwner><Prefill/></ServiceOwner>`)), (e) => isAppError(e) && e.problem.code === 'PLAT-00026');
    assert.throws(
      () => readCorrespondenceBatch(file(FULL, '<ShipmentReference>x</ShipmentReference><SequenceNo>tolv</SequenceNo>')),
      (e) => isAppError(e) && e.problem.code === 'PLAT-00030' && e.errors!.map((x) => x.path).join() === 'Correspondences/SystemUserCode,Correspondences/SequenceNo',
    );
  });

  it('refuses malformed XML, DTDs, external entities and entity bombs (PLAT-00025)', () => {
    const lol = (n: number) => Array.from({ length: 10 }, () => `&l${n};`).join('');
    const bomb = `<!DOCTYPE Correspondences [<!ENTITY l1 "lol">${[2, 3, 4, 5, 6, 7, 8, 9].map((i) => `<!ENTITY l${i} "${lol(i - 1)}">`).join('')}]><Correspondences xmlns="${NS}"><SystemUserCode>&l9;</SystemUserCode></Correspondences>`;
    const xxe = `<!DOCTYPE Correspondences [<!ENTITY x SYSTEM "file:///etc/passwd">]><Correspondences xmlns="${NS}"><SystemUserCode>&x;</SystemUserCode></Correspondences>`;
    const internal = `<!DOCTYPE Correspondences [<!ENTITY x "TTD">]><Correspondences xmlns="${NS}"><SystemUserCode>&x;</SystemUserCode></Correspondences>`;
    for (const xml of ['<Correspondences><SystemUserCode>TTD</Correspondences>', '', bomb, xxe, internal]) {
      assert.throws(() => readCorrespondenceBatch(bytes(xml)), (e) => isAppError(e) && e.problem.code === 'PLAT-00025', xml.slice(0, 60));
    }
  });
});
