import { sql, type Selectable } from 'kysely';
import { jsonb, type Kysely, type StagedPart } from '../../../platform/index.ts';
import type { FileStatus, ListStatus } from '../broker-file.ts';
import { tables as t, type FileEventTable, type FileTable, type RecipientTable, type ShipmentReceiptTable } from './tables.ts';

export type FileRow = Selectable<FileTable>;
export type RecipientRow = Selectable<RecipientTable>;
export type FileEventRow = Selectable<FileEventTable>;

const FILE_COLUMNS = [
  'file_reference',
  'service_code',
  'service_edition_code',
  'service_owner_code',
  'sender_party_id',
  'senders_reference',
  'file_name',
  'properties',
  'checksum_algorithm',
  'declared_checksum',
  'checksum',
  'status',
  'changed_at',
  'size',
  'received',
  'upload_id',
  'parts',
  'blob_key',
  'failure',
  'created_by',
  'created_at',
  'published_at',
  'expires_at',
  'purged_at',
] as const;
const RECIPIENT_COLUMNS = ['file_reference', 'party_id', 'reportee_number', 'position', 'status', 'last_downloaded_at', 'confirmed_at', 'confirmed_by'] as const;

// bigint arrives as a number from pg (Tinn's type parser) and as a number or bigint from PGlite.
const fileRow = (r: FileRow): FileRow => ({ ...r, size: r.size === null ? null : Number(r.size), received: Number(r.received) });

export async function insertFile(db: Kysely<any>, row: FileRow, recipients: readonly RecipientRow[]): Promise<void> {
  await t(db)
    .insertInto('broker.file')
    .values({ ...row, properties: jsonb(row.properties), parts: jsonb(row.parts) })
    .execute();
  await t(db).insertInto('broker.recipient').values([...recipients]).execute();
}

export async function selectFile(db: Kysely<any>, fileReference: string, forUpdate = false): Promise<FileRow | undefined> {
  let q = t(db).selectFrom('broker.file').select(FILE_COLUMNS).where('file_reference', '=', fileReference);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && fileRow(row);
}

export async function selectRecipients(db: Kysely<any>, fileReferences: readonly string[]): Promise<RecipientRow[]> {
  if (fileReferences.length === 0) return [];
  return t(db).selectFrom('broker.recipient').select(RECIPIENT_COLUMNS).where('file_reference', 'in', [...fileReferences]).orderBy('file_reference').orderBy('position').execute();
}

export type FileChange = Partial<Pick<FileRow, 'status' | 'changed_at' | 'size' | 'received' | 'upload_id' | 'checksum' | 'failure' | 'published_at' | 'purged_at'>> & { parts?: StagedPart[] };

