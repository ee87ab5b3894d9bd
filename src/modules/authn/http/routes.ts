import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { AppError, PlatformProblems, parseIdempotencyKey, problemResponses, requireActor, type HttpApp, type Config } from '../../../platform/index.ts';
import { AuthnProblems } from '../errors.ts';
import type { Authn, LoginResult } from '../index.ts';
import { apiKeyFrom, clearedSessionCookie, sessionCookie, sessionTokenFrom } from './cookies.ts';
import { csrfTokenFor } from '../passwords.ts';

const LoginBody = Type.Union([
  Type.Object({ ssn: Type.String({ description: 'national identity number (11 digits)' }), password: Type.String({ maxLength: 256 }) }, { additionalProperties: false }),
  Type.Object({ username: Type.String({ maxLength: 50 }), password: Type.String({ maxLength: 256 }) }, { additionalProperties: false }),
]);

const TokenResponse = Type.Object({
  accessToken: Type.String({ description: 'EdDSA-signed JWT; send as `Authorization: Bearer …`' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'seconds' }),
});

const LoginResponse = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer(),
  partyId: Type.Integer(),
  securityLevel: Type.Integer({ minimum: 0, maximum: 4 }),
  sessionExpiresAt: Type.String({ format: 'date-time' }),
  csrfToken: Type.String({ description: 'send as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE that uses the session cookie' }),
});

const LoginSettings = Type.Object({
  username: Type.Union([Type.String(), Type.Null()]),
  allowSystemSubmission: Type.Boolean({ description: 'allow submission from systems with this user name and password' }),
  mobile: Type.Union([Type.String(), Type.Null()]),
  hasPassword: Type.Boolean(),
});

const LoginSettingsBody = Type.Object(
  {
    username: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
    allowSystemSubmission: Type.Optional(Type.Boolean()),
    mobile: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
    currentPassword: Type.Optional(Type.String({ maxLength: 256 })),
    newPassword: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);

const PersonActorSchema = Type.Object({
  kind: Type.Literal('person'),
  partyId: Type.Integer(),
  securityLevel: Type.Integer({ minimum: 0, maximum: 4 }),
  methods: Type.Array(Type.String()),
  sessionId: Type.Union([Type.String(), Type.Null()]),
});

const SystemActorSchema = Type.Object({
  kind: Type.Literal('system'),
  systemId: Type.Union([Type.Integer(), Type.Null()], { description: "null when a person's own user name stood in for a SystemID" }),
  ownerPartyId: Type.Integer(),
  user: Type.Union([Type.Object({ partyId: Type.Integer() }), Type.Null()]),
  securityLevel: Type.Integer({ minimum: 0, maximum: 4 }),
  methods: Type.Array(Type.String()),
});

const ServiceOwnerActorSchema = Type.Object({
  kind: Type.Literal('serviceOwner'),
  serviceOwnerCode: Type.String(),
  orgno: Type.String(),
  partyId: Type.Integer(),
  systemName: Type.String(),
  methods: Type.Array(Type.String()),
});

const EnterpriseUserActorSchema = Type.Object({
  kind: Type.Literal('enterpriseUser'),
  partyId: Type.Integer(),
  userName: Type.String(),
  organizationPartyId: Type.Integer(),
  securityLevel: Type.Integer({ minimum: 0, maximum: 4 }),
  methods: Type.Array(Type.String()),
});

const ActorSchema = Type.Union([PersonActorSchema, SystemActorSchema, ServiceOwnerActorSchema, EnterpriseUserActorSchema]);

const SystemIdSchema = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 50 })], {
  description: "the numeric SystemID (Altinn II systemUserName), or the user's own user name where they allowed that",
});
const AuthMethodSchema = Type.Union([Type.Literal('SMSPin'), Type.Literal('AltinnPin')]);

/** The user's national id or user name; both at once is AUTN-00018. */
function userIdentifier(body: { userSsn?: string | undefined; username?: string | undefined }): string | undefined {
  if (body.userSsn !== undefined && body.username !== undefined) throw new AppError(AuthnProblems.userCredentialsIncomplete, { detail: 'give userSsn or username, not both' });
  return body.userSsn ?? body.username;
}

