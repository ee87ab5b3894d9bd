export {
  outboxSmsSender,
  outboxMailSender,
  outboxLetterSender,
  PermanentDeliveryError,
  listOutboxMessages,
  type SmsSender,
  type MailSender,
  type LetterSender,
  type LetterMessage,
  type MessageChannel,
  type SmsMessage,
  type MailMessage,
  type OutboxMessage,
  type OutboxQuery,
} from './messages.ts';
export { messageMigrations } from './migrations.ts';
export { smtpMailSender, type SmtpSettings } from './smtp.ts';
export { httpSmsSender, type SmsGatewaySettings } from './sms-gateway.ts';
