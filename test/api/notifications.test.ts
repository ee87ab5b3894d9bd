// Notification templates and standalone notifications: a template with tokens and macros reaches a person
// and an organisation by SMS and e-mail (read back from the outbox), recipients are resolved the way
// Altinn II did, reservation is honoured, bad input is refused whole, and another service owner sees nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listOutboxMessages, SettableClock, type ServiceOwnerActor } from '../../src/platform/index.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';

const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const KARI = '14837501777'; // DAGL of Fjordlys, mobile +4791000001, kari.nordmann@fjordlys.test
const HEDDA = '18850164351';
const JONAS = '31908315084'; // reserved against digital notices, mobile +4791000020
const EMMA = '14829515718'; // e-mail only
const ARNE = '16866216421'; // profile language en, mobile +4791000022
const FJORDLYS = '310000116'; // post@fjordlys.test, +4791000001
const SKOGHEIM = '310000167'; // main unit, no addresses in the world
const SKOGHEIM_BERGEN = '310000175'; // its sub-unit, no addresses

describe('notification templates and standalone notifications', () => {
  let t: TestTinn;
  const clock = new SettableClock(new Date('2026-11-24T09:00:00Z'));
  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
    const skogheim = (await t.tinn.register.getOrganization(SKOGHEIM)).organization;
    await t.tinn.profile.uncheckedSetOrganizationNotificationAddresses(skogheim.partyId, { emails: ['post@skogheim.test'], mobiles: ['+4791000099'] });
    const save = (type: string, texts: unknown[]) => t.app.inject({ method: 'PUT', url: `/api/v1/serviceowner/notification-templates/${type}`, headers: so, payload: { texts }, remoteAddress: '127.0.0.1' });
    for (const [type, texts] of Object.entries(TEMPLATES)) assert.equal((await save(type, texts)).statusCode, 200);
  });
  after(() => t.close());

  const so = { apikey: TTD_KEY };
  const TEMPLATES: Record<string, unknown[]> = {
    Frist: [
      { language: 'nb', transport: 'sms', body: 'Hei $reporteeName$! {0} ($servicename$). Hilsen {1}' },
      { language: 1044, transport: 'email', subject: 'Frist for $reporteeName$', body: 'Hei $reporteeFirstName$,\n{0}\nFødt: $reporteeBirthDay(dd.mm.yyyy)$. Nummer: $reporteeNumber$.' },
      { language: 'en', transport: 'sms', body: 'Hello $reporteeName$! {0}' },
    ],
    Fritekst: [
      { language: 'nb', transport: 'sms', body: '{0}' },
      { language: 'nb', transport: 'email', subject: '{1}', body: '{0}' },
    ],
  };
  const send = (notifications: unknown[], headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/serviceowner/notifications', headers: { ...so, ...headers }, payload: { notifications }, remoteAddress: '127.0.0.1' });
  const status = (id: string) => t.app.inject({ method: 'GET', url: `/api/v1/serviceowner/notifications/${id}`, headers: so, remoteAddress: '127.0.0.1' });
  const outbox = (recipient: string) => listOutboxMessages(t.tinn.db.kysely, { recipient, limit: 50 });
  const drain = () => createWorker(t.tinn).drain();

  describe('templates', () => {
    it('keeps the texts per language and transport, and answers them back', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/notification-templates/Frist', headers: so, remoteAddress: '127.0.0.1' });
      assert.equal(res.statusCode, 200, res.body);
      const template = res.json();
      assert.equal(template.serviceOwnerCode, 'TTD');
      assert.deepEqual(
        template.texts.map((x: { language: string; transport: string }) => `${x.transport}/${x.language}`),
        ['email/nb', 'sms/en', 'sms/nb'],
      );
      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/notification-templates', headers: so, remoteAddress: '127.0.0.1' })).json();
      // The demo world brings TTD's NyFil, NyMelding and TokenTextOnly.
      assert.deepEqual(list.map((x: { notificationType: string }) => x.notificationType), ['Frist', 'Fritekst', 'NyFil', 'NyMelding', 'TokenTextOnly']);
    });

    it('refuses unknown macros, an e-mail without subject and an SMS with one, all at once, and saves nothing', async () => {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/serviceowner/notification-templates/Frist',
        headers: so,
        remoteAddress: '127.0.0.1',
        payload: {
          texts: [
            { language: 'nb', transport: 'sms', subject: 'x', body: 'Hei $reporteename$ og $reporteeBirthDay(abc)$' },
            { language: 'nb', transport: 'email', body: 'Hei $foo$' },
          ],
        },
      });
      assert.equal(res.statusCode, 400, res.body);
      const problem = res.json();
      assert.equal(problem.code, 'NOTF-00001');
      const paths = problem.errors.map((e: { path: string; message: string }) => `${e.path}: ${e.message}`).join('\n');
      assert.match(paths, /texts\/0\/subject: an SMS has no subject/);
      assert.match(paths, /texts\/0\/body: .*\$reporteename\$/);
      assert.match(paths, /texts\/0\/body: .*reporteeBirthDay\(abc\)/);
      assert.match(paths, /texts\/1\/subject: an e-mail needs a subject/);
      assert.match(paths, /texts\/1\/body: .*\$foo\$/);
      const kept = (await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/notification-templates/Frist', headers: so, remoteAddress: '127.0.0.1' })).json();
      assert.equal(kept.texts.length, 3);
    });

    it('is for service owners only', async () => {
      const anonymous = await t.app.inject({ method: 'PUT', url: '/api/v1/serviceowner/notification-templates/X', payload: { texts: [{ language: 'nb', transport: 'sms', body: 'x' }] } });
      assert.equal(anonymous.statusCode, 401);
      const token = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: KARI, securityLevel: 2 } })).json().accessToken as string;
      const person = await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/notification-templates', headers: { authorization: `Bearer ${token}` } });
      assert.equal(person.statusCode, 403);
      assert.equal(person.json().code, 'PLAT-00015');
    });
  });

  describe('sending', () => {
    it('reaches a person by SMS and e-mail from the profile, with tokens and macros (also inside tokens) filled in', async () => {
      const res = await send([
        {
          reporteeNumber: KARI,
          notificationType: 'Frist',
          receiverEndPoints: [{ transportType: 'Both' }],
          textTokens: [{ tokenNum: 0, tokenValue: 'Mva-meldingen for $reporteeFirstName$ er klar {1}' }, { tokenNum: 1, tokenValue: 'Testdepartementet' }],
          service: { serviceCode: '5001', serviceEditionCode: 1 },
          useServiceOwnerShortNameAsSenderOfSms: true,
        },
      ]);
      assert.equal(res.statusCode, 201, res.body);
      const [n] = res.json().notifications;
      assert.equal(n.language, 'nb');
      assert.deepEqual(
        n.recipients.map((r: { transportType: string; receiverAddress: string; retrieveFromProfile: boolean; status: string }) => [r.transportType, r.receiverAddress, r.retrieveFromProfile, r.status]),
        [
          ['SMS', '+4791000001', true, 'New'],
          ['Email', 'kari.nordmann@fjordlys.test', true, 'New'],
        ],
      );
      await drain();
      const [sms] = (await outbox('+4791000001')).filter((m) => m.channel === 'sms');
      // A token's own {1} stays as it is: tokens are filled once, never scanned again.
      assert.equal(sms!.body, 'Hei Kari Nordmann! Mva-meldingen for Kari er klar {1} (Skattemelding for merverdiavgift (test)). Hilsen Testdepartementet');
      assert.equal(sms!.sender, 'TTD');
      const [mail] = await outbox('kari.nordmann@fjordlys.test');
      assert.equal(mail!.subject, 'Frist for Kari Nordmann');
      const birth = (await t.tinn.register.uncheckedGetPersonBySsn(KARI)).birthDate;
      assert.equal(mail!.body, `Hei Kari,\nMva-meldingen for Kari er klar {1}\nFødt: ${birth.slice(8, 10)}.${birth.slice(5, 7)}.${birth.slice(0, 4)}. Nummer: .`);
      const after = (await status(n.notificationId)).json();
      assert.deepEqual(after.recipients.map((r: { status: string; attempts: number }) => [r.status, r.attempts]), [['Sent', 1], ['Sent', 1]]);
      assert.ok(after.recipients.every((r: { sentAt: string | null }) => r.sentAt !== null));
    });

    it("reaches an organisation at its notification addresses; a sub-unit without any at its main unit's", async () => {
      const res = await send([
        { reporteeNumber: FJORDLYS, notificationType: 'Frist', receiverEndPoints: [{ transportType: 'Email' }], textTokens: [{ tokenValue: 'Husk fristen.' }] },
        { reporteeNumber: SKOGHEIM_BERGEN, notificationType: 'Frist', receiverEndPoints: [{ transportType: 'SMS' }, { transportType: 'Email' }], textTokens: [{ tokenValue: 'Husk fristen.' }] },
      ]);
      assert.equal(res.statusCode, 201, res.body);
      const [fjordlys, bergen] = res.json().notifications;
      assert.deepEqual(fjordlys.recipients.map((r: { receiverAddress: string }) => r.receiverAddress), ['post@fjordlys.test']);
      assert.deepEqual(bergen.recipients.map((r: { receiverAddress: string; name: string }) => [r.receiverAddress, r.name]), [
        ['+4791000099', 'Skogheim Gruppen AS'],
        ['post@skogheim.test', 'Skogheim Gruppen AS'],
      ]);
      await drain();
      const [mail] = await outbox('post@fjordlys.test');
      assert.equal(mail!.subject, 'Frist for Fjordlys Regnskap AS');
      assert.match(mail!.body, /^Hei ,\nHusk fristen\.\nFødt: \. Nummer: 310000116\.$/);
      const [sms] = await outbox('+4791000099');
      assert.equal(sms!.body, 'Hei Skogheim Gruppen AS avd. Bergen! Husk fristen. (). Hilsen ');
      assert.equal(sms!.sender, 'Tinn');
    });

    it('skips a reserved person when the notification is reservable, and reports it', async () => {
      const res = await send([
        { reporteeNumber: JONAS, notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS' }], textTokens: [{ tokenValue: 'Reservert?' }], isReservable: true },
        { reporteeNumber: JONAS, notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS' }], textTokens: [{ tokenValue: 'Ikke reserverbar' }] },
      ]);
      assert.equal(res.statusCode, 201, res.body);
      const [reserved, plain] = res.json().notifications;
      assert.equal(reserved.reserved, true);
      assert.deepEqual(reserved.recipients.map((r: { status: string; receiverAddress: string | null }) => [r.status, r.receiverAddress]), [['Reserved', null]]);
      assert.equal(plain.reserved, false);
      await drain();
      assert.deepEqual((await outbox('+4791000020')).map((m) => m.body), ['Ikke reserverbar']);
      assert.equal((await status(reserved.notificationId)).json().recipients[0].status, 'Reserved');
    });

    it('falls back to the other channel with SMSPreferred, and says NoAddress where there is none', async () => {
      const res = await send([
        { reporteeNumber: EMMA, notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMSPreferred' }], textTokens: [{ tokenValue: 'Til e-post' }, { tokenValue: 'Emne' }] },
        { reporteeNumber: EMMA, notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS' }], textTokens: [{ tokenValue: 'Ingen mobil' }] },
      ]);
      assert.equal(res.statusCode, 201, res.body);
      const [preferred, smsOnly] = res.json().notifications;
      assert.deepEqual(preferred.recipients.map((r: { transportType: string; receiverAddress: string }) => [r.transportType, r.receiverAddress]), [['Email', 'emma.moen@example.test']]);
      assert.deepEqual(smsOnly.recipients.map((r: { transportType: string; status: string }) => [r.transportType, r.status]), [['SMS', 'NoAddress']]);
    });

    it("uses the person's profile language when none is given, and Bokmål when the template lacks the language", async () => {
      const res = await send([
        { reporteeNumber: ARNE, notificationType: 'Frist', receiverEndPoints: [{ transportType: 'SMS' }], textTokens: [{ tokenValue: 'Due soon.' }] },
        { reporteeNumber: ARNE, notificationType: 'Frist', receiverEndPoints: [{ transportType: 'Email', receiverAddress: 'arne@example.test' }], textTokens: [{ tokenValue: 'Frist snart.' }] },
      ]);
      assert.equal(res.statusCode, 201, res.body);
      await drain();
      assert.deepEqual((await outbox('+4791000022')).map((m) => m.body), ['Hello Arne Lund! Due soon.']);
      assert.equal((await outbox('arne@example.test'))[0]!.subject, 'Frist for Arne Lund');
    });

    it('counts SMS parts: GSM-7 160 then 153 each, UCS-2 70 then 67', async () => {
      const res = await send([
        { notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '91000050' }], textTokens: [{ tokenValue: 'æøå'.repeat(53) + 'xx' }] },
        { notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000051' }], textTokens: [{ tokenValue: 'a'.repeat(69) + '🙂' }] },
      ]);
      assert.equal(res.statusCode, 201, res.body);
      const [gsm, ucs] = res.json().notifications.map((n: { recipients: { segments: number; encoding: string; receiverAddress: string }[] }) => n.recipients[0]);
      assert.deepEqual([gsm.receiverAddress, gsm.encoding, gsm.segments], ['+4791000050', 'GSM-7', 2]);
      assert.deepEqual([ucs.encoding, ucs.segments], ['UCS-2', 2]);
    });

    it('sends later when shipmentDateTime is ahead', async () => {
      const at = new Date(clock.now().getTime() + 3_600_000);
      const res = await send([{ notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000060' }], textTokens: [{ tokenValue: 'Senere' }], shipmentDateTime: at.toISOString() }]);
      const [n] = res.json().notifications;
      await drain();
      assert.equal((await status(n.notificationId)).json().recipients[0].status, 'New');
      clock.set(new Date(at.getTime() + 1000));
      await drain();
      assert.equal((await status(n.notificationId)).json().recipients[0].status, 'Sent');
    });

    it('answers a retry with the same Idempotency-Key with the first result, and sends nothing twice', async () => {
      const body = [{ notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000070' }], textTokens: [{ tokenValue: 'Én gang' }] }];
      const first = await send(body, { 'idempotency-key': 'notif-once-1' });
      assert.equal(first.statusCode, 201, first.body);
      const rows = await countRows(t.db, 'notifications.notification');
      const again = await send(body, { 'idempotency-key': 'notif-once-1' });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().batchId, first.json().batchId);
      assert.deepEqual(again.json().notifications.map((n: { notificationId: string }) => n.notificationId), first.json().notifications.map((n: { notificationId: string }) => n.notificationId));
      assert.equal(await countRows(t.db, 'notifications.notification'), rows);
      const other = await send([{ ...body[0], textTokens: [{ tokenValue: 'Annet' }] }], { 'idempotency-key': 'notif-once-1' });
      assert.equal(other.statusCode, 409);
      assert.equal(other.json().code, 'PLAT-00017');
      await drain();
      assert.equal((await outbox('+4791000070')).length, 1);
    });
  });

  describe('bad input', () => {
    it('refuses the whole request when any notification has a problem, listing each with its path and code, and writes nothing', async () => {
      const rows = await countRows(t.db, 'notifications.notification');
      const jobs = await countRows(t.db, 'platform.job');
      const res = await send([
        { reporteeNumber: KARI, notificationType: 'Frist', receiverEndPoints: [{ transportType: 'SMS' }] },
        { notificationType: 'Frist', receiverEndPoints: [{ transportType: 'Email', receiverAddress: 'not-an-address' }, { transportType: 'SMS', receiverAddress: '12345678' }] },
        { notificationType: 'Frist', receiverEndPoints: [{ transportType: 'Both', receiverAddress: '+4791000001' }, { transportType: 'IM' }] },
        { reporteeNumber: '12345678901', notificationType: 'Frist', receiverEndPoints: [{ transportType: 'SMS' }] },
        { reporteeNumber: '999999999', notificationType: 'Frist', receiverEndPoints: [{ transportType: 'SMS' }] },
        { notificationType: 'Ukjent', receiverEndPoints: [{ transportType: 'SMS' }], fromAddress: 'nope', languageCode: 'de' },
        { reporteeNumber: KARI, notificationType: 'Frist', receiverEndPoints: [{ transportType: 'SMS' }], service: { serviceCode: 'NOPE', serviceEditionCode: 1 } },
      ]);
      assert.equal(res.statusCode, 400, res.body);
      const problem = res.json();
      const found = problem.errors.map((e: { path: string; rule: string }) => `${e.path} ${e.rule}`);
      assert.deepEqual(found, [
        'notifications/1/receiverEndPoints/0/receiverAddress NOTF-00004',
        'notifications/1/receiverEndPoints/1/receiverAddress NOTF-00005',
        'notifications/2/receiverEndPoints/0/receiverAddress NOTF-00003',
        'notifications/2/receiverEndPoints/1/transportType NOTF-00006',
        'notifications/3/reporteeNumber NOTF-00010',
        'notifications/4/reporteeNumber NOTF-00009',
        'notifications/5/fromAddress NOTF-00011',
        'notifications/5/languageCode NOTF-00012',
        'notifications/5/reporteeNumber NOTF-00014',
        'notifications/5/notificationType NOTF-00002',
        'notifications/6/service NOTF-00015',
      ]);
      assert.equal(problem.code, 'NOTF-00004');
      assert.equal(problem.altinnErrorId, 30010);
      assert.equal(await countRows(t.db, 'notifications.notification'), rows);
      assert.equal(await countRows(t.db, 'platform.job'), jobs);
    });

    it('refuses an SMS longer than 700 characters after substitution', async () => {
      const res = await send([{ reporteeNumber: KARI, notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS' }], textTokens: [{ tokenValue: '$reporteeName$ '.repeat(51) }] }]);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'NOTF-00007');
      assert.match(res.json().errors[0].message, /has 714 characters after substitution; at most 700/);
    });

    it("keeps one service owner's notifications and templates from another", async () => {
      const res = await send([{ notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000080' }], textTokens: [{ tokenValue: 'Hemmelig' }] }]);
      const id = res.json().notifications[0].notificationId as string;
      const other: ServiceOwnerActor = { kind: 'serviceOwner', serviceOwnerCode: 'ACME', orgno: '310000191', partyId: 0, systemName: 'ACME_SYS', methods: ['apikey'] };
      await assert.rejects(t.tinn.notifications.getNotification(other, id), (err: { problem?: { code: string } }) => err.problem?.code === 'NOTF-00013');
      await assert.rejects(t.tinn.notifications.getTemplate(other, 'Frist'), (err: { problem?: { code: string } }) => err.problem?.code === 'NOTF-00002');
      await assert.rejects(
        t.tinn.notifications.sendNotifications(other, [{ notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000081' }] }]),
        (err: { problem?: { code: string } }) => err.problem?.code === 'NOTF-00002',
      );
      assert.equal((await status('00000000-0000-4000-8000-000000000000')).statusCode, 404);
    });
  });

  describe('personal contacts and recipient checks', () => {
    it('adds personal contacts of an organisation only when a service is named and the person may Read it', async () => {
      const fjordlys = (await t.tinn.register.getOrganization(FJORDLYS)).organization;
      const kari = await t.tinn.register.uncheckedGetPersonBySsn(KARI);
      const hedda = await t.tinn.register.uncheckedGetPersonBySsn(HEDDA);
      // Hedda acts for Fjordlys through a role that does not grant Read on 5001.
      await t.tinn.authz.uncheckedAddRoleDelegation({ reporteePartyId: fjordlys.partyId, roleCode: 'A0236', recipientPartyId: hedda.partyId, viaPartyId: null });
      const login = async (ssn: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken as string;
      for (const [who, email] of [[KARI, 'kari.jobb@fjordlys.test'], [HEDDA, 'hedda@fjordlys.test']] as const) {
        const res = await t.app.inject({ method: 'PUT', url: `/api/v1/profile/organizations/${FJORDLYS}/contact`, headers: { authorization: `Bearer ${await login(who)}` }, payload: { email, mobile: null } });
        assert.equal(res.statusCode, 200, res.body);
      }
      const res = await send([
        { reporteeNumber: FJORDLYS, notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'Email' }], textTokens: [{ tokenValue: 'Med tjeneste' }, { tokenValue: 'S' }], service: { serviceCode: '5001', serviceEditionCode: 1 } },
        { reporteeNumber: FJORDLYS, notificationType: 'Fritekst', receiverEndPoints: [{ transportType: 'Email' }], textTokens: [{ tokenValue: 'Uten tjeneste' }, { tokenValue: 'S' }] },
      ]);
      assert.equal(res.statusCode, 201, res.body);
      const [withService, without] = res.json().notifications;
      assert.deepEqual(withService.recipients.map((r: { receiverAddress: string; name: string }) => [r.receiverAddress, r.name]), [
        ['post@fjordlys.test', 'Fjordlys Regnskap AS'],
        ['kari.jobb@fjordlys.test', kari.name],
      ]);
      assert.deepEqual(without.recipients.map((r: { receiverAddress: string }) => r.receiverAddress), ['post@fjordlys.test']);
    });

    it('says whether an organisation or a person (national id + last name) can be notified, without revealing who has which number', async () => {
      const check = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/serviceowner/notifications/validaterecipient?${query}`, headers: so, remoteAddress: '127.0.0.1' });
      assert.deepEqual((await check(`organizationNumber=${FJORDLYS}`)).json(), { inboxAccessible: true, canReceiveNotificationBySms: true, canReceiveNotificationByEmail: true });
      assert.deepEqual((await check(`socialSecurityNumber=${EMMA}&lastName=moen`)).json(), { inboxAccessible: true, canReceiveNotificationBySms: false, canReceiveNotificationByEmail: true });
      assert.deepEqual((await check(`socialSecurityNumber=${JONAS}&lastName=Bakkenes`)).json(), { inboxAccessible: true, canReceiveNotificationBySms: false, canReceiveNotificationByEmail: false });
      const wrongName = await check(`socialSecurityNumber=${KARI}&lastName=Hansen`);
      assert.equal(wrongName.statusCode, 404);
      assert.equal(wrongName.json().code, 'NOTF-00017');
      const unknownOrg = await check('organizationNumber=999999999');
      assert.equal(unknownOrg.json().code, wrongName.json().code);
      assert.equal((await check(`socialSecurityNumber=${KARI}`)).json().code, 'NOTF-00016');
      assert.equal((await check(`organizationNumber=${FJORDLYS}&socialSecurityNumber=${KARI}&lastName=Nordmann`)).json().code, 'NOTF-00016');
    });
  });
});
