import Type, { type Static } from 'typebox';
import { TemplateInputSchema } from '../notifications/index.ts';

/**
 * The world file (`testdata/world.yaml`): a synthetic population for the test environment. Its format is
 * documented in docs/world-format.md; sections are added as modules land (systems, services, delegations).
 */
const Address = Type.Object(
  {
    street: Type.Optional(Type.String()),
    postalCode: Type.Optional(Type.String()),
    postalCity: Type.Optional(Type.String()),
    country: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const WorldPersonSchema = Type.Object(
  {
    ssn: Type.String({ description: 'national id; synthetic (month + 80) in the test environment' }),
    firstName: Type.String(),
    middleName: Type.Optional(Type.String()),
    lastName: Type.String(),
    address: Type.Optional(Address),
    mobile: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    language: Type.Optional(Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')])),
    isReserved: Type.Optional(Type.Boolean()),
    username: Type.Optional(Type.String()),
    password: Type.Optional(Type.String({ description: 'login password (stored as an argon2id hash)' })),
    allowSystemSubmission: Type.Optional(Type.Boolean()),
    note: Type.Optional(Type.String({ description: 'free text shown when Tinn prints demo logins' })),
  },
  { additionalProperties: false },
);

const WorldRoleSchema = Type.Union([
  Type.Object({ role: Type.String(), ssn: Type.String() }, { additionalProperties: false }),
  Type.Object({ role: Type.String(), orgno: Type.String() }, { additionalProperties: false }),
]);

export const WorldOrganizationSchema = Type.Object(
  {
    orgno: Type.String(),
    name: Type.String(),
    form: Type.String({ description: 'organisation form code: AS, ENK, STAT …; BEDR/AAFY for sub-units' }),
    parent: Type.Optional(Type.String({ description: 'orgno of the main unit (sub-units only)' })),
    businessAddress: Type.Optional(Address),
    postalAddress: Type.Optional(Address),
    serviceOwnerCode: Type.Optional(Type.String({ description: 'makes the organisation a service owner with this short code' })),
    notificationAddresses: Type.Optional(
      Type.Object(
        { emails: Type.Optional(Type.Array(Type.String())), mobiles: Type.Optional(Type.Array(Type.String())) },
        { additionalProperties: false },
      ),
    ),
    roles: Type.Optional(Type.Array(WorldRoleSchema, { description: 'ER roles in this organisation' })),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const WorldSystemTypeSchema = Type.Object(
  {
    name: Type.String(),
    vendorOrgno: Type.String({ description: 'an organisation in this file or already registered' }),
    maySubmitSignedData: Type.Optional(Type.Boolean()),
    listedInProduction: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const WorldDataSystemSchema = Type.Object(
  {
    systemId: Type.Integer({ minimum: 1, maximum: 99999, description: 'fixed SystemID (ids from 100000 up are handed out by Tinn)' }),
    ownerOrgno: Type.Optional(Type.String({ description: 'the organisation it is registered on' })),
    ownerSsn: Type.Optional(Type.String({ description: 'or the person it is registered on' })),
    systemType: Type.String({ description: 'name of an approved system type' }),
    vendorOrgno: Type.Optional(Type.String({ description: 'when several vendors have a type of that name' })),
    description: Type.String(),
    password: Type.String({ description: 'systemPassword (stored as an argon2id hash)' }),
  },
  { additionalProperties: false },
);

export const WorldServiceOwnerSystemSchema = Type.Object(
  {
    name: Type.String({ description: "agency system name, starting with the owner's code (TTD_ARKIV)" }),
    serviceOwnerCode: Type.String(),
    password: Type.String({ description: 'stored as an argon2id hash' }),
    allowedCidrs: Type.Array(Type.String(), { minItems: 1, description: 'addresses it may call from' }),
    apiKey: Type.Optional(Type.String({ minLength: 32, description: 'a fixed API key (stored hashed), for demo scripts' })),
    sshPublicKeys: Type.Optional(Type.Array(Type.String(), { maxItems: 10, description: 'OpenSSH public key lines (as in a .pub file) it may log in to SFTP with' })),
  },
  { additionalProperties: false },
);

const RoleList = Type.Optional(Type.Array(Type.String()));

export const WorldServicePolicySchema = Type.Object(
  {
    serviceCode: Type.String(),
    serviceEditionCode: Type.Integer(),
    serviceOwnerCode: Type.String(),
    name: Type.Object({ nb: Type.String(), nn: Type.String(), en: Type.String() }),
    minimumSecurityLevel: Type.Integer({ minimum: 0, maximum: 4 }),
    srrEnabled: Type.Optional(Type.Boolean()),
    roleRequirements: Type.Object(
      {
        Read: RoleList,
        Write: RoleList,
        Sign: RoleList,
        ArchiveRead: RoleList,
        ArchiveDelete: RoleList,
        ServiceOwnerArchiveRead: RoleList,
        Access: RoleList,
        Delegate: RoleList,
      },
      { additionalProperties: false, description: 'operation → the Altinn roles that grant it' },
    ),
  },
  { additionalProperties: false },
);

export const WorldDelegationSchema = Type.Object(
  {
    reporteeOrgno: Type.String({ description: 'the organisation that gives the role' }),
    roleCode: Type.String({ description: 'an Altinn role (GET /api/v1/roles)' }),
    toSsn: Type.Optional(Type.String()),
    toOrgno: Type.Optional(Type.String()),
    viaFirm: Type.Optional(Type.String({ description: 'for client roles: the firm holding REGN/REVI for the reportee' })),
  },
  { additionalProperties: false },
);

const WorldNotificationTemplateSchema = Type.Object(
  {
    serviceOwnerCode: Type.String({ description: 'the service owner the template belongs to' }),
    notificationType: Type.String({ description: 'the template name senders give as notificationType' }),
    texts: TemplateInputSchema.properties.texts,
  },
  { additionalProperties: false },
);

export const WorldSchema = Type.Object(
  {
    version: Type.Literal(1),
    description: Type.Optional(Type.String()),
    persons: Type.Optional(Type.Array(WorldPersonSchema)),
    organizations: Type.Optional(Type.Array(WorldOrganizationSchema)),
    systemTypes: Type.Optional(Type.Array(WorldSystemTypeSchema, { description: 'vendor products, approved' })),
    dataSystems: Type.Optional(Type.Array(WorldDataSystemSchema, { description: 'registered data systems (SystemID + password)' })),
    delegations: Type.Optional(Type.Array(WorldDelegationSchema, { description: 'roles given by organisations, client roles passed on by firms' })),
    services: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: 'service directories (service.yaml + XSDs), relative to the world file, deployed for the service owner they name' }),
    ),
    servicePolicies: Type.Optional(Type.Array(WorldServicePolicySchema, { description: 'rights of service editions that are not deployed as services (services carry their own)' })),
    serviceOwnerSystems: Type.Optional(Type.Array(WorldServiceOwnerSystemSchema, { description: "service owners' agency systems" })),
    notificationTemplates: Type.Optional(Type.Array(WorldNotificationTemplateSchema, { description: "service owners' notification templates (texts per language and transport)" })),
  },
  { additionalProperties: false },
);

export type World = Static<typeof WorldSchema>;
export type WorldPerson = Static<typeof WorldPersonSchema>;
export type WorldOrganization = Static<typeof WorldOrganizationSchema>;

/** What loading a world did. */
export interface WorldLoadSummary {
  persons: { created: number; existing: number };
  organizations: { created: number; existing: number };
  roles: number;
  serviceOwners: number;
  systemTypes: number;
  dataSystems: number;
  serviceOwnerSystems: number;
  services: number;
  servicePolicies: number;
  notificationTemplates: number;
  delegations: number;
}
