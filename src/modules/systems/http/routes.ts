import Type from 'typebox';
import { problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import type { Systems, SystemType } from '../index.ts';

const SystemTypeSchema = Type.Object({
  systemTypeId: Type.Integer(),
  name: Type.String(),
  vendor: Type.Object({ orgno: Type.String(), name: Type.String() }),
  maySubmitSignedData: Type.Boolean(),
  listedInProduction: Type.Boolean(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved')]),
  createdAt: Type.String({ format: 'date-time' }),
  approvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const dto = (t: SystemType) => ({ ...t, createdAt: t.createdAt.toISOString(), approvedAt: t.approvedAt ? t.approvedAt.toISOString() : null });

/** REST routes of the systems module. */
export function registerSystemsRoutes(app: HttpApp, systems: Systems): void {
  app.get(
    '/api/v1/system-types',
    {
      schema: {
        tags: ['systems'],
        summary: 'Approved system types (vendor products), for "Type datasystem"',
        querystring: Type.Object({ vendor: Type.Optional(Type.String({ description: 'vendor orgno' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ systemTypes: Type.Array(SystemTypeSchema) }), ...problemResponses(400, 404) },
      },
    },
    async (req) => ({ systemTypes: (await systems.listSystemTypes(req.query.vendor ? { vendorOrgno: req.query.vendor } : {})).map(dto) }),
  );

  app.post(
    '/api/v1/system-types',
    {
      schema: {
        tags: ['systems'],
        summary: "Register a system type (product) for a vendor; needs the vendor's main administrator",
        description: 'Approved at once in the test environment; otherwise pending until the operator runs `tinn system-types approve ID`.',
        body: Type.Object(
          {
            name: Type.String({ maxLength: 200 }),
            vendorOrgno: Type.String(),
            maySubmitSignedData: Type.Optional(Type.Boolean()),
            listedInProduction: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: SystemTypeSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const type = await systems.registerSystemType(await requireActor(req), req.body);
      reply.code(201);
      return dto(type);
    },
  );
}
