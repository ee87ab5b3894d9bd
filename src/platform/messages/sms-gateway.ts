import { PermanentDeliveryError, type SmsMessage, type SmsSender } from './messages.ts';

export interface SmsGatewaySettings {
  /** The gateway's endpoint; Tinn POSTs JSON `{ to, text, sender }` to it. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token: string | undefined;
  /** Default sender name (at most 11 characters on most networks). */
  sender: string;
  timeoutMs?: number;
}

/** Gateway answers that mean "try again later": timeouts, throttling. Other 4xx refuse the message for good. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * SMS through an HTTP gateway: one JSON POST per message, with the message's idempotency id as the
 * `Idempotency-Key` header and `messageId` field, so the gateway can drop a repeat. Any 2xx is accepted (a
 * JSON `messageId` in the answer is kept); a 4xx other than 408/425/429 is a PermanentDeliveryError;
 * anything else (5xx, network) is an ordinary error the caller retries.
 */
export function httpSmsSender(settings: SmsGatewaySettings): SmsSender {
  return {
    async send(m: SmsMessage) {
      const res = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
          ...(m.idempotencyId ? { 'idempotency-key': m.idempotencyId } : {}),
        },
        body: JSON.stringify({ to: m.to, text: m.text, sender: m.sender ?? settings.sender, ...(m.idempotencyId ? { messageId: m.idempotencyId } : {}) }),
        signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
      });
      const body = await res.text();
      // The gateway's answer may echo the message; only the status goes into the error.
      if (!res.ok) {
        const message = `SMS gateway answered HTTP ${res.status}`;
        throw res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status) ? new PermanentDeliveryError(message) : new Error(message);
      }
      let messageId = '';
      try {
        messageId = String((JSON.parse(body) as { messageId?: unknown }).messageId ?? '');
      } catch {
        // not JSON: fine, there is just no id
      }
      return { messageId };
    },
  };
}
