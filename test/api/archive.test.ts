// The archive after a submission: the reportee's view with its PDF and attachments, and the service owner's
// download queue, archive, PDF and purge. Nobody else sees an item.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { buildOrganization } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap
const HEDDA = '18850164351';
const FJORDLYS = '310000116';
const NORDLYS = '310000124';
const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const SERVICES = join(import.meta.dirname, '../../testdata/services');
const VAT = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/melding.xml'), 'utf8');
const VAT_EXTRA = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/tillegg.xml'), 'utf8');
const INVOICE = Buffer.from('%PDF-1.7 faktura nr. 17 – æøå');

/** The text a PDF shows: every string of every content stream (pdfkit writes hex strings in TJ arrays). */
function pdfText(pdf: Buffer): string {
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream\n', at);
    if (start < 0) break;
    const end = pdf.indexOf('\nendstream', start);
    try {
      const content = inflateSync(pdf.subarray(start + 7, end)).toString('latin1');
      for (const tj of content.matchAll(/\[(.*?)\] TJ/g)) parts.push([...tj[1]!.matchAll(/<([0-9a-f]*)>/g)].map((m) => Buffer.from(m[1]!, 'hex').toString('latin1')).join(''));
    } catch {
      // not a deflated content stream (fonts, images)
    }
    at = end + 10;
  }
  return parts.join('\n');
}

