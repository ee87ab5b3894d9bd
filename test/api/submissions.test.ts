// Form tasks over REST: a person and an end-user system submit, the checks answer in Altinn's order with
// every problem at once, retries are idempotent, and bad XML never gets stored.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SystemActor } from '../../src/platform/index.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap
const HEDDA = '18850164351'; // private person, no roles
const INGRID = { ssn: '21876803140', lastName: 'Johansen' }; // accountant at Fjordlys
const FJORDLYS = '310000116'; // accounting firm; REGN for Nordlys
const NORDLYS = '310000124';
const SKOGHEIM = '310000167'; // not a client of Fjordlys
const SERVICES = join(import.meta.dirname, '../../testdata/services');
const VAT = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/melding.xml'), 'utf8');
const VAT_EXTRA = readFileSync(join(SERVICES, 'ttd-5001-mva/examples/tillegg.xml'), 'utf8');
const PAYROLL = readFileSync(join(SERVICES, 'ttd-5002-a-melding/examples/melding.xml'), 'utf8');

let seq = 0;
const ref = (prefix: string) => `${prefix}-${Date.now()}-${++seq}`;

const vatShipment = (overrides: Record<string, unknown> = {}, formData = VAT) => ({
  externalShipmentReference: ref('vat'),
  serviceCode: '5001',
  serviceEditionCode: 1,
  forms: [
    { dataFormatId: '6001', dataFormatVersion: 1, endUserSystemReference: 'main', formData },
    { dataFormatId: '6002', dataFormatVersion: 1, endUserSystemReference: 'extra', parentReference: 'main', formData: VAT_EXTRA },
  ],
  ...overrides,
});

