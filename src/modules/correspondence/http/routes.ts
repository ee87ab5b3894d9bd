import Type, { type Static } from 'typebox';
import { contentDisposition, decodeBase64Field, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import { STATUS_TYPES, type Correspondence, type CorrespondenceApi, type CorrespondenceReceipt } from '../index.ts';

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'the bytes, base64' });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

const ReplyOptionSchema = Type.Union([
  Type.Object({ type: Type.Literal('Service'), serviceCode: Type.String({ minLength: 1, maxLength: 20 }), serviceEditionCode: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('ArchiveReference'), archiveReference: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('URL'), linkText: Type.String({ minLength: 1, maxLength: 255 }), linkUrl: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
]);

const NotificationSchema = Type.Object(
  {
    languageCode: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Integer(), Type.Null()])),
    notificationType: Type.String({ maxLength: 100, description: 'your notification template' }),
    receiverEndPoints: Type.Array(
      Type.Object({ transportType: Type.String(), receiverAddress: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 20 },
    ),
    textTokens: Type.Optional(Type.Array(Type.Object({ tokenNum: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })), tokenValue: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false }), { maxItems: 100 })),
    fromAddress: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
    shipmentDateTime: Type.Optional(Type.Union([DateTime, Type.Null()], { description: 'never before the message is visible' })),
    isReservable: Type.Optional(Type.Boolean()),
    useServiceOwnerShortNameAsSenderOfSms: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const InsertSchema = Type.Object(
  {
    externalShipmentReference: Type.String({ minLength: 1, maxLength: 100, description: 'your reference: a retry with the same reference and content answers the same receipt' }),
    serviceCode: Type.String({ minLength: 1, maxLength: 20 }),
    serviceEditionCode: Type.Integer({ minimum: 1 }),
    reportee: Type.String({ pattern: '^(\\d{9}|\\d{11})$', description: 'orgno or national identity number' }),
    content: Type.Object(
      {
        languageCode: Type.Union([Type.String({ maxLength: 10 }), Type.Integer()], { description: 'nb, nn or en (or 1044, 2068, 1033)' }),
        messageTitle: Type.String({ maxLength: 255 }),
        messageSummary: Type.Optional(Type.String({ maxLength: 4000, description: 'HTML, sanitized' })),
        messageBody: Type.String({ maxLength: 1_000_000, description: 'HTML, sanitized: no scripts, styles or remote loads; links http, https, mailto' }),
        customMessageData: Type.Optional(Type.String({ maxLength: 100_000 })),
        attachments: Type.Optional(
          Type.Array(
            Type.Object(
              { name: Type.String({ minLength: 1, maxLength: 255 }), fileName: Type.String({ minLength: 1, maxLength: 255 }), data: Base64, sendersReference: Type.Optional(Type.String({ maxLength: 100 })) },
              { additionalProperties: false },
            ),
            { maxItems: 100 },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    visibleDateTime: Type.Optional(DateTime),
    allowSystemDeleteDateTime: Type.Optional(DateTime),
    dueDateTime: Type.Optional(DateTime),
    archiveReference: Type.Optional(Type.String({ maxLength: 40, description: 'the submission (AR…) this answers' })),
    replyOptions: Type.Optional(Type.Array(ReplyOptionSchema, { maxItems: 20 })),
    notifications: Type.Optional(Type.Array(NotificationSchema, { maxItems: 10, description: 'to the reportee, when the message becomes visible' })),
    allowForwarding: Type.Optional(Type.Boolean({ description: 'default true' })),
    caseId: Type.Optional(Type.String({ maxLength: 100 })),
    messageSender: Type.Optional(Type.String({ maxLength: 255, description: 'shown as the sender instead of the service owner' })),
    isReservable: Type.Optional(Type.Boolean({ description: 'respect a person\'s reservation against digital communication (default false)' })),
  },
  { additionalProperties: false },
);

const ReceiptSchema = Type.Object({
  correspondenceId: Type.Integer({ description: 'the ReporteeElementId' }),
  receiptStatusCode: Type.Literal('OK'),
  status: Type.Union([Type.Literal('Created'), Type.Literal('Reserved')]),
  externalShipmentReference: Type.String(),
  visibleDateTime: DateTime,
  notificationIds: Type.Array(Type.String({ format: 'uuid' })),
});

const CorrespondenceSchema = Type.Object({
  correspondenceId: Type.Integer(),
  reporteeNumber: Type.String(),
  serviceCode: Type.String(),
  serviceEditionCode: Type.Integer(),
  serviceOwnerCode: Type.String(),
  sender: Type.String(),
  languageCode: Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')]),
  title: Type.String(),
  summary: Type.String({ description: 'sanitized HTML' }),
  body: Type.String({ description: 'sanitized HTML' }),
  attachments: Type.Array(Type.Object({ attachmentId: Type.Integer(), name: Type.String(), fileName: Type.String(), size: Type.Integer(), sha256: Type.String(), sendersReference: Type.Union([Type.String(), Type.Null()]) })),
  replyOptions: Type.Array(ReplyOptionSchema),
  state: Type.Enum(['Unread', 'Read', 'Confirmed', 'Archived', 'Reserved'] as const),
  isConfirmationNeeded: Type.Boolean(),
  allowForwarding: Type.Boolean(),
  archiveReference: Type.Union([Type.String(), Type.Null()]),
  caseId: Type.Union([Type.String(), Type.Null()]),
  externalShipmentReference: Type.String(),
  visibleDateTime: DateTime,
  dueDateTime: NullableDateTime,
  allowSystemDeleteDateTime: NullableDateTime,
  readAt: NullableDateTime,
  confirmedAt: NullableDateTime,
  archivedAt: NullableDateTime,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const receiptDto = (r: CorrespondenceReceipt): Static<typeof ReceiptSchema> => ({
  correspondenceId: r.correspondenceId,
  receiptStatusCode: r.receiptStatusCode,
  status: r.status,
  externalShipmentReference: r.externalShipmentReference,
  visibleDateTime: r.visibleDateTime.toISOString(),
  notificationIds: r.notificationIds,
});
const correspondenceDto = (c: Correspondence): Static<typeof CorrespondenceSchema> => ({
  ...c,
  visibleDateTime: c.visibleDateTime.toISOString(),
  dueDateTime: iso(c.dueDateTime),
  allowSystemDeleteDateTime: iso(c.allowSystemDeleteDateTime),
  readAt: iso(c.readAt),
  confirmedAt: iso(c.confirmedAt),
  archivedAt: iso(c.archivedAt),
});

/** 30 MB of attachments as base64, plus the message. */
const INSERT_BODY_LIMIT = 48 * 1024 * 1024;


/** REST routes of the correspondence module: the service owner's side and the reportee's. */
export function registerCorrespondenceRoutes(app: HttpApp, correspondence: CorrespondenceApi): void {
  app.post(
    '/api/v1/serviceowner/correspondences',
    {
      bodyLimit: INSERT_BODY_LIMIT,
      schema: {
        tags: ['correspondence'],
        summary: 'Send a correspondence to a reportee (InsertCorrespondenceV2) → receipt',
        body: InsertSchema,
        response: { 201: ReceiptSchema, 200: ReceiptSchema, ...problemResponses(400, 401, 403, 409, 413) },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const receipt = await correspondence.sendCorrespondence(await requireActor(req), {
        ...body,
        content: { ...body.content, attachments: (body.content.attachments ?? []).map((a, i) => ({ ...a, data: decodeBase64Field(a.data, `content/attachments/${i}/data`) })) },
      });
      return reply.code(receipt.replayed ? 200 : 201).send(receiptDto(receipt));
    },
  );
  app.get(
    '/api/v1/serviceowner/correspondences/status',
    {
      schema: {
        tags: ['correspondence'],
        summary: 'Status history of your correspondence of one service (GetCorrespondenceStatusDetailsV3), oldest first, at most 1000',
        querystring: Type.Object(
          {
            serviceCode: Type.String({ minLength: 1, maxLength: 20 }),
            serviceEditionCode: Type.Integer({ minimum: 1 }),
            createdAfter: Type.Optional(DateTime),
            createdBefore: Type.Optional(DateTime),
            reportee: Type.Optional(Type.String({ maxLength: 11 })),
            sendersReference: Type.Optional(Type.String({ maxLength: 100 })),
            currentStatus: Type.Optional(Type.Enum(STATUS_TYPES, { description: 'only correspondence whose latest status is this one' })),
            notificationSent: Type.Optional(Type.Boolean({ description: 'true: only correspondence with a notification sent; false: only without' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            correspondences: Type.Array(
              Type.Object({
                correspondenceId: Type.Integer(),
                createdDate: DateTime,
                reportee: Type.String(),
                sendersReference: Type.String(),
                statusChanges: Type.Array(Type.Object({ statusDate: DateTime, statusType: Type.Enum(STATUS_TYPES) })),
                notifications: Type.Array(Type.Object({ recipient: Type.Union([Type.String(), Type.Null()]), transportType: Type.Union([Type.Literal('SMS'), Type.Literal('Email')]), status: Type.String(), sentDate: NullableDateTime })),
              }),
            ),
            limitReached: Type.Boolean(),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const result = await correspondence.getStatus(await requireActor(req), {
        serviceCode: q.serviceCode,
        serviceEditionCode: q.serviceEditionCode,
        createdAfter: q.createdAfter ? new Date(q.createdAfter) : undefined,
        createdBefore: q.createdBefore ? new Date(q.createdBefore) : undefined,
        reportee: q.reportee,
        sendersReference: q.sendersReference,
        currentStatus: q.currentStatus,
        notificationSent: q.notificationSent,
      });
      return {
        limitReached: result.limitReached,
        correspondences: result.correspondences.map((c) => ({
          ...c,
          createdDate: c.createdDate.toISOString(),
          statusChanges: c.statusChanges.map((s) => ({ ...s, statusDate: s.statusDate.toISOString() })),
          notifications: c.notifications.map((n) => ({ ...n, sentDate: iso(n.sentDate) })),
        })),
      };
    },
  );

  const params = Type.Object({ reportee: Type.String({ description: "'me', an organisation number or r<partyId>" }), correspondenceId: Type.Integer() });
  const one = { 200: CorrespondenceSchema, ...problemResponses(401, 403, 404, 409) };
  app.get(
    '/api/v1/reportees/:reportee/correspondences/:correspondenceId',
    { schema: { tags: ['correspondence'], summary: 'Read a correspondence (marks it Read, as Altinn II did; cannot be suppressed)', params, response: one } },
    async (req) => correspondenceDto(await correspondence.readCorrespondence(await requireActor(req), req.params.reportee, req.params.correspondenceId)),
  );
  app.post(
    '/api/v1/reportees/:reportee/correspondences/:correspondenceId/confirm',
    { schema: { tags: ['correspondence'], summary: 'Confirm a correspondence whose service asks for it (SaveCorrespondenceConfirmation)', params, response: one } },
    async (req) => correspondenceDto(await correspondence.confirmCorrespondence(await requireActor(req), req.params.reportee, req.params.correspondenceId)),
  );
  app.post(
    '/api/v1/reportees/:reportee/correspondences/:correspondenceId/archive',
    { schema: { tags: ['correspondence'], summary: 'Archive a correspondence that is read (and confirmed when needed)', params, response: one } },
    async (req) => correspondenceDto(await correspondence.archiveCorrespondence(await requireActor(req), req.params.reportee, req.params.correspondenceId)),
  );
  app.delete(
    '/api/v1/reportees/:reportee/correspondences/:correspondenceId',
    { schema: { tags: ['correspondence'], summary: "Remove a correspondence from the reportee's message box", params, response: { 204: Type.Null(), ...problemResponses(401, 403, 404) } } },
    async (req, reply) => {
      await correspondence.deleteCorrespondence(await requireActor(req), req.params.reportee, req.params.correspondenceId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/reportees/:reportee/correspondences/:correspondenceId/attachments/:attachmentId',
    {
      schema: {
        tags: ['correspondence'],
        summary: "A correspondence attachment's bytes",
        params: Type.Object({ reportee: Type.String(), correspondenceId: Type.Integer(), attachmentId: Type.Integer() }),
        response: { 200: Type.Unknown({ description: 'the attachment as application/octet-stream' }), ...problemResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const a = await correspondence.getAttachment(await requireActor(req), req.params.reportee, req.params.correspondenceId, req.params.attachmentId);
      reply.header('content-type', 'application/octet-stream').header('content-length', a.size).header('content-disposition', contentDisposition(a.fileName)).header('x-content-sha256', a.sha256);
      return reply.send(a.content);
    },
  );
}
