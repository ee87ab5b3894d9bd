import { listOutboxMessages, type OutboxMessage } from '../../platform/index.ts';
import { normalizeEmail, normalizeMobile } from '../profile/index.ts';
import type { TestenvDeps } from './deps.ts';

export interface OutboxFilter {
  /** A mobile number (any common format) or an e-mail address. */
  recipient?: string;
  channel?: 'sms' | 'email' | 'letter';
  limit?: number;
  /** Message id to continue after (the previous page's last). */
  after?: string;
}

/** Every SMS and e-mail the outbox adapters kept, newest first, optionally for one recipient. */
export async function listOutbox(deps: Pick<TestenvDeps, 'db'>, filter: OutboxFilter): Promise<{ messages: OutboxMessage[]; next: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  let recipient: string | undefined;
  if (filter.recipient !== undefined) {
    recipient = filter.recipient.includes('@') ? normalizeEmail(filter.recipient, 'recipient') : normalizeMobile(filter.recipient, 'recipient');
  }
  const messages = await listOutboxMessages(deps.db, {
    limit: limit + 1,
    ...(recipient !== undefined ? { recipient } : {}),
    ...(filter.channel !== undefined ? { channel: filter.channel } : {}),
    ...(filter.after !== undefined ? { after: filter.after } : {}),
  });
  const page = messages.slice(0, limit);
  return { messages: page, next: messages.length > limit ? page[page.length - 1]!.messageId : null };
}
