import Type from 'typebox';
import { optionalActor, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import { isActive, REPORTEE_TYPES, SERVICE_TYPES, STATES, type Catalog, type ServiceEdition } from '../index.ts';

const NamesSchema = Type.Object({ nb: Type.String(), nn: Type.String(), en: Type.String() });

const ServiceEditionSchema = Type.Object({
  serviceCode: Type.String(),
  serviceEditionCode: Type.Integer(),
  serviceOwnerCode: Type.String(),
  type: Type.Enum(SERVICE_TYPES),
  name: NamesSchema,
  state: Type.Enum(STATES),
  isActive: Type.Boolean({ description: 'reportees may use it now: listed and within its validity dates' }),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  minimumSecurityLevel: Type.Integer(),
  reporteeTypes: Type.Array(Type.Enum(REPORTEE_TYPES)),
  srrEnabled: Type.Boolean(),
  roleRequirements: Type.Record(Type.String(), Type.Array(Type.String())),
  forms: Type.Array(
    Type.Object({
      dataFormatId: Type.String(),
      dataFormatVersion: Type.Integer(),
      kind: Type.Enum(['main', 'sub'] as const),
      name: NamesSchema,
      targetNamespace: Type.String(),
      rootElements: Type.Array(Type.String()),
      mainFile: Type.String(),
      files: Type.Array(Type.String(), { description: 'the main XSD and the files it includes or imports; fetch each from …/forms/{id}/{version}/{file}' }),
    }),
  ),
  attachmentRules: Type.Array(
    Type.Object({
      attachmentTypeName: Type.String(),
      name: NamesSchema,
      minCount: Type.Integer(),
      maxCount: Type.Integer(),
      maxFileSize: Type.Integer({ description: 'bytes' }),
      allowedFileTypes: Type.Array(Type.String()),
    }),
  ),
  process: Type.Array(Type.Object({ type: Type.Enum(['FormFilling', 'Signing', 'SendIn'] as const), name: Type.Optional(NamesSchema) })),
  downloadQueue: Type.Boolean(),
  batchDelivery: Type.Boolean(),
  receiptNotificationTemplate: Type.Union([Type.String(), Type.Null()]),
  confirmationRequired: Type.Boolean({ description: 'correspondence: each message must be confirmed' }),
  broker: Type.Union([
    Type.Object({ maxFileSize: Type.Integer({ description: 'bytes' }), retentionDays: Type.Integer(), purgeWhenAllConfirmed: Type.Boolean(), publishNotification: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ], { description: 'broker services: file size limit, retention and the notification on publish' }),
  contentSha256: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  productionAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const EditionParams = Type.Object({ serviceCode: Type.String({ maxLength: 20 }), serviceEditionCode: Type.Integer({ minimum: 1 }) });
const ListQuery = Type.Object(
  { serviceOwnerCode: Type.Optional(Type.String({ maxLength: 20 })), serviceCode: Type.Optional(Type.String({ maxLength: 20 })), type: Type.Optional(Type.Enum(SERVICE_TYPES)) },
  { additionalProperties: false },
);

/** Deployments carry XSD files; allow more than the default body limit. */
const DEPLOY_BODY_LIMIT = 16 * 1024 * 1024;

/** REST routes of the catalog module. */
export function registerCatalogRoutes(app: HttpApp, catalog: Catalog, options: { testEnvironment: boolean; now: () => Date }): void {
  const dto = (e: ServiceEdition) => ({
    ...e,
    isActive: isActive(e, options.now(), options.testEnvironment),
    validFrom: e.validFrom.toISOString(),
    validTo: e.validTo ? e.validTo.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    productionAt: e.productionAt ? e.productionAt.toISOString() : null,
  });

  app.put(
    '/api/v1/serviceowner/services/:serviceCode/:serviceEditionCode',
    {
      bodyLimit: DEPLOY_BODY_LIMIT,
      schema: {
        tags: ['catalog'],
        summary: 'Deploy a service edition of your own: create it, change it while in draft or test, or promote it',
        description:
          'The definition is JSON, or YAML as a string; `files` holds the XSDs by relative path (xs:include and xs:import resolve among them). Every problem is reported at once (CAT-00001) with file and line for schema errors. The same content again changes nothing (200). States move forward only: draft → test → production; an edition in production is immutable — deploy a new serviceEditionCode.',
        params: EditionParams,
        body: Type.Object(
          {
            definition: Type.Union([Type.Object({}, { additionalProperties: true }), Type.String({ maxLength: 1_000_000 })], { description: 'the service definition (object, or YAML text)' }),
            files: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'XSD files by relative path' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ServiceEditionSchema, 201: ServiceEditionSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const { edition, outcome } = await catalog.deployServiceEdition(await requireActor(req), req.params.serviceCode, req.params.serviceEditionCode, {
        definition: req.body.definition,
        files: req.body.files ?? {},
      });
      reply.code(outcome === 'created' ? 201 : 200);
      reply.header('x-tinn-deploy', outcome);
      return dto(edition);
    },
  );

  app.get(
    '/api/v1/serviceowner/services',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Your own service editions, drafts included',
        querystring: Type.Object({ serviceCode: Type.Optional(Type.String({ maxLength: 20 })), type: Type.Optional(Type.Enum(SERVICE_TYPES)), state: Type.Optional(Type.Enum(STATES)) }, { additionalProperties: false }),
        response: { 200: Type.Object({ services: Type.Array(ServiceEditionSchema) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => ({ services: (await catalog.listOwnServices(await requireActor(req), req.query)).map(dto) }),
  );

  app.get(
    '/api/v1/services',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The service catalog: editions in production (and in test when the test environment is on)',
        description: 'Public: no credentials needed. GetAvailableServices in Altinn II.',
        querystring: ListQuery,
        response: { 200: Type.Object({ services: Type.Array(ServiceEditionSchema) }), ...problemResponses(400) },
      },
    },
    async (req) => ({ services: (await catalog.listServices(req.query)).map(dto) }),
  );

  app.get(
    '/api/v1/services/:serviceCode/:serviceEditionCode',
    {
      schema: {
        tags: ['catalog'],
        summary: 'One service edition: forms, attachment rules, process',
        description: 'Public for listed editions; a draft only for its own service owner (to others it is not found).',
        params: EditionParams,
        response: { 200: ServiceEditionSchema, ...problemResponses(400, 404) },
      },
    },
    async (req) => dto(await catalog.getServiceEdition(await optionalActor(req), req.params.serviceCode, req.params.serviceEditionCode)),
  );

  app.get(
    '/api/v1/services/:serviceCode/:serviceEditionCode/forms/:dataFormatId/:dataFormatVersion/*',
    {
      schema: {
        tags: ['catalog'],
        summary: "A form's XSD: `…/xsd` is the main file; any other name is a file it includes or imports",
        description:
          'Names are relative to the main file, as its schemaLocation attributes write them, so a client resolving schemaLocation against the URL of `…/xsd` finds each file (GetFormTaskSchemaDefinitions in Altinn II).',
        params: Type.Object({
          serviceCode: Type.String({ maxLength: 20 }),
          serviceEditionCode: Type.Integer({ minimum: 1 }),
          dataFormatId: Type.String({ maxLength: 50 }),
          dataFormatVersion: Type.Integer({ minimum: 1 }),
          // The wildcard ('*': `xsd` or a file name) stays out of the schema: TypeBox reads '*' as a pattern.
        }),
        response: { 200: Type.String({ description: 'the XSD (application/xml)' }), ...problemResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const p = req.params;
      const rest = (req.params as unknown as Record<string, string>)['*'] ?? '';
      const file = rest === 'xsd' ? undefined : rest;
      const { content } = await catalog.getFormSchemaFile(await optionalActor(req), p.serviceCode, p.serviceEditionCode, p.dataFormatId, p.dataFormatVersion, file);
      reply.header('content-type', 'application/xml; charset=utf-8');
      return content;
    },
  );
}
