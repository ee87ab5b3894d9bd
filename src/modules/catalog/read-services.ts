import { AppError, isAppError, requireServiceOwner, type Actor, type SecurityLevel } from '../../platform/index.ts';
import { selectDataFormat, selectDataFormatInfos, selectEdition, selectEditions, type DataFormatInfoRow, type ServiceEditionRow } from './db/service-store.ts';
import type { CatalogDeps } from './deps.ts';
import { CatalogProblems } from './errors.ts';
import { brokerSettings, isListed, STATES, type ServiceEdition, type ServiceForm, type ServiceState, type ServiceType } from './service-edition.ts';

const formKey = (id: string, version: number) => `${id}/${version}`;

function toEdition(row: ServiceEditionRow, infos: Map<string, DataFormatInfoRow>): ServiceEdition {
  const d = row.definition;
  const forms: ServiceForm[] = d.forms.map((f) => {
    const info = infos.get(formKey(f.dataFormatId, f.dataFormatVersion));
    return { ...f, mainFile: info?.main_file ?? '', files: info?.file_names ?? [], targetNamespace: info?.target_namespace ?? '', rootElements: info?.root_elements ?? [] };
  });
  return {
    serviceCode: row.service_code,
    serviceEditionCode: row.service_edition_code,
    serviceOwnerCode: row.service_owner_code,
    type: d.type,
    name: d.name,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    minimumSecurityLevel: d.minimumSecurityLevel as SecurityLevel,
    reporteeTypes: d.reporteeTypes,
    srrEnabled: d.srrEnabled,
    roleRequirements: d.roleRequirements,
    forms,
    attachmentRules: d.attachmentRules,
    process: d.process,
    downloadQueue: d.downloadQueue,
    // Definitions stored before the field existed deliver nothing by batch.
    batchDelivery: d.batchDelivery ?? false,
    receiptNotificationTemplate: d.receiptNotificationTemplate,
    // Definitions stored before the field existed have no confirmation.
    confirmationRequired: d.confirmationRequired ?? false,
    // Broker definitions stored before the settings existed take the defaults.
    broker: d.type === 'Broker' ? brokerSettings(d.broker ?? undefined) : null,
    state: row.state,
    contentSha256: row.content_sha256,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    productionAt: row.production_at,
  };
}

async function withForms(deps: Pick<CatalogDeps, 'db'>, rows: ServiceEditionRow[]): Promise<ServiceEdition[]> {
  const keys = new Map<string, { dataFormatId: string; dataFormatVersion: number }>();
  for (const r of rows) for (const f of r.definition.forms) keys.set(formKey(f.dataFormatId, f.dataFormatVersion), f);
  const infos = new Map((await selectDataFormatInfos(deps.db, [...keys.values()])).map((i) => [formKey(i.data_format_id, i.data_format_version), i]));
  return rows.map((r) => toEdition(r, infos));
}

/** An edition whatever its state, or undefined when there is none (notifications naming a service). */
export async function findServiceEditionAnyState(deps: Pick<CatalogDeps, 'db' | 'cache'>, serviceCode: string, editionCode: number): Promise<ServiceEdition | undefined> {
  try {
    return await getServiceEditionAnyState(deps, serviceCode, editionCode);
  } catch (err) {
    if (isAppError(err, CatalogProblems.serviceNotFound)) return undefined;
    throw err;
  }
}

/** An edition whatever its state (deployment answers, the owner's own view, submissions). */
export async function getServiceEditionAnyState(deps: Pick<CatalogDeps, 'db' | 'cache'>, serviceCode: string, editionCode: number): Promise<ServiceEdition> {
  const key = `${serviceCode}/${editionCode}`;
  const cache = deps.db.isTransaction ? undefined : deps.cache;
  const hit = cache?.edition(key);
  if (hit) return hit;
  const generation = cache?.generation() ?? 0;
  const row = await selectEdition(deps.db, serviceCode, editionCode);
  if (!row) throw new AppError(CatalogProblems.serviceNotFound, { detail: `no service ${serviceCode} edition ${editionCode}` });
  const edition = (await withForms(deps, [row]))[0]!;
  cache?.setEdition(key, edition, generation);
  return edition;
}

