import type { Kysely } from 'kysely';
import { tables } from './tables.ts';

const s = tables;

export interface ServiceKey {
  serviceCode: string;
  serviceEditionCode: number;
}

/** Records that the reportee has an element of the service (once). */
export async function addReporteeService(db: Kysely<any>, reporteePartyId: number, key: ServiceKey): Promise<void> {
  await s(db)
    .insertInto('submissions.reportee_service')
    .values({ reportee_party_id: reporteePartyId, service_code: key.serviceCode, service_edition_code: key.serviceEditionCode })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function selectReporteeServices(db: Kysely<any>, reporteePartyId: number): Promise<ServiceKey[]> {
  const rows = await s(db).selectFrom('submissions.reportee_service').select(['service_code', 'service_edition_code']).where('reportee_party_id', '=', reporteePartyId).execute();
  return rows.map((r) => ({ serviceCode: r.service_code, serviceEditionCode: r.service_edition_code }));
}

export interface MessageBoxQuery {
  reporteePartyId: number;
  /** Services whose work-list elements (FillIn, SignIn) may be shown. */
  workList: ServiceKey[];
  /** Services whose archived elements may be shown. */
  archive: ServiceKey[];
  statuses?: ('FillIn' | 'SignIn' | 'Archive')[];
  fromDate?: Date;
  toDate?: Date;
  archiveReference?: string;
  caseId?: string;
  /** Matches elements of these services, or with this archive reference, case id or shipment reference. */
  text?: { services: ServiceKey[]; value: string };
  /** Keyset: elements strictly older than this (lastChangedAt desc, id desc). */
  after?: { lastChangedAt: Date; id: number };
  limit: number;
}

/** One page of the reportee's elements, newest change first. */
export async function selectMessageBox(db: Kysely<any>, q: MessageBoxQuery) {
  if (q.workList.length === 0 && q.archive.length === 0) return [];
  return s(db)
    .selectFrom('submissions.reportee_element')
    .select(['reportee_element_id', 'service_code', 'service_edition_code', 'service_owner_code', 'status', 'case_id', 'external_shipment_reference', 'created_at', 'last_changed_at', 'archive_reference'])
    .where('reportee_party_id', '=', q.reporteePartyId)
    .where('deleted_at', 'is', null)
    .where((eb) => {
      const inServices = (keys: ServiceKey[]) => eb(eb.refTuple('service_code', 'service_edition_code'), 'in', keys.map((k) => eb.tuple(k.serviceCode, k.serviceEditionCode)));
      const visible = [];
      if (q.workList.length > 0) visible.push(eb.and([eb('status', '<>', 'Archive'), inServices(q.workList)]));
      if (q.archive.length > 0) visible.push(eb.and([eb('status', '=', 'Archive'), inServices(q.archive)]));
      const conditions = [eb.or(visible)];
      if (q.statuses) conditions.push(eb('status', 'in', q.statuses));
      if (q.fromDate) conditions.push(eb('last_changed_at', '>=', q.fromDate));
      if (q.toDate) conditions.push(eb('last_changed_at', '<', q.toDate));
      if (q.archiveReference) conditions.push(eb('archive_reference', '=', q.archiveReference));
      if (q.caseId) conditions.push(eb('case_id', '=', q.caseId));
      if (q.text) {
        const t = q.text;
        conditions.push(
          eb.or([
            ...(t.services.length > 0 ? [inServices(t.services)] : []),
            eb('archive_reference', '=', t.value),
            eb('case_id', '=', t.value),
            eb('external_shipment_reference', '=', t.value),
          ]),
        );
      }
      if (q.after) {
        const a = q.after;
        // A row comparison, so the (reportee, last_changed_at desc, id desc) index seeks straight to the page.
        conditions.push(eb(eb.refTuple('last_changed_at', 'reportee_element_id'), '<', eb.tuple(a.lastChangedAt, a.id)));
      }
      return eb.and(conditions);
    })
    .orderBy('last_changed_at', 'desc')
    .orderBy('reportee_element_id', 'desc')
    .limit(q.limit)
    .execute();
}
