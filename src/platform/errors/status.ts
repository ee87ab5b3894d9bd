import type { ProblemKind } from './errors.ts';

const statuses: Record<ProblemKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  'range-not-satisfiable': 416,
  unsupported: 415,
  'too-many': 429,
  internal: 500,
  unavailable: 503,
};

/** The HTTP status for a problem kind (used by platform/http and the errors doc only). */
export function httpStatusFor(kind: ProblemKind): number {
  return statuses[kind];
}

/**
 * The Altinn II ErrorID the SOAP edge reports in AltinnFault for a problem: its own where the catalog names
 * one, else 14 (MissingRight) for a refusal and 0 (general error) for everything else.
 */
export function altinnErrorIdFor(problem: { kind: ProblemKind; altinnErrorId?: number }): number {
  if (problem.altinnErrorId !== undefined) return problem.altinnErrorId;
  return problem.kind === 'forbidden' ? 14 : 0;
}
