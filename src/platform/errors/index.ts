export {
  AppError,
  isAppError,
  defineProblems,
  problemCatalogs,
  type Problem,
  type ProblemKind,
  type ProblemItem,
  type AppErrorOptions,
} from './errors.ts';
export { PlatformProblems } from './platform-problems.ts';
export { renderErrorsDoc } from './doc.ts';
export { altinnErrorIdFor, httpStatusFor } from './status.ts';
export { validationItems, type ValidationIssue } from './validation.ts';
