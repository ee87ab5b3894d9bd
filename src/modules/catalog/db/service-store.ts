import { sql, type ColumnType, type Kysely, type Selectable } from 'kysely';
import { jsonb } from '../../../platform/index.ts';
import type { ServiceState, StoredDefinition } from '../service-edition.ts';

type Json<T> = ColumnType<T, unknown, unknown>;

interface ServiceEditionTable {
  service_code: string;
  service_edition_code: number;
  service_owner_code: string;
  service_type: string;
  state: ServiceState;
  valid_from: Date;
  valid_to: Date | null;
  definition: Json<StoredDefinition>;
  content_sha256: string;
  created_at: Date;
  updated_at: Date;
  production_at: Date | null;
}

interface DataFormatTable {
  data_format_id: string;
  data_format_version: number;
  service_owner_code: string;
  main_file: string;
  files: Json<Record<string, string>>;
  schema_sha256: string;
  target_namespace: string;
  root_elements: Json<string[]>;
  created_at: Date;
  updated_at: Date;
}

interface ServiceFormTable {
  service_code: string;
  service_edition_code: number;
  data_format_id: string;
  data_format_version: number;
  position: number;
}

interface Tables {
  'catalog.service_edition': ServiceEditionTable;
  'catalog.data_format': DataFormatTable;
  'catalog.service_form': ServiceFormTable;
}

const c = (db: Kysely<any>) => db as Kysely<Tables>;

export type ServiceEditionRow = Selectable<ServiceEditionTable>;
export type DataFormatRow = Selectable<DataFormatTable>;
export type DataFormatInfoRow = Omit<DataFormatRow, 'files' | 'created_at' | 'updated_at'> & { file_names: string[] };

const EDITION_COLUMNS = [
  'service_code',
  'service_edition_code',
  'service_owner_code',
  'service_type',
  'state',
  'valid_from',
  'valid_to',
  'definition',
  'content_sha256',
  'created_at',
  'updated_at',
  'production_at',
] as const;

/** Serialises deployments of one service code until the transaction ends (first deploy claims the code). */
export async function lockServiceCode(trx: Kysely<any>, serviceCode: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`catalog.service:${serviceCode}`}))`.execute(trx);
}

/** Serialises deployments touching one data format id. */
export async function lockDataFormat(trx: Kysely<any>, dataFormatId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`catalog.data-format:${dataFormatId}`}))`.execute(trx);
}

export async function selectServiceCodeOwner(db: Kysely<any>, serviceCode: string): Promise<string | undefined> {
  const row = await c(db).selectFrom('catalog.service_edition').select('service_owner_code').where('service_code', '=', serviceCode).limit(1).executeTakeFirst();
  return row?.service_owner_code;
}

export async function selectEdition(db: Kysely<any>, serviceCode: string, editionCode: number): Promise<ServiceEditionRow | undefined> {
  return c(db).selectFrom('catalog.service_edition').select(EDITION_COLUMNS).where('service_code', '=', serviceCode).where('service_edition_code', '=', editionCode).executeTakeFirst();
}

export interface EditionFilter {
  serviceOwnerCode?: string;
  serviceCode?: string;
  serviceType?: string;
  states: readonly ServiceState[];
}

export async function selectEditions(db: Kysely<any>, f: EditionFilter): Promise<ServiceEditionRow[]> {
  let q = c(db).selectFrom('catalog.service_edition').select(EDITION_COLUMNS).where('state', 'in', [...f.states]);
  if (f.serviceOwnerCode) q = q.where('service_owner_code', '=', f.serviceOwnerCode);
  if (f.serviceCode) q = q.where('service_code', '=', f.serviceCode);
  if (f.serviceType) q = q.where('service_type', '=', f.serviceType);
  return q.orderBy('service_owner_code').orderBy('service_code').orderBy('service_edition_code').execute();
}

export async function upsertEdition(db: Kysely<any>, row: ServiceEditionRow): Promise<void> {
  const values = { ...row, definition: jsonb(row.definition) };
  await c(db)
    .insertInto('catalog.service_edition')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['service_code', 'service_edition_code']).doUpdateSet({
        service_type: values.service_type,
        state: values.state,
        valid_from: values.valid_from,
        valid_to: values.valid_to,
        definition: values.definition,
        content_sha256: values.content_sha256,
        updated_at: values.updated_at,
        production_at: values.production_at,
      }),
    )
    .execute();
}