/**
 * A listed edition (production, or test with the test environment on). A draft is found only by its own
 * service owner; to everyone else it does not exist.
 */
export async function getServiceEdition(deps: CatalogDeps, viewer: Actor | undefined, serviceCode: string, editionCode: number): Promise<ServiceEdition> {
  const edition = await getServiceEditionAnyState(deps, serviceCode, editionCode);
  const isOwner = viewer?.kind === 'serviceOwner' && viewer.serviceOwnerCode === edition.serviceOwnerCode;
  if (!isOwner && !isListed(edition, deps.testEnvironment)) throw new AppError(CatalogProblems.serviceNotFound, { detail: `no service ${serviceCode} edition ${editionCode}` });
  return edition;
}

export interface ServiceFilter {
  serviceOwnerCode?: string;
  serviceCode?: string;
  type?: ServiceType;
}

/** The public catalog: editions in production (and in test with the test environment on). */
export async function listServices(deps: CatalogDeps, filter: ServiceFilter): Promise<ServiceEdition[]> {
  const states: ServiceState[] = deps.testEnvironment ? ['test', 'production'] : ['production'];
  return withForms(deps, await selectEditions(deps.db, { ...rowFilter(filter), states }));
}

/** Every edition of the actor's service owner, drafts included. */
export async function listOwnServices(deps: CatalogDeps, actor: Actor, filter: Omit<ServiceFilter, 'serviceOwnerCode'> & { state?: ServiceState }): Promise<ServiceEdition[]> {
  const owner = requireServiceOwner(actor);
  return withForms(deps, await selectEditions(deps.db, { ...rowFilter(filter), serviceOwnerCode: owner.serviceOwnerCode, states: filter.state ? [filter.state] : STATES }));
}

function rowFilter(f: ServiceFilter) {
  return { ...(f.serviceOwnerCode ? { serviceOwnerCode: f.serviceOwnerCode } : {}), ...(f.serviceCode ? { serviceCode: f.serviceCode } : {}), ...(f.type ? { serviceType: f.type } : {}) };
}

/**
 * One file of a form's schema: the main XSD when `file` is omitted, otherwise a file it includes or imports
 * (by the relative name the main file uses, so a client resolving schemaLocation against the main file's URL
 * finds it).
 */
export async function getFormSchemaFile(deps: CatalogDeps, viewer: Actor | undefined, serviceCode: string, editionCode: number, dataFormatId: string, dataFormatVersion: number, file?: string): Promise<{ name: string; content: string }> {
  const edition = await getServiceEdition(deps, viewer, serviceCode, editionCode);
  const form = edition.forms.find((f) => f.dataFormatId === dataFormatId && f.dataFormatVersion === dataFormatVersion);
  if (!form) throw new AppError(CatalogProblems.formNotFound, { detail: `${serviceCode} edition ${editionCode} has no form ${dataFormatId} version ${dataFormatVersion}` });
  const row = await selectDataFormat(deps.db, dataFormatId, dataFormatVersion);
  if (!row) throw new AppError(CatalogProblems.formNotFound);
  const name = file === undefined ? row.main_file : resolveBeside(row.main_file, file);
  const content = name === undefined ? undefined : row.files[name];
  if (name === undefined || content === undefined) throw new AppError(CatalogProblems.schemaFileNotFound, { detail: file ?? '' });
  return { name, content };
}

/** `file` relative to the main file's folder. */
function resolveBeside(main: string, file: string): string | undefined {
  const parts = main.split('/').slice(0, -1);
  for (const segment of file.split('/')) {
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}
