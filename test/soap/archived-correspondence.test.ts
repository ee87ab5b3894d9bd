// Archived correspondence over SOAP for end-user systems (ReporteeArchiveExternalBasic.GetArchivedCorrespondenceBasic):
// TTD sends Fjordlys a message over REST, Kari reads, confirms and archives it over REST, and Fjordlys' data
// system with Kari and her one-time code fetches it from the archive by its archiveId (the message's id) —
// schema-valid, with its attachment and links, changing nothing. A message not archived is not in the archive
// (and is not marked Read by asking); another party's archived message is not found, like an id that does not exist.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { listOutboxMessages, SettableClock } from '../../src/platform/index.ts';
import { LETTER, LETTER_CONTENT, sendTestCorrespondence, TTD_KEY } from '../support/correspondence.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const PATH = '/ArchiveExternal/ReporteeArchiveExternalBasic.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/ReporteeArchiveExternalBasic.svc.wsdl');
const NS = 'http://www.altinn.no/services/Archive/ReporteeArchive/2009/10';
const ACTION = `${NS}/IReporteeArchiveExternalBasic/GetArchivedCorrespondenceBasic`;
const SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/GetArchivedCorrespondenceBasic.xml'), 'utf8');
const FJORDLYS = '310000116';
const SKOGHEIM = '310000167'; // not a client of Fjordlys
const SKOGHEIM_DAGL = '03867409407';
const KARI = '14837501777'; // DAGL of Fjordlys
const KARI_MOBILE = '+4791000001';
const PASSWORD = 'Tinn-demo-2026';

