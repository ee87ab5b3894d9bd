// Prefill: a service owner stores a prefilled form set (XSD-checked) and instantiates it in the reportee's
// work list with a notification; the reportee completes and submits it. A set can also wait until the
// reportee starts it. Bad sets are refused whole; nobody without a right sees prefilled data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listOutboxMessages } from '../../src/platform/index.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';

const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const KARI = '14837501777'; // DAGL of Fjordlys: LOPER and UTINN through the key-role bundle
const HEDDA = '18850164351';
const FJORDLYS = '310000116';
const SERVICES = join(import.meta.dirname, '../../testdata/services');
const A_MELDING = readFileSync(join(SERVICES, 'ttd-5002-a-melding/examples/melding.xml'), 'utf8');
const VAT = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/melding.xml'), 'utf8');

describe('prefill', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const so = { apikey: TTD_KEY };
  const as = async (ssn: string) => ({ authorization: `Bearer ${(await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken}` });
  let seq = 0;
  const prefill = (overrides: Record<string, unknown> = {}) => ({
    externalShipmentReference: `prefill-${++seq}`,
    serviceCode: '5002',
    serviceEditionCode: 1,
    reportee: FJORDLYS,
    sendersReference: 'SKD-2026-10',
    forms: [{ dataFormatId: '6101', dataFormatVersion: 1, formDataXml: A_MELDING, sendersReference: 'hoved' }],
    ...overrides,
  });
  const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/serviceowner/prefill', headers: so, payload: body as object, remoteAddress: '127.0.0.1' });

  it('is instantiated in the work list with a notification, then completed and submitted by the reportee', async () => {
    const res = await post(
      prefill({
        instantiate: true,
        caseId: 'SAK-17',
        notifications: [{ notificationType: 'NyMelding', receiverEndPoints: [{ transportType: 'Email' }], textTokens: [{ tokenValue: 'Skjemaet $servicename$ er forhåndsutfylt.' }] }],
      }),
    );
    assert.equal(res.statusCode, 201, res.body);
    const { reporteeElementId: id, notificationIds, prefill: stored } = res.json();
    assert.ok(Number.isInteger(id));
    assert.equal(notificationIds.length, 1);
    assert.equal(stored.instantiatedElementId, id);

    const kari = await as(KARI);
    const box = (await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/messagebox?toBeProcessed=true`, headers: kari })).json();
    const line = box.items.find((i: { reporteeElementId: number }) => i.reporteeElementId === id);
    assert.deepEqual([line.status, line.serviceCode, line.caseId], ['FillIn', '5002', 'SAK-17']);

    const task = (await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/formtasks/${id}`, headers: kari })).json();
    assert.equal(task.forms[0].formData, A_MELDING);
    assert.equal(task.forms[0].completed, false, 'the reportee looks the prefilled form over first');
    const early = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/formtasks/${id}/send-in`, headers: kari });
    assert.equal(early.json().code, 'SUB-00015');

    const completed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/reportees/${FJORDLYS}/formtasks/${id}/forms/hoved`,
      headers: kari,
      payload: { dataFormatId: '6101', dataFormatVersion: 1, formData: A_MELDING.replace('52000.00', '53000.00'), completed: true },
    });
    assert.equal(completed.statusCode, 200, completed.body);
    const sent = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/formtasks/${id}/send-in`, headers: kari });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json().status, 'Archive');
    const queue = (await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/downloadqueue?serviceCode=5002', headers: so, remoteAddress: '127.0.0.1' })).json();
    assert.ok(queue.items.some((i: { archiveReference: string }) => i.archiveReference === sent.json().archiveReference));

    await createWorker(t.tinn).drain();
    const [mail] = await listOutboxMessages(t.db.kysely, { recipient: 'post@fjordlys.test', limit: 1 });
    assert.match(mail!.body, /Skjemaet A-melding \(test\) er forhåndsutfylt\./);
  });

  it('waits, readable by the reportee, until they start a form task from it', async () => {
    const stored = await post(prefill({ serviceCode: '5001', forms: [{ dataFormatId: '6001', dataFormatVersion: 1, formDataXml: VAT }] }));
    assert.equal(stored.statusCode, 201, stored.body);
    assert.equal(stored.json().reporteeElementId, null);
    const kari = await as(KARI);
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/prefill?serviceCode=5001&serviceEditionCode=1`, headers: kari });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().forms[0].formData, VAT);
    const start = () => t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/formtasks/start`, headers: kari, payload: { serviceCode: '5001', serviceEditionCode: 1 } });
    const first = await start();
    assert.equal(first.statusCode, 201, first.body);
    const again = await start();
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().reporteeElementId, first.json().reporteeElementId, 'one set, one form task');
    const task = (await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/formtasks/${first.json().reporteeElementId}`, headers: kari })).json();
    assert.equal(task.status, 'FillIn');
    const nothing = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/formtasks/start`, headers: kari, payload: { serviceCode: '5004', serviceEditionCode: 1 } });
    assert.ok([403, 409].includes(nothing.statusCode), nothing.body);
  });

  it("shows prefilled data only to someone who may Read or Write the service for the reportee", async () => {
    await post(prefill());
    const hedda = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/prefill?serviceCode=5002&serviceEditionCode=1`, headers: await as(HEDDA) });
    assert.equal(hedda.statusCode, 403, hedda.body);
    assert.equal(hedda.json().code, 'PREF-00006');
    const start = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/formtasks/start`, headers: await as(HEDDA), payload: { serviceCode: '5002', serviceEditionCode: 1 } });
    assert.equal(start.statusCode, 403);
  });

  it('refuses a bad set whole, with XSD errors by line, and stores nothing', async () => {
    const before = await countRows(t.db, 'prefill.form_set');
    const elements = await countRows(t.db, 'submissions.reportee_element');
    const bad = await post(
      prefill({
        validFrom: '2026-12-01T00:00:00Z',
        validTo: '2026-11-01T00:00:00Z',
        forms: [
          { dataFormatId: '6101', dataFormatVersion: 1, formDataXml: A_MELDING.replace('<beloep>52000.00</beloep>', '<beloep>mange penger</beloep>') },
          { dataFormatId: '9999', dataFormatVersion: 1, formDataXml: '<x/>' },
        ],
        attachments: [{ name: 'a', fileName: 'a/../../b.pdf', data: 'eA==' }],
      }),
    );
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().code, 'PREF-00001');
    const errors = bad.json().errors as { path: string; line?: number }[];
    assert.deepEqual([...new Set(errors.map((e) => e.path))], ['validTo', 'forms/0/formDataXml', 'forms/1', 'attachments/0/fileName']);
    assert.equal(errors.find((e) => e.path === 'forms/0/formDataXml')!.line, 11);
    assert.equal((await post(prefill({ serviceCode: '5005' }))).json().code, 'PREF-00002', 'a correspondence service');
    assert.equal((await post(prefill({ reportee: '310000999' }))).json().code, 'PREF-00003');
    const notification = await post(prefill({ instantiate: true, notifications: [{ notificationType: 'Ukjent', receiverEndPoints: [{ transportType: 'Email' }] }] }));
    assert.equal(notification.json().code, 'NOTF-00002');
    assert.equal(await countRows(t.db, 'prefill.form_set'), before);
    assert.equal(await countRows(t.db, 'submissions.reportee_element'), elements);
  });

  it('answers a retry with the same reference with the first set; other content is a conflict', async () => {
    const body = prefill({ instantiate: true });
    const first = await post(body);
    const again = await post(body);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().prefill.prefillId, first.json().prefill.prefillId);
    assert.equal(again.json().reporteeElementId, first.json().reporteeElementId, 'instantiated once');
    const other = await post({ ...body, caseId: 'annen' });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'PREF-00004');
  });
});
