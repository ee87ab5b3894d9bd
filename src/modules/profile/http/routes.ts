import Type from 'typebox';
import { problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import type { PersonalContact, Profile } from '../index.ts';

const MyProfileSchema = Type.Object({
  partyId: Type.Integer(),
  ssn: Type.String(),
  name: Type.String(),
  language: Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')]),
  email: Type.Union([Type.String(), Type.Null()]),
  mobile: Type.Union([Type.String(), Type.Null()]),
  isReserved: Type.Boolean({ description: 'reserved against digital communication (KRR)' }),
});

const OrgnoParams = Type.Object({ orgno: Type.String({ description: '9-digit organisation number' }) });

const PersonalContactSchema = Type.Object({
  personPartyId: Type.Integer(),
  organizationPartyId: Type.Integer(),
  email: Type.Union([Type.String(), Type.Null()]),
  mobile: Type.Union([Type.String(), Type.Null()], { description: 'E.164, e.g. +4791234567' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const NotificationAddressesSchema = Type.Object({
  partyId: Type.Integer({ description: "the organisation's party id" }),
  emails: Type.Array(Type.String()),
  mobiles: Type.Array(Type.String(), { description: 'E.164, e.g. +4791234567' }),
});

const contactDto = (c: PersonalContact) => ({ ...c, updatedAt: c.updatedAt.toISOString() });

/** REST routes of the profile module: the logged-in person's own profile and organisation contacts, and organisation notification addresses. */
export function registerProfileRoutes(app: HttpApp, profile: Profile): void {
  app.get(
    '/api/v1/profile',
    { schema: { tags: ['profile'], summary: 'My profile', response: { 200: MyProfileSchema, ...problemResponses(401) } } },
    async (req) => profile.getMyProfile(await requireActor(req)),
  );
  app.put(
    '/api/v1/profile',
    {
      schema: {
        tags: ['profile'],
        summary: 'Change my language, e-mail, mobile number or reservation',
        body: Type.Object(
          {
            language: Type.Optional(Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en'), Type.Literal(1044), Type.Literal(2068), Type.Literal(1033)])),
            email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
            mobile: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
            isReserved: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: MyProfileSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => profile.updateMyProfile(await requireActor(req), req.body),
  );

  app.get(
    '/api/v1/profile/organizations/:orgno/contact',
    {
      schema: {
        tags: ['profile'],
        summary: 'My e-mail and mobile for notices about an organisation I act for',
        description: 'PROF-00010 when you hold no role or right for the organisation; PROF-00012 when you have registered nothing for it.',
        params: OrgnoParams,
        response: { 200: PersonalContactSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => contactDto(await profile.getMyOrganizationContact(await requireActor(req), req.params.orgno)),
  );
  app.put(
    '/api/v1/profile/organizations/:orgno/contact',
    {
      schema: {
        tags: ['profile'],
        summary: 'Set my e-mail and/or mobile for notices about an organisation I act for',
        description: 'Replaces both; a field left out or null means none, and neither deletes the contact (204). Every invalid address is listed (PROF-00001/PROF-00002).',
        params: OrgnoParams,
        body: Type.Object(
          {
            email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
            mobile: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: PersonalContactSchema, 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const contact = await profile.setMyOrganizationContact(await requireActor(req), req.params.orgno, req.body);
      if (contact) return contactDto(contact);
      reply.code(204);
      return null;
    },
  );
  app.delete(
    '/api/v1/profile/organizations/:orgno/contact',
    {
      schema: {
        tags: ['profile'],
        summary: 'Delete my contact for an organisation',
        description: 'Needs no role for the organisation, so someone who lost theirs can still remove it; 204 also when there was none.',
        params: OrgnoParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await profile.deleteMyOrganizationContact(await requireActor(req), req.params.orgno);
      reply.code(204);
      return null;
    },
  );
  app.get(
    '/api/v1/organizations/:orgno/notification-addresses',
    {
      schema: {
        tags: ['profile'],
        summary: "An organisation's notification addresses (KoFuVi)",
        description: 'For persons who act for the organisation (PROF-00010 otherwise) and service owners.',
        params: OrgnoParams,
        response: { 200: NotificationAddressesSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => profile.getOrganizationNotificationAddresses(await requireActor(req), req.params.orgno),
  );
  app.put(
    '/api/v1/organizations/:orgno/notification-addresses',
    {
      schema: {
        tags: ['profile'],
        summary: "Replace an organisation's notification addresses",
        description:
          "For the organisation's main administrators and access managers (PROF-00011 otherwise), at security level 2. At most 20 of each after duplicates are dropped (PROF-00008); every invalid address is listed (PROF-00001/PROF-00002).",
        params: OrgnoParams,
        body: Type.Object(
          {
            emails: Type.Array(Type.String({ maxLength: 254 }), { maxItems: 100 }),
            mobiles: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: NotificationAddressesSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req) => profile.setOrganizationNotificationAddresses(await requireActor(req), req.params.orgno, req.body),
  );
}
