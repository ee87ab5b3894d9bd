// Correspondence for end-user systems over SOAP (CorrespondenceExternalBasic): TTD sends a message over REST
// that Fjordlys must confirm; Fjordlys' data system, with Kari and her one-time code, reads it over SOAP (the
// owner's REST status then says Read) and confirms it (Confirmed). The calls name only the message's id:
// another party's message is not found, exactly like an id that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { isAppError, listOutboxMessages } from '../../src/platform/index.ts';
import { CorrespondenceProblems } from '../../src/modules/correspondence/index.ts';
import { LETTER, LETTER_CONTENT, sendTestCorrespondence, TTD_KEY } from '../support/correspondence.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { contractSchema, faultOf, soapPost } from './support.ts';

const PATH = '/ServiceEngineExternal/CorrespondenceExternalBasic.svc';
const WSDL_FILE = join(import.meta.dirname, '../../wsdl/CorrespondenceExternalBasic.svc.wsdl');
const NS = 'http://www.altinn.no/services/ServiceEngine/Correspondence/2009/10';
const GET = `${NS}/ICorrespondenceExternalBasic/GetCorrespondenceForEndUserSystemsBasicV2`;
const CONFIRM = `${NS}/ICorrespondenceExternalBasic/SaveCorrespondenceConfirmationBasic`;
const SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/GetCorrespondenceForEndUserSystemsBasicV2.xml'), 'utf8');
const FJORDLYS = '310000116';
const SKOGHEIM = '310000167'; // not a client of Fjordlys
const EMMA = '14829515718';
const KARI = '14837501777'; // DAGL of Fjordlys
const KARI_MOBILE = '+4791000001';
const PASSWORD = 'Tinn-demo-2026';

interface User {
  pin?: string;
  password?: string;
  ssn?: string;
  systemPassword?: string;
}

