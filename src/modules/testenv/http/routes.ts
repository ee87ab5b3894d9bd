import Type from 'typebox';
import { problemResponses, type HttpApp } from '../../../platform/index.ts';
import type { Testenv } from '../index.ts';

const Address = Type.Object(
  {
    street: Type.Optional(Type.String({ maxLength: 200 })),
    postalCode: Type.Optional(Type.String({ maxLength: 12 })),
    postalCity: Type.Optional(Type.String({ maxLength: 100 })),
    country: Type.Optional(Type.String({ maxLength: 2 })),
  },
  { additionalProperties: false },
);

const Language = Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')]);

const TestPersonBody = Type.Object(
  {
    firstName: Type.Optional(Type.String({ maxLength: 100 })),
    middleName: Type.Optional(Type.String({ maxLength: 100 })),
    lastName: Type.Optional(Type.String({ maxLength: 100 })),
    birthDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, 1900–2039' })),
    kind: Type.Optional(Type.Union([Type.Literal('fnr'), Type.Literal('dnr')])),
    ssn: Type.Optional(Type.String({ description: 'use this synthetic national id instead of a generated one' })),
    mobile: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'null: no mobile; left out: a generated one' })),
    email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    language: Type.Optional(Language),
    username: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const TestPersonResponse = Type.Object({
  ssn: Type.String(),
  partyId: Type.Integer(),
  partyUuid: Type.String(),
  name: Type.String(),
  firstName: Type.String(),
  middleName: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.String(),
  birthDate: Type.String(),
  isDNumber: Type.Boolean(),
  mobile: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  language: Language,
  username: Type.Union([Type.String(), Type.Null()]),
});

const TestOrganizationBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 175 })),
    organizationForm: Type.Optional(Type.String({ description: 'AS by default; BEDR when parentOrgno is given' })),
    parentOrgno: Type.Optional(Type.String({ description: 'make a sub-unit of this main unit' })),
    orgno: Type.Optional(Type.String({ description: 'use this organisation number instead of a generated one' })),
    businessAddress: Type.Optional(Address),
    daglSsn: Type.Optional(Type.String({ description: 'existing person to be managing director; a new synthetic person otherwise' })),
    notificationAddresses: Type.Optional(
      Type.Object({ emails: Type.Optional(Type.Array(Type.String())), mobiles: Type.Optional(Type.Array(Type.String())) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

const TestOrganizationResponse = Type.Object({
  orgno: Type.String(),
  name: Type.String(),
  organizationForm: Type.String(),
  unitType: Type.Union([Type.Literal('main'), Type.Literal('sub')]),
  parentOrgno: Type.Union([Type.String(), Type.Null()]),
  partyId: Type.Integer(),
  partyUuid: Type.String(),
  dagl: Type.Object({ ssn: Type.String(), name: Type.String(), partyId: Type.Integer() }),
});

const OutboxMessageSchema = Type.Object({
  messageId: Type.String(),
  channel: Type.Union([Type.Literal('sms'), Type.Literal('email'), Type.Literal('letter')]),
  recipient: Type.String(),
  sender: Type.Union([Type.String(), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  html: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

const Summary = Type.Object({
  persons: Type.Object({ created: Type.Integer(), existing: Type.Integer() }),
  organizations: Type.Object({ created: Type.Integer(), existing: Type.Integer() }),
  roles: Type.Integer(),
  serviceOwners: Type.Integer(),
  systemTypes: Type.Integer(),
  dataSystems: Type.Integer(),
  serviceOwnerSystems: Type.Integer(),
  servicePolicies: Type.Integer(),
  delegations: Type.Integer(),
});

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** Test-environment routes; registered only when the test environment is on. */
export function registerTestenvRoutes(app: HttpApp, testenv: Testenv): void {
  app.post(
    '/api/v1/testenv/persons',
    {
      schema: {
        tags: ['testenv'],
        summary: 'Create a synthetic person',
        description: 'A valid synthetic national id (month + 80), a name and a mobile number are generated unless given.',
        body: TestPersonBody,
        response: { 201: TestPersonResponse, ...problemResponses(400, 409) },
      },
    },
    async (req, reply) => {
      const { person, profile, username } = await testenv.createTestPerson(req.body);
      reply.code(201);
      return {
        ssn: person.ssn,
        partyId: person.partyId,
        partyUuid: person.partyUuid,
        name: person.name,
        firstName: person.firstName,
        middleName: person.middleName,
        lastName: person.lastName,
        birthDate: person.birthDate,
        isDNumber: person.isDNumber,
        mobile: profile.mobile,
        email: profile.email,
        language: profile.language,
        username,
      };
    },
  );

  app.post(
    '/api/v1/testenv/organizations',
    {
      schema: {
        tags: ['testenv'],
        summary: 'Create a synthetic organisation with a managing director',
        body: TestOrganizationBody,
        response: { 201: TestOrganizationResponse, ...problemResponses(400, 404, 409) },
      },
    },
    async (req, reply) => {
      const { organization, dagl } = await testenv.createTestOrganization(req.body);
      reply.code(201);
      return {
        orgno: organization.orgno,
        name: organization.name,
        organizationForm: organization.organizationForm,
        unitType: organization.unitType,
        parentOrgno: organization.parentOrgno,
        partyId: organization.partyId,
        partyUuid: organization.partyUuid,
        dagl: { ssn: dagl.ssn, name: dagl.name, partyId: dagl.partyId },
      };
    },
  );

  app.get(
    '/api/v1/testenv/outbox',
    {
      schema: {
        tags: ['testenv'],
        summary: 'Every SMS, e-mail and letter Tinn sent, newest first',
        querystring: Type.Object(
          {
            recipient: Type.Optional(Type.String({ description: 'mobile number or e-mail address' })),
            channel: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('email'), Type.Literal('letter')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            after: Type.Optional(Type.String({ pattern: UUID, description: 'continue after this message id' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ messages: Type.Array(OutboxMessageSchema), next: Type.Union([Type.String(), Type.Null()]) }), ...problemResponses(400) },
      },
    },
    async (req) => {
      const page = await testenv.listOutbox(req.query);
      return { messages: page.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })), next: page.next };
    },
  );

  app.post(
    '/api/v1/testenv/reset',
    {
      schema: {
        tags: ['testenv'],
        summary: 'Empty all data and load the world file again',
        response: { 200: Type.Object({ world: Summary }), ...problemResponses(400, 503) },
      },
    },
    async () => ({ world: await testenv.resetWorld() }),
  );
}
