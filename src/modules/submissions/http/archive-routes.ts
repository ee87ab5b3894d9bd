import Type from 'typebox';
import { contentDisposition, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import type { ArchivedFormTask, Submissions } from '../index.ts';

const PartySchema = Type.Object({
  partyId: Type.Integer(),
  type: Type.Enum(['person', 'organization'] as const),
  orgno: Type.Union([Type.String(), Type.Null()]),
  ssn: Type.Optional(Type.String({ description: 'service owners only' })),
  name: Type.String(),
});

const ArchiveSchema = Type.Object({
  archiveReference: Type.String(),
  archivedAt: Type.String({ format: 'date-time' }),
  reporteeElementId: Type.Integer(),
  contentSha256: Type.String({ description: 'SHA-256 over the archived forms, attachments and signatures; archived items never change' }),
  serviceCode: Type.String(),
  serviceEditionCode: Type.Integer(),
  serviceOwnerCode: Type.String(),
  serviceName: Type.Object({ nb: Type.String(), nn: Type.String(), en: Type.String() }),
  reportee: PartySchema,
  caseId: Type.Union([Type.String(), Type.Null()]),
  externalShipmentReference: Type.Union([Type.String(), Type.Null()]),
  forms: Type.Array(
    Type.Object({
      formId: Type.Integer(),
      dataFormatId: Type.String(),
      dataFormatVersion: Type.Integer(),
      isMain: Type.Boolean(),
      endUserSystemReference: Type.String(),
      parentReference: Type.Union([Type.String(), Type.Null()]),
      formData: Type.String(),
    }),
  ),
  attachments: Type.Array(
    Type.Object({
      attachmentId: Type.Integer(),
      name: Type.String(),
      fileName: Type.String(),
      attachmentTypeName: Type.Union([Type.String(), Type.Null()]),
      endUserSystemReference: Type.Union([Type.String(), Type.Null()]),
      parentReference: Type.Union([Type.String(), Type.Null()]),
      sizeBytes: Type.Integer(),
      sha256: Type.String(),
    }),
  ),
  signingSteps: Type.Array(
    Type.Object({
      step: Type.Integer(),
      signer: Type.Union([PartySchema, Type.Null()]),
      endUserSystemId: Type.Union([Type.Integer(), Type.Null()]),
      signedAt: Type.String({ format: 'date-time' }),
      securityLevel: Type.Integer(),
      methods: Type.Array(Type.String()),
    }),
  ),
});

const QueueItemSchema = Type.Object({
  archiveReference: Type.String(),
  archivedDate: Type.String({ format: 'date-time' }),
  reporteeId: Type.String({ description: 'orgno or national identity number' }),
  reporteeType: Type.Enum(['Organisation', 'Person'] as const),
  serviceCode: Type.String(),
  serviceEditionCode: Type.Integer(),
});

const ReporteeArchiveParams = Type.Object({ reportee: Type.String(), archiveReference: Type.String({ maxLength: 40 }) });
const OwnerArchiveParams = Type.Object({ archiveReference: Type.String({ maxLength: 40 }) });
const Binary = Type.Unknown({ description: 'the bytes (application/pdf, or the attachment as application/octet-stream)' });

const archiveDto = (a: ArchivedFormTask) => ({
  ...a,
  archivedAt: a.archivedAt.toISOString(),
  signingSteps: a.signingSteps.map((s) => ({ ...s, signedAt: s.signedAt.toISOString() })),
});

/** Content-Disposition for a file name that may hold any character (RFC 6266 / RFC 5987). */
/** REST routes of the archive (reportee side) and the service owner's download queue and archive. */
export function registerArchiveRoutes(app: HttpApp, submissions: Submissions): void {
  app.get(
    '/api/v1/reportees/:reportee/archive/:archiveReference',
    {
      schema: {
        tags: ['submissions'],
        summary: 'An archived form task (GetArchivedFormTaskV2): forms, attachments, signing steps',
        description: "Needs ArchiveRead on the service for the reportee. Another reportee's archive reference is not found.",
        params: ReporteeArchiveParams,
        response: { 200: ArchiveSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => archiveDto(await submissions.getArchivedFormTask(await requireActor(req), req.params.reportee, req.params.archiveReference)),
  );

  app.get(
    '/api/v1/reportees/:reportee/archive/:archiveReference/pdf',
    {
      schema: { tags: ['submissions'], summary: 'The archived form set as PDF: every field, the attachments and the signing steps', params: ReporteeArchiveParams, response: { 200: Binary, ...problemResponses(401, 403, 404) } },
    },
    async (req, reply) => {
      const pdf = await submissions.openArchivedFormTaskPdf(await requireActor(req), req.params.reportee, req.params.archiveReference);
      reply.header('content-type', 'application/pdf').header('content-length', pdf.size).header('content-disposition', contentDisposition(`${req.params.archiveReference}.pdf`));
      return reply.send(pdf.content);
    },
  );

  app.get(
    '/api/v1/reportees/:reportee/archive/:archiveReference/attachments/:attachmentId',
    {
      schema: {
        tags: ['submissions'],
        summary: "An archived attachment's bytes",
        params: Type.Object({ reportee: Type.String(), archiveReference: Type.String({ maxLength: 40 }), attachmentId: Type.Integer() }),
        response: { 200: Binary, ...problemResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { attachment, content } = await submissions.openArchivedAttachment(await requireActor(req), req.params.reportee, req.params.archiveReference, req.params.attachmentId);
      reply.header('content-type', 'application/octet-stream').header('content-length', Number(attachment.size_bytes)).header('content-disposition', contentDisposition(attachment.file_name));
      return reply.send(content);
    },
  );

  app.get(
    '/api/v1/serviceowner/downloadqueue',
    {
      schema: {
        tags: ['submissions'],
        summary: 'The download queue (GetDownloadQueueItems): the oldest 500 unpurged archived submissions of your services',
        description: 'Newer items appear as older ones are purged (DELETE …/downloadqueue/{archiveReference}).',
        querystring: Type.Object({ serviceCode: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(QueueItemSchema) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => ({
      items: (await submissions.listDownloadQueue(await requireActor(req), req.query.serviceCode)).map((i) => ({ ...i, archivedDate: i.archivedDate.toISOString() })),
    }),
  );

  app.delete(
    '/api/v1/serviceowner/downloadqueue/:archiveReference',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Purge an item from your download queue (PurgeItem); the archive stays',
        params: OwnerArchiveParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await submissions.purgeDownloadQueueItem(await requireActor(req), req.params.archiveReference);
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/api/v1/serviceowner/archive/:archiveReference',
    {
      schema: {
        tags: ['submissions'],
        summary: 'An archived submission of your service (GetArchivedFormTaskBasicDQ): forms, attachments, approvers with security levels',
        params: OwnerArchiveParams,
        response: { 200: ArchiveSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => archiveDto(await submissions.getServiceOwnerArchivedFormTask(await requireActor(req), req.params.archiveReference)),
  );

  app.get(
    '/api/v1/serviceowner/archive/:archiveReference/pdf',
    { schema: { tags: ['submissions'], summary: 'The archived form set as PDF (GetFormSetPdf)', params: OwnerArchiveParams, response: { 200: Binary, ...problemResponses(401, 403, 404) } } },
    async (req, reply) => {
      const pdf = await submissions.openServiceOwnerArchivePdf(await requireActor(req), req.params.archiveReference);
      reply.header('content-type', 'application/pdf').header('content-length', pdf.size).header('content-disposition', contentDisposition(`${req.params.archiveReference}.pdf`));
      return reply.send(pdf.content);
    },
  );

  app.get(
    '/api/v1/serviceowner/archive/:archiveReference/attachments/:attachmentId',
    {
      schema: {
        tags: ['submissions'],
        summary: "An archived attachment's bytes (GetAttachmentDataStreamed)",
        params: Type.Object({ archiveReference: Type.String({ maxLength: 40 }), attachmentId: Type.Integer() }),
        response: { 200: Binary, ...problemResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { attachment, content } = await submissions.openServiceOwnerArchiveAttachment(await requireActor(req), req.params.archiveReference, req.params.attachmentId);
      reply.header('content-type', 'application/octet-stream').header('content-length', Number(attachment.size_bytes)).header('content-disposition', contentDisposition(attachment.file_name));
      return reply.send(content);
    },
  );
}