describe('submitting form tasks over REST', () => {
  let t: TestTinn;
  let kari: string;
  let hedda: string;
  let system: string;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const login = async (ssn: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken as string;
    kari = await login(KARI);
    hedda = await login(HEDDA);
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/authn/system/token', payload: { systemId: '10001', systemPassword: 'Fjordlys2026' } });
    assert.equal(token.statusCode, 200, token.body);
    system = token.json().accessToken;
  });
  after(() => t.close());

  const submit = (token: string, reportee: string, body: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/reportees/${reportee}/formtasks`, payload: body, headers: { authorization: `Bearer ${token}` } });
  const elements = () => countRows(t.db, 'submissions.reportee_element');

  it('archives a complete, signed VAT return from a person: AR reference, receipt with references and a sub-receipt per form', async () => {
    const shipment = vatShipment({ sign: true });
    const res = await submit(kari, FJORDLYS, shipment);
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.status, 'Archive');
    assert.match(body.archiveReference, /^AR\d{7,}$/);
    assert.equal(body.receipt.receiptStatusCode, 'OK');
    assert.equal(body.receipt.receiptTypeName, 'FormTask');
    const refs = Object.fromEntries(body.receipt.references.map((r: { referenceTypeName: string; referenceValue: string }) => [r.referenceTypeName, r.referenceValue]));
    assert.equal(refs.ExternalShipmentReference, shipment.externalShipmentReference);
    assert.equal(refs.ArchiveReference, body.archiveReference);
    assert.equal(refs.WorkFlowReference, String(body.reporteeElementId));
    assert.deepEqual(
      body.receipt.subReceipts.map((s: { references: { referenceTypeName: string; referenceValue: string }[] }) => s.references.map((r) => `${r.referenceTypeName}=${r.referenceValue}`)),
      [['EndUserSystemReference=main'], ['EndUserSystemReference=extra', 'ParentReference=main']],
    );
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/receipts/${body.receipt.receiptId}`, headers: { authorization: `Bearer ${kari}` } });
    assert.deepEqual(read.json(), body.receipt);
    // Another party's receipt does not exist for them.
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/receipts/${body.receipt.receiptId}`, headers: { authorization: `Bearer ${hedda}` } });
    assert.deepEqual([foreign.statusCode, foreign.json().code], [404, 'SUB-00009']);
    const queued = await countRows(t.db, 'submissions.download_queue_item');
    assert.ok(queued >= 1, 'the download queue has the archived item');
  });

  it('answers a retry with the first receipt, and a different shipment under the same reference with SUB-00008', async () => {
    const shipment = vatShipment({ sign: true });
    const first = await submit(kari, FJORDLYS, shipment);
    const before = await elements();
    const again = await submit(kari, FJORDLYS, shipment);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), first.json());
    assert.equal(await elements(), before, 'a retry stores nothing');
    const other = await submit(kari, FJORDLYS, { ...shipment, forms: [shipment.forms[0]] });
    assert.deepEqual([other.statusCode, other.json().code], [409, 'SUB-00008']);
    assert.match(other.json().title, /Shipment Already Exists/);
  });

  it('puts an unsigned form task in the work list for signing, and an incomplete one for filling in', async () => {
    const unsigned = await submit(kari, FJORDLYS, vatShipment());
    assert.deepEqual([unsigned.statusCode, unsigned.json().status, unsigned.json().archiveReference], [201, 'SignIn', null]);
    assert.ok(unsigned.json().reporteeElementId >= 1000000);
    const incomplete = vatShipment();
    const draft = await submit(kari, FJORDLYS, { ...incomplete, forms: [{ ...incomplete.forms[0]!, completed: false }, incomplete.forms[1]!] });
    assert.deepEqual([draft.json().status, draft.json().archiveReference], ['FillIn', null]);
  });

  it("lets the firm's data system submit for itself and for a client, never for a party it has no role for", async () => {
    const payroll = (reportee: string) => ({
      externalShipmentReference: ref('payroll'),
      serviceCode: '5002',
      serviceEditionCode: 1,
      forms: [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'a-melding', formData: PAYROLL.replace('<opplysningspliktig>310000116', `<opplysningspliktig>${reportee}`) }],
    });
    const own = await submit(system, FJORDLYS, payroll(FJORDLYS));
    assert.deepEqual([own.statusCode, own.json().status], [201, 'Archive'], own.body);
    const client = await submit(system, NORDLYS, payroll(NORDLYS));
    assert.deepEqual([client.statusCode, client.json().status], [201, 'Archive'], client.body);
    const stranger = await submit(system, SKOGHEIM, payroll(SKOGHEIM));
    assert.deepEqual([stranger.statusCode, stranger.json().code], [403, 'SUB-00003']);
    assert.deepEqual(stranger.json().reasons.map((r: { code: string }) => r.code), ['systemOwnerLacksRight']);
    // A system alone cannot sign.
    const signed = await submit(system, FJORDLYS, vatShipment({ sign: true }));
    assert.deepEqual([signed.statusCode, signed.json().code, signed.json().reasons.map((r: { code: string; operation: string }) => `${r.operation}:${r.code}`)], [403, 'SUB-00003', ['Sign:userRequired']]);
  });

  it("lets the firm's employee submit through the system for a client only once the client right is passed to her", async () => {
    const firm = (await t.tinn.register.getOrganization(FJORDLYS)).organization.partyId;
    const ingrid = (await t.tinn.register.uncheckedGetPersonBySsn(INGRID.ssn)).partyId;
    const actor: SystemActor = { kind: 'system', systemId: 10001, ownerPartyId: firm, user: { partyId: ingrid }, securityLevel: 2, methods: ['pwd', 'sms'] };
    const shipment = () => ({ ...vatShipment({ sign: true }), forms: vatShipment().forms.map((f) => ({ ...f, formData: f.formData.replace('310000116', NORDLYS) })) });
    await assert.rejects(t.tinn.submissions.submitFormTask(actor, NORDLYS, shipment()), (e: { problem?: { code: string } }) => e.problem?.code === 'SUB-00003');
    const delegated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reportees/${NORDLYS}/delegations`,
      payload: { roleCode: 'A0239', to: INGRID, viaFirm: FJORDLYS },
      headers: { authorization: `Bearer ${kari}` },
    });
    assert.equal(delegated.statusCode, 201, delegated.body);
    const result = await t.tinn.submissions.submitFormTask(actor, NORDLYS, shipment());
    assert.equal(result.status, 'Archive');
  });

  it('refuses a person without a right, naming who can fix it, and stores nothing', async () => {
    const before = await elements();
    const res = await submit(hedda, FJORDLYS, vatShipment());
    assert.deepEqual([res.statusCode, res.json().code], [403, 'SUB-00003']);
    assert.deepEqual(res.json().reasons[0].fixedBy.map((p: { name: string }) => p.name).sort(), ['Kari Nordmann', 'Ola Hansen']);
    assert.equal((await submit(kari, 'me', vatShipment())).json().code, 'SUB-00002', 'the VAT return is for organisations');
    assert.equal((await submit(kari, FJORDLYS, vatShipment({ serviceCode: '5003' }))).json().code, 'SUB-00001', 'a broker service takes no form tasks');
    assert.equal((await submit(kari, FJORDLYS, vatShipment({ serviceEditionCode: 99 }))).json().code, 'SUB-00001');
    assert.equal(await elements(), before);
  });

  it('answers invalid form data with every XSD error and its line, refuses XXE, billion laughs and wrong namespaces, and stores nothing', async () => {
    const before = await elements();
    const wrong = VAT.replace('<aar>2026</aar>', '<aar>tjuetjueseks</aar>').replace('<mvaKode>3</mvaKode>', '<mvaKode>99</mvaKode>');
    const res = await submit(kari, FJORDLYS, vatShipment({}, wrong));
    assert.equal(res.statusCode, 400);
    const problem = res.json();
    assert.deepEqual([problem.code, problem.receiptStatusCode], ['SUB-00006', 'ValidationFailed']);
    assert.deepEqual(problem.errors.map((e: { path: string; line: number }) => `${e.path}:${e.line}`), ['forms/0/formData:4', 'forms/0/formData:7']);
    const secret = join(mkdtempSync(join(tmpdir(), 'tinn-xxe-')), 'secret.txt');
    writeFileSync(secret, 'TOPSECRET-7f3a91');
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE melding [<!ENTITY x SYSTEM "file://${secret}">]>\n${VAT.split('\n').slice(1).join('\n').replace('<organisasjonsnummer>310000116', '<organisasjonsnummer>&x;')}`;
    const xxeRes = await submit(kari, FJORDLYS, vatShipment({}, xxe));
    assert.equal(xxeRes.json().code, 'SUB-00006');
    assert.ok(!xxeRes.body.includes('TOPSECRET'), 'the file is never read into the answer');
    const lol = ['<!ENTITY a0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('');
    const bomb = await submit(kari, FJORDLYS, vatShipment({}, `<?xml version="1.0"?>\n<!DOCTYPE melding [${lol}]>\n<melding xmlns="urn:no:tinn:ttd:mva:v1"><organisasjonsnummer>&a9;</organisasjonsnummer></melding>`));
    assert.equal(bomb.json().code, 'SUB-00006');
    assert.equal((await submit(kari, FJORDLYS, vatShipment({}, VAT.replace('urn:no:tinn:ttd:mva:v1', 'urn:other')))).json().code, 'SUB-00006');
    const malformed = await submit(kari, FJORDLYS, vatShipment({}, '<melding xmlns="urn:no:tinn:ttd:mva:v1">\n<aar>2026</melding>'));
    assert.deepEqual([malformed.json().code, malformed.json().errors[0].line], ['SUB-00006', 2]);
    assert.equal(await elements(), before);
  });

  it('checks forms, form-set references and attachment rules, listing every problem', async () => {
    const before = await elements();
    const unknown = await submit(kari, FJORDLYS, vatShipment({ forms: [{ dataFormatId: '9999', dataFormatVersion: 1, endUserSystemReference: 'x', formData: VAT }] }));
    assert.deepEqual([unknown.statusCode, unknown.json().code, unknown.json().errors[0].path], [400, 'SUB-00004', 'forms/0']);
    const orphan = vatShipment();
    orphan.forms[1] = { ...orphan.forms[1]!, parentReference: 'nowhere' };
    const orphanRes = await submit(kari, FJORDLYS, orphan);
    assert.deepEqual([orphanRes.json().code, orphanRes.json().errors[0].path], ['SUB-00005', 'forms/1/parentReference']);
    const noMain = await submit(kari, FJORDLYS, vatShipment({ forms: [orphan.forms[1]] }));
    assert.equal(noMain.json().code, 'SUB-00005');
    const attachments = [
      { name: 'Faktura', fileName: 'faktura.exe', attachmentTypeName: 'Bilag', data: Buffer.from('MZ').toString('base64') },
      { name: 'Ukjent', fileName: 'notat.pdf', attachmentTypeName: 'Annet', data: Buffer.from('%PDF').toString('base64') },
      { name: 'Sti', fileName: 'C:\\bilag.pdf', attachmentTypeName: 'Bilag', data: Buffer.from('%PDF').toString('base64') },
    ];
    const bad = await submit(kari, FJORDLYS, vatShipment({ sign: true, attachments }));
    assert.equal(bad.json().code, 'SUB-00007');
    assert.deepEqual(bad.json().errors.map((e: { path: string; rule: string }) => `${e.path}:${e.rule}`), ['attachments/0/fileName:fileType', 'attachments/1/attachmentTypeName:attachmentType', 'attachments/2/fileName:fileName']);
    assert.equal(await elements(), before);
    const good = await submit(kari, FJORDLYS, vatShipment({ sign: true, attachments: [{ name: 'Faktura', fileName: 'faktura.pdf', attachmentTypeName: 'Bilag', data: Buffer.from('%PDF-1.7 test').toString('base64') }] }));
    assert.deepEqual([good.statusCode, good.json().status], [201, 'Archive']);
  });

  it('refuses more than 30 MB of attachments, and a body beyond the limit, before storing anything', async () => {
    const before = await elements();
    const chunk = Buffer.alloc(8 * 1024 * 1024, 1).toString('base64');
    const attachments = [0, 1, 2, 3].map((i) => ({ name: `Del ${i}`, fileName: `del${i}.pdf`, attachmentTypeName: 'Bilag', data: chunk }));
    const big = await submit(kari, FJORDLYS, vatShipment({ sign: true, attachments }));
    assert.equal(big.json().code, 'SUB-00007');
    assert.ok(big.json().errors.some((e: { rule: string; path: string }) => e.path === 'attachments' && e.rule === 'size'), big.body);
    const huge = await submit(kari, FJORDLYS, vatShipment({ sign: true, attachments: [...attachments, ...attachments] }));
    assert.deepEqual([huge.statusCode, huge.json().code], [413, 'PLAT-00006']);
    assert.equal(await elements(), before);
  });

  it('takes large attachments as multipart/form-data: a shipment part, then the files in order', async () => {
    const boundary = 'tinn-boundary-7f3a';
    const file = Buffer.alloc(2 * 1024 * 1024, 0x25);
    const shipment = vatShipment({ sign: true, attachments: [{ name: 'Stor faktura', fileName: 'stor.pdf', attachmentTypeName: 'Bilag' }] });
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="shipment"\r\n\r\n${JSON.stringify(shipment)}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="stor.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/formtasks`, payload: body, headers: { authorization: `Bearer ${kari}`, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    assert.equal(res.statusCode, 201, res.body);
    const archived = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/archive/${res.json().archiveReference}`, headers: { authorization: `Bearer ${kari}` } });
    assert.deepEqual([archived.json().attachments[0].fileName, archived.json().attachments[0].sizeBytes], ['stor.pdf', file.length]);
    const missingFile = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="shipment"\r\n\r\n${JSON.stringify({ ...shipment, externalShipmentReference: ref('mp') })}\r\n--${boundary}--\r\n`);
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/formtasks`, payload: missingFile, headers: { authorization: `Bearer ${kari}`, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    assert.deepEqual([refused.statusCode, refused.json().code], [400, 'PLAT-00004']);
  });
});
