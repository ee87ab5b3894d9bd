// A new, empty form task started from the portal: filled in, an attachment added and removed, signed and sent in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap
const HEDDA = '18850164351'; // no roles
const FJORDLYS = '310000116';
const VAT = readFileSync(join(import.meta.dirname, '../../testdata/services/ttd-5001-mva/examples/melding.xml'), 'utf8');

describe('a new, empty form task (POST …/formtasks/new)', () => {
  let t: TestTinn;
  const token: Record<string, string> = {};
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const login = async (ssn: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken as string;
    token.kari = await login(KARI);
    token.hedda = await login(HEDDA);
  });
  after(() => t.close());

  const call = async (who: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: { authorization: `Bearer ${token[who]}` } });
    return { status: res.statusCode, body: res.headers['content-type']?.toString().startsWith('application/pdf') ? res.rawPayload : res.json() };
  };
  const start = (who: string, reportee: string, serviceCode: string, serviceEditionCode = 1) => call(who, 'POST', `/api/v1/reportees/${reportee}/formtasks/new`, { serviceCode, serviceEditionCode });

  it('starts an empty form task that needs its main form before signing and send-in, then fills, attaches, removes, signs and sends it in', async () => {
    const created = await start('kari', FJORDLYS, '5001');
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual([created.body.status, created.body.forms, created.body.attachments, created.body.signaturesRequired], ['FillIn', [], [], 1]);
    const task = `/api/v1/reportees/${FJORDLYS}/formtasks/${created.body.reporteeElementId}`;

    const box = await call('kari', 'GET', `/api/v1/reportees/${FJORDLYS}/messagebox?toBeProcessed=true`);
    assert.ok(box.body.items.some((i: { reporteeElementId: number }) => i.reporteeElementId === created.body.reporteeElementId), 'in the work list');

    const early = await call('kari', 'POST', `${task}/send-in`);
    assert.deepEqual([early.status, early.body.code, early.body.errors[0].rule], [409, 'SUB-00015', 'mainForm']);
    const earlySign = await call('kari', 'POST', `${task}/sign`, { sendIn: true });
    assert.deepEqual([earlySign.status, earlySign.body.code], [409, 'SUB-00015']);

    const saved = await call('kari', 'PUT', `${task}/forms/main`, { dataFormatId: '6001', dataFormatVersion: 1, formData: VAT, completed: true });
    assert.deepEqual([saved.status, saved.body.status, saved.body.forms[0].isMain], [200, 'SignIn', true]);

    const attached = await call('kari', 'POST', `${task}/attachments`, { name: 'Bilag 1', fileName: 'bilag.pdf', attachmentTypeName: 'Bilag', data: Buffer.from('%PDF-1.7\n').toString('base64') });
    assert.equal(attached.body.attachments.length, 1);
    const removed = await call('kari', 'DELETE', `${task}/attachments/${attached.body.attachments[0].attachmentId}`);
    assert.deepEqual([removed.status, removed.body.attachments], [200, []]);
    const again = await call('kari', 'DELETE', `${task}/attachments/${attached.body.attachments[0].attachmentId}`);
    assert.deepEqual([again.status, again.body.code], [404, 'SUB-00021']);
    assert.equal((await call('hedda', 'DELETE', `${task}/attachments/1`)).status, 403);

    const sent = await call('kari', 'POST', `${task}/sign`, { sendIn: true });
    assert.deepEqual([sent.status, sent.body.status], [200, 'Archive']);
    const receipts = await call('kari', 'GET', `/api/v1/receipts?referenceTypeName=ArchiveReference&referenceValue=${sent.body.archiveReference}`);
    assert.equal(receipts.body.receipts.length, 1);
    assert.match(receipts.body.receipts[0].receiptText, /SignAndSend Completed Successfully/);
    assert.ok(!receipts.body.receipts[0].references.some((r: { referenceTypeName: string }) => r.referenceTypeName === 'ExternalShipmentReference'));
    assert.equal((await call('kari', 'GET', `/api/v1/reportees/${FJORDLYS}/archive/${sent.body.archiveReference}/pdf`)).status, 200);
  });

  it('starts the prefilled set waiting for the reportee instead of an empty one', async () => {
    const payroll = readFileSync(join(import.meta.dirname, '../../testdata/services/ttd-5002-a-melding/examples/melding.xml'), 'utf8');
    const prefill = await t.app.inject({
      method: 'POST',
      url: '/api/v1/serviceowner/prefill',
      headers: { apikey: 'tinn_so_demo_ttd_arkiv_0123456789abcdef' },
      remoteAddress: '127.0.0.1',
      payload: { externalShipmentReference: 'new-from-prefill', serviceCode: '5002', serviceEditionCode: 1, reportee: FJORDLYS, forms: [{ dataFormatId: '6101', dataFormatVersion: 1, formDataXml: payroll }] },
    });
    assert.equal(prefill.statusCode, 201, prefill.body);
    const started = await start('kari', FJORDLYS, '5002');
    assert.deepEqual([started.status, started.body.forms.length, started.body.forms[0].formData], [201, 1, payroll]);
    assert.equal(prefill.json().prefill.prefillId.length, 36);
    const empty = await start('kari', FJORDLYS, '5002');
    assert.deepEqual([empty.status, empty.body.forms], [201, []], 'once started, a new one is empty');
    assert.notEqual(empty.body.reporteeElementId, started.body.reporteeElementId);
  });

  it('refuses services that are not active form tasks, reportees of the wrong type and callers without Write', async () => {
    const unknown = await start('kari', FJORDLYS, '9999');
    assert.deepEqual([unknown.status, unknown.body.code], [400, 'SUB-00001']);
    const correspondence = await start('kari', FJORDLYS, '5005');
    assert.deepEqual([correspondence.status, correspondence.body.code], [400, 'SUB-00001']);
    const person = await start('kari', 'me', '5001');
    assert.deepEqual([person.status, person.body.code], [403, 'SUB-00002']);
    const stranger = await start('hedda', FJORDLYS, '5001');
    assert.ok([403, 404].includes(stranger.status), JSON.stringify(stranger.body));
    const denied = await start('hedda', 'me', '5004');
    assert.deepEqual([denied.status, denied.body.code], [403, 'SUB-00003']);
    const body = await call('kari', 'POST', `/api/v1/reportees/${FJORDLYS}/formtasks/new`, { serviceCode: '5001' });
    assert.equal(body.status, 400);
  });
});
