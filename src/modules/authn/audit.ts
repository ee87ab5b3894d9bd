import type { Kysely } from '../../platform/index.ts';
import { insertAuditEvent, type AuditEvent } from './db/audit-store.ts';
import type { AuthnDeps } from './deps.ts';

/** Writes an audit record (logins, failures, lockouts, password changes). Never pass secrets in detail. */
export function audit(deps: Pick<AuthnDeps, 'clock'>, db: Kysely<any>, event: AuditEvent): Promise<void> {
  return insertAuditEvent(db, deps.clock.now(), event);
}
