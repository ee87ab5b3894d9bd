import type { Kysely } from 'kysely';
import { jsonb } from '../../../platform/index.ts';
import type { AuthnDatabase } from './tables.ts';

export interface AuditEvent {
  event: string;
  outcome: 'success' | 'failure';
  partyId: number | null;
  /** Never secrets: no passwords, codes or tokens. */
  detail?: Record<string, unknown>;
}

export async function insertAuditEvent(db: Kysely<any>, at: Date, e: AuditEvent): Promise<void> {
  await (db as Kysely<AuthnDatabase>)
    .insertInto('authn.audit_event')
    .values({ at, event: e.event, outcome: e.outcome, party_id: e.partyId, detail: jsonb(e.detail ?? {}) })
    .execute();
}

export async function selectAuditEvents(db: Kysely<any>, partyId: number) {
  return (db as Kysely<AuthnDatabase>)
    .selectFrom('authn.audit_event')
    .select(['at', 'event', 'outcome', 'detail'])
    .where('party_id', '=', partyId)
    .orderBy('id')
    .execute();
}
