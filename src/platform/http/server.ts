import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type RawServerDefault } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { AppError, PlatformProblems, httpStatusFor } from '../errors/index.ts';
import type { Random } from '../random.ts';
import type { Actor } from '../actor.ts';
import { problemBody, problemResponses, toProblem } from './problem.ts';

/** The Fastify instance every module registers its routes on. */
export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface HttpServerOptions {
  log: Logger;
  random: Random;
  publicUrl: string;
  bodyLimit: number;
  trustProxy: boolean;
  version: string;
  readiness: () => Promise<ReadinessReport>;
  /** Extra tags for the OpenAPI document, in order. */
  tags?: { name: string; description: string }[];
  /** Rewrites a request's URL before routing (e.g. case-insensitive SOAP paths). */
  rewriteUrl?: (url: string) => string;
  /** Serve HTTPS with these (PEM) credentials; with `ca`, every client must present a certificate it issued. */
  https?: { key: string; cert: string; ca?: string };
  /** Turns a request's credentials (Authorization header, session cookie) into an Actor; undefined = none. */
  authenticate?: (req: { headers: Record<string, string | string[] | undefined>; ip: string; method: string }) => Promise<Actor | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    tinnAuthenticate: (req: FastifyRequest) => Promise<Actor | undefined>;
  }
  interface FastifyRequest {
    tinnActor: Promise<Actor | undefined> | undefined;
  }
}

/**
 * The authenticated actor of a request, or PLAT-00013 (401). Credentials are checked on first use only,
 * so public routes never pay for them.
 */
export async function requireActor(req: FastifyRequest): Promise<Actor> {
  req.tinnActor ??= req.server.tinnAuthenticate(req);
  const actor = await req.tinnActor;
  if (!actor) throw new AppError(PlatformProblems.unauthenticated);
  return actor;
}

/** The request's actor when it carries credentials, else undefined (public routes that show owners more). */
export async function optionalActor(req: FastifyRequest): Promise<Actor | undefined> {
  req.tinnActor ??= req.server.tinnAuthenticate(req);
  return req.tinnActor;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds the HTTP server with the platform's cross-cutting behaviour: problem+json errors, request ids,
 * metrics, health, OpenAPI 3.1 and interactive docs. Modules add their routes afterwards.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<{ app: HttpApp; metrics: Registry }> {
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    // A caller's X-Request-Id is kept when it is well-formed, so logs can be joined across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : options.random.uuid();
    },
    routerOptions: { ignoreTrailingSlash: true },
    ...(options.rewriteUrl ? { rewriteUrl: (req: { url?: string }) => options.rewriteUrl!(req.url ?? '/') } : {}),
    // Client certificates are checked in the TLS handshake: without a valid one no request arrives.
    ...(options.https ? { https: { ...options.https, ...(options.https.ca ? { requestCert: true, rejectUnauthorized: true } : {}) } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as HttpApp;

  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  const authenticate = options.authenticate;
  app.decorate('tinnAuthenticate', async (req: FastifyRequest) => (authenticate ? authenticate(req) : undefined));
  app.decorateRequest('tinnActor', undefined);

  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const duration = new Histogram({
    name: 'tinn_http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics],
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler(async (err, req, reply) => {
    const { error, expected } = toProblem(err);
    if (expected) req.log.info({ code: error.problem.code, detail: error.detail }, 'request failed');
    else req.log.error({ err: error.cause ?? err, code: error.problem.code }, 'request failed unexpectedly');
    return sendProblem(reply, error, req.url, req.id);
  });

  app.setNotFoundHandler(async (req, reply) => {
    return sendProblem(reply, new AppError(PlatformProblems.routeNotFound, { detail: `${req.method} ${req.url.split('?')[0]}` }), req.url, req.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tinn API',
        version: options.version,
        description:
          'REST API of Tinn, an open reporting platform on the model of Altinn. Every failure is `application/problem+json` with a stable `code` (see docs/errors.md).',
      },
      servers: [{ url: options.publicUrl }],
      tags: [{ name: 'ops', description: 'Health, metrics and API description' }, ...(options.tags ?? [])],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/health/live',
    { schema: { tags: ['ops'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['ops'],
        summary: 'The database is reachable and its migrations are current',
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            checks: Type.Record(Type.String(), Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) })),
          }),
          ...problemResponses(503),
        },
      },
    },
    async (req, reply) => {
      const report = await options.readiness();
      if (!report.ready) {
        const failed = Object.entries(report.checks).filter(([, c]) => !c.ok).map(([name]) => name);
        return sendProblem(
          reply,
          new AppError(PlatformProblems.notReady, { detail: `failing: ${failed.join(', ')}`, data: { checks: report.checks } }),
          req.url,
          req.id,
        );
      }
      return { status: 'ready' as const, checks: report.checks };
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', metrics.contentType);
    return metrics.metrics();
  });

  return { app, metrics };
}

function sendProblem(reply: { code(n: number): any; header(k: string, v: string): any; send(b: unknown): any }, error: AppError, url: string, requestId: string) {
  const body = problemBody(error.problem, {
    detail: error.detail,
    errors: error.errors,
    data: error.data,
    instance: url.split('?')[0],
    requestId,
  });
  reply.code(httpStatusFor(error.problem.kind));
  if (error.problem.kind === 'unauthenticated') reply.header('www-authenticate', 'Bearer realm="tinn"');
  const retryAfter = error.data?.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  reply.header('content-type', 'application/problem+json; charset=utf-8');
  return reply.send(JSON.stringify(body));
}
