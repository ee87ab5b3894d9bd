export { recordAudit, listAuditEvents, type AuditEvent } from './audit.ts';
export { auditMigrations } from './migrations.ts';
