// Receipts after submission: found by reference, listed by type and change window, updated by either
// party with the history kept; nobody else reads or changes them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SettableClock } from '../../src/platform/index.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const FJORDLYS = '310000116';
const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const PAYROLL = readFileSync(join(import.meta.dirname, '../../testdata/services/ttd-5002-a-melding/examples/melding.xml'), 'utf8');

describe('receipts', () => {
  let t: TestTinn;
  let system: string;
  let hedda: string;
  let kari: string;
  let receiptId: number;
  let archiveReference: string;
  let submittedAt: Date;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    system = (await t.app.inject({ method: 'POST', url: '/api/v1/authn/system/token', payload: { systemId: '10001', systemPassword: 'Fjordlys2026' } })).json().accessToken;
    const login = async (ssn: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken as string;
    hedda = await login('18850164351');
    kari = await login('14837501777');
    submittedAt = (t.tinn.clock as SettableClock).now();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reportees/${FJORDLYS}/formtasks`,
      headers: { authorization: `Bearer ${system}` },
      payload: { externalShipmentReference: 'receipt-1', serviceCode: '5002', serviceEditionCode: 1, forms: [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'am-1', formData: PAYROLL }] },
    });
    assert.equal(res.statusCode, 201, res.body);
    receiptId = res.json().receipt.receiptId;
    archiveReference = res.json().archiveReference;
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers, remoteAddress: '127.0.0.1' });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('finds a receipt by any of its searchable references, for those who may read it', async () => {
    for (const [type, value] of [['ExternalShipmentReference', 'receipt-1'], ['ArchiveReference', archiveReference], ['EndUserSystemReference', 'am-1']]) {
      const res = await get(`/api/v1/receipts?referenceTypeName=${type}&referenceValue=${value}`, bearer(system));
      assert.deepEqual(res.json().receipts.map((r: { receiptId: number }) => r.receiptId), [receiptId], `${type}`);
    }
    assert.deepEqual((await get(`/api/v1/receipts?referenceTypeName=ArchiveReference&referenceValue=${archiveReference}`, bearer(kari))).json().receipts.length, 1, 'the managing director may Read the service for the firm');
    assert.deepEqual((await get(`/api/v1/receipts?referenceTypeName=ArchiveReference&referenceValue=${archiveReference}`, bearer(hedda))).json().receipts, []);
    assert.equal((await get('/api/v1/receipts?referenceTypeName=ParentReference&referenceValue=x', bearer(system))).statusCode, 400);
    assert.equal((await get('/api/v1/receipts', bearer(system))).json().code, 'PLAT-00004');
  });

  it('lists receipts of a type changed in a window: the sender its own, the service owner those of its services', async () => {
    const from = new Date(submittedAt.getTime() - 60_000).toISOString();
    const to = new Date(submittedAt.getTime() + 3_600_000).toISOString();
    const window = `receiptTypeName=FormTask&dateFrom=${from}&dateTo=${to}`;
    assert.ok((await get(`/api/v1/receipts?${window}`, bearer(system))).json().receipts.some((r: { receiptId: number }) => r.receiptId === receiptId));
    assert.ok((await get(`/api/v1/receipts?${window}`, { apikey: TTD_KEY })).json().receipts.some((r: { receiptId: number }) => r.receiptId === receiptId));
    assert.deepEqual((await get(`/api/v1/receipts?${window}`, bearer(hedda))).json().receipts, []);
    const reversed = await get(`/api/v1/receipts?receiptTypeName=FormTask&dateFrom=${to}&dateTo=${from}`, bearer(system));
    assert.deepEqual([reversed.json().code, reversed.json().altinnErrorId], ['SUB-00013', 30102]);
    const notSet = await get(`/api/v1/receipts?receiptTypeName=NotSet&dateFrom=${from}&dateTo=${to}`, bearer(system));
    assert.deepEqual([notSet.json().code, notSet.json().altinnErrorId], ['SUB-00018', 30101]);
  });

  it('lets the service owner update a receipt, keeps the old text in the history, and refuses others', async () => {
    const put = (headers: Record<string, string>, payload: object) => t.app.inject({ method: 'PUT', url: `/api/v1/receipts/${receiptId}`, headers, payload, remoteAddress: '127.0.0.1' });
    const before = (await get(`/api/v1/receipts/${receiptId}`, bearer(system))).json();
    (t.tinn.clock as SettableClock).advance(60_000);
    const updated = await put({ apikey: TTD_KEY }, { receiptStatusCode: 'Rejected', receiptText: 'Opplysningspliktig mangler i registeret', references: [{ referenceTypeName: 'ReceiversReference', referenceValue: 'TTD-2026-17' }] });
    assert.equal(updated.statusCode, 200, updated.body);
    const r = updated.json();
    assert.equal(r.receiptStatusCode, 'Rejected');
    assert.equal(r.receiptText, 'Receipt updated by ServiceOwner TTD (TTD_ARKIV). Opplysningspliktig mangler i registeret');
    assert.deepEqual(r.history.map((h: { receiptStatusCode: string; receiptText: string }) => [h.receiptStatusCode, h.receiptText]), [[before.receiptStatusCode, before.receiptText]]);
    assert.ok(r.references.some((x: { referenceTypeName: string; referenceValue: string }) => x.referenceTypeName === 'ReceiversReference' && x.referenceValue === 'TTD-2026-17'));
    assert.ok(new Date(r.lastChanged) > new Date(before.lastChanged));
    const bySender = await put(bearer(system), { receiptStatusCode: 'OK', receiptText: 'Rettet' });
    assert.equal(bySender.json().history.length, 2);
    assert.match(bySender.json().receiptText, /^Receipt updated by EndUserSystem: 10001\. Rettet$/);
    assert.equal((await put(bearer(hedda), { receiptStatusCode: 'OK', receiptText: 'x' })).json().code, 'SUB-00009', 'invisible to a stranger');
    assert.equal((await put({ apikey: TTD_KEY }, { receiptStatusCode: 'OK', receiptText: 'x', references: [{ referenceTypeName: 'ArchiveReference', referenceValue: 'AR1' }] })).statusCode, 400);
  });
});
