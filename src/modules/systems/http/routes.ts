import Type from 'typebox';
import { parseIdempotencyKey, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import type { DataSystem, EnterpriseUserView, EnterpriseUserWithSecret, Systems, SystemType } from '../index.ts';
import { sshKeyRoutes } from './ssh-keys.route.ts';

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

const DataSystemSchema = Type.Object({
  systemId: Type.Integer({ description: 'the numeric SystemID (Altinn II systemUserName)' }),
  owner: Type.Object({
    partyId: Type.Integer(),
    type: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
    orgno: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
  }),
  systemType: Type.Object({ systemTypeId: Type.Integer(), name: Type.String(), vendor: Type.Object({ orgno: Type.String(), name: Type.String() }) }),
  description: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  passwordChangedAt: Type.String({ format: 'date-time' }),
});

const ReporteeParams = Type.Object({ reportee: Type.String({ description: "'me' or an organisation number" }) });
const SystemParams = Type.Object({ reportee: Type.String({ description: "'me' or an organisation number" }), systemId: Type.Integer() });
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'a retry with the same key returns the system made first instead of a second one (kept 24 h)' })),
});

const systemDto = (d: DataSystem) => ({
  ...d,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
  passwordChangedAt: d.passwordChangedAt.toISOString(),
});

const EnterpriseUserSchema = Type.Object({
  userName: Type.String(),
  organization: Type.Object({ orgno: Type.String(), name: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
  passwordChangedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const EnterpriseUserWithSecretSchema = Type.Object({
  user: EnterpriseUserSchema,
  secret: Type.Optional(Type.String({ description: 'the password Tinn generated (when none was given): shown this once only' })),
});
const EnterpriseUserParams = Type.Object({ reportee: Type.String({ description: 'an organisation number' }), userName: Type.String({ maxLength: 50 }) });
const PasswordBody = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 256, description: '10–128 characters with letters and digits; leave out to have Tinn generate one' })) },
  { additionalProperties: false },
);

