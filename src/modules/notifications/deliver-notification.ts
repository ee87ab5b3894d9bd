import Type from 'typebox';
import { PermanentDeliveryError, type JobDefinition } from '../../platform/index.ts';
import { markFailedAttempt, markSending, markSent, selectRecipient } from './db/notification-store.ts';
import type { NotificationsDeps } from './deps.ts';

export const DELIVER_NOTIFICATION_JOB = 'notifications.deliver';

/** What may be recorded about a failed attempt: our own words and status codes, never a server's reply. */
function describeFailure(err: unknown): string {
  if (err instanceof PermanentDeliveryError) return err.message;
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  if (typeof e.message === 'string' && e.message.startsWith('SMS gateway answered')) return e.message;
  const parts = [typeof e.code === 'string' ? e.code : undefined, typeof e.responseCode === 'number' ? `SMTP ${e.responseCode}` : undefined].filter(Boolean);
  return parts.length > 0 ? `delivery failed: ${parts.join(' ')}` : 'delivery failed';
}

/**
 * Hands one message to the SMS or e-mail port. The message's id goes along as its idempotency id, so a
 * worker that dies after the hand-over and before the bookkeeping causes a repeat the gateway drops, not
 * a second SMS. A passing failure puts the message back to New and the job retries with backoff; a
 * permanent one (or the last attempt) marks it Failed. Messages already Sent or Failed are left alone.
 */
export function deliverNotificationJob(deps: Pick<NotificationsDeps, 'db' | 'clock' | 'sms' | 'mail'>): JobDefinition<{ recipientId: string }> {
  return {
    kind: DELIVER_NOTIFICATION_JOB,
    payload: Type.Object({ recipientId: Type.String() }),
    async run({ recipientId }, context) {
      const r = await selectRecipient(deps.db, recipientId);
      if (!r || (r.status !== 'New' && r.status !== 'Sending') || r.address === null || r.body === null) return;
      await markSending(deps.db, r.id, deps.clock.now());
      try {
        const { messageId } =
          r.channel === 'sms'
            ? await deps.sms.send({ to: r.address, text: r.body, ...(r.sender ? { sender: r.sender } : {}), idempotencyId: r.id })
            : await deps.mail.send({ to: r.address, subject: r.subject ?? '', text: r.body, ...(r.sender ? { from: r.sender } : {}), idempotencyId: r.id });
        await markSent(deps.db, r.id, messageId, deps.clock.now());
      } catch (err) {
        const final = err instanceof PermanentDeliveryError || context.attempt >= context.maxAttempts;
        await markFailedAttempt(deps.db, r.id, describeFailure(err), final, deps.clock.now());
        if (!final) throw err;
      }
    },
  };
}
