// Form submission over SOAP (IntermediaryInboundBasic): the envelope end-user systems send, with the
// SystemID and password in the body, lands in the service owner's REST download queue; the same rules and
// problem codes as REST, rendered as AltinnFaults.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const FJORDLYS = '310000116';
const SKOGHEIM = '310000167'; // not a client of Fjordlys
const PATH = '/IntermediaryExternal/IntermediaryInboundBasic.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/IntermediaryInboundBasic.svc.wsdl');
const ACTION = 'http://www.altinn.no/services/Intermediary/Shipment/IntermediaryInbound/2009/10/IIntermediaryInboundExternalBasic/SubmitFormTaskBasic';
const SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/SubmitFormTaskBasic.xml'), 'utf8');
const PAYROLL = readFileSync(join(import.meta.dirname, '../../testdata/services/ttd-5002-a-melding/examples/melding.xml'), 'utf8');
const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';

let seq = 0;
const reference = () => `soap-${process.pid}-${Date.now()}-${++seq}`;

/** The sample request of wsdl/samples with its placeholders filled in. */
function sample(values: { reportee?: string; password?: string; shipment?: string; formReportee?: string } = {}) {
  return SAMPLE.replace('SYSTEM_ID', '10001')
    .replace('SYSTEM_PASSWORD', values.password ?? 'Fjordlys2026')
    .replace('<ns:Reportee>REPORTEE', `<ns:Reportee>${values.reportee ?? FJORDLYS}`)
    .replaceAll('>REPORTEE<', `>${values.formReportee ?? values.reportee ?? FJORDLYS}<`)
    .replace('SHIPMENT_REFERENCE', values.shipment ?? reference());
}

