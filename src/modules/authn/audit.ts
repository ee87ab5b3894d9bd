import { recordAudit, type AuditEvent, type Kysely } from '../../platform/index.ts';
import type { AuthnDeps } from './deps.ts';

/** Writes an audit record (logins, failures, lockouts, password changes). Never pass secrets in detail. */
export function audit(deps: Pick<AuthnDeps, 'clock'>, db: Kysely<any>, event: AuditEvent): Promise<void> {
  return recordAudit(db, deps.clock, event);
}
