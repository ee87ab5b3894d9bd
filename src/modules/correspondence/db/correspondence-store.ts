import { jsonb, type Kysely } from '../../../platform/index.ts';
import type { StatusType } from '../correspondence.ts';
import { sql, type Selectable } from 'kysely';
import { tables, type AttachmentTable, type CorrespondenceTable } from './tables.ts';

const t = tables;

export type CorrespondenceRow = Selectable<CorrespondenceTable>;
export type NewCorrespondenceRow = Omit<CorrespondenceRow, 'correspondence_id'>;
export type AttachmentRow = Selectable<AttachmentTable>;

const COLUMNS = [
  'correspondence_id',
  'reportee_party_id',
  'reportee_number',
  'service_code',
  'service_edition_code',
  'service_owner_code',
  'sent_by',
  'external_shipment_reference',
  'request_sha256',
  'language',
  'title',
  'summary',
  'body',
  'custom_message_data',
  'message_sender',
  'reply_options',
  'archive_reference',
  'case_id',
  'allow_forwarding',
  'is_reservable',
  'is_confirmation_needed',
  'visible_at',
  'due_at',
  'allow_system_delete_at',
  'created_at',
  'last_changed_at',
  'reserved',
  'read_at',
  'read_by_party_id',
  'read_level',
  'confirmed_at',
  'confirmed_by_party_id',
  'archived_at',
  'deleted_at',
] as const;

/** Writes a correspondence; its id comes from the platform's element series. */
export async function insertCorrespondence(db: Kysely<any>, row: NewCorrespondenceRow): Promise<number> {
  const inserted = await t(db)
    .insertInto('correspondence.correspondence')
    .values({ ...row, reply_options: jsonb(row.reply_options) })
    .returning('correspondence_id')
    .executeTakeFirstOrThrow();
  return inserted.correspondence_id;
}

