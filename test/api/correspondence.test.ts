// Correspondence from a service owner to a reportee: sent with an attachment and a notification, shown in
// the message box once visible, read (who, when), confirmed, archived; the owner follows every status
// change and the notification. Bad input is refused whole; nobody else reads it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listOutboxMessages, SettableClock } from '../../src/platform/index.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';

const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const KARI = '14837501777'; // DAGL of Fjordlys (Post/arkiv through the key-role bundle)
const HEDDA = '18850164351'; // no roles
const EMMA = '14829515718';
const JONAS = '31908315084'; // reserved against digital communication
const FJORDLYS = '310000116';
const LETTER = Buffer.from('%PDF-1.7 vedtak – æøå');

describe('correspondence', () => {
  let t: TestTinn;
  const clock = new SettableClock(new Date('2026-11-24T09:00:00Z'));
  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const so = { apikey: TTD_KEY };
  let seq = 0;
  const message = (overrides: Record<string, unknown> = {}) => ({
    externalShipmentReference: `corr-${++seq}`,
    serviceCode: '5005',
    serviceEditionCode: 1,
    reportee: FJORDLYS,
    content: {
      languageCode: 1044,
      messageTitle: 'Vedtak om mva-kompensasjon',
      messageSummary: 'Du har fått <b>vedtak</b>.',
      messageBody: '<h1>Vedtak</h1><p onclick="steal()">Se <a href="https://tinn.example/vedtak">vedtaket</a>.</p><script>alert(1)</script><img src="https://tracker.example/p.gif">',
      attachments: [{ name: 'Vedtak', fileName: 'vedtak.pdf', data: LETTER.toString('base64') }],
    },
    ...overrides,
  });
  const send = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/serviceowner/correspondences', headers: so, payload: body as object, remoteAddress: '127.0.0.1' });
  // A fresh login per request: the tests move the clock past a token's lifetime.
  const as = async (ssn: string) => ({ authorization: `Bearer ${(await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken}` });
  const read = async (ssn: string, reportee: string, id: number) => t.app.inject({ method: 'GET', url: `/api/v1/reportees/${reportee}/correspondences/${id}`, headers: await as(ssn) });
  const act = async (ssn: string, reportee: string, id: number, what: 'confirm' | 'archive') => t.app.inject({ method: 'POST', url: `/api/v1/reportees/${reportee}/correspondences/${id}/${what}`, headers: await as(ssn) });
  const box = async (ssn: string, reportee: string, query = '') => t.app.inject({ method: 'GET', url: `/api/v1/reportees/${reportee}/messagebox${query}`, headers: await as(ssn) });
  const status = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/serviceowner/correspondences/status?serviceCode=5005&serviceEditionCode=1&${query}`, headers: so, remoteAddress: '127.0.0.1' });

  it('is read, confirmed and archived by the reportee, and the owner sees every step and the notification', async () => {
    const sent = await send(
      message({
        dueDateTime: '2026-12-24T12:00:00Z',
        replyOptions: [{ type: 'URL', linkText: 'Klag her', linkUrl: 'https://tinn.example/klage' }],
        notifications: [{ notificationType: 'NyMelding', receiverEndPoints: [{ transportType: 'Email' }], textTokens: [{ tokenValue: 'Gjelder $servicename$.' }] }],
      }),
    );
    assert.equal(sent.statusCode, 201, sent.body);
    const receipt = sent.json();
    assert.equal(receipt.status, 'Created');
    assert.equal(receipt.notificationIds.length, 1);
    const id = receipt.correspondenceId as number;

    const listed = (await box(KARI, FJORDLYS, '?type=Correspondence')).json();
    const line = listed.items.find((i: { reporteeElementId: number }) => i.reporteeElementId === id);
    assert.deepEqual([line.reporteeElementType, line.state, line.title, line.isConfirmationNeeded], ['Correspondence', 'Unread', 'Vedtak om mva-kompensasjon', true]);

    const opened = await read(KARI, FJORDLYS, id);
    assert.equal(opened.statusCode, 200, opened.body);
    const c = opened.json();
    assert.equal(c.state, 'Read');
    assert.equal(c.sender, 'Testdepartementet');
    assert.doesNotMatch(c.body, /script|onclick|<img|tracker/);
    assert.match(c.body, /<h1>Vedtak<\/h1>/);
    assert.match(c.body, /<a href="https:\/\/tinn\.example\/vedtak"[^>]*rel="noopener noreferrer nofollow"/);
    assert.deepEqual(c.replyOptions, [{ type: 'URL', linkText: 'Klag her', linkUrl: 'https://tinn.example/klage' }]);
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}/attachments/${c.attachments[0].attachmentId}`, headers: await as(KARI) });
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, LETTER);

    const early = await act(KARI, FJORDLYS, id, 'archive');
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'CORR-00008');
    clock.advance(60_000);
    assert.equal((await act(KARI, FJORDLYS, id, 'confirm')).json().state, 'Confirmed');
    assert.equal((await act(KARI, FJORDLYS, id, 'confirm')).statusCode, 200, 'confirming twice changes nothing');
    clock.advance(60_000);
    const inArchive = async () => (await box(KARI, FJORDLYS, '?sentAndArchived=true')).json().items as { reporteeElementId: number; reporteeElementType: string; state?: string }[];
    assert.ok(!(await inArchive()).some((i) => i.reporteeElementId === id), 'not in the archive before it is archived');
    assert.equal((await act(KARI, FJORDLYS, id, 'archive')).json().state, 'Archived');
    const archive = await inArchive();
    assert.ok(archive.some((i) => i.reporteeElementId === id), 'the archive holds the archived correspondence');
    assert.ok(archive.filter((i) => i.reporteeElementType === 'Correspondence').every((i) => i.state === 'Archived'), 'and no other correspondence');

    await createWorker(t.tinn).drain();
    const [mail] = await listOutboxMessages(t.db.kysely, { recipient: 'post@fjordlys.test', limit: 1 });
    assert.equal(mail!.subject, 'Ny melding til Fjordlys Regnskap AS');
    assert.match(mail!.body, /Gjelder Melding fra Testdepartementet\./);

    const history = (await status(`sendersReference=${receipt.externalShipmentReference}`)).json();
    assert.equal(history.limitReached, false);
    const [entry] = history.correspondences;
    assert.deepEqual(entry.statusChanges.map((s: { statusType: string }) => s.statusType), ['Created', 'Read', 'Confirmed', 'Archived']);
    assert.deepEqual(entry.notifications.map((n: { recipient: string; transportType: string; status: string }) => [n.recipient, n.transportType, n.status]), [['post@fjordlys.test', 'Email', 'Sent']]);
  });

  it('stays out of sight until visibleDateTime, and its notification waits for it too', async () => {
    const visible = new Date(clock.now().getTime() + 86_400_000);
    const sent = await send(
      message({ visibleDateTime: visible.toISOString(), notifications: [{ notificationType: 'TokenTextOnly', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000090' }], textTokens: [{ tokenValue: 'Ny melding' }] }] }),
    );
    const id = sent.json().correspondenceId as number;
    assert.equal((await read(KARI, FJORDLYS, id)).statusCode, 404);
    assert.ok(!(await box(KARI, FJORDLYS)).json().items.some((i: { reporteeElementId: number }) => i.reporteeElementId === id));
    await createWorker(t.tinn).drain();
    assert.equal((await listOutboxMessages(t.db.kysely, { recipient: '+4791000090', limit: 5 })).length, 0);
    clock.set(new Date(visible.getTime() + 1000));
    await createWorker(t.tinn).drain();
    assert.equal((await listOutboxMessages(t.db.kysely, { recipient: '+4791000090', limit: 5 })).length, 1);
    assert.equal((await read(KARI, FJORDLYS, id)).statusCode, 200);
  });

  it('is read by an end-user system with its user and a one-time code, and not by the system alone below the service level', async () => {
    const id = (await send(message())).json().correspondenceId as number;
    const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });
    const system = { systemId: 10001, systemPassword: 'Fjordlys2026' };
    const alone = (await post('/api/v1/authn/system/token', system)).json().accessToken as string;
    const denied = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}`, headers: { authorization: `Bearer ${alone}` } });
    assert.equal(denied.statusCode, 403, denied.body);
    assert.equal(denied.json().code, 'CORR-00006');
    const challenge = await post('/api/v1/authn/system/challenge', { systemId: 10001, userSsn: KARI, userPassword: 'Tinn-demo-2026', authMethod: 'SMSPin' });
    assert.equal(challenge.statusCode, 200, challenge.body);
    const [sms] = await listOutboxMessages(t.db.kysely, { recipient: '+4791000001', channel: 'sms', limit: 1 });
    const pin = /\b(\d{6})\b/.exec(sms!.body)![1]!;
    const withUser = (await post('/api/v1/authn/system/token', { ...system, userSsn: KARI, userPassword: 'Tinn-demo-2026', userPinCode: pin, authMethod: 'SMSPin' })).json().accessToken as string;
    const opened = await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}`, headers: { authorization: `Bearer ${withUser}` } });
    assert.equal(opened.statusCode, 200, opened.body);
    assert.equal(opened.json().state, 'Read');
    const read = await t.db.kysely.selectFrom('correspondence.correspondence' as never).select(['read_by_party_id', 'read_level'] as never).where('correspondence_id' as never, '=', id as never).executeTakeFirstOrThrow() as { read_by_party_id: number; read_level: number };
    assert.deepEqual(read, { read_by_party_id: (await t.tinn.register.uncheckedGetPersonBySsn(KARI)).partyId, read_level: 2 });
  });

  it("is another party's to read only with a right, and invisible to other reportees", async () => {
    const id = (await send(message())).json().correspondenceId as number;
    const denied = await read(HEDDA, FJORDLYS, id);
    assert.equal(denied.statusCode, 403, denied.body);
    assert.equal(denied.json().code, 'CORR-00006');
    assert.ok(denied.json().reasons.length > 0);
    // Emma's own box does not have it, whatever the id.
    assert.equal((await read(EMMA, 'me', id)).statusCode, 404);
    const statusAfter = (await status(`sendersReference=corr-${seq}`)).json().correspondences[0];
    assert.deepEqual(statusAfter.statusChanges.map((s: { statusType: string }) => s.statusType), ['Created'], 'nobody read it');
  });

  it('reaches a person, who reads it for themself; a reserved person with a reservable message gets nothing', async () => {
    const own = (await send(message({ reportee: EMMA }))).json();
    assert.equal((await read(EMMA, 'me', own.correspondenceId)).json().state, 'Read');
    const reserved = await send(message({ reportee: JONAS, isReservable: true, notifications: [{ notificationType: 'TokenTextOnly', receiverEndPoints: [{ transportType: 'SMS' }], textTokens: [{ tokenValue: 'x' }] }] }));
    assert.equal(reserved.statusCode, 201, reserved.body);
    assert.equal(reserved.json().status, 'Reserved');
    assert.deepEqual(reserved.json().notificationIds, []);
    assert.equal((await read(JONAS, 'me', reserved.json().correspondenceId)).statusCode, 404);
    const history = (await status(`reportee=${JONAS}`)).json().correspondences;
    assert.deepEqual(history.at(-1).statusChanges.map((s: { statusType: string }) => s.statusType), ['Reserved']);
  });

  it('leaves the box when deleted, and the owner sees DeletedByUser', async () => {
    const id = (await send(message())).json().correspondenceId as number;
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/reportees/${FJORDLYS}/correspondences/${id}`, headers: await as(KARI) })).statusCode, 204);
    assert.equal((await read(KARI, FJORDLYS, id)).statusCode, 404);
    const history = (await status(`sendersReference=corr-${seq}`)).json().correspondences[0];
    assert.deepEqual(history.statusChanges.map((s: { statusType: string }) => s.statusType), ['Created', 'DeletedByUser']);
  });

  it('answers a retry with the same externalShipmentReference with the first receipt; other content is a conflict', async () => {
    const body = message();
    const first = await send(body);
    const again = await send(body);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().correspondenceId, first.json().correspondenceId);
    const other = await send({ ...body, content: { ...body.content, messageTitle: 'Noe annet' } });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'CORR-00004');
  });

  it('refuses bad input whole, listing every problem, and writes nothing', async () => {
    const before = await countRows(t.db, 'correspondence.correspondence');
    const bad = await send(
      message({
        content: { languageCode: 'de', messageTitle: '  ', messageBody: 'x', attachments: [{ name: 'a', fileName: '../etc/passwd', data: 'eA==' }] },
        visibleDateTime: '2026-12-01T00:00:00Z',
        dueDateTime: '2026-11-30T00:00:00Z',
        replyOptions: [{ type: 'URL', linkText: 'x', linkUrl: 'javascript:alert(1)' }],
        archiveReference: 'nope',
      }),
    );
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().code, 'CORR-00001');
    assert.deepEqual(
      bad.json().errors.map((e: { path: string }) => e.path),
      ['content/languageCode', 'content/messageTitle', 'dueDateTime', 'archiveReference', 'replyOptions/0/linkUrl', 'content/attachments/0/fileName'],
    );
    assert.equal((await send(message({ serviceCode: '5001' }))).json().code, 'CORR-00002', 'a form-task service');
    assert.equal((await send(message({ reportee: '310000999' }))).json().code, 'CORR-00003');
    const badNotification = await send(message({ notifications: [{ notificationType: 'Ukjent', receiverEndPoints: [{ transportType: 'Email' }] }] }));
    assert.equal(badNotification.json().code, 'NOTF-00002');
    assert.equal(await countRows(t.db, 'correspondence.correspondence'), before);
    const person = await t.app.inject({ method: 'POST', url: '/api/v1/serviceowner/correspondences', headers: await as(KARI), payload: message() });
    assert.equal(person.statusCode, 403);
  });

  it('shares the message box with form tasks, in one order and one id series', async () => {
    const vat = readFileSync(join(import.meta.dirname, '../../testdata/services/ttd-5001-mva/examples/melding.xml'), 'utf8');
    const task = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reportees/${FJORDLYS}/formtasks`,
      headers: await as(KARI),
      payload: { externalShipmentReference: 'box-mix-1', serviceCode: '5001', serviceEditionCode: 1, forms: [{ dataFormatId: '6001', dataFormatVersion: 1, endUserSystemReference: 'main', formData: vat, completed: false }] },
    });
    assert.equal(task.statusCode, 201, task.body);
    clock.advance(1000);
    const id = (await send(message())).json().correspondenceId as number;
    assert.ok(id > task.json().reporteeElementId, 'one id series');
    const all = (await box(KARI, FJORDLYS, '?limit=200')).json().items as { reporteeElementId: number; reporteeElementType: string; lastChangedAt: string }[];
    assert.equal(all[0]!.reporteeElementId, id);
    const ids = all.map((i) => i.reporteeElementId);
    assert.equal(new Set(ids).size, ids.length);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.lastChangedAt >= all[i]!.lastChangedAt);
    assert.deepEqual(new Set(all.map((i) => i.reporteeElementType)), new Set(['FormTask', 'Correspondence']));
    const formTasksOnly = (await box(KARI, FJORDLYS, '?type=FormTask')).json().items as { reporteeElementType: string }[];
    assert.deepEqual(formTasksOnly.map((i) => i.reporteeElementType), ['FormTask']);
    const workList = (await box(KARI, FJORDLYS, '?toBeProcessed=true')).json().items as { reporteeElementType: string }[];
    assert.deepEqual(workList.map((i) => i.reporteeElementType), ['FormTask']);
    // Paging one at a time walks the same merged order.
    const walked: number[] = [];
    for (let cursor: string | null = ''; cursor !== null && walked.length < 100; ) {
      const page: { items: { reporteeElementId: number }[]; nextCursor: string | null } = (await box(KARI, FJORDLYS, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      walked.push(...page.items.map((i) => i.reporteeElementId));
      cursor = page.nextCursor;
    }
    assert.deepEqual(walked, ids);
  });
});
