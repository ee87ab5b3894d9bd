import type { Actor } from '../../platform/index.ts';
import { bindSystemsDeps, type SystemsDeps } from './deps.ts';
import { listSystemTypes, uncheckedApproveSystemType, uncheckedListPendingSystemTypes } from './list-system-types.ts';
import { registerSystemType, uncheckedCreateSystemType, type NewSystemType } from './register-system-type.ts';

export type { SystemsDeps } from './deps.ts';
export type { SystemType } from './system-type.ts';
export type { NewSystemType } from './register-system-type.ts';
export { SystemsProblems } from './errors.ts';
export { systemsMigrations } from './db/migrations/index.ts';
export { registerSystemsRoutes } from './http/routes.ts';

/** The systems module: system types (vendor products). Data systems and service-owner systems follow. */
export function createSystems(deps: SystemsDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: SystemsDeps['db']) => createSystems(bindSystemsDeps(deps, db)),
    /** A vendor's main administrator registers a product. */
    registerSystemType: (actor: Actor, input: NewSystemType) => registerSystemType(deps, actor, input),
    /** Approved system types, optionally of one vendor. */
    listSystemTypes: (filter: { vendorOrgno?: string }) => listSystemTypes(deps, filter),
    /** Types waiting for the operator. */
    uncheckedListPendingSystemTypes: () => uncheckedListPendingSystemTypes(deps),
    /** The operator approves a type. */
    uncheckedApproveSystemType: (id: number) => uncheckedApproveSystemType(deps, id),
    /** Writes a type without an access check (world files). */
    uncheckedCreateSystemType: (input: Parameters<typeof uncheckedCreateSystemType>[1]) => uncheckedCreateSystemType(deps, input),
  };
}

/** The systems module's API type. */
export type Systems = ReturnType<typeof createSystems>;
