import type { Actor } from '../../platform/index.ts';
import type { Reportee } from '../authz/index.ts';
import { stateOf } from './access.ts';
import type { CorrespondenceState } from './correspondence.ts';
import { selectBox, selectBoxServices } from './db/correspondence-store.ts';
import type { CorrespondenceDeps } from './deps.ts';

/** A correspondence as a line of the message box. */
export interface CorrespondenceBoxItem {
  reporteeElementId: number;
  reporteeElementType: 'Correspondence';
  state: CorrespondenceState;
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  title: string;
  sender: string | null;
  archiveReference: string | null;
  caseId: string | null;
  externalShipmentReference: string;
  isConfirmationNeeded: boolean;
  dueDateTime: Date | null;
  createdAt: Date;
  lastChangedAt: Date;
}

export interface BoxFilter {
  fromDate?: Date | undefined;
  toDate?: Date | undefined;
  serviceCodes?: string[] | undefined;
  serviceOwnerCode?: string | undefined;
  archiveReference?: string | undefined;
  caseId?: string | undefined;
  text?: string | undefined;
  /** Only correspondence the reportee has archived. */
  archivedOnly?: boolean | undefined;
  after?: { lastChangedAt: Date; id: number } | undefined;
  limit: number;
}

/**
 * The reportee's delivered correspondence the actor may Read (authz asked once per service, without
 * audit: this filters), newest change first — the message box merges it with form tasks.
 */
export async function listCorrespondenceBox(deps: CorrespondenceDeps, actor: Actor, reportee: Reportee, filter: BoxFilter): Promise<CorrespondenceBoxItem[]> {
  const services = [];
  for (const key of await selectBoxServices(deps.db, reportee.partyId)) {
    if (filter.serviceCodes && !filter.serviceCodes.includes(key.serviceCode)) continue;
    if (filter.serviceOwnerCode && (await deps.catalog.uncheckedFindServiceEdition(key.serviceCode, key.serviceEditionCode))?.serviceOwnerCode !== filter.serviceOwnerCode) continue;
    const decision = await deps.authz.decide(actor, { reportee, serviceCode: key.serviceCode, serviceEditionCode: key.serviceEditionCode, operation: 'Read', auditDenial: false });
    if (decision.decision === 'Permit') services.push(key);
  }
  const { serviceCodes: _codes, serviceOwnerCode: _owner, ...query } = filter;
  const rows = await selectBox(deps.db, { reporteePartyId: reportee.partyId, services, now: deps.clock.now(), ...query, text: filter.text?.trim() || undefined });
  return rows.map((r) => ({
      reporteeElementId: r.correspondence_id,
      reporteeElementType: 'Correspondence',
      state: stateOf(r),
      serviceCode: r.service_code,
      serviceEditionCode: r.service_edition_code,
      serviceOwnerCode: r.service_owner_code,
      title: r.title,
      sender: r.message_sender,
      archiveReference: r.archive_reference,
      caseId: r.case_id,
      externalShipmentReference: r.external_shipment_reference,
      isConfirmationNeeded: r.is_confirmation_needed,
      dueDateTime: r.due_at,
      createdAt: r.visible_at,
      lastChangedAt: r.last_changed_at,
  }));
}
