import nodemailer from 'nodemailer';
import type { MailMessage, MailSender } from './messages.ts';

export interface SmtpSettings {
  /** smtp://user:password@host:port (STARTTLS when offered) or smtps:// (TLS from the start). */
  url: string;
  /** Default sender, e.g. "Tinn <no-reply@tinn.example>". */
  from: string;
}

/**
 * E-mail over SMTP with a pooled connection (a new connection per mail costs ~100 ms against many
 * servers; a pool does thousands per second). `close()` ends the pool at shutdown.
 */
export function smtpMailSender(settings: SmtpSettings): MailSender {
  const transport = nodemailer.createTransport(settings.url, { pool: true, maxConnections: 5 } as never);
  return {
    async send(m: MailMessage) {
      const info = await transport.sendMail({ from: m.from ?? settings.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
