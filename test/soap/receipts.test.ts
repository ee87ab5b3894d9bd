// Receipts over SOAP (ReceiptExternalBasic for end-user systems, ReceiptAgencyExternalBasic for service
// owners): a form submitted over REST by the data system is fetched over SOAP by id and by reference, the
// service owner updates it over SOAP and the data system sees the change over REST; lists by type and window;
// other systems get the same not-found as for a receipt that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import type { SettableClock } from '../../src/platform/index.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const FJORDLYS = '310000116';
const NORDLYS_DAGL = '09857904610'; // managing director of Nordlys Bygg AS (310000124), no role for Fjordlys
const EUS_PATH = '/IntermediaryExternal/ReceiptExternalBasic.svc';
const AGENCY_PATH = '/IntermediaryExternal/ReceiptAgencyExternalBasic.svc';
const EUS_WSDL = join(import.meta.dirname, '../../wsdl/ReceiptExternalBasic.svc.wsdl');
const AGENCY_WSDL = join(import.meta.dirname, '../../wsdl/ReceiptAgencyExternalBasic.svc.wsdl');
const SVC = 'http://www.altinn.no/services/Intermediary/Receipt/2009/10';
const eusAction = (op: string) => `${SVC}/IReceiptExternalBasic/${op}`;
const agencyAction = (op: string) => `${SVC}/IReceiptAgencyExternalBasic/${op}`;
const SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/GetReceiptBasicV2.xml'), 'utf8');
const PAYROLL = readFileSync(join(import.meta.dirname, '../../testdata/services/ttd-5002-a-melding/examples/melding.xml'), 'utf8');
const SYSTEM = { systemUserName: '10001', systemPassword: 'Fjordlys2026' };
const AGENCY = { systemUserName: 'TTD_ARKIV', systemPassword: 'Ttd-arkiv-2026' };

let seq = 0;
const reference = () => `soap-receipt-${process.pid}-${Date.now()}-${++seq}`;

/** The sample request of wsdl/samples with its placeholders filled in. */
const sample = (shipment: string, credentials = SYSTEM) =>
  SAMPLE.replace('SYSTEM_ID', credentials.systemUserName).replace('SYSTEM_PASSWORD', credentials.systemPassword).replace('SHIPMENT_REFERENCE', shipment);

/** A raw Basic envelope: the operation and its parameters in the service namespace, `r:` the 2015/06 data contracts, `x:` the 2009/10 ones. */
const envelope = (op: string, credentials: { systemUserName: string; systemPassword: string }, inner: string) => `<?xml version="1.0" encoding="utf-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${SVC}" xmlns:r="http://schemas.altinn.no/services/Intermediary/Receipt/2015/06" xmlns:x="http://schemas.altinn.no/services/Intermediary/Receipt/2009/10">
  <soapenv:Body><ns:${op}><ns:systemUserName>${credentials.systemUserName}</ns:systemUserName><ns:systemPassword>${credentials.systemPassword}</ns:systemPassword>${inner}</ns:${op}></soapenv:Body>
</soapenv:Envelope>`;

const byId = (op: string, id: number, credentials = SYSTEM) => envelope(op, credentials, `<ns:receipt><r:ReceiptId>${id}</r:ReceiptId></ns:receipt>`);
const update = (credentials: { systemUserName: string; systemPassword: string }, target: string, status: string, text: string, extra = '') =>
  envelope('UpdateReceiptBasic', credentials, `<ns:receipt>${target}<r:ReceiptStatus>${status}</r:ReceiptStatus><r:ReceiptText>${text}</r:ReceiptText>${extra}</ns:receipt>`);
const list = (credentials: { systemUserName: string; systemPassword: string }, type: string, from: Date, to: Date) =>
  envelope('GetReceiptListBasicV2', credentials, `<ns:receiptTypeName>${type}</ns:receiptTypeName><ns:dateFrom>${from.toISOString()}</ns:dateFrom><ns:dateTo>${to.toISOString()}</ns:dateTo>`);

