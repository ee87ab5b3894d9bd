// Delivery of notifications to a real SMTP server and an HTTP SMS gateway on loopback: each message carries
// its idempotency id, a gateway that is down gets the message later, one that refuses it for good marks it
// Failed without more attempts.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { SettableClock } from '../../src/platform/index.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const KARI = '14837501777';

interface Received {
  idempotencyKey: string | undefined;
  body: { to: string; text: string; sender: string; messageId?: string };
}

describe('notification delivery over SMTP and an HTTP SMS gateway', () => {
  let t: TestTinn;
  let smtp: SMTPServer;
  let gateway: Server;
  const mails: string[] = [];
  const sms: Received[] = [];
  /** The gateway answers 503 while this is above zero (counting down), and 400 to numbers in `refused`. */
  let outages = 0;
  const refused = new Set(['+4791000077']);
  const clock = new SettableClock(new Date('2026-11-24T09:00:00Z'));

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('unknown@')) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
        callback();
      },
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push(raw);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    gateway = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(data) as Received['body'];
        if (outages > 0) {
          outages--;
          res.writeHead(503).end();
          return;
        }
        if (refused.has(body.to)) {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"unknown number +4791000077"}');
          return;
        }
        sms.push({ idempotencyKey: req.headers['idempotency-key'] as string | undefined, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: `gw-${sms.length}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    t = await buildTestTinn({
      clock,
      env: {
        TINN_MAIL_TRANSPORT: 'smtp',
        TINN_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
        TINN_MAIL_FROM: 'Tinn <varsel@tinn.test>',
        TINN_SMS_TRANSPORT: 'http',
        TINN_SMS_GATEWAY_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
        TINN_SMS_DAYTIME_WINDOW: '08-21',
      },
    });
    await t.tinn.testenv!.ensureWorldLoaded();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/serviceowner/notification-templates/Melding',
      headers: { apikey: TTD_KEY },
      remoteAddress: '127.0.0.1',
      payload: {
        texts: [
          { language: 'nb', transport: 'sms', body: 'Hei $reporteeFirstName$, {0}' },
          { language: 'nb', transport: 'email', subject: 'Ny melding til $reporteeName$', body: 'Hei $reporteeFirstName$,\n{0}' },
        ],
      },
    });
    assert.equal(put.statusCode, 200, put.body);
  });
  after(async () => {
    await t.tinn.mail.close?.();
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
  });

  const send = (notifications: unknown[]) =>
    t.app.inject({ method: 'POST', url: '/api/v1/serviceowner/notifications', headers: { apikey: TTD_KEY }, payload: { notifications }, remoteAddress: '127.0.0.1' });
  const recipients = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/serviceowner/notifications/${id}`, headers: { apikey: TTD_KEY }, remoteAddress: '127.0.0.1' })).json().recipients as {
      recipientId: string;
      transportType: string;
      status: string;
      attempts: number;
      lastError: string | null;
    }[];
  const drain = () => createWorker(t.tinn).drain();

  it('delivers to a person by SMS through the gateway and by e-mail over SMTP, each with its idempotency id', async () => {
    const res = await send([{ reporteeNumber: KARI, notificationType: 'Melding', receiverEndPoints: [{ transportType: 'Both' }], textTokens: [{ tokenValue: 'du har fått svar på mva-meldingen.' }], fromAddress: 'post@ttd.test' }]);
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().notifications[0].notificationId as string;
    await drain();
    const [smsRecipient, mailRecipient] = await recipients(id);
    assert.equal(smsRecipient!.status, 'Sent');
    assert.equal(mailRecipient!.status, 'Sent');
    const delivered = sms.find((m) => m.idempotencyKey === smsRecipient!.recipientId)!;
    assert.deepEqual(delivered.body, { to: '+4791000001', text: 'Hei Kari, du har fått svar på mva-meldingen.', sender: 'Tinn', messageId: smsRecipient!.recipientId });
    const mail = mails.find((m) => m.includes(`<${mailRecipient!.recipientId}@tinn>`))!;
    assert.ok(mail, 'the e-mail carries its idempotency id as Message-ID');
    assert.match(mail, /^From: post@ttd\.test/m);
    assert.match(mail, /^To: kari\.nordmann@fjordlys\.test/m);
    assert.match(mail, /Ny melding til Kari Nordmann/);
  });

  it('reaches an organisation at its addresses by SMS and e-mail, with its macros', async () => {
    const res = await send([{ reporteeNumber: '310000116', notificationType: 'Melding', receiverEndPoints: [{ transportType: 'Both' }], textTokens: [{ tokenValue: 'ny melding om $reporteeNumber$.' }] }]);
    assert.equal(res.statusCode, 201, res.body);
    await drain();
    const [smsRecipient, mailRecipient] = await recipients(res.json().notifications[0].notificationId);
    assert.deepEqual([smsRecipient!.status, mailRecipient!.status], ['Sent', 'Sent']);
    assert.equal(sms.find((m) => m.idempotencyKey === smsRecipient!.recipientId)!.body.text, 'Hei , ny melding om 310000116.');
    const mail = mails.find((m) => m.includes(`<${mailRecipient!.recipientId}@tinn>`))!;
    assert.match(mail, /^To: post@fjordlys\.test/m);
    assert.match(mail, /Ny melding til Fjordlys Regnskap AS/);
  });

  it('retries while the gateway is down, with the same idempotency id, and delivers when it is back', async () => {
    outages = 2;
    const res = await send([{ notificationType: 'Melding', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000075' }], textTokens: [{ tokenValue: 'etter nedetid' }] }]);
    const id = res.json().notifications[0].notificationId as string;
    await drain();
    let [r] = await recipients(id);
    assert.deepEqual([r!.status, r!.attempts, r!.lastError], ['New', 1, 'SMS gateway answered HTTP 503']);
    clock.advance(1_000); // the first retry waits a second
    await drain();
    clock.advance(2_000); // the second two
    await drain();
    [r] = await recipients(id);
    assert.deepEqual([r!.status, r!.attempts, r!.lastError], ['Sent', 3, null]);
    assert.equal(sms.filter((m) => m.body.to === '+4791000075').length, 1);
    assert.equal(sms.find((m) => m.body.to === '+4791000075')!.idempotencyKey, r!.recipientId);
  });

  it('marks a message the gateway or the mail server refuses for good as Failed after one attempt, keeping the reason but not their words', async () => {
    const res = await send([
      { notificationType: 'Melding', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000077' }, { transportType: 'Email', receiverAddress: 'unknown@example.test' }], textTokens: [{ tokenValue: 'x' }] },
    ]);
    const id = res.json().notifications[0].notificationId as string;
    await drain();
    clock.advance(3_600_000);
    await drain();
    const [smsRecipient, mailRecipient] = await recipients(id);
    assert.deepEqual([smsRecipient!.status, smsRecipient!.attempts, smsRecipient!.lastError], ['Failed', 1, 'SMS gateway answered HTTP 400']);
    assert.deepEqual([mailRecipient!.status, mailRecipient!.attempts], ['Failed', 1]);
    assert.equal(mailRecipient!.lastError, 'SMTP server refused the message (550)');
  });

  it('holds an SMS due in the evening until the daytime window opens; e-mail goes at once', async () => {
    clock.set(new Date('2026-11-24T21:30:00Z')); // 22:30 in Oslo
    const res = await send([
      { notificationType: 'Melding', receiverEndPoints: [{ transportType: 'SMS', receiverAddress: '+4791000078' }, { transportType: 'Email', receiverAddress: 'kveld@example.test' }], textTokens: [{ tokenValue: 'i kveld' }] },
    ]);
    const id = res.json().notifications[0].notificationId as string;
    await drain();
    assert.deepEqual((await recipients(id)).map((r) => r.status), ['New', 'Sent']);
    clock.set(new Date('2026-11-25T06:59:00Z'));
    await drain();
    assert.equal((await recipients(id))[0]!.status, 'New');
    clock.set(new Date('2026-11-25T07:00:00Z')); // 08:00 in Oslo
    await drain();
    assert.equal((await recipients(id))[0]!.status, 'Sent');
  });
});
