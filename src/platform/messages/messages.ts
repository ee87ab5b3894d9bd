import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Random } from '../random.ts';

/** An SMS to one mobile number (E.164, e.g. +4791234567). */
export interface SmsMessage {
  to: string;
  text: string;
  /** Sender name shown on the phone (at most 11 characters on most networks). */
  sender?: string;
  /**
   * The same id on every attempt to send this message (a UUID): the gateway drops a repeat, so a retry
   * after a crash between hand-over and bookkeeping does not reach the phone twice.
   */
  idempotencyId?: string;
}

/** An e-mail to one address. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  from?: string;
  /** The same id on every attempt (a UUID): becomes the Message-ID, which receivers use to drop a repeat. */
  idempotencyId?: string;
}

/** A letter by post to a person's postal address (code letters). */
export interface LetterMessage {
  /** Name and address lines, as printed on the envelope. */
  to: string;
  subject: string;
  text: string;
}

export type MessageChannel = 'sms' | 'email' | 'letter';

/**
 * A send refused for good (an unknown address, a rejected message): retrying cannot help, so the sender
 * records a failure instead of trying again. Every other error is taken as passing (server down, timeout).
 * The message is safe to show: adapters put only status codes in it, never the server's answer.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** Port for sending SMS. */
export interface SmsSender {
  send(message: SmsMessage): Promise<{ messageId: string }>;
  /** Releases connections at shutdown, where the adapter holds any. */
  close?(): void | Promise<void>;
}

/** Port for sending e-mail. */
export interface MailSender {
  send(message: MailMessage): Promise<{ messageId: string }>;
  /** Releases connections at shutdown, where the adapter holds any. */
  close?(): void | Promise<void>;
}

/**
 * Port for sending letters. The only adapter keeps them in the outbox, where a print house (or, in the
 * test environment, the tester) collects them.
 */
export interface LetterSender {
  send(message: LetterMessage): Promise<{ messageId: string }>;
}

export interface OutboxMessage {
  messageId: string;
  channel: MessageChannel;
  recipient: string;
  sender: string | null;
  subject: string | null;
  body: string;
  html: string | null;
  createdAt: Date;
}

interface OutboxTable {
  id: string;
  seq?: number;
  channel: MessageChannel;
  recipient: string;
  sender: string | null;
  subject: string | null;
  body: string;
  html: string | null;
  created_at: Date;
}

interface OutboxDatabase {
  'platform.outbox_message': OutboxTable;
}

export interface OutboxDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
}

/** Stores a message; a repeat with the same idempotency id is dropped, as a real gateway would. */
async function store(deps: OutboxDeps, row: Omit<OutboxTable, 'id' | 'created_at'>, idempotencyId: string | undefined): Promise<{ messageId: string }> {
  const id = idempotencyId ?? deps.random.uuid();
  await (deps.db as Kysely<OutboxDatabase>)
    .insertInto('platform.outbox_message')
    .values({ id, created_at: deps.clock.now(), ...row })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return { messageId: id };
}

/** The default SMS adapter: keeps every message in the database instead of sending it. */
export function outboxSmsSender(deps: OutboxDeps): SmsSender {
  return {
    send: (m) => store(deps, { channel: 'sms', recipient: m.to, sender: m.sender ?? null, subject: null, body: m.text, html: null }, m.idempotencyId),
  };
}

/** The default e-mail adapter: keeps every message in the database instead of sending it. */
export function outboxMailSender(deps: OutboxDeps): MailSender {
  return {
    send: (m) =>
      store(deps, { channel: 'email', recipient: m.to, sender: m.from ?? null, subject: m.subject, body: m.text, html: m.html ?? null }, m.idempotencyId),
  };
}

/** The letter adapter: keeps every letter in the outbox for printing. */
export function outboxLetterSender(deps: OutboxDeps): LetterSender {
  return { send: (m) => store(deps, { channel: 'letter', recipient: m.to, sender: 'Tinn', subject: m.subject, body: m.text, html: null }, undefined) };
}

export interface OutboxQuery {
  recipient?: string;
  channel?: MessageChannel;
  limit: number;
  /** Continue after this message id (pagination, newest first). */
  after?: string;
}

/** Messages held by the outbox adapters, newest first. */
export async function listOutboxMessages(db: Kysely<any>, query: OutboxQuery): Promise<OutboxMessage[]> {
  const outbox = db as Kysely<OutboxDatabase>;
  let q = outbox
    .selectFrom('platform.outbox_message')
    .select(['id', 'channel', 'recipient', 'sender', 'subject', 'body', 'html', 'created_at'])
    .orderBy('seq', 'desc')
    .limit(query.limit);
  if (query.recipient !== undefined) q = q.where('recipient', '=', query.recipient);
  if (query.channel !== undefined) q = q.where('channel', '=', query.channel);
  if (query.after !== undefined) {
    const after = query.after;
    q = q.where('seq', '<', (eb) => eb.selectFrom('platform.outbox_message').select('seq').where('id', '=', after));
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    messageId: r.id,
    channel: r.channel,
    recipient: r.recipient,
    sender: r.sender,
    subject: r.subject,
    body: r.body,
    html: r.html,
    createdAt: r.created_at,
  }));
}
