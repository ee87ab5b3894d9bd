import Type from 'typebox';
import { AppError, problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import { AuthzProblems } from '../errors.ts';
import { erRoleTypes } from '../../register/index.ts';
import type { Authz, Delegation, FirmClient, ReporteeEntry, SrrRule } from '../index.ts';
import { OPERATIONS } from '../policy.ts';
import { altinnRoles, erToAltinnRoles } from '../role-catalog.ts';

const Names = Type.Object({ nb: Type.String(), nn: Type.String(), en: Type.String() });
const PartyRefSchema = Type.Union([
  Type.Object({ type: Type.Literal('person'), partyId: Type.Integer(), name: Type.String(), birthDate: Type.String({ format: 'date' }) }),
  Type.Object({ type: Type.Literal('organization'), partyId: Type.Integer(), orgno: Type.String(), name: Type.String() }),
  Type.Object({
    type: Type.Literal('enterpriseUser'),
    partyId: Type.Integer(),
    name: Type.String({ description: 'the user name' }),
    organization: Type.Object({ orgno: Type.String(), name: Type.String() }, { description: 'the organisation it belongs to' }),
  }),
]);
const ReporteeParams = Type.Object({ reportee: Type.String({ description: "'me', an organisation number, or r<partyId>" }) });

const ReporteeEntrySchema = Type.Object({
  partyId: Type.Integer(),
  type: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
  orgno: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  unitType: Type.Union([Type.Literal('main'), Type.Literal('sub'), Type.Null()]),
  isDeleted: Type.Boolean(),
  subUnits: Type.Array(
    Type.Object({
      partyId: Type.Integer(),
      type: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
      orgno: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      unitType: Type.Union([Type.Literal('main'), Type.Literal('sub'), Type.Null()]),
      isDeleted: Type.Boolean(),
    }),
  ),
});

const OperationSchema = Type.Union(OPERATIONS.map((o) => Type.Literal(o)));

const DelegationSchema = Type.Object({
  delegationId: Type.String({ format: 'uuid' }),
  reportee: PartyRefSchema,
  role: Type.Union([Type.Object({ code: Type.String(), name: Names }), Type.Null()]),
  right: Type.Union([Type.Object({ serviceCode: Type.String(), serviceEditionCode: Type.Integer(), operations: Type.Array(Type.String()) }), Type.Null()]),
  recipient: PartyRefSchema,
  viaFirm: Type.Union([PartyRefSchema, Type.Null()]),
  delegatedBy: PartyRefSchema,
  createdAt: Type.String({ format: 'date-time' }),
  validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const SrrRuleSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  serviceCode: Type.String(),
  serviceEditionCode: Type.Integer(),
  reportee: PartyRefSchema,
  operation: Type.Union([Type.Literal('Read'), Type.Literal('Write')]),
  validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
const srrDto = (r: SrrRule) => ({ ...r, validTo: r.validTo?.toISOString() ?? null, createdAt: r.createdAt.toISOString() });
const ServiceQuery = Type.Object({ serviceCode: Type.String({ maxLength: 20 }), serviceEditionCode: Type.Integer() }, { additionalProperties: false });

const delegationDto = (d: Delegation) => ({ ...d, createdAt: d.createdAt.toISOString(), validTo: d.validTo?.toISOString() ?? null });
const clientDto = (c: FirmClient) => ({ ...c, delegations: c.delegations.map(delegationDto) });
const entryDto = (e: ReporteeEntry) => ({ ...e, subUnits: e.subUnits.map(({ subUnits: _, ...s }) => s) });

/** REST routes of the authz module. */
export function registerAuthzRoutes(app: HttpApp, authz: Authz): void {
  app.get(
    '/api/v1/roles',
    {
      schema: {
        tags: ['authz'],
        summary: 'The role catalogue: ER roles and the Altinn roles they bring, and every Altinn role with whether it can be delegated',
        response: {
          200: Type.Object({
            altinnRoles: Type.Array(
              Type.Object({
                code: Type.String(),
                altinnId: Type.Integer(),
                name: Names,
                delegability: Type.Union([Type.Literal('standard'), Type.Literal('main'), Type.Literal('client'), Type.Literal('none')]),
              }),
            ),
            erRoles: Type.Array(Type.Object({ code: Type.String(), altinnId: Type.Integer(), name: Names, altinnRoles: Type.Array(Type.String()) })),
          }),
        },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return {
        altinnRoles: altinnRoles.map((r) => ({ ...r })),
        erRoles: erRoleTypes.map((r) => ({ code: r.code, altinnId: r.altinnId, name: r.name, altinnRoles: [...(erToAltinnRoles[r.code] ?? [])] })),
      };
    },
  );

  app.get(
    '/api/v1/reportees',
    {
      schema: {
        tags: ['authz'],
        summary: 'Everyone I may act for: myself, then organisations (sub-units under their main unit) through roles, delegations and client roles',
        response: { 200: Type.Object({ reportees: Type.Array(ReporteeEntrySchema) }), ...problemResponses(401, 403) },
      },
    },
    async (req) => ({ reportees: (await authz.listReportees(await requireActor(req))).map(entryDto) }),
  );

  app.get(
    '/api/v1/reportees/:reportee/rights',
    {
      schema: {
        tags: ['authz'],
        summary: 'My roles and single rights for a reportee, where each comes from, and who administers the reportee',
        params: ReporteeParams,
        response: {
          200: Type.Object({
            reportee: Type.Object({
              partyId: Type.Integer(),
              type: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
              orgno: Type.Union([Type.String(), Type.Null()]),
              name: Type.String(),
              isDeleted: Type.Boolean(),
            }),
            isSelf: Type.Boolean(),
            isMainAdministrator: Type.Boolean(),
            isAccessManager: Type.Boolean(),
            isClientAdministrator: Type.Boolean(),
            administrators: Type.Array(PartyRefSchema, { description: "the reportee's main administrators by name: whom to ask for access" }),
            roles: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Names,
                source: Type.Union([Type.Literal('er'), Type.Literal('delegated'), Type.Literal('client')]),
                erRole: Type.Union([Type.String(), Type.Null()]),
                inheritedFromMainUnit: Type.Boolean(),
                via: Type.Union([PartyRefSchema, Type.Null()]),
                delegatedBy: Type.Union([PartyRefSchema, Type.Null()], { description: 'who gave the delegation behind a delegated or client role' }),
                validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
            ),
            rights: Type.Array(
              Type.Object({
                serviceCode: Type.String(),
                serviceEditionCode: Type.Integer(),
                operations: Type.Array(Type.String()),
                inheritedFromMainUnit: Type.Boolean(),
                via: Type.Union([PartyRefSchema, Type.Null()]),
                delegatedBy: PartyRefSchema,
                validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
              { description: 'single rights (operations on one service edition) delegated to me' },
            ),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const rights = await authz.getMyRights(await requireActor(req), req.params.reportee);
      return {
        ...rights,
        roles: rights.roles.map((r) => ({ ...r, validTo: r.validTo?.toISOString() ?? null })),
        rights: rights.rights.map((r) => ({ ...r, validTo: r.validTo?.toISOString() ?? null })),
      };
    },
  );

  app.get(
    '/api/v1/reportees/:reportee/delegations',
    {
      schema: {
        tags: ['authz'],
        summary: "The reportee's live delegations (main administrators and access managers only)",
        params: ReporteeParams,
        response: { 200: Type.Object({ delegations: Type.Array(DelegationSchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => ({ delegations: (await authz.listDelegations(await requireActor(req), req.params.reportee)).map(delegationDto) }),
  );

  app.post(
    '/api/v1/reportees/:reportee/delegations',
    {
      schema: {
        tags: ['authz'],
        summary: 'Delegate a role, or a single right on one service, for the reportee to a person (national id + last name), an organisation or an enterprise user',
        description:
          "Give `roleCode` or `right` (serviceCode, serviceEditionCode, operations). Main administrators may give any delegable role or right; access managers the roles they hold; others with Delegate on a service the operations they hold. Client roles (A0237–A0241) are passed on by the firm's client administrator with `viaFirm`. Delegating what is already delegated answers 200 with the existing delegation.",
        params: ReporteeParams,
        body: Type.Object(
          {
            roleCode: Type.Optional(Type.String({ maxLength: 20 })),
            right: Type.Optional(
              Type.Object(
                { serviceCode: Type.String({ maxLength: 20 }), serviceEditionCode: Type.Integer(), operations: Type.Array(OperationSchema, { minItems: 1, maxItems: 8 }) },
                { additionalProperties: false },
              ),
            ),
            to: Type.Union([
              Type.Object({ ssn: Type.String(), lastName: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
              Type.Object({ orgno: Type.String() }, { additionalProperties: false }),
              Type.Object({ userName: Type.String({ maxLength: 50, description: 'an enterprise user (virksomhetsbruker)' }) }, { additionalProperties: false }),
            ]),
            validTo: Type.Optional(Type.String({ format: 'date-time' })),
            viaFirm: Type.Optional(Type.String({ description: "the firm's orgno, for client roles" })),
          },
          { additionalProperties: false },
        ),
        response: { 201: DelegationSchema, 200: DelegationSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { roleCode, right, to, validTo, viaFirm } = req.body;
      if ((roleCode === undefined) === (right === undefined) || (right && viaFirm !== undefined)) throw new AppError(AuthzProblems.roleOrRight);
      const actor = await requireActor(req);
      const until = validTo !== undefined ? { validTo: new Date(validTo) } : {};
      const { delegation, replayed } = right
        ? await authz.delegateRight(actor, req.params.reportee, { ...right, to, ...until })
        : await authz.delegateRole(actor, req.params.reportee, { roleCode: roleCode!, to, ...until, ...(viaFirm !== undefined ? { viaFirm } : {}) });
      reply.code(replayed ? 200 : 201);
      return delegationDto(delegation);
    },
  );

  app.get(
    '/api/v1/reportees/:reportee/clients',
    {
      schema: {
        tags: ['authz'],
        summary: "Client administration: the firm's clients, the client roles it holds there and whom it passed them on to (the firm's client administrators only)",
        description:
          'Pass a client role on with POST /api/v1/reportees/{client}/delegations (`roleCode`, `to` a person, `viaFirm` the firm); revoke with DELETE /api/v1/reportees/{client}/delegations/{delegationId}.',
        params: ReporteeParams,
        response: {
          200: Type.Object({
            clients: Type.Array(
              Type.Object({
                client: PartyRefSchema,
                erRoles: Type.Array(Type.String()),
                clientRoles: Type.Array(Type.Object({ code: Type.String(), name: Names })),
                delegations: Type.Array(DelegationSchema),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => ({ clients: (await authz.listClients(await requireActor(req), req.params.reportee)).map(clientDto) }),
  );

  app.delete(
    '/api/v1/reportees/:reportee/delegations/:delegationId',
    {
      schema: {
        tags: ['authz'],
        summary: 'Revoke a delegation; it stops working on the next request',
        params: Type.Object({ reportee: Type.String(), delegationId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await authz.revokeDelegation(await requireActor(req), req.params.reportee, req.params.delegationId);
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/v1/authz/decision',
    {
      schema: {
        tags: ['authz'],
        summary: 'May I (or, for a service owner, this person) perform the operation on the service for the reportee? Permit or Deny with reasons',
        description:
          'Persons and systems ask about themselves; a service owner may name a `subject` for its own services. A denial lists every failing check in seed-004 terms (user lacks right, system owner lacks right, security level too low, role expired, reportee deleted, SRR missing) with who can fix it.',
        body: Type.Object(
          {
            reportee: Type.String({ description: "'me', an orgno or r<partyId>" }),
            serviceCode: Type.String({ maxLength: 20 }),
            serviceEditionCode: Type.Integer(),
            operation: OperationSchema,
            subject: Type.Optional(Type.Object({ ssn: Type.String(), securityLevel: Type.Union([0, 1, 2, 3, 4].map((l) => Type.Literal(l))) }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            decision: Type.Union([Type.Literal('Permit'), Type.Literal('Deny')]),
            reasons: Type.Array(
              Type.Object({
                code: Type.String(),
                message: Type.String(),
                fixedBy: Type.Array(PartyRefSchema),
                role: Type.Optional(Type.String({ description: 'roleExpired: the role that ran out' })),
                validTo: Type.Optional(Type.String({ format: 'date-time', description: 'roleExpired: when it ran out' })),
              }),
            ),
            grantedBy: Type.Array(Type.String()),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const { subject, ...rest } = req.body;
      return authz.askDecision(await requireActor(req), { ...rest, ...(subject ? { subject: { ssn: subject.ssn, securityLevel: subject.securityLevel as 0 | 1 | 2 | 3 | 4 } } : {}) });
    },
  );

  app.get(
    '/api/v1/serviceowner/srr',
    {
      schema: {
        tags: ['authz'],
        summary: "The rights register (SRR) rules of one of my services (service owners)",
        querystring: ServiceQuery,
        response: { 200: Type.Object({ rules: Type.Array(SrrRuleSchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => ({ rules: (await authz.listSrrRules(await requireActor(req), req.query.serviceCode, req.query.serviceEditionCode)).map(srrDto) }),
  );

  app.post(
    '/api/v1/serviceowner/srr',
    {
      schema: {
        tags: ['authz'],
        summary: 'Allow reportees Read (receive) or Write (send) on one of my services in the rights register (SRR)',
        body: Type.Object(
          {
            serviceCode: Type.String({ maxLength: 20 }),
            serviceEditionCode: Type.Integer(),
            rights: Type.Array(
              Type.Object(
                { reportee: Type.String({ description: 'orgno or national id' }), right: Type.Union([Type.Literal('Read'), Type.Literal('Write')]), validTo: Type.Optional(Type.String({ format: 'date-time' })) },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 1000 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                reportee: Type.String(),
                right: Type.String(),
                result: Type.Union([Type.Literal('OK'), Type.Literal('RuleAlreadyExists'), Type.Literal('EmptyOrNotAValidSsnOrOrganisation'), Type.Literal('RightAlreadyExpired')]),
                id: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const results = await authz.addSrrRules(
        await requireActor(req),
        req.body.serviceCode,
        req.body.serviceEditionCode,
        req.body.rights.map((r) => ({ reportee: r.reportee, operation: r.right, ...(r.validTo ? { validTo: new Date(r.validTo) } : {}) })),
      );
      return { results: results.map((r) => ({ reportee: r.reportee, right: r.operation, result: r.result, id: r.id })) };
    },
  );

  app.delete(
    '/api/v1/serviceowner/srr/:id',
    {
      schema: {
        tags: ['authz'],
        summary: 'Remove a rights register (SRR) rule of one of my services',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await authz.deleteSrrRule(await requireActor(req), req.params.id);
      reply.code(204);
      return null;
    },
  );
}
