import { createHash } from 'node:crypto';
import Type, { type Static } from 'typebox';
import type { SecurityLevel } from '../../platform/index.ts';

/** Altinn II's service types (`reference/altinn2.md` §0). */
export const SERVICE_TYPES = ['FormTask', 'Correspondence', 'Broker', 'Lookup', 'Collaboration'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** A service edition's life: only forward. Production is immutable. */
export const STATES = ['draft', 'test', 'production'] as const;
export type ServiceState = (typeof STATES)[number];

/** Who a service may be used for. A sub-unit (underenhet) is an organisation with a main unit. */
export const REPORTEE_TYPES = ['person', 'organization', 'subUnit'] as const;
export type ReporteeType = (typeof REPORTEE_TYPES)[number];

/** Largest attachment a service may allow (Altinn II: SubmitAttachmentStreamed, 0–500 MB). */
export const MAX_ATTACHMENT_BYTES = 500 * 1024 * 1024;
/** Broker services: the largest file a service may allow, and the defaults (Altinn II's web-service limit was 1 GB, SFTP just under 2 GB). */
export const MAX_BROKER_FILE_BYTES = 50 * 1024 ** 3;
export const DEFAULT_BROKER_FILE_BYTES = 2 * 1024 ** 3;
export const DEFAULT_BROKER_RETENTION_DAYS = 30;
/** A service's schema files: how many, how large each and all together. */
export const MAX_SCHEMA_FILES = 100;
export const MAX_SCHEMA_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_SCHEMA_BYTES = 8 * 1024 * 1024;

const NamesSchema = Type.Object(
  { nb: Type.String({ minLength: 1, maxLength: 255 }), nn: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })), en: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) },
  { additionalProperties: false, description: 'Bokmål is required; Nynorsk and English fall back to it' },
);

const FormSchema = Type.Object(
  {
    dataFormatId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$', description: 'from SERES or Oppgaveregisteret, e.g. 5801' }),
    dataFormatVersion: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    kind: Type.Union([Type.Literal('main'), Type.Literal('sub')], { description: 'one main form per form set; sub-forms point to it with parentReference' }),
    name: Type.Optional(NamesSchema),
    xsd: Type.String({ minLength: 1, maxLength: 200, description: "the form's XSD: one of the deployed files" }),
  },
  { additionalProperties: false },
);

const AttachmentRuleSchema = Type.Object(
  {
    attachmentTypeName: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$' }),
    name: Type.Optional(NamesSchema),
    minCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    maxCount: Type.Integer({ minimum: 1, maximum: 1000 }),
    maxFileSize: Type.Integer({ minimum: 1, maximum: MAX_ATTACHMENT_BYTES, description: 'bytes' }),
    allowedFileTypes: Type.Array(Type.String({ pattern: '^[a-z0-9]{1,10}$', description: 'file extension without the dot, lower case' }), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

const ProcessStepSchema = Type.Union([
  Type.Object({ type: Type.Literal('FormFilling') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('Signing'), name: Type.Optional(NamesSchema) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('SendIn') }, { additionalProperties: false }),
]);

const BrokerSettingsSchema = Type.Object(
  {
    maxFileSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BROKER_FILE_BYTES, description: `bytes; default ${DEFAULT_BROKER_FILE_BYTES} (2 GiB)` })),
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: `days a file is kept after it is initiated; default ${DEFAULT_BROKER_RETENTION_DAYS}` })),
    purgeWhenAllConfirmed: Type.Optional(Type.Boolean({ description: 'delete the content as soon as every recipient confirmed the download (default false: kept until it expires)' })),
    publishNotification: Type.Optional(
      Type.Union([Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }), Type.Null()], { description: "the service owner's notification template sent to each recipient when a file is published" }),
    ),
  },
  { additionalProperties: false },
);

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$', description: 'a date (midnight UTC) or an ISO 8601 instant' });

/** A service edition as a service owner writes it (JSON, or YAML in a service directory). */
export const ServiceDefinitionSchema = Type.Object(
  {
    serviceCode: Type.Optional(Type.String({ description: 'must match the URL when given' })),
    serviceEditionCode: Type.Optional(Type.Integer({ description: 'must match the URL when given' })),
    serviceOwnerCode: Type.Optional(Type.String({ description: 'must be the deploying service owner when given' })),
    type: Type.Enum(SERVICE_TYPES),
    name: NamesSchema,
    validFrom: Type.Optional(DateText),
    validTo: Type.Optional(Type.Union([DateText, Type.Null()])),
    minimumSecurityLevel: Type.Integer({ minimum: 0, maximum: 4 }),
    reporteeTypes: Type.Optional(Type.Array(Type.Enum(REPORTEE_TYPES), { minItems: 1, uniqueItems: true })),
    srrEnabled: Type.Optional(Type.Boolean({ description: 'the service-owner-controlled rights register must also allow the reportee' })),
    roleRequirements: Type.Record(Type.String(), Type.Array(Type.String(), { maxItems: 100 }), { description: 'Altinn roles granting each operation (Read, Write, Sign, ArchiveRead, ArchiveDelete, …)' }),
    forms: Type.Optional(Type.Array(FormSchema, { maxItems: 50 })),
    attachmentRules: Type.Optional(Type.Array(AttachmentRuleSchema, { maxItems: 50 })),
    process: Type.Optional(Type.Array(ProcessStepSchema, { minItems: 2, maxItems: 10, description: 'FormFilling, any Signing steps, SendIn' })),
    downloadQueue: Type.Optional(Type.Boolean({ description: 'archived submissions wait in the download queue until the owner purges them' })),
    batchDelivery: Type.Optional(Type.Boolean({ description: "archived submissions are delivered as files to the owner's SFTP outbound folder (batch)" })),
    receiptNotificationTemplate: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }), Type.Null()])),
    confirmationRequired: Type.Optional(Type.Boolean({ description: 'correspondence services: the reportee must confirm each message ("Bekreftelse for mottatt")' })),
    broker: Type.Optional(BrokerSettingsSchema),
    state: Type.Optional(Type.Enum(STATES)),
  },
  { additionalProperties: false },
);
export type ServiceDefinition = Static<typeof ServiceDefinitionSchema>;

