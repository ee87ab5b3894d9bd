import Type from 'typebox';
import { decodeBase64Field, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import { PrefilledFormSetSchema, prefilledFormSetDto } from '../../prefill/index.ts';
import type { Submissions } from '../index.ts';

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'the bytes, base64' });
const DateTime = Type.String({ format: 'date-time' });

const PrefillSchema = Type.Object(
  {
    externalShipmentReference: Type.String({ minLength: 1, maxLength: 100, description: 'your reference: a retry with the same reference and content answers the first result' }),
    serviceCode: Type.String({ minLength: 1, maxLength: 20 }),
    serviceEditionCode: Type.Integer({ minimum: 1 }),
    reportee: Type.String({ pattern: '^(\\d{9}|\\d{11})$', description: 'orgno or national identity number' }),
    sendersReference: Type.Optional(Type.String({ maxLength: 100 })),
    receiversReference: Type.Optional(Type.String({ maxLength: 100 })),
    validFrom: Type.Optional(DateTime),
    validTo: Type.Optional(Type.String({ format: 'date-time', description: 'default a year after validFrom' })),
    forms: Type.Array(
      Type.Object(
        {
          dataFormatId: Type.String({ minLength: 1, maxLength: 50 }),
          dataFormatVersion: Type.Integer({ minimum: 1 }),
          formDataXml: Type.String({ minLength: 1, description: 'the prefilled form XML, valid against its XSD' }),
          sendersReference: Type.Optional(Type.String({ maxLength: 100 })),
          signedByDefault: Type.Optional(Type.Boolean()),
          signingLocked: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 255 }),
            fileName: Type.String({ minLength: 1, maxLength: 255 }),
            attachmentTypeName: Type.Optional(Type.String({ maxLength: 100 })),
            data: Base64,
            sendersReference: Type.Optional(Type.String({ maxLength: 100 })),
            signedByDefault: Type.Optional(Type.Boolean()),
            signingLocked: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    identityFields: Type.Optional(Type.Array(Type.Object({ index: Type.Integer({ minimum: 0, maximum: 99 }), value: Type.String({ maxLength: 255 }) }, { additionalProperties: false }), { maxItems: 20 })),
    caseId: Type.Optional(Type.String({ maxLength: 100 })),
    dueDate: Type.Optional(DateTime),
    instantiate: Type.Optional(Type.Boolean({ description: "put it in the reportee's work list now (a FillIn form task)" })),
    notifications: Type.Optional(
      Type.Array(
        Type.Object(
          {
            languageCode: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Integer(), Type.Null()])),
            notificationType: Type.String({ maxLength: 100 }),
            receiverEndPoints: Type.Array(Type.Object({ transportType: Type.String(), receiverAddress: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
            textTokens: Type.Optional(Type.Array(Type.Object({ tokenNum: Type.Optional(Type.Integer()), tokenValue: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false }), { maxItems: 100 })),
            fromAddress: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
            shipmentDateTime: Type.Optional(Type.Union([DateTime, Type.Null()])),
            isReservable: Type.Optional(Type.Boolean()),
            useServiceOwnerShortNameAsSenderOfSms: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10, description: 'sent when instantiated' },
      ),
    ),
  },
  { additionalProperties: false },
);

const ResultSchema = Type.Object({
  prefill: PrefilledFormSetSchema,
  reporteeElementId: Type.Union([Type.Integer(), Type.Null()], { description: 'the FillIn form task, when instantiated' }),
  notificationIds: Type.Array(Type.String({ format: 'uuid' })),
});

/** REST routes for prefilled form sets that end up in the work list. */
export function registerPrefillFormTaskRoutes(app: HttpApp, submissions: Submissions): void {
  app.post(
    '/api/v1/serviceowner/prefill',
    {
      bodyLimit: 48 * 1024 * 1024,
      schema: {
        tags: ['prefill'],
        summary: 'Store a prefilled form set for a reportee, and optionally instantiate it in their work list (SubmitAndInstantiatePrefilledFormTask)',
        body: PrefillSchema,
        response: { 201: ResultSchema, 200: ResultSchema, ...problemResponses(400, 401, 403, 409, 413) },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const attachments = (body.attachments ?? []).map((a, i) => ({ ...a, data: decodeBase64Field(a.data, `attachments/${i}/data`) }));
      const result = await submissions.submitPrefill(await requireActor(req), { ...body, attachments });
      return reply.code(result.replayed ? 200 : 201).send({ prefill: prefilledFormSetDto(result.prefill), reporteeElementId: result.reporteeElementId, notificationIds: result.notificationIds });
    },
  );
  app.post(
    '/api/v1/reportees/:reportee/formtasks/start',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Start a form task from the prefilled set waiting for the reportee (needs Write on the service)',
        params: Type.Object({ reportee: Type.String({ description: "'me', an organisation number or r<partyId>" }) }),
        body: Type.Object({ serviceCode: Type.String({ minLength: 1, maxLength: 20 }), serviceEditionCode: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ reporteeElementId: Type.Integer(), prefillId: Type.String({ format: 'uuid' }) }),
          200: Type.Object({ reporteeElementId: Type.Integer(), prefillId: Type.String({ format: 'uuid' }) }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (req, reply) => {
      const r = await submissions.startFormTask(await requireActor(req), req.params.reportee, req.body);
      return reply.code(r.started ? 201 : 200).send({ reporteeElementId: r.reporteeElementId, prefillId: r.prefillId });
    },
  );
}
