import type { SmsMessage, SmsSender } from './messages.ts';

export interface SmsGatewaySettings {
  /** The gateway's endpoint; Tinn POSTs JSON `{ to, text, sender }` to it. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token: string | undefined;
  /** Default sender name (at most 11 characters on most networks). */
  sender: string;
  timeoutMs?: number;
}

/**
 * SMS through an HTTP gateway: one JSON POST per message. Any 2xx is accepted (a JSON `messageId` in the
 * answer is kept); anything else is an error, so callers (and later the jobs that send) can retry.
 */
export function httpSmsSender(settings: SmsGatewaySettings): SmsSender {
  return {
    async send(m: SmsMessage) {
      const res = await fetch(settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}) },
        body: JSON.stringify({ to: m.to, text: m.text, sender: m.sender ?? settings.sender }),
        signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
      });
      const body = await res.text();
      // The gateway's answer may echo the message; only the status goes into the error.
      if (!res.ok) throw new Error(`SMS gateway answered HTTP ${res.status}`);
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