export async function insertAttachments(db: Kysely<any>, rows: readonly Omit<AttachmentRow, 'attachment_id'>[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await t(db).insertInto('correspondence.attachment').values([...rows]).returning('attachment_id').execute();
  return inserted.map((r) => r.attachment_id);
}

export async function insertStatusChange(db: Kysely<any>, correspondenceId: number, status: StatusType, at: Date, byPartyId: number | null): Promise<void> {
  await t(db).insertInto('correspondence.status_change').values({ correspondence_id: correspondenceId, status, changed_at: at, changed_by_party_id: byPartyId }).execute();
}

export async function insertNotificationLinks(db: Kysely<any>, correspondenceId: number, notificationIds: readonly string[]): Promise<void> {
  if (notificationIds.length === 0) return;
  await t(db)
    .insertInto('correspondence.notification_link')
    .values(notificationIds.map((notification_id) => ({ correspondence_id: correspondenceId, notification_id })))
    .execute();
}

export async function selectCorrespondence(db: Kysely<any>, id: number, forUpdate = false): Promise<CorrespondenceRow | undefined> {
  let q = t(db).selectFrom('correspondence.correspondence').select(COLUMNS).where('correspondence_id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function selectByShipment(db: Kysely<any>, owner: string, externalShipmentReference: string): Promise<CorrespondenceRow | undefined> {
  return t(db)
    .selectFrom('correspondence.correspondence')
    .select(COLUMNS)
    .where('service_owner_code', '=', owner)
    .where('external_shipment_reference', '=', externalShipmentReference)
    .executeTakeFirst();
}

export async function selectAttachments(db: Kysely<any>, correspondenceId: number): Promise<AttachmentRow[]> {
  return t(db)
    .selectFrom('correspondence.attachment')
    .select(['attachment_id', 'correspondence_id', 'position', 'name', 'file_name', 'size', 'sha256', 'blob_key', 'senders_reference'])
    .where('correspondence_id', '=', correspondenceId)
    .orderBy('position')
    .execute();
}

/** Sets what changed and moves the correspondence up the box. */
export async function updateCorrespondence(
  db: Kysely<any>,
  id: number,
  change: Partial<Pick<CorrespondenceRow, 'read_at' | 'read_by_party_id' | 'read_level' | 'confirmed_at' | 'confirmed_by_party_id' | 'archived_at' | 'deleted_at'>>,
  now: Date,
): Promise<void> {
  await t(db)
    .updateTable('correspondence.correspondence')
    .set({ ...change, last_changed_at: now })
    .where('correspondence_id', '=', id)
    .execute();
}

export interface BoxQuery {
  reporteePartyId: number;
  /** Services whose correspondence the actor may Read. */
  services: { serviceCode: string; serviceEditionCode: number }[];
  now: Date;
  fromDate?: Date | undefined;
  toDate?: Date | undefined;
  archiveReference?: string | undefined;
  caseId?: string | undefined;
  /** In the title, or exactly the case id, archive reference or shipment reference. */
  text?: string | undefined;
  /** Only what the reportee archived. */
  archivedOnly?: boolean | undefined;
  after?: { lastChangedAt: Date; id: number } | undefined;
  limit: number;
}

/** A page of the reportee's delivered correspondence (visible, not reserved, not deleted), newest change first. */
export async function selectBox(db: Kysely<any>, q: BoxQuery): Promise<CorrespondenceRow[]> {
  if (q.services.length === 0) return [];
  return t(db)
    .selectFrom('correspondence.correspondence')
    .select(COLUMNS)
    .where('reportee_party_id', '=', q.reporteePartyId)
    .where('deleted_at', 'is', null)
    .where('reserved', '=', false)
    .where('visible_at', '<=', q.now)
    .where((eb) => {
      const conditions = [eb(eb.refTuple('service_code', 'service_edition_code'), 'in', q.services.map((k) => eb.tuple(k.serviceCode, k.serviceEditionCode)))];
      if (q.fromDate) conditions.push(eb('last_changed_at', '>=', q.fromDate));
      if (q.toDate) conditions.push(eb('last_changed_at', '<', q.toDate));
      if (q.archiveReference) conditions.push(eb('archive_reference', '=', q.archiveReference));
      if (q.caseId) conditions.push(eb('case_id', '=', q.caseId));
      if (q.archivedOnly) conditions.push(eb('archived_at', 'is not', null));
      if (q.text) {
        const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conditions.push(eb.or([eb('title', 'ilike', like), eb('case_id', '=', q.text), eb('archive_reference', '=', q.text), eb('external_shipment_reference', '=', q.text)]));
      }
      if (q.after) conditions.push(eb(eb.refTuple('last_changed_at', 'correspondence_id'), '<', eb.tuple(q.after.lastChangedAt, q.after.id)));
      return eb.and(conditions);
    })
    .orderBy('last_changed_at', 'desc')
    .orderBy('correspondence_id', 'desc')
    .limit(q.limit)
    .execute();
}

/** The services a reportee has correspondence of (for asking authz once per service). */
export async function selectBoxServices(db: Kysely<any>, reporteePartyId: number): Promise<{ serviceCode: string; serviceEditionCode: number }[]> {
  const rows = await t(db)
    .selectFrom('correspondence.correspondence')
    .select(['service_code', 'service_edition_code'])
    .distinct()
    .where('reportee_party_id', '=', reporteePartyId)
    .where('deleted_at', 'is', null)
    .where('reserved', '=', false)
    .execute();
  return rows.map((r) => ({ serviceCode: r.service_code, serviceEditionCode: r.service_edition_code }));
}

export interface StatusQuery {
  owner: string;
  serviceCode: string;
  serviceEditionCode: number;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  reporteeNumber?: string | undefined;
  sendersReference?: string | undefined;
  /** Only correspondence whose latest status is this one. */
  currentStatus?: string | undefined;
  limit: number;
}

/** Progression of statuses, to order changes recorded at the same instant. */
const STATUS_ORDER = sql.raw(`array['Created', 'Reserved', 'Read', 'Confirmed', 'Archived', 'DeletedByUser']`);

/** The owner's correspondence of one service, oldest first. */
export async function selectForStatus(db: Kysely<any>, q: StatusQuery): Promise<CorrespondenceRow[]> {
  let query = t(db)
    .selectFrom('correspondence.correspondence')
    .select(COLUMNS)
    .where('service_owner_code', '=', q.owner)
    .where('service_code', '=', q.serviceCode)
    .where('service_edition_code', '=', q.serviceEditionCode);
  if (q.createdAfter) query = query.where('created_at', '>=', q.createdAfter);
  if (q.createdBefore) query = query.where('created_at', '<', q.createdBefore);
  if (q.reporteeNumber) query = query.where('reportee_number', '=', q.reporteeNumber);
  if (q.sendersReference) query = query.where('external_shipment_reference', '=', q.sendersReference);
  if (q.currentStatus) {
    query = query.where(
      sql<string>`(select s.status from correspondence.status_change s where s.correspondence_id = correspondence.correspondence.correspondence_id
        order by s.changed_at desc, array_position(${STATUS_ORDER}, s.status) desc limit 1)`,
      '=',
      q.currentStatus,
    );
  }
  return query.orderBy('created_at').orderBy('correspondence_id').limit(q.limit).execute();
}

export async function selectStatusChanges(db: Kysely<any>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return t(db).selectFrom('correspondence.status_change').select(['correspondence_id', 'status', 'changed_at']).where('correspondence_id', 'in', ids).orderBy('changed_at').execute();
}

export async function selectNotificationLinks(db: Kysely<any>, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return t(db).selectFrom('correspondence.notification_link').select(['correspondence_id', 'notification_id']).where('correspondence_id', 'in', ids).execute();
}
