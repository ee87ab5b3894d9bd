import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { smtpMailSender } from './smtp.ts';
import { httpSmsSender } from './sms-gateway.ts';
import { PermanentDeliveryError } from './messages.ts';

describe('e-mail over SMTP', () => {
  const received: { user: string | undefined; raw: string }[] = [];
  let connections = 0;
  let server: SMTPServer;
  let port = 0;
  before(async () => {
    server = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true, // loopback only, in this test
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'tinn' && auth.password === 'mail-secret') return callback(null, { user: 'tinn' });
        return callback(new Error('Invalid username or password'));
      },
      onConnect(_session, callback) {
        connections++;
        callback();
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ user: session.user as string | undefined, raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends through a real SMTP server with authentication, pooled', async () => {
    const mail = smtpMailSender({ url: `smtp://tinn:mail-secret@127.0.0.1:${port}`, from: 'Tinn <no-reply@tinn.test>' });
    try {
      await Promise.all([
        mail.send({ to: 'kari@example.test', subject: 'Ny melding i innboksen', text: 'Hei Kari, du har fått en ny melding.' }),
        mail.send({ to: 'ola@example.test', subject: 'Kvittering', text: 'Takk for innsendingen.', html: '<p>Takk for innsendingen.</p>' }),
      ]);
    } finally {
      await mail.close?.();
    }
    assert.equal(received.length, 2);
    const kari = received.find((r) => r.raw.includes('kari@example.test'))!;
    assert.equal(kari.user, 'tinn');
    assert.match(kari.raw, /^From: Tinn <no-reply@tinn\.test>/m);
    assert.match(kari.raw, /^Subject: =\?UTF-8\?Q\?Ny_melding_i_innboksen\?=|^Subject: Ny melding i innboksen/m);
    assert.match(kari.raw, /du har f(=C3=A5|å)tt en ny melding/);
  });

  it('reuses pooled connections: twenty mails over at most five', async () => {
    const mail = smtpMailSender({ url: `smtp://tinn:mail-secret@127.0.0.1:${port}`, from: 'Tinn <no-reply@tinn.test>' });
    const before = connections;
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => mail.send({ to: `pool-${i}@example.test`, subject: 'Pool', text: `mail ${i}` })));
    } finally {
      await mail.close?.();
    }
    assert.ok(connections - before <= 5, `${connections - before} connections`);
    assert.equal(received.filter((r) => r.raw.includes('Subject: Pool')).length, 20);
  });

  it('fails loudly on wrong credentials, without putting the password in the error', async () => {
    const mail = smtpMailSender({ url: `smtp://tinn:wrong-secret@127.0.0.1:${port}`, from: 'x@tinn.test' });
    try {
      await assert.rejects(mail.send({ to: 'a@b.test', subject: 's', text: 't' }), (err: Error) => /Invalid/.test(err.message) && !err.message.includes('wrong-secret'));
    } finally {
      await mail.close?.();
    }
  });
});

describe('SMS through an HTTP gateway', () => {
  const requests: { auth: string | undefined; key?: string | undefined; body: unknown }[] = [];
  let server: Server;
  let url = '';
  let status = 200;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push({ auth: req.headers.authorization, ...(req.headers['idempotency-key'] ? { key: String(req.headers['idempotency-key']) } : {}), body: JSON.parse(body) });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ messageId: `gw-${requests.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts JSON with the bearer token and keeps the gateway message id', async () => {
    const sms = httpSmsSender({ url, token: 'gw-token', sender: 'Tinn' });
    const sent = await sms.send({ to: '+4791234567', text: 'Din kode er 123456' });
    assert.equal(sent.messageId, 'gw-1');
    assert.deepEqual(requests[0], { auth: 'Bearer gw-token', body: { to: '+4791234567', text: 'Din kode er 123456', sender: 'Tinn' } });
  });

  it('treats any non-2xx answer as a failure: 5xx and 429 passing, other 4xx permanent', async () => {
    const sms = httpSmsSender({ url, token: undefined, sender: 'Tinn' });
    for (const [code, permanent] of [[503, false], [429, false], [400, true], [422, true]] as const) {
      status = code;
      await assert.rejects(sms.send({ to: '+4791234567', text: 'x', sender: 'SKD' }), (err: Error) => err.message === `SMS gateway answered HTTP ${code}` && err instanceof PermanentDeliveryError === permanent);
    }
    assert.equal((requests.at(-1)!.body as { sender: string }).sender, 'SKD');
    status = 200;
  });

  it('sends the idempotency id as Idempotency-Key and messageId, so the gateway can drop a repeat', async () => {
    const sms = httpSmsSender({ url, token: undefined, sender: 'Tinn' });
    await sms.send({ to: '+4791234567', text: 'én gang', idempotencyId: '5b0f6f55-5b43-4c1e-9d57-0f8a1b9f2d11' });
    assert.equal(requests.at(-1)!.key, '5b0f6f55-5b43-4c1e-9d57-0f8a1b9f2d11');
    assert.equal((requests.at(-1)!.body as { messageId: string }).messageId, '5b0f6f55-5b43-4c1e-9d57-0f8a1b9f2d11');
  });
});
