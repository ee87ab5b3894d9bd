import type { Readable } from 'node:stream';
import Type from 'typebox';
import { problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import { MAX_STREAMED_ATTACHMENT_BYTES, type FormTaskInstance, type Submissions } from '../index.ts';

const InstanceSchema = Type.Object({
  reporteeElementId: Type.Integer(),
  status: Type.Enum(['FillIn', 'SignIn', 'Archive'] as const),
  serviceCode: Type.String(),
  serviceEditionCode: Type.Integer(),
  archiveReference: Type.Union([Type.String(), Type.Null()]),
  signaturesRequired: Type.Integer(),
  forms: Type.Array(
    Type.Object({
      formId: Type.Integer(),
      dataFormatId: Type.String(),
      dataFormatVersion: Type.Integer(),
      isMain: Type.Boolean(),
      endUserSystemReference: Type.String(),
      parentReference: Type.Union([Type.String(), Type.Null()]),
      completed: Type.Boolean(),
      formData: Type.String(),
    }),
  ),
  attachments: Type.Array(
    Type.Object({ attachmentId: Type.Integer(), name: Type.String(), fileName: Type.String(), attachmentTypeName: Type.Union([Type.String(), Type.Null()]), sizeBytes: Type.Integer(), sha256: Type.String() }),
  ),
  signatures: Type.Array(
    Type.Object({ step: Type.Integer(), signerPartyId: Type.Union([Type.Integer(), Type.Null()]), endUserSystemId: Type.Union([Type.Integer(), Type.Null()]), securityLevel: Type.Integer(), signedAt: Type.String({ format: 'date-time' }) }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
  lastChangedAt: Type.String({ format: 'date-time' }),
});

const Params = Type.Object({ reportee: Type.String({ description: "'me', an organisation number or r<partyId>" }), reporteeElementId: Type.Integer() });
const BASE = '/api/v1/reportees/:reportee/formtasks/:reporteeElementId';

const dto = (i: FormTaskInstance) => ({
  ...i,
  signatures: i.signatures.map((s) => ({ ...s, signedAt: s.signedAt.toISOString() })),
  createdAt: i.createdAt.toISOString(),
  lastChangedAt: i.lastChangedAt.toISOString(),
});

const ok = { 200: InstanceSchema, ...problemResponses(400, 401, 403, 404, 409) };

/** REST routes for form tasks in the work list: read, change, attach, sign, send in, back to filling, delete. */
export function registerWorkListRoutes(app: HttpApp, submissions: Submissions): void {
  app.post(
    '/api/v1/reportees/:reportee/formtasks/new',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Start a new, empty form task of a service in the work list (needs Write on the service)',
        description:
          'The portal\'s "fill in a new form": the service must be an active form task (SUB-00001) for this kind of reportee (SUB-00002), and the caller needs Write (SUB-00003). The form task has no forms until the main form is saved with PUT …/forms/{endUserSystemReference}; signing and send-in need it (SUB-00015). A prefilled set waiting for the reportee (not yet started) is started instead, as …/formtasks/start does.',
        params: Type.Object({ reportee: Type.String({ description: "'me', an organisation number or r<partyId>" }) }),
        body: Type.Object({ serviceCode: Type.String({ minLength: 1, maxLength: 20 }), serviceEditionCode: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 201: InstanceSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const created = await submissions.createFormTask(await requireActor(req), req.params.reportee, req.body);
      return reply.code(201).send(dto(created));
    },
  );

  app.get(BASE, { schema: { tags: ['submissions'], summary: 'A form task in the work list: forms, attachments, signatures, status', params: Params, response: ok } }, async (req) =>
    dto(await submissions.getFormTask(await requireActor(req), req.params.reportee, req.params.reporteeElementId)),
  );

  app.put(
    `${BASE}/forms/:endUserSystemReference`,
    {
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags: ['submissions'],
        summary: 'Replace or add a form (UpdateFormData); signatures given so far are removed',
        params: Type.Object({ reportee: Type.String(), reporteeElementId: Type.Integer(), endUserSystemReference: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object(
          {
            dataFormatId: Type.String({ minLength: 1, maxLength: 50 }),
            dataFormatVersion: Type.Integer({ minimum: 1 }),
            parentReference: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            formData: Type.String({ minLength: 1 }),
            completed: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: ok,
      },
    },
    async (req) => dto(await submissions.updateFormData(await requireActor(req), req.params.reportee, req.params.reporteeElementId, { ...req.body, endUserSystemReference: req.params.endUserSystemReference })),
  );

  app.post(
    `${BASE}/attachments`,
    {
      bodyLimit: 48 * 1024 * 1024,
      schema: {
        tags: ['submissions'],
        summary: 'Add an attachment (base64, up to 30 MB; larger ones through …/attachments/stream)',
        params: Params,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 255 }),
            fileName: Type.String({ minLength: 1, maxLength: 255 }),
            attachmentTypeName: Type.Optional(Type.String({ maxLength: 100 })),
            endUserSystemReference: Type.Optional(Type.String({ maxLength: 100 })),
            parentReference: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            data: Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$' }),
          },
          { additionalProperties: false },
        ),
        response: ok,
      },
    },
    async (req) =>
      dto(await submissions.addAttachment(await requireActor(req), req.params.reportee, req.params.reporteeElementId, { ...req.body, data: new Uint8Array(Buffer.from(req.body.data, 'base64')) })),
  );

  // The streamed upload takes the raw body: its own scope, so only this route accepts application/octet-stream.
  app.register(async (plain) => {
    const scope = plain as unknown as HttpApp;
    scope.addContentTypeParser('application/octet-stream', { bodyLimit: MAX_STREAMED_ATTACHMENT_BYTES }, (_req, payload, done) => done(null, payload));
    scope.put(
      `${BASE}/attachments/stream`,
      {
        bodyLimit: MAX_STREAMED_ATTACHMENT_BYTES,
        schema: {
          tags: ['submissions'],
          summary: 'Add a large attachment as a stream (SubmitAttachmentStreamed): up to 500 MB or the rule’s limit, never held in memory',
          description: 'Body: the bytes, `Content-Type: application/octet-stream`. `checksum` is the SHA-256 (hex) the content must have.',
          params: Params,
          querystring: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 255 }),
              fileName: Type.String({ minLength: 1, maxLength: 255 }),
              attachmentTypeName: Type.Optional(Type.String({ maxLength: 100 })),
              checksum: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
            },
            { additionalProperties: false },
          ),
          response: ok,
        },
      },
      async (req) => dto(await submissions.addAttachmentStreamed(await requireActor(req), req.params.reportee, req.params.reporteeElementId, req.query, req.body as unknown as Readable)),
    );
  });

  app.delete(
    `${BASE}/attachments/:attachmentId`,
    {
      schema: {
        tags: ['submissions'],
        summary: 'Remove an attachment from a form task in the work list; signatures given so far are removed',
        params: Type.Object({ reportee: Type.String(), reporteeElementId: Type.Integer(), attachmentId: Type.Integer({ minimum: 1 }) }),
        response: ok,
      },
    },
    async (req) => dto(await submissions.removeAttachment(await requireActor(req), req.params.reportee, req.params.reporteeElementId, req.params.attachmentId)),
  );

  app.post(
    `${BASE}/sign`,
    {
      schema: {
        tags: ['submissions'],
        summary: 'Sign the next signing step (DoSigning); with sendIn the form task is sent in once every signature is there',
        params: Params,
        body: Type.Optional(Type.Object({ sendIn: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
        response: ok,
      },
    },
    async (req) => dto(await submissions.signFormTask(await requireActor(req), req.params.reportee, req.params.reporteeElementId, { sendIn: req.body?.sendIn ?? false })),
  );

  app.post(
    `${BASE}/send-in`,
    { schema: { tags: ['submissions'], summary: 'Send in (DoSendingInAction): archive a complete form task with its signatures', params: Params, response: ok } },
    async (req) => dto(await submissions.sendIn(await requireActor(req), req.params.reportee, req.params.reporteeElementId)),
  );

  app.post(
    `${BASE}/back-to-form-filling`,
    { schema: { tags: ['submissions'], summary: 'Back to form filling (SetBackToFormFilling): signatures are removed', params: Params, response: ok } },
    async (req) => dto(await submissions.backToFormFilling(await requireActor(req), req.params.reportee, req.params.reporteeElementId)),
  );

  app.delete(
    BASE,
    {
      schema: {
        tags: ['submissions'],
        summary: "Delete a form task from the work list: an organisation's goes to its trash bin, a person's is deleted",
        params: Params,
        response: { 200: Type.Object({ trashed: Type.Boolean() }), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (req) => submissions.deleteFormTask(await requireActor(req), req.params.reportee, req.params.reporteeElementId),
  );
}
