import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { jsonb } from '../db/index.ts';

/** One security-relevant event: logins, failures, lockouts, password changes, system registrations. */
export interface AuditEvent {
  /** Dotted name, e.g. `login.password`, `system.register`. */
  event: string;
  outcome: 'success' | 'failure';
  /** The party the event is about (the person logging in, the reportee a system is registered on). */
  partyId: number | null;
  /** Never secrets: no passwords, codes, keys or tokens. */
  detail?: Record<string, unknown>;
}

interface AuditTable {
  id: number;
  at: Date;
  event: string;
  outcome: 'success' | 'failure';
  party_id: number | null;
  detail: unknown;
}

const t = (db: Kysely<any>) => db as Kysely<{ 'platform.audit_event': AuditTable }>;

/** Writes an audit record in `db` (the use case's transaction when the event belongs with its writes). */
export async function recordAudit(db: Kysely<any>, clock: Clock, e: AuditEvent): Promise<void> {
  await t(db)
    .insertInto('platform.audit_event')
    .values({ at: clock.now(), event: e.event, outcome: e.outcome, party_id: e.partyId, detail: jsonb(e.detail ?? {}) } as never)
    .execute();
}

/** Audit records about a party, oldest first; callers check access. */
export async function listAuditEvents(db: Kysely<any>, partyId: number): Promise<{ at: Date; event: string; outcome: 'success' | 'failure'; detail: Record<string, unknown> }[]> {
  const rows = await t(db).selectFrom('platform.audit_event').select(['at', 'event', 'outcome', 'detail']).where('party_id', '=', partyId).orderBy('id').execute();
  return rows.map((r) => ({ at: r.at, event: r.event, outcome: r.outcome, detail: r.detail as Record<string, unknown> }));
}