const userDto = (u: EnterpriseUserView) => ({ ...u, createdAt: u.createdAt.toISOString(), passwordChangedAt: u.passwordChangedAt ? u.passwordChangedAt.toISOString() : null });
const withSecretDto = (r: EnterpriseUserWithSecret) => ({ user: userDto(r.user), ...(r.secret !== undefined ? { secret: r.secret } : {}) });

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

  app.post(
    '/api/v1/reportees/:reportee/systems',
    {
      schema: {
        tags: ['systems'],
        summary: 'Register a data system for a reportee; answers its numeric SystemID',
        description:
          'For someone who administers the reportee, logged in at level 2. The password (7–128 characters, letters and digits, as Altinn II) is the systemPassword the end-user system logs in with; it is never shown again.',
        params: ReporteeParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          { systemTypeId: Type.Integer(), description: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 201: DataSystemSchema, 200: DataSystemSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const key = parseIdempotencyKey(req.headers['idempotency-key']);
      const { system, replayed } = await systems.registerDataSystem(await requireActor(req), req.params.reportee, req.body, key);
      reply.code(replayed ? 200 : 201);
      return systemDto(system);
    },
  );

  app.get(
    '/api/v1/reportees/:reportee/systems',
    {
      schema: {
        tags: ['systems'],
        summary: "The reportee's data systems",
        params: ReporteeParams,
        response: { 200: Type.Object({ systems: Type.Array(DataSystemSchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => ({ systems: (await systems.listDataSystems(await requireActor(req), req.params.reportee)).map(systemDto) }),
  );

  app.get(
    '/api/v1/reportees/:reportee/systems/:systemId',
    { schema: { tags: ['systems'], summary: 'One data system', params: SystemParams, response: { 200: DataSystemSchema, ...problemResponses(400, 401, 403, 404) } } },
    async (req) => systemDto(await systems.getDataSystem(await requireActor(req), req.params.reportee, req.params.systemId)),
  );

  app.patch(
    '/api/v1/reportees/:reportee/systems/:systemId',
    {
      schema: {
        tags: ['systems'],
        summary: "Change a data system's description, type or password (level 2)",
        description: 'Fields left out keep their value. The SystemID stays; a new type must be an approved one (SYS-00004).',
        params: SystemParams,
        body: Type.Object(
          { description: Type.Optional(Type.String({ maxLength: 200 })), systemTypeId: Type.Optional(Type.Integer()), password: Type.Optional(Type.String({ maxLength: 256 })) },
          { additionalProperties: false },
        ),
        response: { 200: DataSystemSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => systemDto(await systems.updateDataSystem(await requireActor(req), req.params.reportee, req.params.systemId, req.body)),
  );

  app.delete(
    '/api/v1/reportees/:reportee/systems/:systemId',
    {
      schema: {
        tags: ['systems'],
        summary: 'Delete a data system (level 2): its SystemID stops working at once',
        params: SystemParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await systems.deleteDataSystem(await requireActor(req), req.params.reportee, req.params.systemId);
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/api/v1/reportees/:reportee/enterprise-users',
    {
      schema: {
        tags: ['systems'],
        summary: "The organisation's enterprise users (virksomhetsbrukere), for someone who administers it",
        params: ReporteeParams,
        response: { 200: Type.Object({ enterpriseUsers: Type.Array(EnterpriseUserSchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => ({ enterpriseUsers: (await systems.listEnterpriseUsers(await requireActor(req), req.params.reportee)).map(userDto) }),
  );

  app.post(
    '/api/v1/reportees/:reportee/enterprise-users',
    {
      schema: {
        tags: ['systems'],
        summary: 'Create an enterprise user for the organisation (level 2)',
        description:
          "Software holding the organisation's enterprise certificate logs in as this user on the EC SOAP endpoints. The user acts with the roles delegated to it (POST …/delegations with `to: {userName}`) and with what was delegated to the organisation (Altinn's ECKEYROLE). Leave out `password` to have Tinn generate one, answered once as `secret`. Names are unique in any letter case and never reused (REG-00025).",
        params: ReporteeParams,
        body: Type.Object({ userName: Type.String({ maxLength: 50 }), password: PasswordBody.properties.password }, { additionalProperties: false }),
        response: { 201: EnterpriseUserWithSecretSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { userName, password } = req.body;
      const created = await systems.createEnterpriseUser(await requireActor(req), req.params.reportee, { userName, ...(password !== undefined ? { password } : {}) });
      reply.code(201);
      return withSecretDto(created);
    },
  );

  app.get(
    '/api/v1/reportees/:reportee/enterprise-users/:userName',
    { schema: { tags: ['systems'], summary: 'One enterprise user of the organisation', params: EnterpriseUserParams, response: { 200: EnterpriseUserSchema, ...problemResponses(400, 401, 403, 404) } } },
    async (req) => userDto(await systems.getEnterpriseUser(await requireActor(req), req.params.reportee, req.params.userName)),
  );

  app.put(
    '/api/v1/reportees/:reportee/enterprise-users/:userName/password',
    {
      schema: {
        tags: ['systems'],
        summary: "Set an enterprise user's password, or rotate it (level 2)",
        description: 'With `password`: that password. Without: Tinn generates one and answers it once as `secret` (Altinn\'s rotatesecret).',
        params: EnterpriseUserParams,
        body: PasswordBody,
        response: { 200: EnterpriseUserWithSecretSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => withSecretDto(await systems.setEnterpriseUserPassword(await requireActor(req), req.params.reportee, req.params.userName, req.body.password)),
  );

  app.delete(
    '/api/v1/reportees/:reportee/enterprise-users/:userName',
    {
      schema: {
        tags: ['systems'],
        summary: 'Delete an enterprise user (level 2): its logins stop at once; the name is not given out again',
        params: EnterpriseUserParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await systems.deleteEnterpriseUser(await requireActor(req), req.params.reportee, req.params.userName);
      reply.code(204);
      return null;
    },
  );

  sshKeyRoutes(app, systems);
}
