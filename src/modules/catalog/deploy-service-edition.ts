import { parse as parseYaml } from 'yaml';
import { Compile } from 'typebox/compile';
import { AppError, inTransaction, isAppError, recordAudit, requireServiceOwner, validationItems, type Actor, type ProblemItem, type SecurityLevel } from '../../platform/index.ts';
import { compileSchema, schemaFileClosure } from '../../platform/xml/index.ts';
import { servicePolicyProblems } from '../authz/index.ts';
import {
  isDataFormatInProduction,
  lockDataFormat,
  lockServiceCode,
  replaceServiceForms,
  selectDataFormatHash,
  selectDataFormatOwner,
  selectEdition,
  selectServiceCodeOwner,
  upsertDataFormat,
  upsertEdition,
} from './db/service-store.ts';
import { bindCatalogDeps, type CatalogDeps } from './deps.ts';
import { CatalogProblems } from './errors.ts';
import { SERVICE_TOPIC } from './catalog-cache.ts';
import { getServiceEditionAnyState } from './read-services.ts';
import {
  contentHash,
  fullNames,
  isForward,
  MAX_SCHEMA_BYTES,
  MAX_SCHEMA_FILE_BYTES,
  brokerSettings,
  MAX_SCHEMA_FILES,
  parseDateText,
  REPORTEE_TYPES,
  schemaHash,
  ServiceDefinitionSchema,
  type ServiceDefinition,
  type ServiceEdition,
  type StoredDefinition,
} from './service-edition.ts';

/** What a service owner deploys: the definition (an object, or YAML text) and the XSD files it names, by relative path. */
export interface Deployment {
  definition: unknown;
  files: Record<string, string>;
}

export type DeployOutcome = 'created' | 'updated' | 'unchanged';

const definitionCheck = Compile(ServiceDefinitionSchema);
const SERVICE_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

interface CheckedForm {
  dataFormatId: string;
  dataFormatVersion: number;
  kind: 'main' | 'sub';
  name: StoredDefinition['forms'][number]['name'];
  mainFile: string;
  files: Record<string, string>;
  targetNamespace: string;
  rootElements: string[];
}

/** Deploys a service edition of the actor's own (service-owner actor only). */
export async function deployServiceEdition(deps: CatalogDeps, actor: Actor, serviceCode: string, editionCode: number, input: Deployment) {
  const owner = requireServiceOwner(actor);
  return uncheckedDeployServiceEdition(deps, owner.serviceOwnerCode, serviceCode, editionCode, input, { systemName: owner.systemName, partyId: owner.partyId });
}

/**
 * Deploys a service edition for `serviceOwnerCode` without checking who asks (the operator's CLI and world
 * files; the REST route goes through `deployServiceEdition`). Every problem of the definition and its schemas
 * is reported at once; nothing is written unless all of it is sound. The same content again is no change; a
 * new state must be later than the stored one; an edition in production never changes.
 */
