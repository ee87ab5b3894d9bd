// The message box: newest change first, cursor paging, Altinn's filters, and only what the caller may see.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PersonActor, SettableClock } from '../../src/platform/index.ts';
import { buildPerson } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap
const HEDDA = '18850164351';
const FJORDLYS = '310000116';
const SERVICES = join(import.meta.dirname, '../../testdata/services');
const VAT = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/melding.xml'), 'utf8');
const PAYROLL = readFileSync(join(SERVICES, 'ttd-5002-a-melding/examples/melding.xml'), 'utf8');

describe('the message box', () => {
  let t: TestTinn;
  let kari: string;
  let archivist: string;
  let hedda: string;
  const made: { id: number; service: string; status: string; ar: string | null; ref: string }[] = [];
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const clock = t.tinn.clock as SettableClock;
    const login = async (ssn: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken as string;
    kari = await login(KARI);
    hedda = await login(HEDDA);
    // A person whose only role for Fjordlys is A0236 (archive access): archived VAT returns, nothing else.
    const person = await buildPerson(t.tinn.register);
    const firm = (await t.tinn.register.getOrganization(FJORDLYS)).organization.partyId;
    await t.tinn.authz.uncheckedAddRoleDelegation({ reporteePartyId: firm, roleCode: 'A0236', recipientPartyId: person.partyId, viaPartyId: null });
    archivist = await login(person.ssn);

    const actor: PersonActor = { kind: 'person', partyId: (await t.tinn.register.uncheckedGetPersonBySsn(KARI)).partyId, securityLevel: 2, methods: ['pwd', 'sms'], sessionId: null };
    const plan: [string, 'archive' | 'sign' | 'fill'][] = [
      ['5001', 'archive'],
      ['5002', 'archive'],
      ['5001', 'sign'],
      ['5001', 'fill'],
      ['5002', 'archive'],
      ['5001', 'archive'],
      ['5001', 'sign'],
    ];
    for (const [i, [service, kind]] of plan.entries()) {
      clock.advance(60_000);
      const ref = `box-${i}`;
      const forms =
        service === '5001'
          ? [{ dataFormatId: '6001', dataFormatVersion: 1, endUserSystemReference: 'main', formData: VAT, completed: kind !== 'fill' }]
          : [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'main', formData: PAYROLL }];
      const r = await t.tinn.submissions.submitFormTask(actor, FJORDLYS, { externalShipmentReference: ref, serviceCode: service, serviceEditionCode: 1, forms, sign: kind === 'archive' && service === '5001' });
      made.push({ id: r.reporteeElementId, service, status: r.status, ar: r.archiveReference, ref });
    }
  });
  after(() => t.close());

  const box = async (token: string, query = '') => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/messagebox${query}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { items: { reporteeElementId: number; status: string; serviceCode: string; title: { en: string }; archiveReference: string | null }[]; nextCursor: string | null };
  };
  const ids = (items: { reporteeElementId: number }[]) => items.map((i) => i.reporteeElementId);
  const newestFirst = () => [...made].reverse();

  it('lists the work list and the archive newest first, page by page, without gaps or repeats', async () => {
    assert.deepEqual(made.map((m) => m.status), ['Archive', 'Archive', 'SignIn', 'FillIn', 'Archive', 'Archive', 'SignIn']);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await box(kari, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen, ids(newestFirst().map((m) => ({ reporteeElementId: m.id }))));
    const first = (await box(kari, '?limit=1')).items[0]!;
    assert.deepEqual([first.status, first.serviceCode, first.title.en], ['SignIn', '5001', 'VAT return (test)']);
  });

  it("filters as Altinn's search does", async () => {
    const only = (pred: (m: (typeof made)[0]) => boolean) => newestFirst().filter(pred).map((m) => m.id);
    assert.deepEqual(ids((await box(kari, '?status=Archive')).items), only((m) => m.status === 'Archive'));
    assert.deepEqual(ids((await box(kari, '?toBeProcessed=true')).items), only((m) => m.status !== 'Archive'));
    assert.deepEqual(ids((await box(kari, '?sentAndArchived=true&serviceCode=5002')).items), only((m) => m.service === '5002'));
    assert.deepEqual(ids((await box(kari, '?serviceOwnerCode=NOBODY')).items), []);
    const ar = made[5]!.ar!;
    assert.deepEqual(ids((await box(kari, `?archiveReference=${ar}`)).items), [made[5]!.id]);
    assert.deepEqual(ids((await box(kari, `?text=${ar}`)).items), [made[5]!.id]);
    assert.deepEqual(ids((await box(kari, '?text=payroll')).items), only((m) => m.service === '5002'), 'text matches the service name');
    assert.deepEqual(ids((await box(kari, '?text=box-3')).items), [made[3]!.id], 'or a shipment reference');
    const all = await box(kari);
    const middle = all.items[3]!;
    const from = await box(kari, `?toDate=${encodeURIComponent((middle as unknown as { lastChangedAt: string }).lastChangedAt)}`);
    assert.deepEqual(ids(from.items), ids(all.items.slice(4)), 'toDate is exclusive');
  });

  it('shows only what the caller may see', async () => {
    const archived = await box(archivist);
    assert.deepEqual(ids(archived.items), newestFirst().filter((m) => m.service === '5001' && m.status === 'Archive').map((m) => m.id), 'A0236: archived VAT returns only');
    assert.deepEqual((await box(hedda)).items, []);
    const events = await t.tinn.authn.uncheckedListAuditEvents((await t.tinn.register.getOrganization(FJORDLYS)).organization.partyId);
    assert.equal(events.filter((e) => e.event === 'authz.deny').length, 0, 'filtering a list writes no denial events');
  });

  it('refuses a forged cursor and a reversed date range', async () => {
    const forged = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/messagebox?cursor=bm9wZQ`, headers: { authorization: `Bearer ${kari}` } });
    assert.deepEqual([forged.statusCode, forged.json().code], [400, 'SUB-00012']);
    const reversed = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/messagebox?fromDate=2026-02-01T00:00:00Z&toDate=2026-01-01T00:00:00Z`, headers: { authorization: `Bearer ${kari}` } });
    assert.deepEqual([reversed.json().code, reversed.json().altinnErrorId], ['SUB-00013', 30102]);
  });
});