/** Changes a file; with `onlyIf`, only while it still stands as given (false when it did not). */
export async function updateFile(db: Kysely<any>, fileReference: string, change: FileChange, onlyIf: { status?: readonly FileStatus[]; received?: number; uploadIdIsNull?: boolean } = {}): Promise<boolean> {
  let q = t(db)
    .updateTable('broker.file')
    .set({ ...change, ...(change.parts ? { parts: jsonb(change.parts) } : {}) })
    .where('file_reference', '=', fileReference);
  if (onlyIf.status) q = q.where('status', 'in', [...onlyIf.status]);
  if (onlyIf.received !== undefined) q = q.where('received', '=', onlyIf.received);
  if (onlyIf.uploadIdIsNull) q = q.where('upload_id', 'is', null);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updateRecipients(db: Kysely<any>, fileReference: string, change: Partial<Pick<RecipientRow, 'status' | 'last_downloaded_at' | 'confirmed_at' | 'confirmed_by'>>, partyId?: number): Promise<void> {
  let q = t(db).updateTable('broker.recipient').set(change).where('file_reference', '=', fileReference);
  if (partyId !== undefined) q = q.where('party_id', '=', partyId);
  await q.execute();
}

export async function insertEvent(db: Kysely<any>, event: Omit<FileEventRow, 'id'>): Promise<void> {
  await t(db).insertInto('broker.file_event').values(event).execute();
}

export async function selectEvents(db: Kysely<any>, fileReference: string): Promise<FileEventRow[]> {
  return t(db).selectFrom('broker.file_event').select(['id', 'file_reference', 'at', 'event', 'recipient_party_id', 'detail']).where('file_reference', '=', fileReference).orderBy('id').execute();
}

export interface FileQuery {
  partyId: number;
  serviceCode?: string | undefined;
  serviceEditionCode?: number | undefined;
  status?: ListStatus | undefined;
  minSentDateTime?: Date | undefined;
  maxSentDateTime?: Date | undefined;
  limit: number;
}

/**
 * Files the party sent, and files published to it (never one before publication), newest first, each with
 * the party's side. Status Downloaded means the party confirmed as a recipient.
 */
export async function selectFilesOfParty(db: Kysely<any>, q: FileQuery): Promise<{ row: FileRow; side: 'sender' | 'recipient' }[]> {
  const filters = (b: any) => {
    let x = b;
    if (q.serviceCode !== undefined) x = x.where('f.service_code', '=', q.serviceCode);
    if (q.serviceEditionCode !== undefined) x = x.where('f.service_edition_code', '=', q.serviceEditionCode);
    if (q.minSentDateTime) x = x.where('f.created_at', '>=', q.minSentDateTime);
    if (q.maxSentDateTime) x = x.where('f.created_at', '<=', q.maxSentDateTime);
    return x;
  };
  const columns = FILE_COLUMNS.map((c) => `f.${c}` as const);
  let sent = filters(t(db).selectFrom('broker.file as f').select([...columns, sql<'sender'>`'sender'`.as('side')]).where('f.sender_party_id', '=', q.partyId));
  let received = filters(
    t(db)
      .selectFrom('broker.file as f')
      .innerJoin('broker.recipient as r', 'r.file_reference', 'f.file_reference')
      .select([...columns, sql<'recipient'>`'recipient'`.as('side')])
      .where('r.party_id', '=', q.partyId)
      .where('f.published_at', 'is not', null),
  );
  if (q.status === 'Downloaded') {
    sent = sent.where(sql<boolean>`false`);
    received = received.where('r.status', '=', 'Downloaded');
  } else if (q.status === 'Published') {
    sent = sent.where('f.status', '=', 'Published');
    received = received.where('f.status', '=', 'Published').where('r.status', '!=', 'Downloaded');
  } else if (q.status) {
    sent = sent.where('f.status', '=', q.status);
    received = received.where('f.status', '=', q.status);
  }
  const rows = await sent.unionAll(received).orderBy('created_at', 'desc').orderBy('file_reference').limit(q.limit).execute();
  return rows.map((r: FileRow & { side: 'sender' | 'recipient' }) => {
    const { side, ...row } = r;
    return { row: fileRow(row), side };
  });
}

/** Files whose time is up and that still hold content or an upload. */
export async function selectExpired(db: Kysely<any>, now: Date, limit: number): Promise<string[]> {
  const rows = await t(db).selectFrom('broker.file').select('file_reference').where('expires_at', '<=', now).where('purged_at', 'is', null).orderBy('expires_at').limit(limit).execute();
  return rows.map((r) => r.file_reference);
}

/** Uploads whose last byte was committed before `before` but that were never published (their process ended between the two). */
export async function selectUnfinished(db: Kysely<any>, before: Date, limit: number): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('broker.file')
    .select('file_reference')
    .where('status', '=', 'Uploading')
    .whereRef('received', '=', 'size')
    .where('changed_at', '<', before)
    .limit(limit)
    .execute();
  return rows.map((r) => r.file_reference);
}

export type ShipmentReceiptRow = Selectable<ShipmentReceiptTable>;
const RECEIPT_COLUMNS = ['account', 'archive_name', 'created_at', 'result', 'file_reference', 'code', 'message', 'errors'] as const;

/** Writes (or replaces: the same archive name sent again) an account's shipment receipt. */
export async function upsertShipmentReceipt(db: Kysely<any>, row: ShipmentReceiptRow): Promise<void> {
  const values = { ...row, errors: jsonb(row.errors) };
  await t(db)
    .insertInto('broker.shipment_receipt')
    .values(values)
    .onConflict((oc) => oc.columns(['account', 'archive_name']).doUpdateSet({ created_at: row.created_at, result: row.result, file_reference: row.file_reference, code: row.code, message: row.message, errors: values.errors }))
    .execute();
}

export async function selectShipmentReceipts(db: Kysely<any>, account: string): Promise<ShipmentReceiptRow[]> {
  return t(db).selectFrom('broker.shipment_receipt').select(RECEIPT_COLUMNS).where('account', '=', account).orderBy('created_at').orderBy('archive_name').limit(10_000).execute();
}

export async function deleteShipmentReceipt(db: Kysely<any>, account: string, archiveName: string): Promise<boolean> {
  const result = await t(db).deleteFrom('broker.shipment_receipt').where('account', '=', account).where('archive_name', '=', archiveName).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
