import { AppError, type Actor } from '../../platform/index.ts';
import type { Reportee } from '../authz/index.ts';
import type { Names, ServiceEdition } from '../catalog/index.ts';
import { selectMessageBox, selectReporteeServices, type ServiceKey } from './db/message-box-store.ts';
import type { SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';

export type ElementStatus = 'FillIn' | 'SignIn' | 'Archive';

/** Altinn II's message-box search (ExternalSearchBEV2), as far as form tasks go. */
export interface MessageBoxFilter {
  fromDate?: Date;
  toDate?: Date;
  serviceCodes?: string[];
  serviceOwnerCode?: string;
  status?: ElementStatus[];
  /** Only the work list (FillIn, SignIn). */
  toBeProcessed?: boolean;
  /** Only archived elements: archived form tasks and archived correspondence. */
  sentAndArchived?: boolean;
  archiveReference?: string;
  caseId?: string;
  /** In the service's name (any language), or exactly an archive reference, case id or shipment reference. */
  text?: string;
  /** Only elements of these kinds (default both). */
  types?: ('FormTask' | 'Correspondence')[];
  cursor?: string;
  limit?: number;
}

/** One element of the message box (ReporteeElementBEV2). */
export interface MessageBoxItem {
  reporteeElementId: number;
  reporteeElementType: 'FormTask';
  status: ElementStatus;
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  title: Names;
  archiveReference: string | null;
  caseId: string | null;
  externalShipmentReference: string | null;
  createdAt: Date;
  lastChangedAt: Date;
  lastChangeType: 'Saved' | 'Archived';
}

/**
 * A correspondence as a line of the message box. The correspondence module owns it and sits on the same
 * layer, so it arrives through `MessageBoxSource`, which the composition root wires.
 */
export interface CorrespondenceItem {
  reporteeElementId: number;
  reporteeElementType: 'Correspondence';
  state: 'Unread' | 'Read' | 'Confirmed' | 'Archived' | 'Reserved';
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

/** Where correspondence for the message box comes from: newest change first, strictly before `after`. */
export interface MessageBoxSource {
  list(
    actor: Actor,
    reportee: Reportee,
    filter: {
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
    },
  ): Promise<CorrespondenceItem[]>;
}

export const MAX_PAGE = 200;

function encodeCursor(item: { last_changed_at: Date; reportee_element_id: number }): string {
  return Buffer.from(JSON.stringify([item.last_changed_at.toISOString(), item.reportee_element_id])).toString('base64url');
}

function decodeCursor(cursor: string): { lastChangedAt: Date; id: number } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number];
    const lastChangedAt = new Date(at);
    if (Number.isNaN(lastChangedAt.getTime()) || !Number.isInteger(id)) throw new Error('bad cursor');
    return { lastChangedAt, id };
  } catch {
    throw new AppError(SubmissionProblems.invalidCursor);
  }
}

/**
 * The reportee's message box: form tasks in the work list and the archive, newest change first, one page
 * at a time (keyset cursor). Only what the actor may see: work-list elements of services it may Read,
 * archived ones of services it may ArchiveRead (authz asked once per service the reportee has elements of,
 * without audit events: this filters, it does not act).
 */
