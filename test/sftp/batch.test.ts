// Batch delivery to a service owner over SFTP (Altinn II's batch channel, genericbatch): 200 archived
// submissions of a service with batch delivery appear in the owner's /batch/outbound as one DataBatch XML
// each, with their attachments beside them; the owner fetches them and removes each XML to acknowledge it.
// Submissions of other services, other owners and parties' accounts never see the folder's content. A
// correspondence batch file put in /batch/inbound is processed on close, its receipt written beside it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ssh2 from 'ssh2';
import { buildServiceOwner, formTaskDeployment, uniqueDataFormatId, uniqueServiceCode } from '../../src/modules/catalog/testing.ts';
import { createLogger, isAppError, type PersonActor, type ServiceOwnerActor } from '../../src/platform/index.ts';
import { childOf, parseXmlTree } from '../../src/platform/xml/index.ts';
import { startSftpServer } from '../../src/roles/sftp/start-sftp.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys
const FJORDLYS = '310000116';
const SUBMISSIONS = 200;

type Sftp = ssh2.SFTPWrapper;
const call = <T>(f: (cb: (err: Error | null | undefined, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value as T))));
const names = async (s: Sftp, path: string) => (await call<ssh2.FileEntry[]>((cb) => s.readdir(path, cb))).map((e) => e.filename).sort();
const read = (s: Sftp, path: string) => call<Buffer>((cb) => s.readFile(path, cb));

async function connect(port: number, userName: string, password: string): Promise<{ sftp: Sftp; end(): void }> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve()).once('error', reject);
    client.connect({ host: '127.0.0.1', port, username: userName, password, readyTimeout: 10_000 });
  });
  const sftp = await new Promise<Sftp>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
  return { sftp, end: () => client.end() };
}

const form = (amount: number) => `<Skjema xmlns="urn:tinn:test:skjema"><orgnr>${FJORDLYS}</orgnr><beloep>${amount}</beloep></Skjema>`;

