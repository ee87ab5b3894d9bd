export {
  outboxSmsSender,
  outboxMailSender,
  listOutboxMessages,
  type SmsSender,
  type MailSender,
  type SmsMessage,
  type MailMessage,
  type OutboxMessage,
  type OutboxQuery,
} from './messages.ts';
export { messageMigrations } from './migrations.ts';
