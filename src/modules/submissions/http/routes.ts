import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { AppError, PlatformProblems, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import { MAX_ATTACHMENT_BYTES_PER_REQUEST, ADDABLE_REFERENCES, SEARCHABLE_REFERENCES, SETTABLE_STATUSES, type MessageBoxItem, type Receipt, type Submissions } from '../index.ts';

const REFERENCE_TYPES = ['ExternalShipmentReference', 'EndUserSystemReference', 'ParentReference', 'SendersReference', 'WorkFlowReference', 'ArchiveReference', 'OwnerPartyReference', 'PartyReference', 'ReceiversReference', 'OutboundShipmentReference', 'BatchReference'] as const;

const receiptFields = {
  receiptId: Type.Integer(),
  parentReceiptId: Type.Union([Type.Integer(), Type.Null()]),
  receiptStatusCode: Type.Enum(['NotSet', 'OK', 'UnExpectedError', 'ValidationFailed', 'Rejected'] as const),
  receiptText: Type.String(),
  receiptTypeName: Type.String({ description: 'FormTask for submissions' }),
  references: Type.Array(Type.Object({ referenceTypeName: Type.Enum(REFERENCE_TYPES), referenceValue: Type.String() })),
  lastChanged: Type.String({ format: 'date-time' }),
  history: Type.Array(
    Type.Object({ changedAt: Type.String({ format: 'date-time' }), receiptStatusCode: Type.Enum(['NotSet', 'OK', 'UnExpectedError', 'ValidationFailed', 'Rejected'] as const), receiptText: Type.String(), changedBy: Type.String() }),
    { description: 'what the receipt said before each update, oldest first' },
  ),
};
const ReceiptSchema = Type.Object({
  ...receiptFields,
  subReceipts: Type.Array(Type.Object({ ...receiptFields, subReceipts: Type.Array(Type.Unknown(), { maxItems: 0 }) }), { description: 'one per form, with its EndUserSystemReference' }),
});

const SubmitResultSchema = Type.Object({
  receipt: ReceiptSchema,
  status: Type.Enum(['FillIn', 'SignIn', 'Archive'] as const, { description: 'FillIn/SignIn: in the work list; Archive: archived and sent to the service owner' }),
  reporteeElementId: Type.Integer({ description: 'the form task in the message box (WorkFlowReference)' }),
  archiveReference: Type.Union([Type.String(), Type.Null()], { description: 'AR… once archived' }),
});

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'the bytes, base64' });

