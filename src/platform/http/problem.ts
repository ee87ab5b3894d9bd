import Type from 'typebox';
import { AppError, PlatformProblems, httpStatusFor, validationItems, type Problem, type ProblemItem, type ValidationIssue } from '../errors/index.ts';

/** The problem+json body Tinn sends for every failure (RFC 9457 plus `code`, `requestId`, `errors`). */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: ProblemItem[];
  [extra: string]: unknown;
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:tinn:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable problem code, see docs/errors.md', examples: ['REG-00004'] }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    altinnErrorId: Type.Optional(Type.Integer({ description: 'the Altinn II ErrorID of the same failure, where one exists' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            path: Type.Optional(Type.String()),
            line: Type.Optional(Type.Integer()),
            message: Type.String(),
            rule: Type.Optional(Type.String()),
          },
          { additionalProperties: true },
        ),
      ),
    ),
  },
  { additionalProperties: true, $id: undefined, description: 'application/problem+json' },
);

/** Response schemas for the given statuses, for a route's OpenAPI description. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}

export function problemBody(
  problem: Problem,
  extras: { detail?: string | undefined; errors?: ProblemItem[] | undefined; data?: Record<string, unknown> | undefined; instance?: string; requestId?: string },
): ProblemBody {
  const body: ProblemBody = {
    ...(extras.data ?? {}),
    type: `urn:tinn:problem:${problem.code}`,
    title: problem.title,
    status: httpStatusFor(problem.kind),
    code: problem.code,
  };
  if (problem.altinnErrorId !== undefined) body.altinnErrorId = problem.altinnErrorId;
  if (extras.detail) body.detail = extras.detail;
  if (extras.instance) body.instance = extras.instance;
  if (extras.requestId) body.requestId = extras.requestId;
  if (extras.errors && extras.errors.length > 0) body.errors = extras.errors;
  return body;
}

/** Maps anything thrown in a request to a problem; `safe` tells whether it was expected. */
export function toProblem(err: unknown): { error: AppError; expected: boolean } {
  if (err instanceof AppError) return { error: err, expected: err.problem.kind !== 'internal' };
  const e = err as { code?: string; statusCode?: number; validation?: ValidationIssue[]; validationContext?: string; message?: string };
  if (Array.isArray(e?.validation)) {
    const errors = validationItems(e.validationContext, e.validation);
    return {
      error: new AppError(PlatformProblems.requestValidation, { detail: `${errors.length} violation(s) found`, errors }),
      expected: true,
    };
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: new AppError(PlatformProblems.malformedJson, { detail: 'the body is not valid JSON' }), expected: true };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: new AppError(PlatformProblems.bodyTooLarge), expected: true };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { error: new AppError(PlatformProblems.unsupportedMediaType, { detail: 'send application/json' }), expected: true };
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own client errors (bad content length, etc.): their messages are written for callers.
    return { error: new AppError(PlatformProblems.badRequest, { detail: e.message }), expected: true };
  }
  return { error: new AppError(PlatformProblems.internal, { cause: err }), expected: false };
}
