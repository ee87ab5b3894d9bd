// Batch files a service owner's system puts in /batch/inbound (Altinn II's batch channel): correspondence
// (Correspondences) and prefill (ServiceOwner/Prefill) files are processed item by item with the modules' use
// cases, and a receipt lists each item's result with its problem code. A file with the wrong SequenceNo, bad
// XML or another owner's name is rejected whole and creates nothing; sending items again creates nothing new;
// an owner never sees another's receipts.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildServiceOwner } from '../../src/modules/catalog/testing.ts';
import { isAppError, type Actor, type PersonActor, type ServiceOwnerActor } from '../../src/platform/index.ts';
import { findLastBatchSequence, MAX_BATCH_FILE_BYTES, type BatchKind } from '../../src/platform/batch-files/index.ts';
import { childOf, parseXmlTree, type XmlNode } from '../../src/platform/xml/index.ts';
import { listInboundReceipts, processInboundBatch, removeInboundReceipt } from '../../src/roles/sftp/inbound-batch.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { LETTER } from '../support/correspondence.ts';

const KARI = '14837501777'; // DAGL of Fjordlys
const FJORDLYS = '310000116';
const UNKNOWN_ORG = '999999999';
const CORR_NS = 'http://schemas.altinn.no/services/intermediary/correspondence/2009/10';
const PREFILL_NS = 'http://schemas.altinn.no/services/intermediary/serviceinitiation/2009/10';
const A_MELDING = `<?xml version="1.0" encoding="UTF-8"?>
<melding xmlns="urn:no:tinn:ttd:a-melding:v1">
  <kalendermaaned>2026-10</kalendermaaned>
  <opplysningspliktig>310000116</opplysningspliktig>
  <virksomhet>
    <norskIdentifikator>310000116</norskIdentifikator>
    <inntektsmottaker><norskIdentifikator>21876803140</norskIdentifikator><arbeidsforholdId>AF-1</arbeidsforholdId><startdato>2024-08-01</startdato><beloep>52000.00</beloep></inntektsmottaker>
  </virksomhet>
  <kildesystem>Fjordlys Lønn 3.1</kildesystem>
</melding>`;

const correspondence = (ref: string, reportee: string, serviceCode = '5005') => `
  <Correspondence>
    <ServiceCode>${serviceCode}</ServiceCode><ServiceEdition>1</ServiceEdition><SendersReference>${ref}</SendersReference><Reportee>${reportee}</Reportee>
    <Content>
      <LanguageCode>1044</LanguageCode><MessageTitle>Vedtak ${ref}</MessageTitle><MessageSummary>Du har fått vedtak.</MessageSummary>
      <MessageBody><![CDATA[<p>Se vedlegget.</p>]]></MessageBody>
      <Attachments><BinaryAttachments><BinaryAttachment>
        <FunctionType>Unspecified</FunctionType><FileName>vedtak.pdf</FileName><Name>Vedtak</Name><Encrypted>N</Encrypted>
        <Data>${LETTER.toString('base64')}</Data><AttachmentType>application_pdf</AttachmentType><SendersReference>v-${ref}</SendersReference>
      </BinaryAttachment></BinaryAttachments></Attachments>
    </Content>
    <AllowForwarding>true</AllowForwarding>
  </Correspondence>`;

const correspondences = (sequenceNo: number | null, items: string, owner = 'TTD-ARK') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<Correspondences xmlns="${CORR_NS}">
  <SystemUserCode>${owner}</SystemUserCode><ShipmentReference>forsendelse-${randomUUID()}</ShipmentReference>${sequenceNo === null ? '' : `<SequenceNo>${sequenceNo}</SequenceNo>`}
  ${items}
</Correspondences>`;

const formTask = (ref: string) => `
  <FormTask>
    <ExternalServiceCode>5002</ExternalServiceCode><ExternalServiceEditionCode>1</ExternalServiceEditionCode>
    <SendersReference>${ref}</SendersReference>
    <Form><DataFormatId>6101</DataFormatId><DataFormatVersion>1</DataFormatVersion><SendersReference>hoved</SendersReference><FormData><![CDATA[${A_MELDING}]]></FormData></Form>
  </FormTask>`;

const prefillFile = (sequenceNo: number, reportees: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<ServiceOwner xmlns="${PREFILL_NS}">
  <ServiceOwnerName>TTD</ServiceOwnerName>
  <Prefill><SequenceNo>${sequenceNo}</SequenceNo><ExternalShipmentReference>prefill-${randomUUID()}</ExternalShipmentReference>${reportees}</Prefill>
</ServiceOwner>`;