export async function uncheckedDeployServiceEdition(
  deps: CatalogDeps,
  serviceOwnerCode: string,
  serviceCode: string,
  editionCode: number,
  input: Deployment,
  by: { systemName: string | null; partyId: number | null } = { systemName: null, partyId: null },
): Promise<{ edition: ServiceEdition; outcome: DeployOutcome }> {
  const { definition, forms, errors } = checkDeployment(serviceCode, editionCode, input);
  if (errors.length > 0 || !definition) throw new AppError(CatalogProblems.invalidDefinition, { detail: `${errors.length} problem(s)`, errors });
  if (definition.serviceOwnerCode !== undefined && definition.serviceOwnerCode !== serviceOwnerCode) {
    throw new AppError(CatalogProblems.wrongServiceOwner, { detail: `the definition names ${definition.serviceOwnerCode}` });
  }
  await deps.register.getServiceOwner(serviceOwnerCode);
  const stored = storedDefinition(definition, forms);
  const sha = contentHash(stored, Object.fromEntries(forms.flatMap((f) => Object.entries(f.files))));
  const state = definition.state ?? 'draft';

  const outcome = await inTransaction(deps.db, async (trx) => {
    await lockServiceCode(trx, serviceCode);
    const codeOwner = await selectServiceCodeOwner(trx, serviceCode);
    if (codeOwner !== undefined && codeOwner !== serviceOwnerCode) throw new AppError(CatalogProblems.serviceCodeTaken, { detail: `service ${serviceCode} belongs to another service owner` });
    const existing = await selectEdition(trx, serviceCode, editionCode);
    if (existing?.state === 'production') {
      if (existing.content_sha256 === sha && state === 'production') return 'unchanged';
      throw new AppError(CatalogProblems.editionInProduction, { detail: `${serviceCode} edition ${editionCode} is in production` });
    }
    if (existing && !isForward(existing.state, state)) throw new AppError(CatalogProblems.stateBackwards, { detail: `${existing.state} → ${state}` });
    if (existing && existing.content_sha256 === sha && existing.state === state) return 'unchanged';

    const now = deps.clock.now();
    for (const f of forms) await putDataFormat(trx, serviceOwnerCode, { serviceCode, editionCode }, f, now);
    await upsertEdition(trx, {
      service_code: serviceCode,
      service_edition_code: editionCode,
      service_owner_code: serviceOwnerCode,
      service_type: stored.type,
      state,
      valid_from: parseDateText(stored.validFrom),
      valid_to: stored.validTo === null ? null : parseDateText(stored.validTo),
      definition: stored,
      content_sha256: sha,
      created_at: existing?.created_at ?? now,
      updated_at: now,
      production_at: state === 'production' ? now : null,
    });
    await replaceServiceForms(trx, serviceCode, editionCode, forms);
    await bindCatalogDeps(deps, trx).authz.uncheckedPutServicePolicy({
      serviceCode,
      serviceEditionCode: editionCode,
      serviceOwnerCode,
      name: stored.name,
      minimumSecurityLevel: stored.minimumSecurityLevel,
      srrEnabled: stored.srrEnabled,
      roleRequirements: stored.roleRequirements,
    });
    await deps.changes.publish(trx, SERVICE_TOPIC);
    await recordAudit(trx, deps.clock, {
      event: 'service.deploy',
      outcome: 'success',
      partyId: by.partyId,
      detail: { serviceOwnerCode, serviceCode, serviceEditionCode: editionCode, state, contentSha256: sha, ...(by.systemName ? { systemName: by.systemName } : {}) },
    });
    return existing ? 'updated' : 'created';
  });
  if (outcome !== 'unchanged') deps.cache.invalidate();
  return { edition: await getServiceEditionAnyState(deps, serviceCode, editionCode), outcome };
}

/** A data format is shared by every edition naming it; its schema may change only while no production edition uses it. */
async function putDataFormat(trx: CatalogDeps['db'], serviceOwnerCode: string, edition: { serviceCode: string; editionCode: number }, f: CheckedForm, now: Date) {
  await lockDataFormat(trx, f.dataFormatId);
  const owner = await selectDataFormatOwner(trx, f.dataFormatId);
  if (owner !== undefined && owner !== serviceOwnerCode) throw new AppError(CatalogProblems.dataFormatTaken, { detail: `dataFormatId ${f.dataFormatId} belongs to another service owner` });
  const sha = schemaHash(f.files, f.mainFile);
  const existing = await selectDataFormatHash(trx, f.dataFormatId, f.dataFormatVersion);
  if (existing === sha) return;
  if (existing !== undefined && (await isDataFormatInProduction(trx, f.dataFormatId, f.dataFormatVersion, edition))) {
    throw new AppError(CatalogProblems.dataFormatInProduction, { detail: `${f.dataFormatId} version ${f.dataFormatVersion}` });
  }
  await upsertDataFormat(trx, {
    data_format_id: f.dataFormatId,
    data_format_version: f.dataFormatVersion,
    service_owner_code: serviceOwnerCode,
    main_file: f.mainFile,
    files: f.files,
    schema_sha256: sha,
    target_namespace: f.targetNamespace,
    root_elements: f.rootElements,
    created_at: now,
    updated_at: now,
  });
}

function parseDefinition(raw: unknown): { value?: unknown; errors: ProblemItem[] } {
  if (typeof raw !== 'string') return { value: raw, errors: [] };
  try {
    return { value: parseYaml(raw, { maxAliasCount: 50 }), errors: [] };
  } catch (err) {
    return { errors: [{ path: 'definition', message: `not valid YAML: ${(err as Error).message.split('\n')[0]}`, rule: 'yaml' }] };
  }
}