describe('submitting form tasks over SOAP (IntermediaryInboundBasic)', () => {
  let t: TestTinn;
  const responses = contractSchema(readFileSync(WSDL_FILE, 'utf8'));
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const queue = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/downloadqueue?serviceCode=5002', headers: { apikey: TTD_KEY }, remoteAddress: '127.0.0.1' })).json().items as {
      archiveReference: string;
      reporteeId: string;
    }[];

  it('archives the sample request sent as curl would send it, answers a schema-valid receipt, and the item is in the REST download queue', async () => {
    const shipment = reference();
    const res = await soapPost(t, PATH, ACTION, sample({ shipment }));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.deepEqual(responses.validate(res.body), [], 'the receipt is valid against the WSDL');
    const status = /<(?:\w+:)?ReceiptStatusCode>(\w+)</.exec(res.body)?.[1];
    assert.equal(status, 'OK');
    const refs = Object.fromEntries([...res.body.matchAll(/<(?:\w+:)?ReferenceTypeName>(\w+)<\/(?:\w+:)?ReferenceTypeName><(?:\w+:)?ReferenceValue>([^<]*)</g)].map((m) => [m[1], m[2]]));
    assert.equal(refs.ExternalShipmentReference, shipment);
    assert.match(refs.ArchiveReference!, /^AR\d+$/);
    const item = (await queue()).find((i) => i.archiveReference === refs.ArchiveReference);
    assert.ok(item, 'submitted over SOAP, listed over REST');
    assert.equal(item.reporteeId, FJORDLYS);
    // The attachment came along.
    const archive = await t.app.inject({ method: 'GET', url: `/api/v1/serviceowner/archive/${refs.ArchiveReference}`, headers: { apikey: TTD_KEY }, remoteAddress: '127.0.0.1' });
    assert.deepEqual(archive.json().attachments.map((a: { fileName: string }) => a.fileName), ['notat.txt']);
  });

  it('answers a retry with the same receipt and stores nothing new; a different shipment under the same reference is a fault', async () => {
    const shipment = reference();
    const first = await soapPost(t, PATH, ACTION, sample({ shipment }));
    const rows = await countRows(t.db, 'submissions.reportee_element');
    const again = await soapPost(t, PATH, ACTION, sample({ shipment }));
    assert.equal(again.statusCode, 200);
    const id = (body: string) => /<(?:\w+:)?ReceiptId>(\d+)</.exec(body)?.[1];
    assert.equal(id(again.body), id(first.body));
    assert.equal(await countRows(t.db, 'submissions.reportee_element'), rows);
    const changed = await soapPost(t, PATH, ACTION, sample({ shipment }).replace('<beloep>52000.00</beloep>', '<beloep>52001.00</beloep>'));
    assert.match(faultOf(changed).AltinnExtendedErrorMessage, /^SUB-00008/);
  });

  it('works with a client generated from the WSDL', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client: any = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}` });
    const [result] = await client.SubmitFormTaskBasicAsync({
      systemUserName: '10001',
      systemPassword: 'Fjordlys2026',
      formTaskShipment: {
        Reportee: FJORDLYS,
        ExternalShipmentReference: reference(),
        FormTasks: { ServiceCode: '5002', ServiceEdition: 1, Forms: { Form: [{ Completed: true, DataFormatId: '6101', DataFormatVersion: 1, EndUserSystemReference: 'a-melding', FormData: PAYROLL }] } },
      },
    });
    assert.equal(result.SubmitFormTaskBasicResult.ReceiptStatusCode, 'OK');
    const [status] = await client.GetAltinnSubmissionStatusBasicAsync({ systemUserName: '10001', systemPassword: 'Fjordlys2026' });
    assert.equal(status.GetAltinnSubmissionStatusBasicResult, 0);
  });

  it('refuses a wrong system password (989), a reportee the system has no role for (14), and writes nothing', async () => {
    const rows = await countRows(t.db, 'submissions.reportee_element');
    const wrong = faultOf(await soapPost(t, PATH, ACTION, sample({ password: 'Fjordlys2025' })));
    assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0], wrong.UserId], ['989', 'AUTN-00014', '']);
    const stranger = faultOf(await soapPost(t, PATH, ACTION, sample({ reportee: SKOGHEIM })));
    assert.deepEqual([stranger.ErrorID, stranger.AltinnExtendedErrorMessage.split('\n')[0], stranger.UserId], ['14', 'SUB-00003', '10001']);
    assert.equal(await countRows(t.db, 'submissions.reportee_element'), rows);
  });

  it('names every XSD error of the form with its line, and a shipment element of the wrong type', async () => {
    const invalid = faultOf(await soapPost(t, PATH, ACTION, sample().replace('<beloep>52000.00</beloep>', '<beloep>mange penger</beloep>')));
    assert.match(invalid.AltinnExtendedErrorMessage, /^SUB-\d{5}\n.*line \d+.*beloep/s);
    const edition = faultOf(await soapPost(t, PATH, ACTION, sample().replace('<ns:ServiceEdition>1<', '<ns:ServiceEdition>første<')));
    assert.match(edition.AltinnErrorMessage, /ServiceEdition/);
    const noReference = faultOf(await soapPost(t, PATH, ACTION, sample().replace(/<ns:ExternalShipmentReference>[^<]*<\/ns:ExternalShipmentReference>/, '')));
    assert.match(noReference.AltinnErrorMessage, /ExternalShipmentReference/);
    // The contract lets the element be empty; the use case does not.
    const empty = faultOf(await soapPost(t, PATH, ACTION, sample({ shipment: ' ' })));
    assert.equal(empty.AltinnExtendedErrorMessage, 'SUB-00022');
  });
});

describe('credentials sent with every SOAP call', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn({ env: { TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE: '3' } });
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  it('are not throttled while right, but wrong ones count: past the limit the address is refused before any password check', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await soapPost(t, PATH, ACTION, sample())).statusCode, 200, `right call ${i + 1}`);
    for (let i = 0; i < 3; i++) assert.equal(faultOf(await soapPost(t, PATH, ACTION, sample({ password: 'Fjordlys2025' }))).ErrorID, '989');
    const refused = await soapPost(t, PATH, ACTION, sample());
    assert.equal(faultOf(refused).AltinnExtendedErrorMessage.split('\n')[0], 'AUTN-00013');
    // From another address too: the SystemID's own count is used up.
    assert.equal(faultOf(await soapPost(t, PATH, ACTION, sample(), '127.0.0.2')).AltinnExtendedErrorMessage.split('\n')[0], 'AUTN-00013');
  });
});
