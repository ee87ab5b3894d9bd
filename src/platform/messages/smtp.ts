import nodemailer from 'nodemailer';
import { PermanentDeliveryError, type MailMessage, type MailSender } from './messages.ts';

export interface SmtpSettings {
  /** smtp://user:password@host:port (STARTTLS when offered) or smtps:// (TLS from the start). */
  url: string;
  /** Default sender, e.g. "Tinn <no-reply@tinn.example>". */
  from: string;
}

/** The part of a nodemailer error we read: the SMTP reply code and which step failed. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
}

/**
 * E-mail over SMTP with a pooled connection (a new connection per mail costs ~100 ms against many
 * servers; a pool does thousands per second). `close()` ends the pool at shutdown. The idempotency id
 * becomes the Message-ID, the same on every attempt. A 5xx reply to the envelope or the message (unknown
 * mailbox, rejected content) is a PermanentDeliveryError; the server's own words stay out of it.
 */
export function smtpMailSender(settings: SmtpSettings): MailSender {
  // The options object with `url`: given as a second argument, pool settings would be taken as message
  // defaults and every mail would open its own connection (found by the notifications benchmark).
  const transport = nodemailer.createTransport({ url: settings.url, pool: true, maxConnections: 5 });
  return {
    async send(m: MailMessage) {
      try {
        const info = await transport.sendMail({
          from: m.from ?? settings.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          ...(m.idempotencyId ? { messageId: `<${m.idempotencyId}@tinn>` } : {}),
        });
        return { messageId: String(info.messageId) };
      } catch (err) {
        const failure = err as SmtpFailure;
        if ((failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE') && failure.responseCode !== undefined && failure.responseCode >= 500) {
          throw new PermanentDeliveryError(`SMTP server refused the message (${failure.responseCode})`);
        }
        throw err;
      }
    },
    close: () => transport.close(),
  };
}