/** Every problem of the deployment (shape, identity, rules, role requirements, schema files), or the checked definition and forms. */
function checkDeployment(serviceCode: string, editionCode: number, input: Deployment): { definition?: ServiceDefinition; forms: CheckedForm[]; errors: ProblemItem[] } {
  const errors: ProblemItem[] = [];
  if (!SERVICE_CODE.test(serviceCode)) errors.push({ path: 'serviceCode', message: '1–20 letters, digits, _ or -', rule: 'pattern' });
  if (!Number.isInteger(editionCode) || editionCode < 1 || editionCode > 2147483647) errors.push({ path: 'serviceEditionCode', message: 'a positive integer', rule: 'range' });
  errors.push(...checkFiles(input.files));
  const parsed = parseDefinition(input.definition);
  errors.push(...parsed.errors);
  if (parsed.errors.length > 0) return { forms: [], errors };
  if (!definitionCheck.Check(parsed.value)) {
    errors.push(...validationItems('definition', definitionCheck.Errors(parsed.value)));
    // Schemas are checked even so, so that one answer lists their problems too.
    const forms = (parsed.value as { forms?: unknown } | null)?.forms;
    if (Array.isArray(forms)) for (const [i, f] of forms.entries()) if (typeof f?.xsd === 'string') checkFormSchema(input.files, f.xsd, `definition/forms/${i}`, errors);
    return { forms: [], errors };
  }
  const d = parsed.value as ServiceDefinition;
  if (d.serviceCode !== undefined && d.serviceCode !== serviceCode) errors.push({ path: 'definition/serviceCode', message: `the URL says ${serviceCode}`, rule: 'match' });
  if (d.serviceEditionCode !== undefined && d.serviceEditionCode !== editionCode) errors.push({ path: 'definition/serviceEditionCode', message: `the URL says ${editionCode}`, rule: 'match' });
  errors.push(...checkRules(d), ...servicePolicyProblems({ roleRequirements: d.roleRequirements, minimumSecurityLevel: d.minimumSecurityLevel as SecurityLevel }).map((e) => ({ ...e, path: `definition/${e.path}` })));
  const forms: CheckedForm[] = [];
  for (const [i, f] of (d.forms ?? []).entries()) {
    const form = checkFormSchema(input.files, f.xsd, `definition/forms/${i}`, errors);
    if (form) forms.push({ dataFormatId: f.dataFormatId, dataFormatVersion: f.dataFormatVersion, kind: f.kind, name: fullNames(f.name ?? d.name), ...form });
  }
  return { definition: d, forms, errors };
}

function checkFiles(files: Record<string, string>): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const names = Object.keys(files);
  if (names.length > MAX_SCHEMA_FILES) errors.push({ path: 'files', message: `at most ${MAX_SCHEMA_FILES} files`, rule: 'count' });
  let total = 0;
  for (const name of names) {
    const size = Buffer.byteLength(files[name]!, 'utf8');
    total += size;
    if (!FILE_NAME.test(name) || name.length > 200 || !name.endsWith('.xsd')) errors.push({ path: `files/${name}`, message: 'a relative path of letters, digits, . _ - ending in .xsd', rule: 'fileName' });
    if (size > MAX_SCHEMA_FILE_BYTES) errors.push({ path: `files/${name}`, message: `at most ${MAX_SCHEMA_FILE_BYTES} bytes`, rule: 'size' });
  }
  if (total > MAX_SCHEMA_BYTES) errors.push({ path: 'files', message: `at most ${MAX_SCHEMA_BYTES} bytes in all`, rule: 'size' });
  return errors;
}

function checkRules(d: ServiceDefinition): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const forms = d.forms ?? [];
  const hasForms = d.type === 'FormTask' || d.type === 'Collaboration';
  if (d.type === 'FormTask' && forms.filter((f) => f.kind === 'main').length !== 1) errors.push({ path: 'definition/forms', message: 'a form task has exactly one main form', rule: 'mainForm' });
  if (!hasForms && forms.length > 0) errors.push({ path: 'definition/forms', message: `a ${d.type} service has no forms`, rule: 'type' });
  if (!hasForms && (d.attachmentRules?.length ?? 0) > 0) errors.push({ path: 'definition/attachmentRules', message: `a ${d.type} service has no form attachments`, rule: 'type' });
  if (d.broker && d.type !== 'Broker') errors.push({ path: 'definition/broker', message: 'only broker services have broker settings', rule: 'type' });
  if (d.batchDelivery && d.type !== 'FormTask') errors.push({ path: 'definition/batchDelivery', message: 'only form-task services deliver archived submissions', rule: 'type' });
  if (d.confirmationRequired && d.type !== 'Correspondence') errors.push({ path: 'definition/confirmationRequired', message: 'only correspondence services are confirmed', rule: 'type' });
  if (!hasForms && d.process) errors.push({ path: 'definition/process', message: `a ${d.type} service has no form process`, rule: 'type' });
  const seenForms = new Set<string>();
  for (const [i, f] of forms.entries()) {
    const key = `${f.dataFormatId}/${f.dataFormatVersion}`;
    if (seenForms.has(key)) errors.push({ path: `definition/forms/${i}`, message: `${key} is listed twice`, rule: 'unique' });
    seenForms.add(key);
  }
  const seenRules = new Set<string>();
  for (const [i, r] of (d.attachmentRules ?? []).entries()) {
    if (seenRules.has(r.attachmentTypeName)) errors.push({ path: `definition/attachmentRules/${i}`, message: `${r.attachmentTypeName} is listed twice`, rule: 'unique' });
    seenRules.add(r.attachmentTypeName);
    if ((r.minCount ?? 0) > r.maxCount) errors.push({ path: `definition/attachmentRules/${i}`, message: 'minCount is above maxCount', rule: 'range' });
  }
  if (d.process) {
    const types = d.process.map((s) => s.type);
    if (types[0] !== 'FormFilling' || types.at(-1) !== 'SendIn' || types.slice(1, -1).some((t) => t !== 'Signing')) {
      errors.push({ path: 'definition/process', message: 'FormFilling first, SendIn last, only Signing steps between', rule: 'process' });
    }
    if (types.includes('Signing') && (d.roleRequirements.Sign ?? []).length === 0) errors.push({ path: 'definition/roleRequirements/Sign', message: 'a signing step needs roles that grant Sign', rule: 'process' });
  }
  const from = d.validFrom ? parseDateText(d.validFrom) : undefined;
  const to = d.validTo ? parseDateText(d.validTo) : undefined;
  if (from && Number.isNaN(from.getTime())) errors.push({ path: 'definition/validFrom', message: 'not a date', rule: 'date' });
  if (to && Number.isNaN(to.getTime())) errors.push({ path: 'definition/validTo', message: 'not a date', rule: 'date' });
  if (from && to && !(from < to)) errors.push({ path: 'definition/validTo', message: 'must be after validFrom', rule: 'date' });
  return errors;
}

