// A loopback SMTP server and HTTP SMS gateway that accept every message and record it with its idempotency id: the
// far end of Tinn's e-mail and SMS ports in the notifications scenario and the notification outage script. A child
// process of its own, so that receiving does not share an event loop with the load generator or the script.
//   SMTP (with --smtp-port)  any sender and recipient; the id is the Message-ID header (Tinn: <recipientId@tinn>)
//   POST /sms                JSON {to, text, sender, messageId} → 200 {"messageId":"gw-<n>"}; the id is the Idempotency-Key header
//   GET  /stats              SMTP connections opened; per channel: messages, distinct ids, repeats, messages without id, addresses that got more
//                            than one id, first and last arrival (ms since the epoch, sub-millisecond)
//   POST /reset              forgets everything counted so far (not the log file)
//   POST /outage?on=1|0      while on, POST /sms answers 503 (what a gateway under maintenance does)
//   GET  /health/ready
// Usage: node bin/run-ts.js bench/lib/notification-sink.ts --control-port N [--smtp-port M] [--log FILE]
// With --log, every accepted message is appended to FILE as one JSON line {channel, id, to, at} *before* it is
// acknowledged, so a sink killed with SIGKILL has recorded everything it acknowledged (and perhaps one more that
// the sender will repeat). A restarted sink appends to the same file.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';

const { values } = parseArgs({ options: { 'control-port': { type: 'string' }, 'smtp-port': { type: 'string' }, log: { type: 'string' } } });
const controlPort = Number(values['control-port'] ?? '0');
const logFile = values.log;
// A sink killed in the middle of a line left it unfinished: start on a line of our own (the unfinished message was
// never acknowledged, so its sender sends it again).
if (logFile && existsSync(logFile)) {
  const text = readFileSync(logFile, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) appendFileSync(logFile, '\n');
}

type Channel = 'email' | 'sms';

interface Tally {
  messages: number;
  ids: Set<string>;
  withoutId: number;
  /** address → the ids it received; more than one id for an address would be a second message, not a repeat. */
  idsByAddress: Map<string, Set<string>>;
  firstAt: number | null;
  lastAt: number | null;
}

const newTally = (): Tally => ({ messages: 0, ids: new Set(), withoutId: 0, idsByAddress: new Map(), firstAt: null, lastAt: null });
let tallies: Record<Channel, Tally> = { email: newTally(), sms: newTally() };
let smsOutage = false;
/** SMTP connections opened (a pool that reuses its connections opens few). */
let smtpConnections = 0;
let smsSeq = 0;

const nowMs = () => performance.timeOrigin + performance.now();

function record(channel: Channel, id: string | undefined, to: string): void {
  const at = nowMs();
  if (logFile) appendFileSync(logFile, `${JSON.stringify({ channel, id: id ?? null, to, at: Math.round(at * 1000) / 1000 })}\n`);
  const t = tallies[channel];
  t.messages++;
  t.firstAt ??= at;
  t.lastAt = at;
  if (!id) {
    t.withoutId++;
    return;
  }
  t.ids.add(id);
  let seen = t.idsByAddress.get(to);
  if (!seen) t.idsByAddress.set(to, (seen = new Set()));
  seen.add(id);
}

function stats() {
  const out: Record<string, unknown> = { smsOutage, smtpConnections };
  for (const channel of ['email', 'sms'] as const) {
    const t = tallies[channel];
    let addressesWithSeveralIds = 0;
    for (const ids of t.idsByAddress.values()) if (ids.size > 1) addressesWithSeveralIds++;
    out[channel] = {
      messages: t.messages,
      distinctIds: t.ids.size,
      repeats: t.messages - t.withoutId - t.ids.size,
      withoutId: t.withoutId,
      addresses: t.idsByAddress.size,
      addressesWithSeveralIds,
      firstAt: t.firstAt,
      lastAt: t.lastAt,
    };
  }
  return out;
}

if (values['smtp-port']) {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      smtpConnections++;
      callback();
    },
    onData(stream, session, callback) {
      // Only the header is needed; the body is read and dropped.
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192 && !head.includes('\r\n\r\n')) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*<([^>\r\n]+)>/im.exec(head)?.[1];
        const to = session.envelope.rcptTo[0]?.address ?? '';
        record('email', id, to);
        callback();
      });
    },
  });
  smtp.on('error', () => {});
  await new Promise<void>((resolve) => smtp.listen(Number(values['smtp-port']), '127.0.0.1', resolve));
}

const control = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://sink');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'POST' && url.pathname === '/sms') {
      if (smsOutage) return json(503, { error: 'maintenance' });
      let body: { to?: unknown; messageId?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return json(400, { error: 'not JSON' });
      }
      const key = req.headers['idempotency-key'];
      const id = typeof key === 'string' ? key : typeof body.messageId === 'string' ? body.messageId : undefined;
      record('sms', id, String(body.to ?? ''));
      return json(200, { messageId: `gw-${++smsSeq}` });
    }
    if (req.method === 'GET' && url.pathname === '/stats') return json(200, stats());
    if (req.method === 'POST' && url.pathname === '/reset') {
      tallies = { email: newTally(), sms: newTally() };
      smtpConnections = 0;
      return json(200, stats());
    }
    if (req.method === 'POST' && url.pathname === '/outage') {
      smsOutage = url.searchParams.get('on') === '1';
      return json(200, { smsOutage });
    }
    if (req.method === 'GET' && url.pathname === '/health/ready') return json(200, { status: 'ready' });
    json(404, { error: 'not found' });
  });
});
control.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => control.listen(controlPort, '127.0.0.1', resolve));

const stop = () => process.exit(0);
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
