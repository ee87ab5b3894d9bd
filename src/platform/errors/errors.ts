/** What kind of failure a problem is; only the edges map kinds to protocol statuses. */
export type ProblemKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'too-many'
  | 'unsupported'
  | 'too-large'
  | 'range-not-satisfiable'
  | 'unavailable'
  | 'internal';

/** A stable, catalogued failure: `code` is never reused or renumbered. */
export interface Problem {
  readonly code: string;
  readonly kind: ProblemKind;
  readonly title: string;
  /** The Altinn II ErrorID the SOAP edge reports for this problem (AltinnFault.ErrorID), where one exists. */
  readonly altinnErrorId?: number;
}

/** One item of a validation problem (a field, a line of a document). */
export interface ProblemItem {
  /** JSON pointer, query parameter or field name the item is about. */
  path?: string;
  /** Line number in a document, for XML and similar. */
  line?: number;
  message: string;
  /** A machine-readable reason, e.g. the rule that failed. */
  rule?: string;
}

export interface AppErrorOptions {
  /** Safe to show to the caller. */
  detail?: string;
  /** Extra, safe, machine-readable members of the problem. */
  data?: Record<string, unknown>;
  /** Every violation found, for validation problems. */
  errors?: ProblemItem[];
  /** Internal cause: logged, never shown. */
  cause?: unknown;
}

/** The one error type use cases throw. */
export class AppError extends Error {
  readonly problem: Problem;
  readonly detail: string | undefined;
  readonly data: Record<string, unknown> | undefined;
  readonly errors: ProblemItem[] | undefined;

  constructor(problem: Problem, options: AppErrorOptions = {}) {
    super(options.detail ? `${problem.code} ${problem.title}: ${options.detail}` : `${problem.code} ${problem.title}`, {
      cause: options.cause,
    });
    this.name = 'AppError';
    this.problem = problem;
    this.detail = options.detail;
    this.data = options.data;
    this.errors = options.errors;
  }
}

/** True when `err` is an AppError for `problem` (or any AppError when no problem is given). */
export function isAppError(err: unknown, problem?: Problem): err is AppError {
  return err instanceof AppError && (problem === undefined || err.problem.code === problem.code);
}

const catalogs = new Map<string, Record<string, Problem>>();

/**
 * Declares a module's problem catalog. Codes are `<PREFIX>-<5 digits>`; registering the same code
 * twice fails at import time, and a test checks the whole set.
 */
export function defineProblems<T extends Record<string, Problem>>(prefix: string, problems: T): T {
  for (const [name, p] of Object.entries(problems)) {
    if (!new RegExp(`^${prefix}-\\d{5}$`).test(p.code)) {
      throw new Error(`problem ${name}: code ${p.code} does not match ${prefix}-NNNNN`);
    }
  }
  catalogs.set(prefix, problems);
  return problems;
}

/** All registered catalogs, by prefix (for docs/errors.md and the uniqueness test). */
export function problemCatalogs(): ReadonlyMap<string, Record<string, Problem>> {
  return catalogs;
}