describe('the archive and the download queue', () => {
  let t: TestTinn;
  let kari: string;
  let hedda: string;
  let archiveReference: string;
  let attachmentId: number;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const login = async (ssn: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken as string;
    kari = await login(KARI);
    hedda = await login(HEDDA);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reportees/${FJORDLYS}/formtasks`,
      headers: { authorization: `Bearer ${kari}` },
      payload: {
        externalShipmentReference: `archive-${Date.now()}`,
        serviceCode: '5001',
        serviceEditionCode: 1,
        sign: true,
        forms: [
          { dataFormatId: '6001', dataFormatVersion: 1, endUserSystemReference: 'main', formData: VAT },
          { dataFormatId: '6002', dataFormatVersion: 1, endUserSystemReference: 'extra', parentReference: 'main', formData: VAT_EXTRA },
        ],
        attachments: [{ name: 'Faktura 17', fileName: 'faktura-17.pdf', attachmentTypeName: 'Bilag', data: INVOICE.toString('base64') }],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    archiveReference = res.json().archiveReference;
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers, remoteAddress: '127.0.0.1' });
  const asKari = { authorization: '' };
  const so = { apikey: TTD_KEY };

  it("shows the reportee's archive: forms, attachments, signing steps and the content hash", async () => {
    asKari.authorization = `Bearer ${kari}`;
    const res = await get(`/api/v1/reportees/${FJORDLYS}/archive/${archiveReference}`, asKari);
    assert.equal(res.statusCode, 200, res.body);
    const a = res.json();
    assert.deepEqual(a.forms.map((f: { dataFormatId: string; isMain: boolean; parentReference: string | null }) => [f.dataFormatId, f.isMain, f.parentReference]), [['6001', true, null], ['6002', false, 'main']]);
    assert.equal(a.forms[0].formData, VAT);
    assert.deepEqual([a.reportee.orgno, a.serviceName.en], [FJORDLYS, 'VAT return (test)']);
    assert.equal(a.signingSteps.length, 1);
    assert.deepEqual([a.signingSteps[0].signer.name, a.signingSteps[0].securityLevel, a.signingSteps[0].signer.ssn], ['Kari Nordmann', 2, undefined], 'no national ids on the reportee side');
    assert.match(a.contentSha256, /^[0-9a-f]{64}$/);
    attachmentId = a.attachments[0].attachmentId;
    assert.deepEqual([a.attachments[0].fileName, a.attachments[0].sizeBytes], ['faktura-17.pdf', INVOICE.length]);
    const file = await get(`/api/v1/reportees/${FJORDLYS}/archive/${archiveReference}/attachments/${attachmentId}`, asKari);
    assert.deepEqual(file.rawPayload, INVOICE);
    assert.match(file.headers['content-disposition'] as string, /filename="faktura-17.pdf"/);
  });

  it('renders a PDF of every field, the attachments and the signing, stored once', async () => {
    const first = await get(`/api/v1/reportees/${FJORDLYS}/archive/${archiveReference}/pdf`, asKari);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['content-type'], 'application/pdf');
    assert.equal(first.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(first.rawPayload);
    for (const shown of ['Skattemelding for merverdiavgift (test)', archiveReference, 'Fjordlys Regnskap AS (310000116)', 'Organisasjonsnummer', 'september-oktober', '25000.00', 'Kari Nordmann', 'Kreditnota fra leverandør', 'faktura-17.pdf', 'Tilleggsopplysninger']) {
      assert.ok(text.replace(/\n/g, '').includes(shown), `${shown} in the PDF`);
    }
    const again = await get(`/api/v1/serviceowner/archive/${archiveReference}/pdf`, so);
    assert.deepEqual(again.rawPayload, first.rawPayload, 'the service owner gets the same stored PDF');
  });

  it('keeps the archive from those without ArchiveRead and from other reportees', async () => {
    const denied = await get(`/api/v1/reportees/${FJORDLYS}/archive/${archiveReference}`, { authorization: `Bearer ${hedda}` });
    assert.deepEqual([denied.statusCode, denied.json().code], [403, 'SUB-00003']);
    assert.equal((await get(`/api/v1/reportees/${FJORDLYS}/archive/${archiveReference}/pdf`, { authorization: `Bearer ${hedda}` })).statusCode, 403);
    const elsewhere = await get(`/api/v1/reportees/${NORDLYS}/archive/${archiveReference}`, asKari);
    assert.equal(elsewhere.statusCode, 404, "another reportee's archive reference is not found");
    assert.equal((await get(`/api/v1/reportees/${FJORDLYS}/archive/AR1`, asKari)).json().code, 'SUB-00010');
    assert.equal((await get(`/api/v1/reportees/${FJORDLYS}/archive/${archiveReference}/attachments/999999`, asKari)).json().code, 'SUB-00011');
  });

  it("gives the service owner its download queue, the archive with approvers' ids, and purging", async () => {
    const queue = await get('/api/v1/serviceowner/downloadqueue?serviceCode=5001', so);
    assert.equal(queue.statusCode, 200, queue.body);
    const item = queue.json().items.find((i: { archiveReference: string }) => i.archiveReference === archiveReference);
    assert.deepEqual({ ...item, archivedDate: 'x' }, { archiveReference, archivedDate: 'x', reporteeId: FJORDLYS, reporteeType: 'Organisation', serviceCode: '5001', serviceEditionCode: 1 });
    assert.equal((await get('/api/v1/serviceowner/downloadqueue?serviceCode=5002', so)).json().items.some((i: { archiveReference: string }) => i.archiveReference === archiveReference), false);
    const archive = await get(`/api/v1/serviceowner/archive/${archiveReference}`, so);
    assert.deepEqual([archive.json().signingSteps[0].signer.ssn, archive.json().signingSteps[0].securityLevel], [KARI, 2]);
    assert.deepEqual((await get(`/api/v1/serviceowner/archive/${archiveReference}/attachments/${attachmentId}`, so)).rawPayload, INVOICE);

    const purge = () => t.app.inject({ method: 'DELETE', url: `/api/v1/serviceowner/downloadqueue/${archiveReference}`, headers: so, remoteAddress: '127.0.0.1' });
    assert.equal((await purge()).statusCode, 204);
    assert.equal((await purge()).statusCode, 204, 'purging twice is fine');
    const after = await get('/api/v1/serviceowner/downloadqueue', so);
    assert.equal(after.json().items.some((i: { archiveReference: string }) => i.archiveReference === archiveReference), false);
    assert.equal((await get(`/api/v1/serviceowner/archive/${archiveReference}`, so)).statusCode, 200, 'the archive stays after purging');
  });

  it("shows nothing of it to another service owner or to persons", async () => {
    const org = await buildOrganization(t.tinn.register);
    await t.tinn.register.registerServiceOwner({ orgno: org.orgno, code: 'ANNEN' });
    await t.tinn.systems.uncheckedAddServiceOwnerSystem({ serviceOwnerCode: 'ANNEN', name: 'ANNEN_ARKIV', allowedCidrs: ['127.0.0.1/32'] });
    const other = { apikey: (await t.tinn.systems.uncheckedCreateServiceOwnerApiKey('ANNEN_ARKIV')).apiKey };
    assert.equal((await get(`/api/v1/serviceowner/archive/${archiveReference}`, other)).json().code, 'SUB-00010');
    assert.equal((await get(`/api/v1/serviceowner/archive/${archiveReference}/pdf`, other)).statusCode, 404);
    assert.deepEqual((await get('/api/v1/serviceowner/downloadqueue', other)).json().items, []);
    const purge = await t.app.inject({ method: 'DELETE', url: `/api/v1/serviceowner/downloadqueue/${archiveReference}`, headers: other, remoteAddress: '127.0.0.1' });
    assert.equal(purge.statusCode, 404);
    assert.equal((await get('/api/v1/serviceowner/downloadqueue', asKari)).json().code, 'PLAT-00015');
  });
});