function isSecure(req: FastifyRequest, setting: Config['authn']['secureCookie']): boolean {
  return setting === 'always' || (setting === 'auto' && req.protocol === 'https');
}

function loginBody(result: LoginResult) {
  return {
    accessToken: result.accessToken,
    tokenType: 'Bearer' as const,
    expiresIn: result.expiresIn,
    partyId: result.partyId,
    securityLevel: result.securityLevel,
    sessionExpiresAt: result.sessionExpiresAt.toISOString(),
    csrfToken: csrfTokenFor(result.sessionToken),
  };
}

/** REST routes of authentication (and the login-settings part of the profile, which holds the password). */
export function registerAuthnRoutes(app: HttpApp, authn: Authn, options: { secureCookie: Config['authn']['secureCookie']; testLogin: boolean }): void {
  app.post(
    '/api/v1/authn/login',
    {
      schema: {
        tags: ['authn'],
        summary: 'Log in, step 1: national id or user name and password; a one-time code goes by SMS',
        body: LoginBody,
        response: {
          200: Type.Object({ challengeId: Type.String({ format: 'uuid' }), expiresAt: Type.String({ format: 'date-time' }), sentTo: Type.String() }),
          ...problemResponses(400, 401, 403, 429),
        },
      },
    },
    async (req) => {
      const body = req.body;
      const start = await authn.startLogin({ identifier: 'ssn' in body ? body.ssn : body.username, password: body.password }, { ip: req.ip });
      return { challengeId: start.challengeId, expiresAt: start.expiresAt.toISOString(), sentTo: start.sentTo };
    },
  );

  app.post(
    '/api/v1/authn/login/verify',
    {
      schema: {
        tags: ['authn'],
        summary: 'Log in, step 2: the one-time code; sets the session cookie and returns an access token (level 2)',
        body: Type.Object({ challengeId: Type.String({ format: 'uuid' }), code: Type.String({ pattern: '^\\s*\\d{6}\\s*$' }) }, { additionalProperties: false }),
        response: { 200: LoginResponse, ...problemResponses(400, 401, 410, 429) },
      },
    },
    async (req, reply) => {
      const result = await authn.verifyLogin(req.body, { ip: req.ip });
      reply.header('set-cookie', sessionCookie(result.sessionToken, result.sessionLifetimeSeconds, isSecure(req, options.secureCookie)));
      return loginBody(result);
    },
  );

  app.post(
    '/api/v1/authn/token',
    {
      schema: {
        tags: ['authn'],
        summary: 'A fresh access token for the current session or token',
        response: { 200: TokenResponse, ...problemResponses(401) },
      },
    },
    async (req) => {
      const actor = await requireActor(req);
      return { ...(await authn.issueAccessToken(actor)), tokenType: 'Bearer' as const };
    },
  );

  app.get(
    '/api/v1/authn/me',
    {
      schema: {
        tags: ['authn'],
        summary: 'Who the credentials in this request belong to, and at which security level',
        response: {
          200: ActorSchema,
          ...problemResponses(401),
        },
      },
    },
    async (req) => requireActor(req),
  );

  app.get(
    '/api/v1/authn/session',
    {
      schema: {
        tags: ['authn'],
        summary: 'The portal session of the session cookie: who, at which level, until when, and its CSRF token',
        description: 'Only the cookie counts here (not a Bearer token). No live session is PLAT-00013.',
        response: {
          200: Type.Object({
            partyId: Type.Integer(),
            securityLevel: Type.Integer({ minimum: 0, maximum: 4 }),
            expiresAt: Type.String({ format: 'date-time' }),
            idleMinutes: Type.Integer({ description: 'the session ends after this long without a request' }),
            csrfToken: Type.String({ description: 'send as `X-CSRF-Token` on every request that changes something' }),
          }),
          ...problemResponses(401),
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const token = sessionTokenFrom(req.headers.cookie);
      const session = token === undefined ? undefined : await authn.describeSession(token);
      if (!session || token === undefined) throw new AppError(PlatformProblems.unauthenticated);
      return { ...session, expiresAt: session.expiresAt.toISOString(), csrfToken: csrfTokenFor(token) };
    },
  );

  app.post(
    '/api/v1/authn/logout',
    { schema: { tags: ['authn'], summary: 'End the session', response: { 204: Type.Null(), ...problemResponses(401) } } },
    async (req, reply) => {
      const actor = await requireActor(req);
      await authn.logout(actor);
      reply.header('set-cookie', clearedSessionCookie(isSecure(req, options.secureCookie)));
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: ['authn'],
        summary: 'Public keys that verify Tinn access tokens (JWKS)',
        response: { 200: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.String())) }) },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return authn.jwks();
    },
  );

  app.get(
    '/api/v1/profile/login-settings',
    { schema: { tags: ['profile'], summary: 'My login settings (advanced settings)', response: { 200: LoginSettings, ...problemResponses(401) } } },
    async (req) => authn.getMyLoginSettings(await requireActor(req)),
  );

  app.put(
    '/api/v1/profile/login-settings',
    {
      schema: {
        tags: ['profile'],
        summary: 'Change my user name, mobile number, password or the system-submission flag',
        description: 'All or nothing. A new password needs the current one; the first password needs security level 3.',
        body: LoginSettingsBody,
        response: { 200: LoginSettings, ...problemResponses(400, 401, 403, 409, 429) },
      },
    },
    async (req) => authn.updateMyLoginSettings(await requireActor(req), req.body),
  );

  app.post(
    '/api/v1/authn/system/challenge',
    {
      schema: {
        tags: ['authn'],
        summary: "A data system asks for its user's one-time code (Altinn II GetAuthenticationChallenge)",
        description:
          'SMSPin sends a code to the mobile number in the user\'s profile; AltinnPin names the next unused code of the user\'s code letter. A missing mobile number or letter is a status (NoPhoneNumber, NoCodeLetter), not an error. Once used, a code keeps working for 30 minutes, renewed on each use, at most 8 hours.',
        body: Type.Object(
          {
            systemId: SystemIdSchema,
            userSsn: Type.Optional(Type.String({ description: 'the user\'s national identity number, or …' })),
            username: Type.Optional(Type.String({ maxLength: 50, description: '… the user\'s user name' })),
            userPassword: Type.String({ maxLength: 256 }),
            authMethod: AuthMethodSchema,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            status: Type.Union([Type.Literal('Ok'), Type.Literal('NoPhoneNumber'), Type.Literal('NoCodeLetter')]),
            message: Type.String(),
            validFrom: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403, 429),
        },
      },
    },
    async (req) => {
      const { systemId, userPassword, authMethod } = req.body;
      const challenge = await authn.getSystemChallenge({ systemId, userIdentifier: userIdentifier(req.body) ?? '', userPassword, authMethod }, { ip: req.ip });
      return { ...challenge, validFrom: challenge.validFrom?.toISOString() ?? null, validTo: challenge.validTo?.toISOString() ?? null };
    },
  );

  app.post(
    '/api/v1/authn/system/token',
    {
      schema: {
        tags: ['authn'],
        summary: 'A data system logs in: SystemID and password, optionally with its user (password, and the one-time code for level 2)',
        description:
          "Without user credentials the token is the system's alone (enough for unsigned submissions). A person who allowed it under advanced settings may give their own user name and password as systemId/systemPassword; that token acts for them only.",
        body: Type.Object(
          {
            systemId: SystemIdSchema,
            systemPassword: Type.String({ maxLength: 256 }),
            userSsn: Type.Optional(Type.String()),
            username: Type.Optional(Type.String({ maxLength: 50 })),
            userPassword: Type.Optional(Type.String({ maxLength: 256 })),
            userPinCode: Type.Optional(Type.String({ maxLength: 20 })),
            authMethod: Type.Optional(AuthMethodSchema),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            accessToken: Type.String(),
            tokenType: Type.Literal('Bearer'),
            expiresIn: Type.Integer(),
            actor: SystemActorSchema,
            codeValidTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'until when the one-time code keeps working (renewed on use)' }),
          }),
          ...problemResponses(400, 401, 403, 410, 429),
        },
      },
    },
    async (req) => {
      const { systemId, systemPassword, userPassword, userPinCode, authMethod } = req.body;
      const identifier = userIdentifier(req.body);
      const token = await authn.issueSystemToken(
        {
          systemId,
          systemPassword,
          ...(identifier !== undefined ? { userIdentifier: identifier } : {}),
          ...(userPassword !== undefined ? { userPassword } : {}),
          ...(userPinCode !== undefined ? { userPinCode } : {}),
          ...(authMethod !== undefined ? { authMethod } : {}),
        },
        { ip: req.ip },
      );
      return { accessToken: token.accessToken, tokenType: 'Bearer' as const, expiresIn: token.expiresIn, actor: token.actor, codeValidTo: token.codeValidTo?.toISOString() ?? null };
    },
  );

  app.post(
    '/api/v1/authn/serviceowner/token',
    {
      // A client that authenticates with the ApiKey header alone may send no body at all.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['authn'],
        summary: "An agency system (service owner) logs in with its name and password, or its ApiKey header",
        description:
          'Only from the addresses on the system\'s allow-list (AUTN-00020 otherwise, Altinn ErrorID 5). The token carries the service owner\'s code and orgno and, like the API key itself, works only from those addresses.',
        headers: Type.Object({ apikey: Type.Optional(Type.String({ description: 'an API key issued by the operator' })) }),
        body: Type.Object(
          { systemName: Type.Optional(Type.String({ maxLength: 60 })), password: Type.Optional(Type.String({ maxLength: 256 })) },
          { additionalProperties: false, description: 'both, or an empty body with the ApiKey header' },
        ),
        response: {
          200: Type.Object({ accessToken: Type.String(), tokenType: Type.Literal('Bearer'), expiresIn: Type.Integer(), actor: ServiceOwnerActorSchema }),
          ...problemResponses(400, 401, 403, 429),
        },
      },
    },
    async (req) => {
      const apiKey = apiKeyFrom(req.headers.apikey);
      const { systemName, password } = req.body;
      const credentials = systemName !== undefined && password !== undefined ? { systemName, password } : apiKey !== undefined ? { apiKey } : undefined;
      if (!credentials) throw new AppError(AuthnProblems.wrongServiceOwnerCredentials, { detail: 'send systemName and password, or the ApiKey header' });
      const token = await authn.issueServiceOwnerToken(credentials, { ip: req.ip });
      return { accessToken: token.accessToken, tokenType: 'Bearer' as const, expiresIn: token.expiresIn, actor: token.actor };
    },
  );

  app.post(
    '/api/v1/authn/code-letter',
    {
      schema: {
        tags: ['authn'],
        summary: 'Order a code letter: numbered one-time codes by post for AltinnPin (replaces the previous letter)',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'a retry with the same key sends no second letter (kept 24 h)' })) }),
        response: { 202: Type.Object({ codes: Type.Integer(), sentTo: Type.String({ description: 'postal city of the registered address' }) }), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const letter = await authn.orderCodeLetter(await requireActor(req), parseIdempotencyKey(req.headers['idempotency-key']));
      reply.code(202);
      return { codes: letter.codes, sentTo: letter.sentTo };
    },
  );

  if (options.testLogin) {
    app.post(
      '/api/v1/testenv/login',
      {
        schema: {
          tags: ['testenv'],
          summary: 'Test login for a synthetic person at security level 1–4, without password or code',
          body: Type.Object(
            { ssn: Type.String(), securityLevel: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)])) },
            { additionalProperties: false },
          ),
          response: { 200: LoginResponse, ...problemResponses(400, 403, 404) },
        },
      },
      async (req, reply) => {
        const result = await authn.testLogin(req.body);
        reply.header('set-cookie', sessionCookie(result.sessionToken, result.sessionLifetimeSeconds, isSecure(req, options.secureCookie)));
        return loginBody(result);
      },
    );
  }
}