describe('correspondence for end-user systems over SOAP (CorrespondenceExternalBasic)', () => {
  let t: TestTinn;
  let pin: string;
  const responses = contractSchema(readFileSync(WSDL_FILE, 'utf8'));
  before(async () => {
    t = await buildTestTinn();
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
  const send = async (reportee = FJORDLYS, extra: Record<string, unknown> = {}) => {
    const reference = `soap-corr-${process.pid}-${++seq}`;
    return { id: await sendTestCorrespondence(t.app, reportee, reference, { content: LETTER_CONTENT, ...extra }), reference };
  };
  const statuses = async (reference: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/serviceowner/correspondences/status?serviceCode=5005&serviceEditionCode=1&sendersReference=${reference}`, headers: { apikey: TTD_KEY }, remoteAddress: '127.0.0.1' });
    return (res.json().correspondences[0].statusChanges as { statusType: string }[]).map((s) => s.statusType);
  };

  /** The sample request with its placeholders filled in; `pin: ''` sends the user's password alone, `ssn: ''` no user at all. */
  const sample = (id: number, user: User = {}) => {
    const ssn = user.ssn ?? KARI;
    let xml = SAMPLE.replace('>SYSTEM_ID<', '>10001<')
      .replace('>SYSTEM_PASSWORD<', `>${user.systemPassword ?? 'Fjordlys2026'}<`)
      .replace('>USER_SSN<', `>${ssn}<`)
      .replace('>USER_PASSWORD<', `>${user.password ?? PASSWORD}<`)
      .replace('>PIN_CODE<', `>${user.pin ?? pin}<`)
      .replace('>CORRESPONDENCE_ID<', `>${id}<`);
    if (user.pin === '') xml = xml.replace(/\s*<ns:userPinCode>[^<]*<\/ns:userPinCode>\s*<ns:authMethod>[^<]*<\/ns:authMethod>/, '');
    if (ssn === '') xml = xml.replace(/\s*<ns:userSSN>[\s\S]*<\/ns:authMethod>/, '');
    return xml;
  };
  /** SaveCorrespondenceConfirmationBasic, from the same sample. */
  const confirmation = (id: number, user: User = {}) =>
    sample(id, user)
      .replaceAll('GetCorrespondenceForEndUserSystemsBasicV2>', 'SaveCorrespondenceConfirmationBasic>')
      .replace(/<ns:correspondenceID>(\d+)<\/ns:correspondenceID>\s*<ns:languageID>\d+<\/ns:languageID>/, '<ns:reporteeElementID>$1</ns:reporteeElementID>');
  const text = (xml: string, name: string) => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</`).exec(xml)?.[1];

  it('reads a message sent as curl would send it: schema-valid, with its attachment and links, and the owner sees Read over REST', async () => {
    const { id, reference } = await send(FJORDLYS, {
      dueDateTime: '2026-12-24T12:00:00Z',
      replyOptions: [
        { type: 'URL', linkText: 'Klag her', linkUrl: 'https://tinn.example/klage' },
        { type: 'Service', serviceCode: '5001', serviceEditionCode: 1 },
      ],
    });
    assert.deepEqual(await statuses(reference), ['Created']);
    const res = await soapPost(t, PATH, GET, sample(id));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.deepEqual(responses.validate(res.body), [], 'the answer is valid against the WSDL');
    assert.equal(text(res.body, 'CorrespondenceID'), String(id));
    assert.equal(text(res.body, 'CorrespondenceStatus'), 'Read');
    assert.equal(text(res.body, 'CorrespondenceTitle'), 'Vedtak om tilskudd');
    assert.equal(text(res.body, 'IsConfirmationNeeded'), 'true');
    assert.equal(text(res.body, 'ExternalSystemReference'), reference);
    assert.equal(text(res.body, 'SentBy'), 'Testdepartementet');
    assert.equal(text(res.body, 'SentTo'), FJORDLYS);
    assert.equal(text(res.body, 'LanguageID'), '1044');
    assert.equal(text(res.body, 'DueDate'), '2026-12-24T12:00:00.000Z');
    assert.deepEqual(Buffer.from(text(res.body, 'AttachmentData')!, 'base64'), LETTER);
    assert.equal(text(res.body, 'AttachmentTypeID'), 'application_pdf');
    assert.equal(text(res.body, 'SendersReference'), 'v-1');
    assert.deepEqual([...res.body.matchAll(/<(?:\w+:)?LinkType>(\w+)</g)].map((m) => m[1]), ['ServiceURL', 'ServiceCode']);
    assert.deepEqual(await statuses(reference), ['Created', 'Read'], 'reading over SOAP marks it Read');
    // Read with her one-time code: who read it and at which level are recorded as for REST.
    const row = (await t.db.kysely
      .selectFrom('correspondence.correspondence' as never)
      .select(['read_by_party_id', 'read_level'] as never)
      .where('correspondence_id' as never, '=', id as never)
      .executeTakeFirstOrThrow()) as { read_by_party_id: number; read_level: number };
    assert.deepEqual(row, { read_by_party_id: (await t.tinn.register.uncheckedGetPersonBySsn(KARI)).partyId, read_level: 2 });

    const confirmed = await soapPost(t, PATH, CONFIRM, confirmation(id));
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.deepEqual(responses.validate(confirmed.body), []);
    assert.match(confirmed.body, /<(?:\w+:)?SaveCorrespondenceConfirmationBasicResponse[\s>/]/, 'an empty answer, as Altinn II gave');
    assert.deepEqual(await statuses(reference), ['Created', 'Read', 'Confirmed'], 'confirming over SOAP shows Confirmed over REST');
    // Confirming twice changes nothing.
    assert.equal((await soapPost(t, PATH, CONFIRM, confirmation(id))).statusCode, 200);
    assert.deepEqual(await statuses(reference), ['Created', 'Read', 'Confirmed']);
    const again = await soapPost(t, PATH, GET, sample(id));
    assert.equal(text(again.body, 'CorrespondenceStatus'), 'Confirmed');
    assert.ok(text(again.body, 'ConfirmationDate'));
  });

  it('shows what the reportee did over REST', async () => {
    const { id } = await send();
    const login = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: KARI, securityLevel: 2 } })).json().accessToken as string;
    const rest = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}/confirm`, headers: { authorization: `Bearer ${login}` } });
    assert.equal(rest.statusCode, 200, rest.body);
    const res = await soapPost(t, PATH, GET, sample(id));
    assert.equal(text(res.body, 'CorrespondenceStatus'), 'Confirmed');
    assert.equal(text(res.body, 'ConfirmationDate'), rest.json().confirmedAt);
  });

  it('refuses the user\'s password alone (the service needs level 2) and the system alone, and writes nothing', async () => {
    const { id, reference } = await send();
    const rows = await countRows(t.db, 'correspondence.status_change');
    const level1 = faultOf(await soapPost(t, PATH, GET, sample(id, { pin: '' })));
    assert.deepEqual([level1.ErrorID, level1.AltinnExtendedErrorMessage.split('\n')[0], level1.UserId], ['14', 'CORR-00006', '10001']);
    assert.match(level1.AltinnErrorMessage, /needs security level 2; this login has 1/);
    const alone = faultOf(await soapPost(t, PATH, CONFIRM, confirmation(id, { ssn: '' })));
    assert.equal(alone.AltinnExtendedErrorMessage.split('\n')[0], 'CORR-00006');
    assert.match(alone.AltinnErrorMessage, /needs the user's password and one-time code/);
    const wrong = faultOf(await soapPost(t, PATH, GET, sample(id, { systemPassword: 'Fjordlys2025' })));
    assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00014']);
    assert.equal(await countRows(t.db, 'correspondence.status_change'), rows);
    assert.deepEqual(await statuses(reference), ['Created'], 'nobody read it');
  });

  it("answers another party's message as not found, exactly like an id that does not exist, and reveals nothing", async () => {
    const others = [await send(SKOGHEIM), await send(EMMA)];
    const rows = await countRows(t.db, 'correspondence.status_change');
    const missing = faultOf(await soapPost(t, PATH, GET, sample(2_000_000_000)));
    assert.deepEqual([missing.ErrorID, missing.AltinnExtendedErrorMessage], ['0', 'CORR-00005']);
    for (const other of others) {
      for (const [action, xml] of [
        [GET, sample(other.id)],
        [CONFIRM, confirmation(other.id)],
      ] as const) {
        const res = await soapPost(t, PATH, action, xml);
        const fault = faultOf(res);
        assert.deepEqual({ ...fault, ErrorGuid: '' }, { ...missing, ErrorGuid: '' }, 'the same fault as a missing id');
        assert.doesNotMatch(res.body, /Skogheim|Emma|310000167|14829515718|Vedtak/i);
      }
      assert.deepEqual(await statuses(other.reference), ['Created']);
    }
    assert.equal(await countRows(t.db, 'correspondence.status_change'), rows);

    // The use case itself: the reportee is told only for a message the actor may read.
    const actor = await t.tinn.authn.authenticateSystemCall({ systemId: '10001', systemPassword: 'Fjordlys2026', userIdentifier: KARI, userPassword: PASSWORD, userPinCode: pin, authMethod: 'SMSPin' }, { ip: '127.0.0.1' });
    const own = await send();
    assert.match(await t.tinn.correspondence.getCorrespondenceReportee(actor, own.id), /^r\d+$/);
    for (const other of others) await assert.rejects(t.tinn.correspondence.getCorrespondenceReportee(actor, other.id), (err) => isAppError(err, CorrespondenceProblems.notFound));
  });

  it('works with a client generated from the WSDL', async () => {
    const { id, reference } = await send();
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client: any = await soap.createClientAsync(WSDL_FILE, { endpoint: `${url}${PATH}` });
    const credentials = { systemUserName: '10001', systemPassword: 'Fjordlys2026', userSSN: KARI, userPassword: PASSWORD, userPinCode: pin, authMethod: 'SMSPin' };
    await client.TestAsync({});
    const [result] = await client.GetCorrespondenceForEndUserSystemsBasicV2Async({ ...credentials, correspondenceID: id, languageID: 1044 });
    const read = result.GetCorrespondenceForEndUserSystemsBasicV2Result;
    assert.equal(read.Correspondence.CorrespondenceID, id);
    assert.equal(read.Correspondence.CorrespondenceStatus, 'Read');
    assert.equal(read.Correspondence.Header, 'Vedtak om tilskudd');
    const [attachment] = [read.CorrespondenceAttachments.AttachmentBEV2].flat();
    assert.deepEqual(Buffer.from(attachment.AttachmentData, 'base64'), LETTER);
    assert.equal(attachment.FileName, 'vedtak.pdf');
    assert.deepEqual(await statuses(reference), ['Created', 'Read']);
    await client.SaveCorrespondenceConfirmationBasicAsync({ ...credentials, reporteeElementID: id });
    assert.deepEqual(await statuses(reference), ['Created', 'Read', 'Confirmed']);
    const other = await send(SKOGHEIM);
    await assert.rejects(client.GetCorrespondenceForEndUserSystemsBasicV2Async({ ...credentials, correspondenceID: other.id, languageID: 1044 }), (err: any) => {
      assert.equal(err.root?.Envelope?.Body?.Fault?.detail?.AltinnFault?.AltinnExtendedErrorMessage, 'CORR-00005');
      return true;
    });
  });
});