export interface Names {
  nb: string;
  nn: string;
  en: string;
}

export interface ServiceForm {
  dataFormatId: string;
  dataFormatVersion: number;
  kind: 'main' | 'sub';
  name: Names;
  /** The file the schema starts from, and every file it needs (includes and imports). */
  mainFile: string;
  files: string[];
  targetNamespace: string;
  rootElements: string[];
}

export interface AttachmentRule {
  attachmentTypeName: string;
  name: Names;
  minCount: number;
  maxCount: number;
  maxFileSize: number;
  allowedFileTypes: string[];
}

/** A broker service's file rules (defaults filled in). */
export interface BrokerSettings {
  maxFileSize: number;
  retentionDays: number;
  purgeWhenAllConfirmed: boolean;
  publishNotification: string | null;
}

export function brokerSettings(given: Partial<BrokerSettings> | undefined): BrokerSettings {
  return {
    maxFileSize: given?.maxFileSize ?? DEFAULT_BROKER_FILE_BYTES,
    retentionDays: given?.retentionDays ?? DEFAULT_BROKER_RETENTION_DAYS,
    purgeWhenAllConfirmed: given?.purgeWhenAllConfirmed ?? false,
    publishNotification: given?.publishNotification ?? null,
  };
}

export type ProcessStep = { type: 'FormFilling' } | { type: 'Signing'; name: Names } | { type: 'SendIn' };

/** A deployed service edition. */
export interface ServiceEdition {
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  type: ServiceType;
  name: Names;
  validFrom: Date;
  validTo: Date | null;
  minimumSecurityLevel: SecurityLevel;
  reporteeTypes: ReporteeType[];
  srrEnabled: boolean;
  roleRequirements: Record<string, string[]>;
  forms: ServiceForm[];
  attachmentRules: AttachmentRule[];
  process: ProcessStep[];
  downloadQueue: boolean;
  /** Archived submissions are delivered as files to the owner's batch folder (SFTP `/batch/outbound`). */
  batchDelivery: boolean;
  receiptNotificationTemplate: string | null;
  /** Correspondence services: each message must be confirmed by the reportee (Altinn II, set in TUL). */
  confirmationRequired: boolean;
  /** Broker services' file rules; null for other types. */
  broker: BrokerSettings | null;
  state: ServiceState;
  /** SHA-256 of the definition (without its state) and its schema files: the same content deploys as no change. */
  contentSha256: string;
  createdAt: Date;
  updatedAt: Date;
  productionAt: Date | null;
}

/** What is stored as the edition's definition: everything but identity, state and timestamps. */
export type StoredDefinition = Omit<ServiceEdition, 'serviceCode' | 'serviceEditionCode' | 'serviceOwnerCode' | 'state' | 'contentSha256' | 'createdAt' | 'updatedAt' | 'productionAt' | 'validFrom' | 'validTo' | 'forms' | 'batchDelivery'> & {
  /** Stored only when on, so editions deployed before the setting existed keep their content hash. */
  batchDelivery?: true;
  validFrom: string;
  validTo: string | null;
  /** Schema facts come from the data format when read: a data format is shared by the editions naming it. */
  forms: Pick<ServiceForm, 'dataFormatId' | 'dataFormatVersion' | 'kind' | 'name'>[];
};

export function fullNames(n: { nb: string; nn?: string | undefined; en?: string | undefined }): Names {
  return { nb: n.nb, nn: n.nn ?? n.nb, en: n.en ?? n.nb };
}

export function parseDateText(text: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

/** Forward only: draft → test → production (a step may be skipped). */
export function isForward(from: ServiceState, to: ServiceState): boolean {
  return STATES.indexOf(to) >= STATES.indexOf(from);
}

/**
 * Whether reportees may use the edition: in production, or in test on an installation with the test
 * environment on; and within its validity dates.
 */
export function isActive(e: Pick<ServiceEdition, 'state' | 'validFrom' | 'validTo'>, now: Date, testEnvironment: boolean): boolean {
  return isListed(e, testEnvironment) && e.validFrom <= now && (e.validTo === null || now < e.validTo);
}

/** Whether the public catalog shows the edition (drafts are their owner's only). */
export function isListed(e: Pick<ServiceEdition, 'state'>, testEnvironment: boolean): boolean {
  return e.state === 'production' || (e.state === 'test' && testEnvironment);
}

/** JSON with object keys sorted, so equal content hashes equally whatever order it was written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(definition: StoredDefinition, files: Readonly<Record<string, string>>): string {
  return createHash('sha256').update(canonicalJson({ definition, files })).digest('hex');
}

export function schemaHash(files: Readonly<Record<string, string>>, mainFile: string): string {
  return createHash('sha256').update(canonicalJson({ files, mainFile })).digest('hex');
}