const first = (xml: string, name: string) => new RegExp(`<(?:[\\w-]+:)?${name}>([^<]*)</`).exec(xml)?.[1];
const all = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${name}>([^<]*)</`, 'g'))].map((m) => m[1]!);
const refsOf = (xml: string, typeElement = 'ReferenceType') =>
  Object.fromEntries([...xml.matchAll(new RegExp(`<(?:\\w+:)?${typeElement}>(\\w+)</(?:\\w+:)?${typeElement}><(?:\\w+:)?ReferenceValue>([^<]*)<`, 'g'))].map((m) => [m[1], m[2]]));
/** A fault without what differs per request, to compare two refusals. */
const stable = (res: { body: string }) => ({ ...faultOf(res), ErrorGuid: '' });

describe('receipts over SOAP (ReceiptExternalBasic, ReceiptAgencyExternalBasic)', () => {
  let t: TestTinn;
  let system: string;
  let url: string;
  let otherSystem: { systemUserName: string; systemPassword: string };
  const eusSchema = contractSchema(readFileSync(EUS_WSDL, 'utf8'));
  const agencySchema = contractSchema(readFileSync(AGENCY_WSDL, 'utf8'));

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    system = (await t.app.inject({ method: 'POST', url: '/api/v1/authn/system/token', payload: { systemId: '10001', systemPassword: 'Fjordlys2026' } })).json().accessToken;
    // Another firm's data system: Nordlys' managing director registers one on Nordlys.
    const nordlys = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: NORDLYS_DAGL, securityLevel: 2 } })).json().accessToken;
    const types = (await t.app.inject({ method: 'GET', url: '/api/v1/system-types?vendor=310000191' })).json().systemTypes;
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reportees/310000124/systems',
      headers: { authorization: `Bearer ${nordlys}` },
      payload: { systemTypeId: types.find((s: { name: string }) => s.name === 'Prisolve').systemTypeId, description: 'Nordlys lønn', password: 'Nordlys2026' },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    otherSystem = { systemUserName: String(registered.json().systemId), systemPassword: 'Nordlys2026' };
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => t.close());

  /** A payroll form task submitted over REST by the data system, archived at once. */
  const submit = async () => {
    const shipment = reference();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reportees/${FJORDLYS}/formtasks`,
      headers: { authorization: `Bearer ${system}` },
      payload: { externalShipmentReference: shipment, serviceCode: '5002', serviceEditionCode: 1, forms: [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'am-1', formData: PAYROLL }] },
    });
    assert.equal(res.statusCode, 201, res.body);
    return { shipment, receiptId: res.json().receipt.receiptId as number, archiveReference: res.json().archiveReference as string };
  };
  const restReceipt = async (id: number) => (await t.app.inject({ method: 'GET', url: `/api/v1/receipts/${id}`, headers: { authorization: `Bearer ${system}` } })).json();

  it('answers the sample request (curl-style) with the receipt found by its ExternalShipmentReference, and by its ReceiptId, valid against the WSDL', async () => {
    const { shipment, receiptId, archiveReference } = await submit();
    const res = await soapPost(t, EUS_PATH, eusAction('GetReceiptBasicV2'), sample(shipment));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.deepEqual(eusSchema.validate(res.body), [], 'the answer is valid against the WSDL');
    assert.equal(Number(first(res.body, 'ReceiptId')), receiptId);
    assert.deepEqual([first(res.body, 'ReceiptStatus'), first(res.body, 'ReceiptType')], ['OK', 'FormTask']);
    const refs = refsOf(res.body);
    assert.equal(refs.ExternalShipmentReference, shipment);
    assert.equal(refs.ArchiveReference, archiveReference);
    // The form's sub-receipt comes along, with its EndUserSystemReference.
    assert.equal(all(res.body, 'ParentReceiptId').map(Number).filter((p) => p === receiptId).length, 1);

    const byReceiptId = await soapPost(t, EUS_PATH, eusAction('GetReceiptBasicV2'), byId('GetReceiptBasicV2', receiptId));
    assert.deepEqual(eusSchema.validate(byReceiptId.body), []);
    assert.equal(byReceiptId.body, res.body, 'the same receipt either way');
    // What REST says is what SOAP says.
    const rest = await restReceipt(receiptId);
    assert.deepEqual([rest.receiptStatusCode, rest.receiptText], [first(res.body, 'ReceiptStatus'), first(res.body, 'ReceiptText')]);

    // The older V1 contract (2009/10 ReceiptExternal) answers the same receipt.
    const v1 = await soapPost(t, EUS_PATH, eusAction('GetReceiptBasic'), envelope('GetReceiptBasic', SYSTEM, `<ns:receipt><x:ReceiptId>${receiptId}</x:ReceiptId></ns:receipt>`));
    assert.deepEqual(eusSchema.validate(v1.body), []);
    assert.deepEqual([Number(first(v1.body, 'ReceiptId')), first(v1.body, 'ReceiptStatusCode'), first(v1.body, 'ReceiptTypeName')], [receiptId, 'OK', 'FormTask']);
    assert.equal(refsOf(v1.body, 'ReferenceTypeName').ExternalShipmentReference, shipment);

    const test = await soapPost(t, EUS_PATH, 'http://www.altinn.no/services/2009/10/IAltinnContractBase/Test', '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:b="http://www.altinn.no/services/2009/10"><soapenv:Body><b:Test/></soapenv:Body></soapenv:Envelope>');
    assert.equal(test.statusCode, 200, test.body);
  });

  it('works with clients generated from both WSDLs: fetch by id and by reference, list, and the service owner updates', async () => {
    const { shipment, receiptId } = await submit();
    const eus: any = await soap.createClientAsync(EUS_WSDL, { endpoint: `${url}${EUS_PATH}` });
    const agency: any = await soap.createClientAsync(AGENCY_WSDL, { endpoint: `${url}${AGENCY_PATH}` });

    const [byId2] = await eus.GetReceiptBasicV2Async({ ...SYSTEM, receipt: { ReceiptId: receiptId } });
    assert.deepEqual([byId2.GetReceiptBasicV2Result.ReceiptId, byId2.GetReceiptBasicV2Result.ReceiptStatus], [receiptId, 'OK']);
    const [byRef] = await eus.GetReceiptBasicV2Async({ ...SYSTEM, receipt: { ReceiptId: 0, References: { Reference: [{ ReferenceType: 'ExternalShipmentReference', ReferenceValue: shipment }] } } });
    assert.equal(byRef.GetReceiptBasicV2Result.ReceiptId, receiptId);

    const now = (t.tinn.clock as SettableClock).now();
    const [listed] = await eus.GetReceiptListBasicV2Async({ ...SYSTEM, receiptTypeName: 'FormTask', dateFrom: new Date(now.getTime() - 60_000).toISOString(), dateTo: new Date(now.getTime() + 60_000).toISOString() });
    const ids = [listed.GetReceiptListBasicV2Result.Receipt].flat().map((r: { ReceiptId: number }) => r.ReceiptId);
    assert.ok(ids.includes(receiptId));

    (t.tinn.clock as SettableClock).advance(1_000);
    const [updated] = await agency.UpdateReceiptBasicAsync({ ...AGENCY, receipt: { ReceiptId: receiptId, ReceiptStatus: 'OK', ReceiptText: 'Mottatt hos TTD' } });
    assert.equal(updated.UpdateReceiptBasicResult.ReceiptText, 'Receipt updated by ServiceOwner TTD (TTD_ARKIV). Mottatt hos TTD');
    const [seen] = await agency.GetReceiptBasicV2Async({ ...AGENCY, receipt: { ReceiptId: receiptId } });
    assert.equal(seen.GetReceiptBasicV2Result.ReceiptText, updated.UpdateReceiptBasicResult.ReceiptText);
    await agency.TestAsync({});
    await eus.TestAsync({});
  });

  it("lets the service owner update a receipt over SOAP (by id, then by archive reference); the data system sees the status, text and history over REST", async () => {
    const { receiptId, archiveReference } = await submit();
    const before = await restReceipt(receiptId);
    (t.tinn.clock as SettableClock).advance(60_000);
    const res = await soapPost(
      t,
      AGENCY_PATH,
      agencyAction('UpdateReceiptBasic'),
      update(AGENCY, `<r:ReceiptId>${receiptId}</r:ReceiptId>`, 'Rejected', 'Opplysningspliktig mangler i registeret', '<r:References><r:Reference><r:ReferenceType>ReceiversReference</r:ReferenceType><r:ReferenceValue>TTD-2026-17</r:ReferenceValue></r:Reference></r:References>'),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(agencySchema.validate(res.body), []);
    assert.equal(first(res.body, 'ReceiptStatus'), 'Rejected');
    assert.match(first(res.body, 'ReceiptHistory')!, /OK/, 'the old status and text are in the history');

    const after = await restReceipt(receiptId);
    assert.equal(after.receiptStatusCode, 'Rejected');
    assert.equal(after.receiptText, 'Receipt updated by ServiceOwner TTD (TTD_ARKIV). Opplysningspliktig mangler i registeret');
    assert.deepEqual(after.history.map((h: { receiptStatusCode: string; receiptText: string }) => [h.receiptStatusCode, h.receiptText]), [[before.receiptStatusCode, before.receiptText]]);
    assert.ok(after.references.some((r: { referenceTypeName: string; referenceValue: string }) => r.referenceTypeName === 'ReceiversReference' && r.referenceValue === 'TTD-2026-17'));
    assert.ok(new Date(after.lastChanged) > new Date(before.lastChanged));

    // By archive reference; the data system may update its own receipt too (and the V1 SaveReceiptBasic does the same).
    const again = await soapPost(t, AGENCY_PATH, agencyAction('UpdateReceiptBasic'), update(AGENCY, `<r:ArchiveReference>${archiveReference}</r:ArchiveReference>`, 'OK', 'Rettet'));
    assert.deepEqual([again.statusCode, Number(first(again.body, 'ReceiptId'))], [200, receiptId]);
    const saved = await soapPost(
      t,
      EUS_PATH,
      eusAction('SaveReceiptBasic'),
      envelope('SaveReceiptBasic', SYSTEM, `<ns:receipt><x:ReceiptId>${receiptId}</x:ReceiptId><x:ReceiptStatusCode>OK</x:ReceiptStatusCode><x:ReceiptText>Lest</x:ReceiptText></ns:receipt>`),
    );
    assert.deepEqual(eusSchema.validate(saved.body), []);
    assert.equal(first(saved.body, 'ReceiptText'), 'Receipt updated by EndUserSystem: 10001. Lest');
    assert.equal((await restReceipt(receiptId)).history.length, 3);
  });

  it('lists receipts of a type last changed in a window for the data system and the service owner; a reversed window is 30102 and NotSet 30101', async () => {
    const { receiptId } = await submit();
    const now = (t.tinn.clock as SettableClock).now();
    const from = new Date(now.getTime() - 60_000);
    const to = new Date(now.getTime() + 60_000);
    for (const [path, action, credentials, schema] of [
      [EUS_PATH, eusAction('GetReceiptListBasicV2'), SYSTEM, eusSchema],
      [AGENCY_PATH, agencyAction('GetReceiptListBasicV2'), AGENCY, agencySchema],
    ] as const) {
      const res = await soapPost(t, path, action, list(credentials, 'FormTask', from, to));
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(schema.validate(res.body), []);
      assert.ok(all(res.body, 'ReceiptId').map(Number).includes(receiptId), path);
      const earlier = await soapPost(t, path, action, list(credentials, 'FormTask', new Date(from.getTime() - 3_600_000), from));
      assert.ok(!all(earlier.body, 'ReceiptId').map(Number).includes(receiptId), 'outside the window');
    }
    const reversed = faultOf(await soapPost(t, EUS_PATH, eusAction('GetReceiptListBasicV2'), list(SYSTEM, 'FormTask', to, from)));
    assert.deepEqual([reversed.ErrorID, reversed.AltinnExtendedErrorMessage.split('\n')[0]], ['30102', 'SUB-00013']);
    const notSet = faultOf(await soapPost(t, EUS_PATH, eusAction('GetReceiptListBasicV2'), list(SYSTEM, 'NotSet', from, to)));
    assert.deepEqual([notSet.ErrorID, notSet.AltinnExtendedErrorMessage.split('\n')[0]], ['30101', 'SUB-00018']);
    // Another system's list does not have it.
    const foreign = await soapPost(t, EUS_PATH, eusAction('GetReceiptListBasicV2'), list(otherSystem, 'FormTask', from, to));
    assert.equal(foreign.statusCode, 200, foreign.body);
    assert.ok(!all(foreign.body, 'ReceiptId').map(Number).includes(receiptId));
  });

  it("gives another system the same not-found (30008) as for a receipt that does not exist, by id, reference or update, and changes nothing", async () => {
    const { shipment, receiptId } = await submit();
    const history = await countRows(t.db, 'submissions.receipt_history');
    const missing = stable(await soapPost(t, EUS_PATH, eusAction('GetReceiptBasicV2'), byId('GetReceiptBasicV2', 2_000_000_000, otherSystem)));
    assert.deepEqual([missing.ErrorID, missing.AltinnExtendedErrorMessage], ['30008', 'SUB-00009']);
    const foreignById = await soapPost(t, EUS_PATH, eusAction('GetReceiptBasicV2'), byId('GetReceiptBasicV2', receiptId, otherSystem));
    assert.deepEqual(stable(foreignById), missing, 'nothing tells a foreign receipt from a missing one');
    assert.ok(!foreignById.body.includes(shipment));
    assert.deepEqual(stable(await soapPost(t, EUS_PATH, eusAction('GetReceiptBasicV2'), sample(shipment, otherSystem))), missing);
    const foreignUpdate = await soapPost(t, EUS_PATH, eusAction('UpdateReceiptBasic'), update(otherSystem, `<r:ReceiptId>${receiptId}</r:ReceiptId>`, 'Rejected', 'Kapret'));
    assert.deepEqual(stable(foreignUpdate), missing);
    assert.equal(await countRows(t.db, 'submissions.receipt_history'), history);
    assert.equal((await restReceipt(receiptId)).receiptStatusCode, 'OK');
  });

  it('refuses wrong passwords (989) and updates Tinn cannot make, and writes nothing', async () => {
    const { receiptId } = await submit();
    const history = await countRows(t.db, 'submissions.receipt_history');
    const eusWrong = faultOf(await soapPost(t, EUS_PATH, eusAction('GetReceiptBasicV2'), byId('GetReceiptBasicV2', receiptId, { ...SYSTEM, systemPassword: 'Fjordlys2025' })));
    assert.deepEqual([eusWrong.ErrorID, eusWrong.UserId], ['989', '']);
    const agencyWrong = faultOf(await soapPost(t, AGENCY_PATH, agencyAction('UpdateReceiptBasic'), update({ ...AGENCY, systemPassword: 'feil' }, `<r:ReceiptId>${receiptId}</r:ReceiptId>`, 'OK', 'x')));
    assert.equal(agencyWrong.ErrorID, '989');

    const target = `<r:ReceiptId>${receiptId}</r:ReceiptId>`;
    const notSet = faultOf(await soapPost(t, AGENCY_PATH, agencyAction('UpdateReceiptBasic'), update(AGENCY, target, 'NotSet', 'x')));
    assert.deepEqual([notSet.ErrorID, notSet.AltinnExtendedErrorMessage.split('\n')[0]], ['0', 'PLAT-00004']);
    assert.match(notSet.AltinnExtendedErrorMessage, /ReceiptStatus/);
    const both = faultOf(await soapPost(t, AGENCY_PATH, agencyAction('UpdateReceiptBasic'), update(AGENCY, `<r:ArchiveReference>AR1</r:ArchiveReference>${target}`, 'OK', 'x')));
    assert.match(both.AltinnExtendedErrorMessage, /^PLAT-00004\n.*not both/s);
    const subs = faultOf(
      await soapPost(t, AGENCY_PATH, agencyAction('UpdateReceiptBasic'), update(AGENCY, target, 'OK', 'x', `<r:SubReceipts><r:ReceiptSave><r:ReceiptId>${receiptId + 1}</r:ReceiptId><r:ReceiptStatus>OK</r:ReceiptStatus><r:ReceiptText>y</r:ReceiptText></r:ReceiptSave></r:SubReceipts>`)),
    );
    assert.match(subs.AltinnExtendedErrorMessage, /^PLAT-00004\n.*SubReceipts/s);
    const setByTinn = faultOf(
      await soapPost(t, AGENCY_PATH, agencyAction('UpdateReceiptBasic'), update(AGENCY, target, 'OK', 'x', '<r:References><r:Reference><r:ReferenceType>ArchiveReference</r:ReferenceType><r:ReferenceValue>AR1</r:ReferenceValue></r:Reference></r:References>')),
    );
    assert.deepEqual([setByTinn.ErrorID, setByTinn.AltinnExtendedErrorMessage.split('\n')[0]], ['30101', 'SUB-00018']);
    // The contract itself: the status is required, and a word is not a receipt id.
    assert.match(faultOf(await soapPost(t, AGENCY_PATH, agencyAction('UpdateReceiptBasic'), envelope('UpdateReceiptBasic', AGENCY, `<ns:receipt>${target}<r:ReceiptText>x</r:ReceiptText></ns:receipt>`))).AltinnErrorMessage, /ReceiptStatus|ReceiptText/);
    assert.match(faultOf(await soapPost(t, EUS_PATH, eusAction('GetReceiptBasicV2'), envelope('GetReceiptBasicV2', SYSTEM, '<ns:receipt><r:ReceiptId>første</r:ReceiptId></ns:receipt>'))).AltinnErrorMessage, /ReceiptId/);
    // No id and no reference.
    const empty = faultOf(await soapPost(t, EUS_PATH, eusAction('GetReceiptBasicV2'), envelope('GetReceiptBasicV2', SYSTEM, '<ns:receipt><r:ReceiptId>0</r:ReceiptId></ns:receipt>')));
    assert.deepEqual([empty.ErrorID, empty.AltinnExtendedErrorMessage.split('\n')[0]], ['30101', 'SUB-00018']);
    assert.equal(await countRows(t.db, 'submissions.receipt_history'), history);
    const unchanged = await restReceipt(receiptId);
    assert.deepEqual([unchanged.receiptStatusCode, unchanged.history.length], ['OK', 0]);
  });
});
