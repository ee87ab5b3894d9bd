import Type, { type Static } from 'typebox';
import { problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import type { Prefill, PrefilledFormSet } from '../index.ts';

const DateTime = Type.String({ format: 'date-time' });

/** A prefilled form set as reportees and end-user systems read it. */
export const PrefilledFormSetSchema = Type.Object({
  prefillId: Type.String({ format: 'uuid' }),
  serviceOwnerCode: Type.String(),
  serviceCode: Type.String(),
  serviceEditionCode: Type.Integer(),
  reporteeNumber: Type.String(),
  externalShipmentReference: Type.String(),
  sendersReference: Type.Union([Type.String(), Type.Null()]),
  receiversReference: Type.Union([Type.String(), Type.Null()]),
  validFrom: DateTime,
  validTo: DateTime,
  identityFields: Type.Array(Type.Object({ index: Type.Integer(), value: Type.String() })),
  caseId: Type.Union([Type.String(), Type.Null()]),
  dueDate: Type.Union([DateTime, Type.Null()]),
  forms: Type.Array(
    Type.Object({
      dataFormatId: Type.String(),
      dataFormatVersion: Type.Integer(),
      formData: Type.String({ description: 'the prefilled form XML' }),
      sendersReference: Type.Union([Type.String(), Type.Null()]),
      signedByDefault: Type.Boolean(),
      signingLocked: Type.Boolean(),
    }),
  ),
  attachments: Type.Array(
    Type.Object({
      attachmentId: Type.Integer(),
      name: Type.String(),
      fileName: Type.String(),
      attachmentTypeName: Type.Union([Type.String(), Type.Null()]),
      size: Type.Integer(),
      sha256: Type.String(),
      sendersReference: Type.Union([Type.String(), Type.Null()]),
      signedByDefault: Type.Boolean(),
      signingLocked: Type.Boolean(),
    }),
  ),
  createdAt: DateTime,
  instantiatedElementId: Type.Union([Type.Integer(), Type.Null()], { description: 'the form task made from it, once instantiated' }),
});

/** A prefilled set as JSON (without internal keys). */
export function prefilledFormSetDto(p: PrefilledFormSet): Static<typeof PrefilledFormSetSchema> {
  const { reporteePartyId: _party, ...rest } = p;
  return {
    ...rest,
    validFrom: p.validFrom.toISOString(),
    validTo: p.validTo.toISOString(),
    dueDate: p.dueDate?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    attachments: p.attachments.map(({ blobKey: _key, ...a }) => a),
  };
}

/** REST routes of the prefill module: the reportee's side. */
export function registerPrefillRoutes(app: HttpApp, prefill: Prefill): void {
  app.get(
    '/api/v1/reportees/:reportee/prefill',
    {
      schema: {
        tags: ['prefill'],
        summary: 'Prefilled data of a service waiting for the reportee (GetPrefillData): the newest set valid now',
        params: Type.Object({ reportee: Type.String({ description: "'me', an organisation number or r<partyId>" }) }),
        querystring: Type.Object({ serviceCode: Type.String({ minLength: 1, maxLength: 20 }), serviceEditionCode: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: PrefilledFormSetSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => prefilledFormSetDto(await prefill.getPrefill(await requireActor(req), req.params.reportee, req.query.serviceCode, req.query.serviceEditionCode)),
  );
}