/** Compiles the form's schema from the files it needs; problems carry the form's path, the file and the line. */
function checkFormSchema(files: Record<string, string>, main: string, path: string, errors: ProblemItem[]): Omit<CheckedForm, 'dataFormatId' | 'dataFormatVersion' | 'kind' | 'name'> | undefined {
  if (files[main] === undefined) {
    errors.push({ path: `${path}/xsd`, message: `${main} is not among the deployed files`, rule: 'file' });
    return undefined;
  }
  const closure = schemaFileClosure(files, main);
  if (closure.problems.length > 0) {
    errors.push(...closure.problems.map((p) => ({ ...p, path: `${path}/xsd ${p.path ?? main}` })));
    return undefined;
  }
  const needed = Object.fromEntries(closure.files.map((n) => [n, files[n]!]));
  try {
    const schema = compileSchema(needed, main);
    const described = { targetNamespace: schema.targetNamespace, rootElements: [...schema.rootElements] };
    schema.dispose();
    if (described.rootElements.length === 0) {
      errors.push({ path: `${path}/xsd`, message: `${main} declares no global element to be a form's root`, rule: 'rootElement' });
      return undefined;
    }
    return { mainFile: main, files: needed, ...described };
  } catch (err) {
    if (!isAppError(err)) throw err;
    errors.push(...(err.errors ?? [{ message: err.detail ?? err.problem.title }]).map((e) => ({ ...e, path: `${path}/xsd ${e.path ?? main}`, rule: 'xsd' })));
    return undefined;
  }
}

function storedDefinition(d: ServiceDefinition, forms: CheckedForm[]): StoredDefinition {
  return {
    type: d.type,
    name: fullNames(d.name),
    validFrom: d.validFrom ? parseDateText(d.validFrom).toISOString() : '2000-01-01T00:00:00.000Z',
    validTo: d.validTo ? parseDateText(d.validTo).toISOString() : null,
    minimumSecurityLevel: d.minimumSecurityLevel as SecurityLevel,
    reporteeTypes: d.reporteeTypes ? [...d.reporteeTypes] : [...REPORTEE_TYPES],
    srrEnabled: d.srrEnabled ?? false,
    roleRequirements: d.roleRequirements,
    forms: forms.map((f) => ({ dataFormatId: f.dataFormatId, dataFormatVersion: f.dataFormatVersion, kind: f.kind, name: f.name })),
    attachmentRules: (d.attachmentRules ?? []).map((r) => ({
      attachmentTypeName: r.attachmentTypeName,
      name: fullNames(r.name ?? { nb: r.attachmentTypeName }),
      minCount: r.minCount ?? 0,
      maxCount: r.maxCount,
      maxFileSize: r.maxFileSize,
      allowedFileTypes: [...new Set(r.allowedFileTypes)],
    })),
    process: (d.process ?? (d.type === 'FormTask' || d.type === 'Collaboration' ? [{ type: 'FormFilling' }, { type: 'SendIn' }] : [])).map((s) =>
      s.type === 'Signing' ? { type: 'Signing', name: fullNames(s.name ?? { nb: 'Signering', nn: 'Signering', en: 'Signing' }) } : { type: s.type },
    ),
    downloadQueue: d.downloadQueue ?? false,
    ...(d.batchDelivery ? { batchDelivery: true as const } : {}),
    receiptNotificationTemplate: d.receiptNotificationTemplate ?? null,
    confirmationRequired: d.confirmationRequired ?? false,
    broker: d.type === 'Broker' ? brokerSettings(d.broker) : null,
  };
}