export async function listMessageBox(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, filter: MessageBoxFilter): Promise<{ items: (MessageBoxItem | CorrespondenceItem)[]; nextCursor: string | null }> {
  const reportee = await deps.authz.resolveReportee(actor, reporteeRef);
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_PAGE);
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  if (filter.fromDate && filter.toDate && filter.fromDate > filter.toDate) throw new AppError(SubmissionProblems.invalidDateRange);

  const editions = new Map<string, ServiceEdition>();
  const workList: ServiceKey[] = [];
  const archive: ServiceKey[] = [];
  for (const key of await selectReporteeServices(deps.db, reportee.partyId)) {
    if (filter.serviceCodes && !filter.serviceCodes.includes(key.serviceCode)) continue;
    const edition = await deps.catalog.uncheckedGetServiceEdition(key.serviceCode, key.serviceEditionCode);
    if (filter.serviceOwnerCode && edition.serviceOwnerCode !== filter.serviceOwnerCode) continue;
    editions.set(`${key.serviceCode}/${key.serviceEditionCode}`, edition);
    const may = async (operation: 'Read' | 'ArchiveRead') =>
      (await deps.authz.decide(actor, { reportee, serviceCode: key.serviceCode, serviceEditionCode: key.serviceEditionCode, operation, auditDenial: false })).decision === 'Permit';
    if (!filter.sentAndArchived && (await may('Read'))) workList.push(key);
    if (!filter.toBeProcessed && (await may('ArchiveRead'))) archive.push(key);
  }
  const text = filter.text?.trim();
  const needle = text?.toLowerCase();
  const wantsFormTasks = !filter.types || filter.types.includes('FormTask');
  // Status and work-list filters are about form tasks: correspondence is left out with them. The archive
  // holds both: archived form tasks and the correspondence the reportee archived.
  const wantsCorrespondence = (!filter.types || filter.types.includes('Correspondence')) && !filter.status && !filter.toBeProcessed;
  const rows = !wantsFormTasks ? [] : await selectMessageBox(deps.db, {
    reporteePartyId: reportee.partyId,
    workList,
    archive,
    ...(filter.status ? { statuses: filter.status } : {}),
    ...(filter.fromDate ? { fromDate: filter.fromDate } : {}),
    ...(filter.toDate ? { toDate: filter.toDate } : {}),
    ...(filter.archiveReference ? { archiveReference: filter.archiveReference } : {}),
    ...(filter.caseId ? { caseId: filter.caseId } : {}),
    ...(text
      ? {
          text: {
            value: text,
            services: [...editions.values()].filter((e) => Object.values(e.name).some((n) => n.toLowerCase().includes(needle!))).map((e) => ({ serviceCode: e.serviceCode, serviceEditionCode: e.serviceEditionCode })),
          },
        }
      : {}),
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  const formTasks: MessageBoxItem[] = rows.map((r) => ({
    reporteeElementId: r.reportee_element_id,
    reporteeElementType: 'FormTask',
    status: r.status as ElementStatus,
    serviceCode: r.service_code,
    serviceEditionCode: r.service_edition_code,
    serviceOwnerCode: r.service_owner_code,
    title: editions.get(`${r.service_code}/${r.service_edition_code}`)!.name,
    archiveReference: r.archive_reference,
    caseId: r.case_id,
    externalShipmentReference: r.external_shipment_reference,
    createdAt: r.created_at,
    lastChangedAt: r.last_changed_at,
    lastChangeType: r.status === 'Archive' ? 'Archived' : 'Saved',
  }));
  const correspondence =
    wantsCorrespondence && deps.messageBoxSource
      ? await deps.messageBoxSource.list(actor, reportee, {
          fromDate: filter.fromDate,
          toDate: filter.toDate,
          serviceCodes: filter.serviceCodes,
          serviceOwnerCode: filter.serviceOwnerCode,
          archiveReference: filter.archiveReference,
          caseId: filter.caseId,
          text,
          archivedOnly: filter.sentAndArchived === true,
          after: after ? { lastChangedAt: after.lastChangedAt, id: after.id } : undefined,
          limit: limit + 1,
        })
      : [];
  // Both lists are ordered by (last change, id) descending, and ids come from one series: merging them
  // gives one order, and the cursor of the last item shown continues both.
  const merged = [...formTasks, ...correspondence].sort((a, b) => b.lastChangedAt.getTime() - a.lastChangedAt.getTime() || b.reporteeElementId - a.reporteeElementId);
  const page = merged.slice(0, limit);
  return {
    items: page,
    nextCursor: merged.length > limit ? encodeCursor({ last_changed_at: page.at(-1)!.lastChangedAt, reportee_element_id: page.at(-1)!.reporteeElementId }) : null,
  };
}
