// Form tasks in the work list: fill in, attach (also streamed), sign, send in, back to filling, delete.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap
const HEDDA = '18850164351';
const FJORDLYS = '310000116';
const NORDLYS = '310000124';
const SERVICES = join(import.meta.dirname, '../../testdata/services');
const VAT = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/melding.xml'), 'utf8');
const SENSITIVE = readFileSync(join(SERVICES, 'ttd-5004-sensitiv/examples/innsending.xml'), 'utf8');
const PDF = Buffer.from('%PDF-1.7\n% legeerklæring\n');

let seq = 0;

describe('form tasks in the work list', () => {
  let t: TestTinn;
  const token: Record<string, string> = {};
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const login = async (ssn: string, level: number) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: level } })).json().accessToken as string;
    token.kari = await login(KARI, 2);
    token.kari3 = await login(KARI, 3);
    token.hedda3 = await login(HEDDA, 3);
    token.hedda = await login(HEDDA, 2);
  });
  after(() => t.close());

  const call = async (who: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object | Buffer, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: { authorization: `Bearer ${token[who]}`, ...headers } });
    return { status: res.statusCode, body: res.json() };
  };
  const submitVat = async (completed: boolean) => {
    const r = await call('kari', 'POST', `/api/v1/reportees/${FJORDLYS}/formtasks`, {
      externalShipmentReference: `wl-${++seq}`,
      serviceCode: '5001',
      serviceEditionCode: 1,
      forms: [{ dataFormatId: '6001', dataFormatVersion: 1, endUserSystemReference: 'main', formData: VAT, completed }],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { reporteeElementId: number; status: string; receipt: { receiptId: number } };
  };
  const task = (id: number, reportee = FJORDLYS) => `/api/v1/reportees/${reportee}/formtasks/${id}`;

  it('fills in, signs and sends in: the archive reference lands on the receipt', async () => {
    const created = await submitVat(false);
    assert.equal(created.status, 'FillIn');
    const id = created.reporteeElementId;
    const read = await call('kari', 'GET', task(id));
    assert.deepEqual([read.body.status, read.body.forms[0].completed, read.body.signaturesRequired], ['FillIn', false, 1]);

    const invalid = await call('kari', 'PUT', `${task(id)}/forms/main`, { dataFormatId: '6001', dataFormatVersion: 1, formData: VAT.replace('<aar>2026</aar>', '<aar>x</aar>') });
    assert.deepEqual([invalid.status, invalid.body.code, invalid.body.errors[0].line], [400, 'SUB-00006', 4]);
    const updated = await call('kari', 'PUT', `${task(id)}/forms/main`, { dataFormatId: '6001', dataFormatVersion: 1, formData: VAT.replace('28000.00', '28000.50'), completed: true });
    assert.deepEqual([updated.status, updated.body.status], [200, 'SignIn']);
    assert.match(updated.body.forms[0].formData, /28000\.50/);
    const extra = await call('kari', 'PUT', `${task(id)}/forms/extra`, {
      dataFormatId: '6002',
      dataFormatVersion: 1,
      parentReference: 'main',
      formData: readFileSync(join(SERVICES, 'ttd-5001-mva/examples/tillegg.xml'), 'utf8'),
    });
    assert.deepEqual(extra.body.forms.map((f: { endUserSystemReference: string; isMain: boolean }) => [f.endUserSystemReference, f.isMain]), [['main', true], ['extra', false]]);

    const early = await call('kari', 'POST', `${task(id)}/send-in`);
    assert.deepEqual([early.status, early.body.code, early.body.errors[0].rule], [409, 'SUB-00015', 'signing']);
    const signed = await call('kari', 'POST', `${task(id)}/sign`, {});
    assert.deepEqual([signed.status, signed.body.signatures.length, signed.body.signatures[0].securityLevel], [200, 1, 2]);
    assert.equal((await call('kari', 'POST', `${task(id)}/sign`, {})).body.code, 'SUB-00016');
    const sent = await call('kari', 'POST', `${task(id)}/send-in`);
    assert.equal(sent.body.status, 'Archive');
    assert.match(sent.body.archiveReference, /^AR\d+$/);
    const receipt = await call('kari', 'GET', `/api/v1/receipts/${created.receipt.receiptId}`);
    assert.ok(receipt.body.references.some((r: { referenceTypeName: string; referenceValue: string }) => r.referenceTypeName === 'ArchiveReference' && r.referenceValue === sent.body.archiveReference));
    assert.match(receipt.body.receiptText, /SignAndSend Completed Successfully/);
    const archived = await call('kari', 'GET', `/api/v1/reportees/${FJORDLYS}/archive/${sent.body.archiveReference}`);
    assert.deepEqual([archived.status, archived.body.forms.length, archived.body.signingSteps.length], [200, 2, 1]);
    assert.equal((await call('kari', 'POST', `${task(id)}/back-to-form-filling`)).body.code, 'SUB-00017', 'archived items never change');
  });

  it('drops signatures when the form set changes, and goes back to form filling on request', async () => {
    const { reporteeElementId: id } = await submitVat(true);
    assert.equal((await call('kari', 'POST', `${task(id)}/sign`, {})).body.signatures.length, 1);
    const attached = await call('kari', 'POST', `${task(id)}/attachments`, { name: 'Bilag 1', fileName: 'bilag.pdf', attachmentTypeName: 'Bilag', data: PDF.toString('base64') });
    assert.deepEqual([attached.status, attached.body.status, attached.body.signatures, attached.body.attachments[0].sha256], [200, 'SignIn', [], createHash('sha256').update(PDF).digest('hex')]);
    const refused = await call('kari', 'POST', `${task(id)}/attachments`, { name: 'Program', fileName: 'virus.exe', attachmentTypeName: 'Bilag', data: 'TVo=' });
    assert.deepEqual([refused.body.code, refused.body.errors[0].path], ['SUB-00007', 'attachment/fileName']);
    await call('kari', 'POST', `${task(id)}/sign`, {});
    const back = await call('kari', 'POST', `${task(id)}/back-to-form-filling`);
    assert.deepEqual([back.body.status, back.body.signatures], ['FillIn', []]);
    const signAndSend = await call('kari', 'POST', `${task(id)}/sign`, { sendIn: true });
    assert.deepEqual([signAndSend.body.status, signAndSend.body.attachments.length], ['Archive', 1]);
  });

  it('streams a large attachment into the blob store, checks its checksum, and enforces minimum attachments at send-in', async () => {
    const created = await call('kari3', 'POST', `/api/v1/reportees/${FJORDLYS}/formtasks`, {
      externalShipmentReference: `wl-${++seq}`,
      serviceCode: '5004',
      serviceEditionCode: 1,
      forms: [{ dataFormatId: '6201', dataFormatVersion: 1, endUserSystemReference: 'main', formData: SENSITIVE }],
    });
    assert.deepEqual([created.status, created.body.status], [201, 'SignIn']);
    const id = created.body.reporteeElementId;
    const missing = await call('kari3', 'POST', `${task(id)}/send-in`);
    assert.deepEqual([missing.body.code, missing.body.errors.map((e: { rule: string }) => e.rule)], ['SUB-00015', ['signing', 'minCount']]);
    const signedWithout = await call('kari3', 'POST', `/api/v1/reportees/${FJORDLYS}/formtasks`, {
      externalShipmentReference: `wl-${++seq}`,
      serviceCode: '5004',
      serviceEditionCode: 1,
      sign: true,
      forms: [{ dataFormatId: '6201', dataFormatVersion: 1, endUserSystemReference: 'main', formData: SENSITIVE }],
    });
    assert.deepEqual([signedWithout.body.code, signedWithout.body.errors[0].rule], ['SUB-00007', 'minCount'], 'a shipment that would be archived needs its required attachments');

    const big = Buffer.alloc(3 * 1024 * 1024, 0x41);
    const sha = createHash('sha256').update(big).digest('hex');
    const stream = (query: string, body: Buffer) => call('kari3', 'PUT', `${task(id)}/attachments/stream?${query}`, body, { 'content-type': 'application/octet-stream' });
    const wrongSum = await stream(`name=Erklaering&fileName=erklaering.pdf&attachmentTypeName=Dokumentasjon&checksum=${'0'.repeat(64)}`, big);
    assert.deepEqual([wrongSum.body.code, wrongSum.body.errors[0].rule], ['SUB-00007', 'checksum']);
    const wrongType = await stream('name=Bilde&fileName=bilde.png&attachmentTypeName=Dokumentasjon', big);
    assert.deepEqual([wrongType.body.code, wrongType.body.errors[0].rule], ['SUB-00007', 'fileType']);
    const streamed = await stream(`name=Erklaering&fileName=erklaering.pdf&attachmentTypeName=Dokumentasjon&checksum=${sha}`, big);
    assert.equal(streamed.status, 200, JSON.stringify(streamed.body));
    assert.deepEqual([streamed.body.attachments[0].sizeBytes, streamed.body.attachments[0].sha256, streamed.body.signatures], [big.length, sha, []]);
    const sent = await call('kari3', 'POST', `${task(id)}/sign`, { sendIn: true });
    assert.equal(sent.body.status, 'Archive');
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/archive/${sent.body.archiveReference}/attachments/${sent.body.attachments[0].attachmentId}`, headers: { authorization: `Bearer ${token.kari3}` } });
    assert.equal(file.rawPayload.length, big.length, `${file.statusCode} ${file.rawPayload.subarray(0, 200).toString()}`);
    assert.equal(createHash('sha256').update(file.rawPayload).digest('hex'), sha);
  });

  it("puts an organisation's deleted form task in the trash bin, deletes a person's for good", async () => {
    const { reporteeElementId: id } = await submitVat(false);
    const trashed = await call('kari', 'DELETE', task(id));
    assert.deepEqual(trashed.body, { trashed: true });
    assert.equal((await call('kari', 'GET', task(id))).body.code, 'SUB-00014');
    const box = await call('kari', 'GET', `/api/v1/reportees/${FJORDLYS}/messagebox?toBeProcessed=true`);
    assert.ok(!box.body.items.some((i: { reporteeElementId: number }) => i.reporteeElementId === id), 'hidden from the message box');

    const own = await call('hedda3', 'POST', '/api/v1/reportees/me/formtasks', {
      externalShipmentReference: `wl-${++seq}`,
      serviceCode: '5004',
      serviceEditionCode: 1,
      forms: [{ dataFormatId: '6201', dataFormatVersion: 1, endUserSystemReference: 'main', formData: SENSITIVE, completed: false }],
    });
    assert.equal(own.status, 201, JSON.stringify(own.body));
    const before = await countRows(t.db, 'submissions.reportee_element');
    assert.deepEqual((await call('hedda3', 'DELETE', `/api/v1/reportees/me/formtasks/${own.body.reporteeElementId}`)).body, { trashed: false });
    assert.equal(await countRows(t.db, 'submissions.reportee_element'), before - 1);
  });

  it("keeps a form task from those without a right and from other reportees' URLs", async () => {
    const { reporteeElementId: id } = await submitVat(false);
    const stranger = await call('hedda', 'GET', task(id));
    assert.deepEqual([stranger.status, stranger.body.code], [403, 'SUB-00003']);
    assert.equal((await call('hedda', 'DELETE', task(id))).status, 403);
    assert.equal((await call('kari', 'GET', task(id, NORDLYS))).body.code, 'SUB-00014', "another reportee's element is not found");
    assert.equal((await call('kari', 'GET', task(999999999))).body.code, 'SUB-00014');
  });
});