const ShipmentSchema = Type.Object(
  {
    externalShipmentReference: Type.String({ minLength: 1, maxLength: 100, description: 'your reference: a retry with the same reference and content answers the same receipt' }),
    serviceCode: Type.String({ minLength: 1, maxLength: 20 }),
    serviceEditionCode: Type.Integer({ minimum: 1 }),
    forms: Type.Array(
      Type.Object(
        {
          dataFormatId: Type.String({ minLength: 1, maxLength: 50 }),
          dataFormatVersion: Type.Integer({ minimum: 1 }),
          endUserSystemReference: Type.String({ minLength: 1, maxLength: 100 }),
          parentReference: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: "a sub-form: the main form's endUserSystemReference" })),
          formData: Type.String({ minLength: 1, description: 'the form XML' }),
          completed: Type.Optional(Type.Boolean({ description: 'default true; false puts the form task in the work list' })),
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
            endUserSystemReference: Type.Optional(Type.String({ maxLength: 100 })),
            parentReference: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            data: Base64,
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    sign: Type.Optional(Type.Boolean({ description: "sign with this login (needs Sign; a data system needs its user's password and one-time code)" })),
    caseId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** 30 MB of attachments as base64, plus the forms. */
const SUBMIT_BODY_LIMIT = 48 * 1024 * 1024;

const historyDto = (r: Receipt) => r.history.map((h) => ({ ...h, changedAt: h.changedAt.toISOString() }));
const receiptDto = (r: Receipt): Static<typeof ReceiptSchema> => ({
  ...r,
  lastChanged: r.lastChanged.toISOString(),
  history: historyDto(r),
  subReceipts: r.subReceipts.map((s) => ({ ...s, lastChanged: s.lastChanged.toISOString(), history: historyDto(s), subReceipts: [] })),
});

/**
 * A multipart submission as the JSON body it stands for: the `shipment` part, with each file part (in
 * order) as the data of the next attachment that has none. Bounded by the plugin's limits (30 MB a file).
 */
async function shipmentFromParts(req: FastifyRequest): Promise<unknown> {
  let shipment: { attachments?: { data?: string }[] } | undefined;
  const files: Buffer[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') files.push(await part.toBuffer());
      else if (part.fieldname === 'shipment') shipment = JSON.parse(String(part.value)) as typeof shipment;
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(PlatformProblems.bodyTooLarge, { detail: `an attachment is larger than ${MAX_ATTACHMENT_BYTES_PER_REQUEST} bytes` });
    if (err instanceof SyntaxError) throw new AppError(PlatformProblems.malformedJson, { detail: 'the shipment part is not JSON' });
    throw err;
  }
  const problem = (message: string) => new AppError(PlatformProblems.requestValidation, { errors: [{ path: 'multipart', message, rule: 'multipart' }] });
  if (!shipment || typeof shipment !== 'object') throw problem('a part named shipment holds the shipment as JSON');
  const waiting = (shipment.attachments ?? []).filter((a) => a.data === undefined);
  if (waiting.length !== files.length) throw problem(`${waiting.length} attachment(s) without data, ${files.length} file part(s)`);
  waiting.forEach((a, i) => (a.data = files[i]!.toString('base64')));
  return shipment;
}

/** REST routes of the submissions module. */
export function registerSubmissionsRoutes(app: HttpApp, submissions: Submissions): void {
  // Multipart is accepted on this route only: its own scope registers the parser.
  app.register(async (plain) => {
    const scope = plain as unknown as HttpApp;
    await scope.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES_PER_REQUEST, files: 100, fields: 5, fieldSize: 32 * 1024 * 1024, parts: 105 } });
    scope.post(
    '/api/v1/reportees/:reportee/formtasks',
    {
      bodyLimit: SUBMIT_BODY_LIMIT,
      preValidation: async (req) => {
        if (req.isMultipart()) (req as { body: unknown }).body = await shipmentFromParts(req);
      },
      schema: {
        tags: ['submissions'],
        summary: 'Submit a form task (SubmitFormTask) for a reportee',
        description:
          'Checks in order: the service is an active form task; the reportee type is allowed; Write (and Sign with `sign`) through authz, with every reason on denial (SUB-00003); the forms belong to the service and form one set; each form against its XSD (SUB-00006, every error with its line); the attachment rules. Complete and signed as the process requires → archived (201, status Archive); otherwise in the work list (FillIn / SignIn). The same externalShipmentReference with the same content answers the first receipt (200); with other content it is SUB-00008. Large attachments may come as `multipart/form-data`: a part `shipment` with this JSON (attachments without `data`), then one file part per such attachment, in order.',
        params: Type.Object({ reportee: Type.String({ description: "'me', an organisation number or r<partyId>" }) }),
        body: ShipmentSchema,
        response: { 201: SubmitResultSchema, 200: SubmitResultSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const result = await submissions.submitFormTask(await requireActor(req), req.params.reportee, {
        ...body,
        attachments: body.attachments?.map((a) => ({ ...a, data: new Uint8Array(Buffer.from(a.data, 'base64')) })),
      });
      reply.code(result.replayed ? 200 : 201);
      return { receipt: receiptDto(result.receipt), status: result.status, reporteeElementId: result.reporteeElementId, archiveReference: result.archiveReference };
    },
  );
  });

  app.get(
    '/api/v1/receipts/:receiptId',
    {
      schema: {
        tags: ['submissions'],
        summary: 'A receipt (GetReceiptV2) with its references and sub-receipts',
        description: "For its sender, the service's owner, or someone who may Read the service for the receipt's party; to others it does not exist (SUB-00009).",
        params: Type.Object({ receiptId: Type.Integer({ minimum: 1 }) }),
        response: { 200: ReceiptSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (req) => receiptDto(await submissions.getReceipt(await requireActor(req), req.params.receiptId)),
  );

  app.get(
    '/api/v1/reportees/:reportee/messagebox',
    {
      schema: {
        tags: ['submissions'],
        summary: "The reportee's message box (GetReporteeElementListV2): work list, archive and correspondence, newest change first",
        description:
          'Only what the caller may see: work-list form tasks of services it may Read, archived ones of services it may ArchiveRead, correspondence (once visible) of services it may Read; status and toBeProcessed leave correspondence out, sentAndArchived keeps the correspondence the reportee archived. Dates filter on the last change (fromDate inclusive, toDate exclusive). Page with `cursor` (from `nextCursor`) and `limit` (1–200, default 50).',
        params: Type.Object({ reportee: Type.String({ description: "'me', an organisation number or r<partyId>" }) }),
        querystring: Type.Object(
          {
            fromDate: Type.Optional(Type.String({ format: 'date-time' })),
            toDate: Type.Optional(Type.String({ format: 'date-time' })),
            serviceCode: Type.Optional(Type.String({ maxLength: 500, description: 'one or more, comma-separated' })),
            serviceOwnerCode: Type.Optional(Type.String({ maxLength: 20 })),
            status: Type.Optional(Type.String({ pattern: '^(FillIn|SignIn|Archive)(,(FillIn|SignIn|Archive))*$', description: 'FillIn, SignIn, Archive (comma-separated)' })),
            toBeProcessed: Type.Optional(Type.Boolean({ description: 'only the work list' })),
            sentAndArchived: Type.Optional(Type.Boolean({ description: 'only the archive: archived form tasks and archived correspondence' })),
            archiveReference: Type.Optional(Type.String({ maxLength: 40 })),
            caseId: Type.Optional(Type.String({ maxLength: 100 })),
            text: Type.Optional(Type.String({ maxLength: 200, description: "in the service's name or the message's title, or exactly an archive reference, case id or shipment reference" })),
            type: Type.Optional(Type.String({ pattern: '^(FormTask|Correspondence)(,(FormTask|Correspondence))*$', description: 'FormTask, Correspondence (comma-separated; default both)' })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Union([
                Type.Object({
                  reporteeElementId: Type.Integer(),
                  reporteeElementType: Type.Literal('FormTask'),
                  status: Type.Enum(['FillIn', 'SignIn', 'Archive'] as const),
                  serviceCode: Type.String(),
                  serviceEditionCode: Type.Integer(),
                  serviceOwnerCode: Type.String(),
                  title: Type.Object({ nb: Type.String(), nn: Type.String(), en: Type.String() }, { description: "the service's name" }),
                  archiveReference: Type.Union([Type.String(), Type.Null()]),
                  caseId: Type.Union([Type.String(), Type.Null()]),
                  externalShipmentReference: Type.Union([Type.String(), Type.Null()]),
                  createdAt: Type.String({ format: 'date-time' }),
                  lastChangedAt: Type.String({ format: 'date-time' }),
                  lastChangeType: Type.Enum(['Saved', 'Archived'] as const),
                }),
                Type.Object({
                  reporteeElementId: Type.Integer({ description: 'the correspondence id' }),
                  reporteeElementType: Type.Literal('Correspondence'),
                  state: Type.Enum(['Unread', 'Read', 'Confirmed', 'Archived'] as const),
                  serviceCode: Type.String(),
                  serviceEditionCode: Type.Integer(),
                  serviceOwnerCode: Type.String(),
                  title: Type.String({ description: "the message's title" }),
                  sender: Type.Union([Type.String(), Type.Null()]),
                  archiveReference: Type.Union([Type.String(), Type.Null()], { description: 'the submission this answers' }),
                  caseId: Type.Union([Type.String(), Type.Null()]),
                  externalShipmentReference: Type.String(),
                  isConfirmationNeeded: Type.Boolean(),
                  dueDateTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
                  createdAt: Type.String({ format: 'date-time', description: 'when it became visible' }),
                  lastChangedAt: Type.String({ format: 'date-time' }),
                }),
              ]),
            ),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const { items, nextCursor } = await submissions.listMessageBox(await requireActor(req), req.params.reportee, {
        ...(q.fromDate ? { fromDate: new Date(q.fromDate) } : {}),
        ...(q.toDate ? { toDate: new Date(q.toDate) } : {}),
        ...(q.serviceCode ? { serviceCodes: q.serviceCode.split(',').map((c) => c.trim()).filter(Boolean) } : {}),
        ...(q.serviceOwnerCode ? { serviceOwnerCode: q.serviceOwnerCode } : {}),
        ...(q.status ? { status: q.status.split(',') as MessageBoxItem['status'][] } : {}),
        ...(q.toBeProcessed !== undefined ? { toBeProcessed: q.toBeProcessed } : {}),
        ...(q.sentAndArchived !== undefined ? { sentAndArchived: q.sentAndArchived } : {}),
        ...(q.archiveReference ? { archiveReference: q.archiveReference } : {}),
        ...(q.caseId ? { caseId: q.caseId } : {}),
        ...(q.text ? { text: q.text } : {}),
        ...(q.type ? { types: q.type.split(',') as ('FormTask' | 'Correspondence')[] } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
      const iso = (d: Date) => d.toISOString();
      return {
        items: items.map((i) =>
          i.reporteeElementType === 'FormTask'
            ? { ...i, createdAt: iso(i.createdAt), lastChangedAt: iso(i.lastChangedAt) }
            : { ...i, state: i.state === 'Reserved' ? 'Unread' : i.state, createdAt: iso(i.createdAt), lastChangedAt: iso(i.lastChangedAt), dueDateTime: i.dueDateTime ? iso(i.dueDateTime) : null },
        ),
        nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/receipts',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Find receipts by a reference (GetReceiptV2), or list those of a type changed in a window (GetReceiptListV2)',
        description:
          'Either `referenceTypeName` + `referenceValue` (receipts you may read), or `receiptTypeName` + `dateFrom` + `dateTo` (last changed in [dateFrom, dateTo): a service owner gets those of its services, anyone else those it sent). At most 1,000.',
        querystring: Type.Object(
          {
            referenceTypeName: Type.Optional(Type.Enum(SEARCHABLE_REFERENCES)),
            referenceValue: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            receiptTypeName: Type.Optional(Type.String({ maxLength: 40 })),
            dateFrom: Type.Optional(Type.String({ format: 'date-time' })),
            dateTo: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ receipts: Type.Array(ReceiptSchema) }), ...problemResponses(400, 401) },
      },
    },
    async (req) => {
      const q = req.query;
      const actor = await requireActor(req);
      if (q.referenceTypeName && q.referenceValue) return { receipts: (await submissions.searchReceipts(actor, { referenceTypeName: q.referenceTypeName, referenceValue: q.referenceValue })).map(receiptDto) };
      if (q.receiptTypeName && q.dateFrom && q.dateTo) {
        return { receipts: (await submissions.listReceipts(actor, { receiptTypeName: q.receiptTypeName, dateFrom: new Date(q.dateFrom), dateTo: new Date(q.dateTo) })).map(receiptDto) };
      }
      throw new AppError(PlatformProblems.requestValidation, {
        detail: 'give referenceTypeName and referenceValue, or receiptTypeName, dateFrom and dateTo',
        errors: [{ path: 'querystring', message: 'referenceTypeName + referenceValue, or receiptTypeName + dateFrom + dateTo', rule: 'oneOf' }],
      });
    },
  );

  app.put(
    '/api/v1/receipts/:receiptId',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Update a receipt (UpdateReceipt): status and text, with the old ones kept in its history',
        description: "By the service owner of the receipt's service, its sender, or someone who may Write the service for its party. The text is prefixed with who updated it.",
        params: Type.Object({ receiptId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            receiptStatusCode: Type.Enum(SETTABLE_STATUSES),
            receiptText: Type.String({ minLength: 1, maxLength: 4000 }),
            references: Type.Optional(Type.Array(Type.Object({ referenceTypeName: Type.Enum(ADDABLE_REFERENCES), referenceValue: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReceiptSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => receiptDto(await submissions.updateReceipt(await requireActor(req), req.params.receiptId, req.body)),
  );
}
