import Type from 'typebox';
import { problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import type { Profile } from '../index.ts';

const MyProfileSchema = Type.Object({
  partyId: Type.Integer(),
  ssn: Type.String(),
  name: Type.String(),
  language: Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en')]),
  email: Type.Union([Type.String(), Type.Null()]),
  mobile: Type.Union([Type.String(), Type.Null()]),
  isReserved: Type.Boolean({ description: 'reserved against digital communication (KRR)' }),
});

/** REST routes of the profile module: the logged-in person's own profile. */
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
}