describe('archived correspondence for end-user systems over SOAP (GetArchivedCorrespondenceBasic)', () => {
  let t: TestTinn;
  let pin: string;
  const clock = new SettableClock(new Date());
  const responses = contractSchema(readFileSync(WSDL_FILE, 'utf8'));
  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
    // Service 5005 needs security level 2: a data system reaches it with its user's one-time code.
    const challenge = await t.app.inject({ method: 'POST', url: '/api/v1/authn/system/challenge', payload: { systemId: 10001, userSsn: KARI, userPassword: PASSWORD, authMethod: 'SMSPin' } });
    assert.equal(challenge.statusCode, 200, challenge.body);
    const [sms] = await listOutboxMessages(t.db.kysely, { recipient: KARI_MOBILE, channel: 'sms', limit: 1 });
    pin = /\b(\d{6})\b/.exec(sms!.body)![1]!;
  });
  after(() => t.close());

  let seq = 0;
  /** TTD sends a message to `reportee` over REST → its id and externalShipmentReference. */
  const send = async (reportee = FJORDLYS) => {
    const reference = `soap-archived-${process.pid}-${++seq}`;
    const id = await sendTestCorrespondence(t.app, reportee, reference, {
      content: LETTER_CONTENT,
      dueDateTime: '2026-12-24T12:00:00Z',
      caseId: '4711',
      replyOptions: [{ type: 'URL', linkText: 'Klag her', linkUrl: 'https://tinn.example/klage' }],
    });
    return { id, reference };
  };
  /** The reportee's person reads, confirms and archives it over REST → the archived message as REST shows it. */
  const archive = async (id: number, reportee = FJORDLYS, person = KARI) => {
    const login = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: person, securityLevel: 2 } })).json().accessToken as string;
    const headers = { authorization: `Bearer ${login}` };
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${reportee}/correspondences/${id}`, headers })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${reportee}/correspondences/${id}/confirm`, headers })).statusCode, 200);
    const archived = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${reportee}/correspondences/${id}/archive`, headers });
    assert.equal(archived.statusCode, 200, archived.body);
    return archived.json();
  };
  const statuses = async (reference: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/serviceowner/correspondences/status?serviceCode=5005&serviceEditionCode=1&sendersReference=${reference}`, headers: { apikey: TTD_KEY }, remoteAddress: '127.0.0.1' });
    return (res.json().correspondences[0].statusChanges as { statusType: string }[]).map((s) => s.statusType);
  };
  /** The sample request with its placeholders filled in. */
  const sample = (archiveId: number, systemPassword = 'Fjordlys2026') =>
    SAMPLE.replace('>SYSTEM_ID<', '>10001<')
      .replace('>SYSTEM_PASSWORD<', `>${systemPassword}<`)
      .replace('>USER_SSN<', `>${KARI}<`)
      .replace('>USER_PASSWORD<', `>${PASSWORD}<`)
      .replace('>PIN_CODE<', `>${pin}<`)
      .replace('>ARCHIVE_ID<', `>${archiveId}<`);
  const text = (xml: string, name: string) => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</`).exec(xml)?.[1];
  const decode = (s: string | undefined) => s?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

  it('fetches a message archived over REST with the sample request as curl would send it: schema-valid, changing nothing', async () => {
    const { id, reference } = await send();
    const rest = await archive(id);
    const rows = await countRows(t.db, 'correspondence.status_change');
    const res = await soapPost(t, PATH, ACTION, sample(id));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.deepEqual(responses.validate(res.body), [], 'the answer is valid against the WSDL');
    assert.equal(text(res.body, 'ArchiveCorrespondenceID'), String(id), 'the archive id is the message id');
    assert.equal(text(res.body, 'CorrespondenceTitle'), 'Vedtak om tilskudd');
    assert.equal(text(res.body, 'CorrespondenceSubject'), 'Vedtak om tilskudd');
    assert.equal(decode(text(res.body, 'CorrespondenceSummary')), rest.summary);
    assert.equal(decode(text(res.body, 'CorrespondenceText')), rest.body);
    assert.equal(text(res.body, 'AllowForwarding'), 'true');
    assert.equal(text(res.body, 'CaseId'), '4711');
    assert.equal(text(res.body, 'ConfirmationDate'), rest.confirmedAt);
    assert.equal(text(res.body, 'DateSent'), rest.visibleDateTime);
    assert.equal(text(res.body, 'DueDate'), '2026-12-24T12:00:00.000Z');
    assert.equal(text(res.body, 'ExternalSystemReference'), reference);
    assert.equal(text(res.body, 'SentBy'), 'Testdepartementet');
    assert.deepEqual(Buffer.from(text(res.body, 'AttachmentData')!, 'base64'), LETTER);
    assert.equal(text(res.body, 'AttachmentTypeID'), 'application_pdf');
    assert.equal(text(res.body, 'SendersReference'), 'v-1');
    assert.equal(text(res.body, 'LinkType'), 'ServiceURL');
    assert.equal(text(res.body, 'LinkURL'), 'https://tinn.example/klage');
    assert.equal(await countRows(t.db, 'correspondence.status_change'), rows, 'fetching from the archive writes nothing');
    assert.deepEqual(await statuses(reference), ['Created', 'Read', 'Confirmed', 'Archived']);
  });

  it('answers a message that is not archived as not found, without marking it Read', async () => {
    const { id, reference } = await send();
    const rows = await countRows(t.db, 'correspondence.status_change');
    const fault = faultOf(await soapPost(t, PATH, ACTION, sample(id)));
    assert.deepEqual([fault.ErrorID, fault.AltinnExtendedErrorMessage], ['0', 'CORR-00005']);
    assert.match(fault.AltinnErrorMessage, /not archived/);
    assert.equal(await countRows(t.db, 'correspondence.status_change'), rows);
    assert.deepEqual(await statuses(reference), ['Created'], 'nobody read it');
  });

  it("answers another party's archived message as not found, exactly like an id that does not exist, and reveals nothing", async () => {
    const other = await send(SKOGHEIM);
    await archive(other.id, SKOGHEIM, SKOGHEIM_DAGL);
    const missing = await soapPost(t, PATH, ACTION, sample(2_000_000_000));
    const res = await soapPost(t, PATH, ACTION, sample(other.id));
    assert.equal(res.statusCode, missing.statusCode);
    assert.deepEqual({ ...faultOf(res), ErrorGuid: '' }, { ...faultOf(missing), ErrorGuid: '' }, 'the same fault as a missing id');
    assert.deepEqual([faultOf(res).ErrorID, faultOf(res).AltinnExtendedErrorMessage, faultOf(res).UserId], ['0', 'CORR-00005', '10001']);
    assert.doesNotMatch(res.body, /Skogheim|310000167|Vedtak/i);
  });

  it('refuses a wrong system password (989), writing nothing', async () => {
    const { id } = await send();
    await archive(id);
    const rows = await countRows(t.db, 'correspondence.status_change');
    const wrong = faultOf(await soapPost(t, PATH, ACTION, sample(id, 'Fjordlys2025')));
    assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00014']);
    assert.equal(await countRows(t.db, 'correspondence.status_change'), rows);
  });

  it('works with a client generated from the WSDL', async () => {
    const { id, reference } = await send();
    await archive(id);
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client: any = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}` });
    const credentials = { systemUserName: '10001', systemPassword: 'Fjordlys2026', userSSN: KARI, userPassword: PASSWORD, userPinCode: pin, authMethod: 'SMSPin' };
    const [result, raw] = await client.GetArchivedCorrespondenceBasicAsync({ ...credentials, archiveId: id });
    assert.deepEqual(responses.validate(raw), []);
    const archived = result.GetArchivedCorrespondenceBasicResult;
    assert.equal(archived.ArchiveCorrespondenceID, id);
    assert.equal(archived.CorrespondenceTitle, 'Vedtak om tilskudd');
    assert.equal(archived.ExternalSystemReference, reference);
    const [attachment] = [archived.CorrespondenceAttachments.AttachmentBEV2].flat();
    assert.deepEqual(Buffer.from(attachment.AttachmentData, 'base64'), LETTER);
    assert.equal(attachment.FileName, 'vedtak.pdf');
    const unarchived = await send();
    await assert.rejects(client.GetArchivedCorrespondenceBasicAsync({ ...credentials, archiveId: unarchived.id }), (err: any) => {
      assert.equal(err.root?.Envelope?.Body?.Fault?.detail?.AltinnFault?.AltinnExtendedErrorMessage, 'CORR-00005');
      return true;
    });
  });

  it('is on the WS twin as GetArchivedCorrespondence (SOAP 1.2, the data system in a UsernameToken)', async () => {
    const { id } = await send();
    await archive(id);
    clock.set(new Date());
    const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
    const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
    const xml =
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:ns="${NS}"><s:Header>` +
      `<wsse:Security xmlns:wsse="${wsse}" xmlns:wsu="${wsu}" s:mustUnderstand="1"><wsse:UsernameToken><wsse:Username>10001</wsse:Username>` +
      `<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">Fjordlys2026</wsse:Password>` +
      `<wsse:Nonce>${randomBytes(16).toString('base64')}</wsse:Nonce><wsu:Created>${clock.now().toISOString()}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>` +
      `<s:Body><ns:GetArchivedCorrespondence><ns:userSSN>${KARI}</ns:userSSN><ns:userPassword>${PASSWORD}</ns:userPassword><ns:userPinCode>${pin}</ns:userPinCode><ns:authMethod>SMSPin</ns:authMethod>` +
      `<ns:archiveId>${id}</ns:archiveId></ns:GetArchivedCorrespondence></s:Body></s:Envelope>`;
    const res = await soapPost(t, '/ArchiveExternal/ReporteeArchiveExternal.svc', `${NS}/IReporteeArchiveExternal/GetArchivedCorrespondence`, xml, '127.0.0.1', '1.2');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /<(\w+:)?GetArchivedCorrespondenceResult\b/);
    assert.equal(text(res.body, 'ArchiveCorrespondenceID'), String(id));
  });
});
