import type { Readable } from 'node:stream';
import Type, { type Static } from 'typebox';
import { AppError, contentDisposition, parseIdempotencyKey, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import { MAX_BROKER_FILE_BYTES } from '../../catalog/index.ts';
import { FILE_STATUSES, LIST_STATUSES, MAX_PROPERTIES, MAX_RECIPIENTS, RECIPIENT_STATUSES, parseContentRange, type BrokerFile, type FileEvent } from '../broker-file.ts';
import { BrokerProblems } from '../errors.ts';
import type { Broker } from '../index.ts';

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const FileReference = Type.String({ format: 'uuid', description: 'the file reference given when the transfer was initiated' });
const ReporteeQuery = Type.Object(
  { reportee: Type.Optional(Type.String({ maxLength: 20, description: 'the recipient (or sender) you act for: orgno, r<partyId> or me; without it the first side you may act for is taken' })) },
  { additionalProperties: false },
);

const InitiateSchema = Type.Object(
  {
    serviceCode: Type.String({ minLength: 1, maxLength: 20 }),
    serviceEditionCode: Type.Integer({ minimum: 1 }),
    reportee: Type.String({ maxLength: 20, description: 'the sender: orgno, r<partyId>, me or a national id' }),
    sendersReference: Type.String({ minLength: 1, maxLength: 255 }),
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    checksum: Type.Optional(Type.String({ maxLength: 64, description: 'SHA-256 (64 hex digits) or MD5 (32) of the content: checked before the file is published' })),
    properties: Type.Optional(Type.Record(Type.String(), Type.String(), { description: `at most ${MAX_PROPERTIES}; keys up to 50 characters, values up to 300` })),
    recipients: Type.Array(Type.String({ pattern: '^(\\d{9}|\\d{11})$', description: 'orgno or national id' }), { minItems: 1, maxItems: MAX_RECIPIENTS }),
  },
  { additionalProperties: false },
);

const RecipientSchema = Type.Object({
  reporteeNumber: Type.String(),
  name: Type.String(),
  status: Type.Enum(RECIPIENT_STATUSES),
  lastDownloadedAt: NullableDateTime,
  confirmedAt: NullableDateTime,
});

const FileSchema = Type.Object({
  fileReference: Type.String({ format: 'uuid' }),
  serviceCode: Type.String(),
  serviceEditionCode: Type.Integer(),
  sender: Type.Object({ reporteeNumber: Type.String({ description: 'orgno, or r<partyId> for a person' }), name: Type.String() }),
  sendersReference: Type.String(),
  fileName: Type.String(),
  properties: Type.Record(Type.String(), Type.String()),
  checksum: Type.Union([Type.String(), Type.Null()], { description: 'declared until publication, then verified' }),
  checksumAlgorithm: Type.Enum(['sha256', 'md5'] as const),
  status: Type.Enum(FILE_STATUSES),
  lastChangedAt: DateTime,
  fileSize: Type.Union([Type.Integer(), Type.Null()]),
  uploadedBytes: Type.Integer({ description: 'bytes stored so far: a resumed upload continues here' }),
  failure: Type.Union([Type.String(), Type.Null()], { description: 'why the transfer failed (sender only)' }),
  sentAt: DateTime,
  publishedAt: NullableDateTime,
  expiresAt: DateTime,
  purgedAt: NullableDateTime,
  viewer: Type.Enum(['sender', 'recipient'] as const),
  recipients: Type.Array(RecipientSchema, { description: 'every recipient for the sender; only yourself for a recipient' }),
});

const DetailsSchema = Type.Object({
  ...FileSchema.properties,
  history: Type.Union([
    Type.Array(Type.Object({ at: DateTime, event: Type.String(), recipient: Type.Union([Type.String(), Type.Null()]), detail: Type.Union([Type.String(), Type.Null()]) })),
    Type.Null(),
  ], { description: "the transfer's history, for the sender" }),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const fileDto = (f: BrokerFile): Static<typeof FileSchema> => ({
  ...f,
  lastChangedAt: f.lastChangedAt.toISOString(),
  sentAt: f.sentAt.toISOString(),
  publishedAt: iso(f.publishedAt),
  expiresAt: f.expiresAt.toISOString(),
  purgedAt: iso(f.purgedAt),
  recipients: f.recipients.map((r) => ({ ...r, lastDownloadedAt: iso(r.lastDownloadedAt), confirmedAt: iso(r.confirmedAt) })),
});
const historyDto = (h: FileEvent[] | null) => h && h.map((e) => ({ ...e, at: e.at.toISOString() }));

const BASE = '/api/v1/broker/files';

/** REST routes of the broker module (Altinn 3's broker API shape, Altinn II's names and codes). */
export function registerBrokerRoutes(app: HttpApp, broker: Broker): void {
  app.post(
    BASE,
    {
      schema: {
        tags: ['broker'],
        summary: 'Initiate a file transfer to one or more recipients (InitiateBrokerService) → the file reference; upload the content next',
        description: 'The sender needs Write on the broker service for the reportee; each recipient must exist and may receive (Read; the SRR where the service uses it). An Idempotency-Key makes a retry answer the first transfer.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: InitiateSchema,
        response: { 201: FileSchema, 200: FileSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const { file, replayed } = await broker.initiateFile(await requireActor(req), req.body, parseIdempotencyKey(req.headers['idempotency-key']));
      return reply.code(replayed ? 200 : 201).header('location', `${BASE}/${file.fileReference}`).send(fileDto(file));
    },
  );

  app.get(
    BASE,
    {
      schema: {
        tags: ['broker'],
        summary: "The reportee's file transfers, sent and received (GetAvailableFiles), newest first, at most 1,000",
        querystring: Type.Object(
          {
            reportee: Type.Optional(Type.String({ maxLength: 20, description: 'orgno, r<partyId> or me (default)' })),
            serviceCode: Type.Optional(Type.String({ maxLength: 20 })),
            serviceEditionCode: Type.Optional(Type.Integer({ minimum: 1 })),
            status: Type.Optional(Type.Enum(LIST_STATUSES, { description: 'a file status, or Downloaded: received files you confirmed' })),
            minSentDateTime: Type.Optional(DateTime),
            maxSentDateTime: Type.Optional(DateTime),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ files: Type.Array(FileSchema), limitReached: Type.Boolean() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const q = req.query;
      const { files, limitReached } = await broker.listFiles(await requireActor(req), {
        ...q,
        minSentDateTime: q.minSentDateTime ? new Date(q.minSentDateTime) : undefined,
        maxSentDateTime: q.maxSentDateTime ? new Date(q.maxSentDateTime) : undefined,
      });
      return { files: files.map(fileDto), limitReached };
    },
  );

  app.get(
    `${BASE}/:fileReference`,
    {
      schema: {
        tags: ['broker'],
        summary: 'One file transfer: status, bytes uploaded, each recipient (sender) or your own status (recipient), and the history (sender)',
        params: Type.Object({ fileReference: FileReference }),
        querystring: ReporteeQuery,
        response: { 200: DetailsSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const { file, history } = await broker.getFile(await requireActor(req), req.params.fileReference, req.query.reportee);
      return { ...fileDto(file), history: historyDto(history) };
    },
  );

  // The upload takes the raw body: its own scope, so only this route accepts application/octet-stream.
  app.register(async (plain) => {
    const scope = plain as unknown as HttpApp;
    scope.addContentTypeParser('application/octet-stream', { bodyLimit: MAX_BROKER_FILE_BYTES }, (_req, payload, done) => done(null, payload));
    scope.put(
      `${BASE}/:fileReference/content`,
      {
        bodyLimit: MAX_BROKER_FILE_BYTES,
        schema: {
          tags: ['broker'],
          summary: 'Upload the content (UploadFileStreamed): the whole file, or one chunk with Content-Range; streamed, never held in memory',
          description:
            'Body: the bytes, `Content-Type: application/octet-stream`, with `Content-Length`. To upload in chunks (resumable), send `Content-Range: bytes start-end/total` with each; every chunk but the last has at least 5 MiB, and each starts at `uploadedBytes`. A chunk counts only when it arrived whole: after a broken connection, read `uploadedBytes` from the file and go on from there. The last byte publishes the file once the checksum holds.',
          params: Type.Object({ fileReference: FileReference }),
          headers: Type.Object({ 'content-range': Type.Optional(Type.String({ description: 'bytes start-end/total' })) }),
          response: { 200: FileSchema, ...problemResponses(400, 401, 403, 404, 409, 413) },
        },
      },
      async (req) => {
        const header = req.headers['content-range'];
        const range = header === undefined ? undefined : parseContentRange(header);
        if (header !== undefined && !range) throw new AppError(BrokerProblems.invalidContentRange, { detail: `not a range: ${header.slice(0, 80)}` });
        const length = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
        return fileDto(await broker.uploadFile(await requireActor(req), req.params.fileReference, { range, length }, req.body as unknown as Readable));
      },
    );
  });

  app.get(
    `${BASE}/:fileReference/content`,
    {
      schema: {
        tags: ['broker'],
        summary: 'Download a published file (DownloadFileStreamed), whole or a byte range (Range: bytes=start-end) to resume',
        params: Type.Object({ fileReference: FileReference }),
        querystring: ReporteeQuery,
        response: { 200: Type.Unknown({ description: 'the file as application/octet-stream' }), 206: Type.Unknown({ description: 'the asked range' }), ...problemResponses(401, 403, 404, 410, 416) },
      },
    },
    async (req, reply) => {
      const d = await broker.downloadFile(await requireActor(req), req.params.fileReference, { reporteeRef: req.query.reportee, range: req.headers.range });
      reply
        .header('content-type', 'application/octet-stream')
        .header('accept-ranges', 'bytes')
        .header('content-disposition', contentDisposition(d.fileName))
        .header(d.checksumAlgorithm === 'sha256' ? 'x-content-sha256' : 'x-content-md5', d.checksum);
      if (d.range) {
        reply.code(206).header('content-range', `bytes ${d.range.start}-${d.range.end}/${d.size}`).header('content-length', d.range.end - d.range.start + 1);
      } else reply.header('content-length', d.size);
      return reply.send(d.content);
    },
  );

  app.post(
    `${BASE}/:fileReference/confirm-download`,
    {
      schema: {
        tags: ['broker'],
        summary: 'Confirm the download as a recipient (ConfirmDownloaded): your status turns Downloaded',
        params: Type.Object({ fileReference: FileReference }),
        querystring: ReporteeQuery,
        response: { 200: FileSchema, ...problemResponses(401, 403, 404, 410) },
      },
    },
    async (req) => fileDto(await broker.confirmDownload(await requireActor(req), req.params.fileReference, req.query.reportee)),
  );

  app.delete(
    `${BASE}/:fileReference`,
    {
      schema: {
        tags: ['broker'],
        summary: 'Cancel a transfer as its sender: recipients can no longer download it and the content is deleted',
        params: Type.Object({ fileReference: FileReference }),
        response: { 200: FileSchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (req) => fileDto(await broker.cancelFile(await requireActor(req), req.params.fileReference)),
  );
}