describe('batch delivery of archived submissions over SFTP', () => {
  let t: TestTinn;
  let sftpServer: { port: number; close(): Promise<void> };
  let ttd: ServiceOwnerActor;
  let kari: PersonActor;
  const batchService = uniqueServiceCode();
  const otherService = uniqueServiceCode();
  const dir = mkdtempSync(join(tmpdir(), 'tinn-batch-test-'));
  const invoice = Buffer.from('%PDF-1.7 faktura <nr. 17> & æøå');
  const archived: string[] = [];

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const owner = await t.tinn.register.getServiceOwner('TTD');
    ttd = { kind: 'serviceOwner', serviceOwnerCode: 'TTD', orgno: owner.orgno, partyId: owner.partyId, systemName: 'TTD_ARKIV', methods: ['pwd'] };
    kari = { kind: 'person', partyId: (await t.tinn.register.uncheckedGetPersonBySsn(KARI)).partyId, securityLevel: 2, methods: ['pwd', 'sms'], sessionId: null };
    const plain = { process: [{ type: 'FormFilling' }, { type: 'SendIn' }], downloadQueue: false, state: 'production' };
    await t.tinn.catalog.deployServiceEdition(ttd, batchService, 1, formTaskDeployment({ ...plain, batchDelivery: true }, uniqueDataFormatId()));
    await t.tinn.catalog.deployServiceEdition(ttd, otherService, 1, formTaskDeployment(plain, uniqueDataFormatId()));
    for (let i = 0; i < SUBMISSIONS; i++) {
      const edition = await t.tinn.catalog.uncheckedGetServiceEdition(batchService, 1);
      const result = await t.tinn.submissions.submitFormTask(kari, FJORDLYS, {
        externalShipmentReference: `batch-${i}`,
        serviceCode: batchService,
        serviceEditionCode: 1,
        forms: [{ dataFormatId: edition.forms[0]!.dataFormatId, dataFormatVersion: 1, endUserSystemReference: `skjema-${i}`, formData: form(i) }],
        attachments: i % 50 === 0 ? [{ name: 'Faktura', fileName: `faktura-${i}.pdf`, attachmentTypeName: 'Vedlegg', data: invoice }] : [],
      });
      archived.push(result.archiveReference!);
    }
    const other = await t.tinn.catalog.uncheckedGetServiceEdition(otherService, 1);
    await t.tinn.submissions.submitFormTask(kari, FJORDLYS, {
      externalShipmentReference: 'not-batch',
      serviceCode: otherService,
      serviceEditionCode: 1,
      forms: [{ dataFormatId: other.forms[0]!.dataFormatId, dataFormatVersion: 1, endUserSystemReference: 'x', formData: form(1) }],
    });
    sftpServer = await startSftpServer(t.tinn, { host: '127.0.0.1', port: 0, hostKeyFile: join(dir, 'host_key'), workDir: join(dir, 'work') }, createLogger('silent'));
  });
  after(async () => {
    await sftpServer.close();
    await t.close();
  });

  it('delivers each archived submission as a DataBatch XML with its attachments, in sequence, once the worker has rendered it', async () => {
    assert.ok(archived.every((ar) => /^AR\d+$/.test(ar)), 'every submission was archived');
    const owner = await connect(sftpServer.port, 'TTD_ARKIV', 'Ttd-arkiv-2026');
    assert.deepEqual(await names(owner.sftp, '/'), ['batch']);
    assert.deepEqual(await names(owner.sftp, '/batch'), ['inbound', 'outbound']);
    assert.deepEqual(await names(owner.sftp, '/batch/outbound'), [], 'nothing is listed before its file is written');

    await createWorker(t.tinn).drain();
    const listed = await names(owner.sftp, '/batch/outbound');
    const xmlFiles = listed.filter((n) => n.endsWith('.xml'));
    assert.deepEqual(xmlFiles.sort(), archived.map((ar) => `${ar}.xml`).sort(), 'one XML per submission of the batch service, none of the other service');
    const attachmentFiles = listed.filter((n) => !n.endsWith('.xml'));
    assert.equal(attachmentFiles.length, SUBMISSIONS / 50);

    const sequence: { batchReference: number; previousReference: number }[] = [];
    for (const [i, ar] of archived.entries()) {
      const xml = await read(owner.sftp, `/batch/outbound/${ar}.xml`);
      const batch = parseXmlTree(xml);
      assert.equal(batch.name, 'DataBatch');
      assert.equal(batch.attributes.schemaVersion, '2013.06');
      assert.equal(batch.attributes.receiverReference, 'TTD');
      sequence.push({ batchReference: Number(batch.attributes.batchReference), previousReference: Number(batch.attributes.previousReference) });
      const unit = childOf(childOf(batch, 'DataUnits'), 'DataUnit')!;
      assert.equal(unit.attributes.archiveReference, ar);
      assert.equal(unit.attributes.reportee, FJORDLYS);
      const task = childOf(unit, 'FormTask')!;
      assert.equal(childOf(task, 'ServiceCode')!.text, batchService);
      const f = childOf(task, 'Form')!;
      assert.equal(f.attributes.Reference, `skjema-${i}`);
      assert.equal(childOf(f, 'FormData')!.text, form(i), 'the form as sent, as text');
      const attachments = childOf(unit, 'Attachments')!.children;
      if (i % 50 !== 0) {
        assert.equal(attachments.length, 0);
        continue;
      }
      assert.equal(attachments.length, 1);
      const a = attachments[0]!.attributes;
      assert.equal(a.fileName, `faktura-${i}.pdf`);
      assert.ok(listed.includes(a.InternalFileName!), 'the attachment file is beside the XML');
      const bytes = await read(owner.sftp, `/batch/outbound/${a.InternalFileName}`);
      assert.deepEqual(bytes, invoice);
      assert.equal(a.Checksum, createHash('sha256').update(bytes).digest('hex'));
    }
    sequence.sort((x, y) => x.batchReference - y.batchReference);
    for (let i = 1; i < sequence.length; i++) assert.equal(sequence[i]!.previousReference, sequence[i - 1]!.batchReference, 'each file names the one before it');

    // Acknowledging: an attachment alone cannot be removed; removing the XML takes the attachments with it.
    const first = archived[0]!;
    const firstAttachment = attachmentFiles.find((n) => n.startsWith(`${first}_`))!;
    await assert.rejects(call((cb) => owner.sftp.unlink(`/batch/outbound/${firstAttachment}`, cb)), /acknowledge/);
    for (const ar of archived) await call<void>((cb) => owner.sftp.unlink(`/batch/outbound/${ar}.xml`, cb));
    assert.deepEqual(await names(owner.sftp, '/batch/outbound'), [], 'acknowledged submissions leave the folder');
    await assert.rejects(read(owner.sftp, `/batch/outbound/${first}.xml`), /No such file/);
    owner.end();
    // The archive itself stays.
    assert.equal((await t.tinn.submissions.getServiceOwnerArchivedFormTask(ttd, first)).archiveReference, first);
  });

  it('processes a correspondence batch file put in /batch/inbound and writes its receipt beside it', async () => {
    const item = (ref: string, reportee: string) =>
      `<Correspondence><ServiceCode>5005</ServiceCode><ServiceEdition>1</ServiceEdition><SendersReference>${ref}</SendersReference><Reportee>${reportee}</Reportee>` +
      `<Content><LanguageCode>1044</LanguageCode><MessageTitle>Vedtak ${ref}</MessageTitle><MessageBody>&lt;p&gt;Vedtak&lt;/p&gt;</MessageBody></Content></Correspondence>`;
    const file = `<?xml version="1.0" encoding="UTF-8"?>
<Correspondences xmlns="http://schemas.altinn.no/services/intermediary/correspondence/2009/10">
  <SystemUserCode>TTD</SystemUserCode><ShipmentReference>sftp-korr-1</ShipmentReference><SequenceNo>1</SequenceNo>
  ${item('sftp-1', FJORDLYS)}${item('sftp-2', '999999999')}
</Correspondences>`;
    const owner = await connect(sftpServer.port, 'TTD_ARKIV', 'Ttd-arkiv-2026');
    await call<void>((cb) => owner.sftp.writeFile('/batch/inbound/korr-1.xml', file, cb));
    assert.deepEqual(await names(owner.sftp, '/batch/inbound'), ['korr-1.xml.receipt.xml'], 'the receipt is there when the upload is closed');
    const receipt = parseXmlTree(await read(owner.sftp, '/batch/inbound/korr-1.xml.receipt.xml'));
    assert.equal(childOf(receipt, 'Result')!.text, 'PartlyFailed');
    const [ok, failed] = childOf(receipt, 'Items')!.children;
    assert.equal(ok!.attributes.result, 'OK');
    assert.match(childOf(ok, 'CorrespondenceId')!.text, /^\d+$/);
    assert.equal(failed!.attributes.result, 'Failed');
    assert.match(childOf(failed, 'Code')!.text, /^CORR-\d{5}$/);
    const box = await t.tinn.correspondence.getStatus(ttd, { serviceCode: '5005', serviceEditionCode: 1, sendersReference: 'sftp-1' });
    assert.equal(box.correspondences.length, 1, 'the good item was sent');
    await call<void>((cb) => owner.sftp.unlink('/batch/inbound/korr-1.xml.receipt.xml', cb));
    assert.deepEqual(await names(owner.sftp, '/batch/inbound'), [], 'a receipt read is removed');
    owner.end();
  });

  it("keeps the folder to its owner: other owners, parties' accounts and paths outside it see nothing", async () => {
    const other = await buildServiceOwner(t.tinn.register);
    const edition = await t.tinn.catalog.uncheckedGetServiceEdition(batchService, 1);
    const late = await t.tinn.submissions.submitFormTask(kari, FJORDLYS, {
      externalShipmentReference: 'batch-late',
      serviceCode: batchService,
      serviceEditionCode: 1,
      forms: [{ dataFormatId: edition.forms[0]!.dataFormatId, dataFormatVersion: 1, endUserSystemReference: 'late', formData: form(7) }],
    });
    await createWorker(t.tinn).drain();
    assert.deepEqual(await t.tinn.submissions.listBatchDelivery(other.actor), []);
    for (const attempt of [() => t.tinn.submissions.openBatchDelivery(other.actor, late.archiveReference!, {}), () => t.tinn.submissions.acknowledgeBatchDelivery(other.actor, late.archiveReference!)]) {
      await assert.rejects(attempt(), (err) => isAppError(err) && err.problem.code === 'SUB-00010');
    }
    await assert.rejects(t.tinn.submissions.listBatchDelivery(kari), (err) => isAppError(err) && err.problem.kind === 'forbidden');

    // A data system of a party has the broker folders only.
    const system = await connect(sftpServer.port, '10001', 'Fjordlys2026');
    assert.deepEqual(await names(system.sftp, '/'), ['broker']);
    await assert.rejects(names(system.sftp, '/batch/outbound'), /No such file/);
    system.end();

    const owner = await connect(sftpServer.port, 'TTD_ARKIV', 'Ttd-arkiv-2026');
    assert.deepEqual(await names(owner.sftp, '/batch/outbound'), [`${late.archiveReference}.xml`]);
    const local = join(dir, 'x.xml');
    for (const target of ['/batch/outbound/x.xml', '/batch/x.xml', '/x.xml', '/batch/inbound/../outbound/x.xml', '/batch/inbound/x.xml.receipt.xml', '/broker/outbox/x.zip']) {
      await assert.rejects(call<void>((cb) => owner.sftp.writeFile(target, 'x', cb)), /put in \/batch\/inbound/, target);
    }
    await assert.rejects(call((cb) => owner.sftp.mkdir('/batch/mine', cb)), /fixed/);
    assert.deepEqual(await names(owner.sftp, '/../../batch/../..'), ['batch']);
    owner.end();
    void local;
  });
});