/** A receipt's items as [position, result, code or id]. */
const lines = (receipt: XmlNode): [number, string | undefined, string | undefined][] =>
  (childOf(receipt, 'Items')?.children ?? []).map((i) => [Number(i.attributes['position']), i.attributes['result'], childOf(i, 'Code')?.text ?? childOf(i, 'CorrespondenceId')?.text ?? childOf(i, 'PrefillId')?.text]);
const text = (node: XmlNode, name: string) => childOf(node, name)?.text;

describe('inbound batch files of a service owner', () => {
  let t: TestTinn;
  let ttd: ServiceOwnerActor;
  let other: ServiceOwnerActor;
  let kari: PersonActor;
  const dir = mkdtempSync(join(tmpdir(), 'tinn-inbound-test-'));

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const owner = await t.tinn.register.getServiceOwner('TTD');
    ttd = { kind: 'serviceOwner', serviceOwnerCode: 'TTD', orgno: owner.orgno, partyId: owner.partyId, systemName: 'TTD_ARKIV', methods: ['pwd'] };
    other = (await buildServiceOwner(t.tinn.register)).actor as ServiceOwnerActor;
    kari = { kind: 'person', partyId: (await t.tinn.register.uncheckedGetPersonBySsn(KARI)).partyId, securityLevel: 2, methods: ['pwd', 'sms'], sessionId: null };
  });
  after(() => t.close());

  /** The SequenceNo the owner's next file of this kind must carry. */
  const next = async (kind: BatchKind, actor: ServiceOwnerActor = ttd) => ((await findLastBatchSequence(t.db.kysely, actor.serviceOwnerCode, kind)) ?? 0) + 1;
  /** Puts a file in the inbound folder and answers its receipt, parsed. */
  const put = async (content: string | Buffer, actor: Actor = ttd, fileName = `${randomUUID()}.xml`) => {
    const path = join(dir, randomUUID());
    writeFileSync(path, content);
    const receipt = await processInboundBatch(t.tinn, actor, path, fileName);
    return { receipt, xml: parseXmlTree(receipt.content) };
  };
  const statuses = (reportee: string) => t.tinn.correspondence.getStatus(ttd, { serviceCode: '5005', serviceEditionCode: 1, reportee });

  it('sends each correspondence of a file; an item that fails is listed with its problem code and the others are created', async () => {
    const run = randomUUID().slice(0, 8);
    const seq = await next('correspondence');
    const { receipt, xml } = await put(
      correspondences(seq, [correspondence(`${run}-1`, FJORDLYS), correspondence(`${run}-2`, UNKNOWN_ORG), correspondence(`${run}-3`, FJORDLYS, '99999'), correspondence(`${run}-4`, KARI)].join('')),
    );
    assert.equal(receipt.result, 'PartlyFailed', receipt.content.toString());
    assert.equal(text(xml, 'Result'), 'PartlyFailed');
    assert.equal(text(xml, 'Kind'), 'correspondence');
    assert.equal(text(xml, 'SequenceNo'), String(seq));
    assert.deepEqual([text(childOf(xml, 'Counts')!, 'Items'), text(childOf(xml, 'Counts')!, 'OK'), text(childOf(xml, 'Counts')!, 'Failed')], ['4', '2', '2']);
    const [first, unknown, badService, fourth] = lines(xml);
    assert.deepEqual(unknown!.slice(0, 3), [2, 'Failed', 'CORR-00003']);
    assert.deepEqual(badService!.slice(0, 3), [3, 'Failed', 'CORR-00002']);
    assert.deepEqual([first![1], fourth![1]], ['OK', 'OK']);
    const unknownLine = childOf(xml, 'Items')!.children[1]!;
    assert.equal(text(unknownLine, 'SendersReference'), `${run}-2`);
    assert.equal(childOf(childOf(unknownLine, 'Problems'), 'Problem')?.attributes['path'], 'reportee');

    const forFjordlys = (await statuses(FJORDLYS)).correspondences.filter((c) => c.sendersReference.startsWith(run));
    assert.deepEqual(forFjordlys.map((c) => [c.sendersReference, c.correspondenceId]), [[`${run}-1`, Number(first![2])]]);
    assert.deepEqual((await statuses(KARI)).correspondences.filter((c) => c.sendersReference.startsWith(run)).map((c) => c.sendersReference), [`${run}-4`]);
    const read = await t.tinn.correspondence.readCorrespondence(kari, FJORDLYS, Number(first![2]));
    assert.equal(read.title, `Vedtak ${run}-1`);
    assert.deepEqual(read.attachments.map((a) => a.fileName), ['vedtak.pdf']);
  });

  it('stores each prefilled form set of a file, and refuses field-based prefill with its own code', async () => {
    const run = randomUUID().slice(0, 8);
    const fields = '<Field><Id>navn</Id><Value>Kari</Value></Field>';
    const { receipt, xml } = await put(prefillFile(await next('prefill'), `<Reportee><Id>${FJORDLYS}</Id>${formTask(`${run}-a`)}${formTask(`${run}-b`)}${fields}</Reportee>`));
    assert.equal(receipt.result, 'PartlyFailed', receipt.content.toString());
    const [a, b, field] = lines(xml);
    assert.deepEqual([a![1], b![1], field!.slice(0, 3)], ['OK', 'OK', [3, 'Failed', 'PLAT-00031']]);
    const set = await t.tinn.prefill.uncheckedGetPrefill(a![2]!);
    assert.deepEqual([set.reporteeNumber, set.serviceCode, set.sendersReference, set.externalShipmentReference], [FJORDLYS, '5002', `${run}-a`, `${FJORDLYS}/5002/1/${run}-a`]);
    assert.equal(set.forms[0]!.formData.trim(), A_MELDING.trim());
    const visible = await t.tinn.prefill.getPrefill(kari, FJORDLYS, '5002', 1);
    assert.ok([a![2], b![2]].includes(visible.prefillId), 'the reportee sees a set of the file');
  });

  it('rejects a file whose SequenceNo is not the previous plus one, naming the expected number, and creates nothing', async () => {
    const expected = await next('correspondence');
    const before = await countRows(t.db, 'correspondence.correspondence');
    for (const wrong of [expected - 1, expected + 1]) {
      const { receipt, xml } = await put(correspondences(wrong, correspondence(randomUUID(), FJORDLYS)));
      assert.equal(receipt.result, 'Failed');
      assert.equal(text(xml, 'Code'), 'PLAT-00028');
      assert.match(text(xml, 'Detail') ?? '', new RegExp(`expected ${expected}`));
      assert.equal(childOf(xml, 'Items'), undefined, 'no item was processed');
    }
    assert.equal(await countRows(t.db, 'correspondence.correspondence'), before);
    assert.equal(await next('correspondence'), expected, 'the series did not move');
  });

  it('rejects malformed XML, DTDs with entities (external or a bomb), other formats and files too large, and creates nothing', async () => {
    const before = await countRows(t.db, 'correspondence.correspondence');
    const seq = await next('correspondence');
    const lol = (n: number) => Array.from({ length: 10 }, () => `&l${n};`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE Correspondences [<!ENTITY l1 "lol">${[2, 3, 4, 5, 6, 7, 8, 9].map((i) => `<!ENTITY l${i} "${lol(i - 1)}">`).join('')}]>${correspondences(seq, correspondence('bomb', FJORDLYS)).replace(/^<\?xml[^>]*>/, '').replace('<SystemUserCode>TTD-ARK', '<SystemUserCode>TTD-ARK&l9;')}`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE Correspondences [<!ENTITY x SYSTEM "file:///etc/passwd">]>${correspondences(seq, correspondence('xxe', FJORDLYS).replace('Vedtak xxe', '&x;')).replace(/^<\?xml[^>]*>/, '')}`;
    const cases: [string, string | Buffer][] = [
      ['PLAT-00025', correspondences(seq, correspondence('bad', FJORDLYS)).replace('</Correspondences>', '')],
      ['PLAT-00025', bomb],
      ['PLAT-00025', xxe],
      ['PLAT-00025', Buffer.from([0xff, 0xfe, 0x00, 0x3c])],
      ['PLAT-00026', `<Correspondences xmlns="urn:other"><SystemUserCode>TTD</SystemUserCode></Correspondences>`],
      ['PLAT-00026', `<ServiceOwner xmlns="${PREFILL_NS}"><ServiceOwnerName>TTD</ServiceOwnerName><Subscription/></ServiceOwner>`],
      ['PLAT-00030', correspondences(seq, correspondence('x', FJORDLYS)).replace(/<SystemUserCode>[^<]*<\/SystemUserCode>/, '')],
    ];
    for (const [code, content] of cases) {
      const { receipt, xml } = await put(content);
      assert.equal(receipt.result, 'Failed', String(content).slice(0, 80));
      assert.equal(text(xml, 'Code'), code, receipt.content.toString());
    }
    const large = join(dir, 'large.xml');
    writeFileSync(large, correspondences(seq, correspondence('large', FJORDLYS)));
    await truncate(large, MAX_BATCH_FILE_BYTES + 1); // sparse: nothing is read
    const tooLarge = await processInboundBatch(t.tinn, ttd, large, 'large.xml');
    assert.equal(parseXmlTree(tooLarge.content).children.find((c) => c.name === 'Code')?.text, 'PLAT-00027');
    assert.equal(await countRows(t.db, 'correspondence.correspondence'), before);
    assert.equal(await next('correspondence'), seq, 'a rejected file uses no number');
  });

  it('answers items sent again in a later file from the first time: nothing is created twice', async () => {
    const run = randomUUID().slice(0, 8);
    const items = [correspondence(`${run}-1`, FJORDLYS), correspondence(`${run}-2`, FJORDLYS)].join('');
    const first = await put(correspondences(await next('correspondence'), items));
    assert.equal(first.receipt.result, 'OK');
    const before = await countRows(t.db, 'correspondence.correspondence');
    const again = await put(correspondences(await next('correspondence'), items));
    assert.equal(again.receipt.result, 'OK');
    assert.deepEqual(lines(again.xml), lines(first.xml), 'the same ids');
    assert.ok(childOf(again.xml, 'Items')!.children.every((i) => text(i, 'Replayed') === 'true'));
    assert.equal(await countRows(t.db, 'correspondence.correspondence'), before);
    assert.equal((await statuses(FJORDLYS)).correspondences.filter((c) => c.sendersReference.startsWith(run)).length, 2);

    const prefillItems = `<Reportee><Id>${FJORDLYS}</Id>${formTask(`${run}-p`)}</Reportee>`;
    const p1 = await put(prefillFile(await next('prefill'), prefillItems));
    const sets = await countRows(t.db, 'prefill.form_set');
    const p2 = await put(prefillFile(await next('prefill'), prefillItems));
    assert.deepEqual([p1.receipt.result, p2.receipt.result], ['OK', 'OK']);
    assert.deepEqual(lines(p2.xml), lines(p1.xml));
    assert.equal(await countRows(t.db, 'prefill.form_set'), sets);
  });

  it("keeps each owner's receipts to itself and refuses a file naming another owner", async () => {
    const mine = await put(correspondences(null, ''), ttd, 'mine.xml');
    assert.equal(mine.receipt.result, 'OK');
    const theirs = await put(correspondences(1, correspondence(randomUUID(), FJORDLYS)), other, 'theirs.xml');
    assert.equal(text(theirs.xml, 'Code'), 'PLAT-00029', 'the file names TTD');
    const ttdNames = (await listInboundReceipts(t.tinn, ttd)).map((r) => r.fileName);
    const otherNames = (await listInboundReceipts(t.tinn, other)).map((r) => r.fileName);
    assert.ok(ttdNames.includes('mine.xml') && !ttdNames.includes('theirs.xml'));
    assert.deepEqual(otherNames, ['theirs.xml']);
    assert.equal(await removeInboundReceipt(t.tinn, other, 'mine.xml'), false);
    assert.equal(await removeInboundReceipt(t.tinn, ttd, 'mine.xml'), true);
    assert.ok(!(await listInboundReceipts(t.tinn, ttd)).some((r) => r.fileName === 'mine.xml'));
    await assert.rejects(processInboundBatch(t.tinn, kari, join(dir, 'none'), 'x.xml'), (e) => isAppError(e) && e.problem.code === 'PLAT-00015');
  });

  it('replaces the receipt of a file sent again under the same name, and escapes what it repeats', async () => {
    const name = 'vedtak <&> "okt".xml';
    await put('<nope', ttd, name);
    const second = await put(correspondences(null, correspondence('a&lt;b&gt;&amp;"c\'', UNKNOWN_ORG)), ttd, name);
    assert.equal(text(second.xml, 'FileName'), name);
    assert.equal(text(childOf(second.xml, 'Items')!.children[0]!, 'SendersReference'), 'a<b>&"c\'');
    const listed = (await listInboundReceipts(t.tinn, ttd)).filter((r) => r.fileName === name);
    assert.deepEqual(listed.map((r) => r.content.toString()), [second.receipt.content.toString()]);
  });
});