export async function replaceServiceForms(db: Kysely<any>, serviceCode: string, editionCode: number, forms: { dataFormatId: string; dataFormatVersion: number }[]): Promise<void> {
  await c(db).deleteFrom('catalog.service_form').where('service_code', '=', serviceCode).where('service_edition_code', '=', editionCode).execute();
  if (forms.length === 0) return;
  await c(db)
    .insertInto('catalog.service_form')
    .values(forms.map((f, position) => ({ service_code: serviceCode, service_edition_code: editionCode, data_format_id: f.dataFormatId, data_format_version: f.dataFormatVersion, position })))
    .execute();
}

/** The service owner that first deployed any version of the data format id. */
export async function selectDataFormatOwner(db: Kysely<any>, dataFormatId: string): Promise<string | undefined> {
  const row = await c(db).selectFrom('catalog.data_format').select('service_owner_code').where('data_format_id', '=', dataFormatId).limit(1).executeTakeFirst();
  return row?.service_owner_code;
}

export async function selectDataFormatHash(db: Kysely<any>, id: string, version: number): Promise<string | undefined> {
  const row = await c(db).selectFrom('catalog.data_format').select('schema_sha256').where('data_format_id', '=', id).where('data_format_version', '=', version).executeTakeFirst();
  return row?.schema_sha256;
}

/** Whether an edition in production, other than the one given, has the data format in its form set. */
export async function isDataFormatInProduction(db: Kysely<any>, id: string, version: number, except: { serviceCode: string; editionCode: number }): Promise<boolean> {
  const row = await c(db)
    .selectFrom('catalog.service_form as f')
    .innerJoin('catalog.service_edition as e', (j) => j.onRef('e.service_code', '=', 'f.service_code').onRef('e.service_edition_code', '=', 'f.service_edition_code'))
    .select('e.service_code')
    .where('f.data_format_id', '=', id)
    .where('f.data_format_version', '=', version)
    .where('e.state', '=', 'production')
    .where((w) => w.or([w('e.service_code', '<>', except.serviceCode), w('e.service_edition_code', '<>', except.editionCode)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function upsertDataFormat(db: Kysely<any>, row: DataFormatRow): Promise<void> {
  const values = { ...row, files: jsonb(row.files), root_elements: jsonb(row.root_elements) };
  await c(db)
    .insertInto('catalog.data_format')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['data_format_id', 'data_format_version']).doUpdateSet({
        main_file: values.main_file,
        files: values.files,
        schema_sha256: values.schema_sha256,
        target_namespace: values.target_namespace,
        root_elements: values.root_elements,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}

/** Schema facts (not the files) of the given data formats. */
export async function selectDataFormatInfos(db: Kysely<any>, keys: readonly { dataFormatId: string; dataFormatVersion: number }[]): Promise<DataFormatInfoRow[]> {
  if (keys.length === 0) return [];
  return c(db)
    .selectFrom('catalog.data_format')
    .select(['data_format_id', 'data_format_version', 'service_owner_code', 'main_file', 'schema_sha256', 'target_namespace', 'root_elements'])
    .select(sql<string[]>`array(select k from jsonb_object_keys(files) as k order by k)`.as('file_names'))
    .where((w) => w.or(keys.map((k) => w.and([w('data_format_id', '=', k.dataFormatId), w('data_format_version', '=', k.dataFormatVersion)]))))
    .execute();
}

export async function selectDataFormat(db: Kysely<any>, id: string, version: number): Promise<DataFormatRow | undefined> {
  return c(db)
    .selectFrom('catalog.data_format')
    .select(['data_format_id', 'data_format_version', 'service_owner_code', 'main_file', 'files', 'schema_sha256', 'target_namespace', 'root_elements', 'created_at', 'updated_at'])
    .where('data_format_id', '=', id)
    .where('data_format_version', '=', version)
    .executeTakeFirst();
}
