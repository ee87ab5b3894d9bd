import Type, { type Static } from 'typebox';
import { parseIdempotencyKey, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import { MAX_NOTIFICATIONS_PER_REQUEST, NOTIFICATION_TYPE_PATTERN, RECIPIENT_STATUSES, TemplateInputSchema, type Notification, type NotificationTemplate, type Notifications } from '../index.ts';

const Language = Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')]);

const TemplateSchema = Type.Object({
  serviceOwnerCode: Type.String(),
  notificationType: Type.String(),
  texts: Type.Array(Type.Object({ language: Language, transport: Type.Union([Type.Literal('sms'), Type.Literal('email')]), subject: Type.Union([Type.String(), Type.Null()]), body: Type.String() })),
  updatedAt: Type.String({ format: 'date-time' }),
});

const ServiceRef = Type.Object({ serviceCode: Type.String({ minLength: 1, maxLength: 20 }), serviceEditionCode: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

const OrderSchema = Type.Object(
  {
    reporteeNumber: Type.Optional(Type.Union([Type.String({ maxLength: 11 }), Type.Null()], { description: 'national identity number or orgno: whose addresses and macros; optional when every endpoint has an address' })),
    languageCode: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Integer(), Type.Null()], { description: "nb, nn or en (or 1044, 2068, 1033); default: a person's profile language, else nb" })),
    notificationType: Type.String({ pattern: NOTIFICATION_TYPE_PATTERN, description: 'the template' }),
    receiverEndPoints: Type.Array(
      Type.Object(
        {
          transportType: Type.String({ description: 'SMS, Email, Both, SMSPreferred or EmailPreferred' }),
          receiverAddress: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()], { description: 'only with SMS or Email; empty: resolved from the reportee' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    textTokens: Type.Optional(
      Type.Array(Type.Object({ tokenNum: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })), tokenValue: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false }), {
        maxItems: 100,
        description: 'filled into {0}, {1} … in order; macros inside work',
      }),
    ),
    fromAddress: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()], { description: 'e-mail sender' })),
    shipmentDateTime: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'send later (at most a year ahead)' })),
    service: Type.Optional(Type.Union([ServiceRef, Type.Null()], { description: "$servicename$; with an organisation, also its personal contacts who may Read the service" })),
    isReservable: Type.Optional(Type.Boolean({ description: 'respect a person\'s reservation against digital notices (default false)' })),
    useServiceOwnerShortNameAsSenderOfSms: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const NotificationSchema = Type.Object({
  notificationId: Type.String({ format: 'uuid' }),
  batchId: Type.String({ format: 'uuid' }),
  notificationType: Type.String(),
  language: Language,
  reporteeNumber: Type.Union([Type.String(), Type.Null()]),
  service: Type.Union([Type.Object({ serviceCode: Type.String(), serviceEditionCode: Type.Integer() }), Type.Null()]),
  isReservable: Type.Boolean(),
  reserved: Type.Boolean({ description: 'the person is reserved against digital notices and was skipped' }),
  shipmentDateTime: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  recipients: Type.Array(
    Type.Object({
      recipientId: Type.String({ format: 'uuid' }),
      transportType: Type.Union([Type.Literal('SMS'), Type.Literal('Email')]),
      receiverAddress: Type.Union([Type.String(), Type.Null()]),
      retrieveFromProfile: Type.Boolean(),
      name: Type.Union([Type.String(), Type.Null()]),
      status: Type.Enum(RECIPIENT_STATUSES),
      segments: Type.Union([Type.Integer(), Type.Null()], { description: 'SMS parts (GSM-7: 160, then 153 each; UCS-2: 70, then 67)' }),
      encoding: Type.Union([Type.Literal('GSM-7'), Type.Literal('UCS-2'), Type.Null()]),
      attempts: Type.Integer(),
      sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      lastError: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

const templateDto = (t: NotificationTemplate): Static<typeof TemplateSchema> => ({ ...t, updatedAt: t.updatedAt.toISOString() });
const notificationDto = (n: Notification): Static<typeof NotificationSchema> => ({
  ...n,
  shipmentDateTime: n.shipmentDateTime.toISOString(),
  createdAt: n.createdAt.toISOString(),
  recipients: n.recipients.map((r) => ({ ...r, sentAt: r.sentAt?.toISOString() ?? null })),
});

/** REST routes of the notifications module (service owners). */
export function registerNotificationRoutes(app: HttpApp, notifications: Notifications): void {
  const typeParam = Type.Object({ notificationType: Type.String({ maxLength: 100 }) });
  app.put(
    '/api/v1/serviceowner/notification-templates/:notificationType',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Create or replace a notification template (texts per language and transport; tokens {0} and macros $reporteeName$ …)',
        params: typeParam,
        body: TemplateInputSchema,
        response: { 200: TemplateSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => templateDto(await notifications.saveTemplate(await requireActor(req), req.params.notificationType, req.body)),
  );
  app.get(
    '/api/v1/serviceowner/notification-templates/:notificationType',
    { schema: { tags: ['notifications'], summary: 'One of my notification templates', params: typeParam, response: { 200: TemplateSchema, ...problemResponses(400, 401, 403) } } },
    async (req) => templateDto(await notifications.getTemplate(await requireActor(req), req.params.notificationType)),
  );
  app.delete(
    '/api/v1/serviceowner/notification-templates/:notificationType',
    { schema: { tags: ['notifications'], summary: 'Remove a notification template (notifications already made keep their texts)', params: typeParam, response: { 204: Type.Null(), ...problemResponses(400, 401, 403) } } },
    async (req, reply) => {
      await notifications.deleteTemplate(await requireActor(req), req.params.notificationType);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/serviceowner/notification-templates',
    { schema: { tags: ['notifications'], summary: 'My notification templates', response: { 200: Type.Array(TemplateSchema), ...problemResponses(401, 403) } } },
    async (req) => (await notifications.listTemplates(await requireActor(req))).map(templateDto),
  );
  app.post(
    '/api/v1/serviceowner/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send standalone notifications (all or nothing): resolved recipients, reserved persons skipped, SMS parts counted',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'a retry with the same key answers the first result and sends nothing new (kept 24 h)' })) }),
        body: Type.Object({ notifications: Type.Array(OrderSchema, { minItems: 1, maxItems: MAX_NOTIFICATIONS_PER_REQUEST }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ batchId: Type.String({ format: 'uuid' }), notifications: Type.Array(NotificationSchema) }),
          200: Type.Object({ batchId: Type.String({ format: 'uuid' }), notifications: Type.Array(NotificationSchema) }),
          ...problemResponses(400, 401, 403, 409),
        },
      },
    },
    async (req, reply) => {
      const batch = await notifications.sendNotifications(await requireActor(req), req.body.notifications, parseIdempotencyKey(req.headers['idempotency-key']));
      return reply.code(batch.replayed ? 200 : 201).send({ batchId: batch.batchId, notifications: batch.notifications.map(notificationDto) });
    },
  );
  app.get(
    '/api/v1/serviceowner/notifications/validaterecipient',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Can this organisation, or this person (national id + last name), be notified, and how?',
        querystring: Type.Object(
          {
            organizationNumber: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
            socialSecurityNumber: Type.Optional(Type.String({ pattern: '^\\d{11}$' })),
            lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            serviceCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
            serviceEditionCode: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ inboxAccessible: Type.Boolean(), canReceiveNotificationBySms: Type.Boolean(), canReceiveNotificationByEmail: Type.Boolean() }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => notifications.validateRecipient(await requireActor(req), req.query),
  );
  app.get(
    '/api/v1/serviceowner/notifications/:notificationId',
    {
      schema: {
        tags: ['notifications'],
        summary: 'One of my notifications, with the status of each message (New, Sending, Sent, Failed, Reserved, NoAddress)',
        params: Type.Object({ notificationId: Type.String({ maxLength: 36 }) }),
        response: { 200: NotificationSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => notificationDto(await notifications.getNotification(await requireActor(req), req.params.notificationId)),
  );
}
