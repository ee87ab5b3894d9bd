// The floor of notification dispatch: the same messages handed to the same sink with no database and no job queue.
// E-mail goes through nodemailer with the pool settings src/platform/messages/smtp.ts asks for (pool: true,
// maxConnections: 5) and Tinn's Message-ID form; SMS through fetch with Tinn's request (JSON {to, text, sender,
// messageId} and the Idempotency-Key header). A child process of its own, like Tinn's worker.
//   --smtp-transport pooled  createTransport({ url, pool: true, maxConnections: 5 }): a pool of 5 connections
//   --smtp-transport as-tinn createTransport(url, { pool: true, maxConnections: 5 }), the call in smtp.ts: nodemailer
//                            takes a second argument as defaults for every *message*, so this is a plain transport
//                            that opens one SMTP connection per mail
//   --concurrency all  every message handed over at once (nodemailer queues them on its 5 connections)
//   --concurrency K    K loops, each awaiting one message before the next (1 = one after another, as a worker
//                      that runs its claimed jobs in sequence)
// Prints one JSON line {sent, failed, ms} and exits.
// Usage: node bin/run-ts.js bench/lib/notification-send-reference.ts --channel email|sms --count N --concurrency all|K
//        (--smtp-url smtp://127.0.0.1:P [--smtp-transport pooled|as-tinn] | --sms-url http://127.0.0.1:P/sms) [--prefix P]
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';

const { values } = parseArgs({
  options: {
    channel: { type: 'string' },
    count: { type: 'string' },
    concurrency: { type: 'string' },
    'smtp-url': { type: 'string' },
    'sms-url': { type: 'string' },
    prefix: { type: 'string' },
    'smtp-transport': { type: 'string' },
  },
});
const count = Number(values.count ?? '0');
const concurrency = values.concurrency === 'all' ? count : Number(values.concurrency ?? '1');
const prefix = values.prefix ?? 'ref';

let send: (i: number) => Promise<void>;
let close = () => {};
if (values.channel === 'email') {
  const url = values['smtp-url']!;
  const transport =
    values['smtp-transport'] === 'as-tinn' ? nodemailer.createTransport(url, { pool: true, maxConnections: 5 } as never) : nodemailer.createTransport({ url, pool: true, maxConnections: 5 } as never);
  close = () => transport.close();
  send = async (i) => {
    await transport.sendMail({
      from: 'Tinn <no-reply@localhost>',
      to: `${prefix}-${i}@bench.test`,
      subject: `Bench ${prefix} ${i}`,
      text: `Benchmark message ${prefix} ${i}`,
      messageId: `<${randomUUID()}@tinn>`,
    });
  };
} else if (values.channel === 'sms') {
  const url = values['sms-url']!;
  send = async (i) => {
    const id = randomUUID();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': id },
      body: JSON.stringify({ to: `+4740${String(i).padStart(6, '0')}`, text: `Benchmark message ${prefix} ${i}`, sender: 'Tinn', messageId: id }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  };
} else {
  throw new Error('--channel email or sms');
}

let next = 0;
let sent = 0;
let failed = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      try {
        await send(i);
        sent++;
      } catch {
        failed++;
      }
    }
  }),
);
const ms = performance.now() - started;
close();
console.log(JSON.stringify({ sent, failed, ms: Math.round(ms * 10) / 10 }));
process.exit(0);
