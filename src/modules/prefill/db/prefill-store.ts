import type { Selectable } from 'kysely';
import { jsonb, type Kysely } from '../../../platform/index.ts';
import { tables, type AttachmentTable, type FormSetTable, type FormTable } from './tables.ts';

const t = tables;
export type FormSetRow = Selectable<FormSetTable>;
export type AttachmentRow = Selectable<AttachmentTable>;

const SET_COLUMNS = [
  'prefill_id',
  'service_owner_code',
  'service_code',
  'service_edition_code',
  'reportee_party_id',
  'reportee_number',
  'external_shipment_reference',
  'request_sha256',
  'senders_reference',
  'receivers_reference',
  'valid_from',
  'valid_to',
  'identity_fields',
  'case_id',
  'due_at',
  'created_at',
  'instantiated_element_id',
] as const;

export async function insertFormSet(db: Kysely<any>, row: FormSetRow, forms: readonly FormTable[], attachments: readonly Omit<AttachmentTable, 'attachment_id'>[]): Promise<void> {
  await t(db).insertInto('prefill.form_set').values({ ...row, identity_fields: jsonb(row.identity_fields) }).execute();
  if (forms.length > 0) await t(db).insertInto('prefill.form').values([...forms]).execute();
  if (attachments.length > 0) await t(db).insertInto('prefill.attachment').values([...attachments]).execute();
}

export async function selectByShipment(db: Kysely<any>, owner: string, reference: string): Promise<FormSetRow | undefined> {
  return t(db).selectFrom('prefill.form_set').select(SET_COLUMNS).where('service_owner_code', '=', owner).where('external_shipment_reference', '=', reference).executeTakeFirst();
}

export async function selectFormSet(db: Kysely<any>, prefillId: string): Promise<FormSetRow | undefined> {
  return t(db).selectFrom('prefill.form_set').select(SET_COLUMNS).where('prefill_id', '=', prefillId).executeTakeFirst();
}

/** The newest prefilled set of the service valid at `now` for the reportee. */
export async function selectCurrentFormSet(db: Kysely<any>, reporteePartyId: number, serviceCode: string, serviceEditionCode: number, now: Date): Promise<FormSetRow | undefined> {
  return t(db)
    .selectFrom('prefill.form_set')
    .select(SET_COLUMNS)
    .where('reportee_party_id', '=', reporteePartyId)
    .where('service_code', '=', serviceCode)
    .where('service_edition_code', '=', serviceEditionCode)
    .where('valid_from', '<=', now)
    .where('valid_to', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('prefill_id')
    .limit(1)
    .executeTakeFirst();
}

export async function selectForms(db: Kysely<any>, prefillId: string): Promise<Selectable<FormTable>[]> {
  return t(db)
    .selectFrom('prefill.form')
    .select(['prefill_id', 'position', 'data_format_id', 'data_format_version', 'form_data', 'senders_reference', 'signed_by_default', 'signing_locked'])
    .where('prefill_id', '=', prefillId)
    .orderBy('position')
    .execute();
}

export async function selectAttachments(db: Kysely<any>, prefillId: string): Promise<AttachmentRow[]> {
  return t(db)
    .selectFrom('prefill.attachment')
    .select(['attachment_id', 'prefill_id', 'position', 'name', 'file_name', 'attachment_type_name', 'size', 'sha256', 'blob_key', 'senders_reference', 'signed_by_default', 'signing_locked'])
    .where('prefill_id', '=', prefillId)
    .orderBy('position')
    .execute();
}

export async function setInstantiated(db: Kysely<any>, prefillId: string, elementId: number): Promise<void> {
  await t(db).updateTable('prefill.form_set').set({ instantiated_element_id: elementId }).where('prefill_id', '=', prefillId).execute();
}
