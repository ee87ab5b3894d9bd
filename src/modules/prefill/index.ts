import type { Actor } from '../../platform/index.ts';
import { setInstantiated } from './db/prefill-store.ts';
import { bindPrefillDeps, type PrefillDeps } from './deps.ts';
import { getPrefill, uncheckedFindCurrentPrefill, uncheckedGetPrefill } from './read-prefill.ts';
import { storePrefill, type PrefillInput } from './store-prefill.ts';

export type { PrefillDeps } from './deps.ts';
export type { PrefilledFormSet, PrefilledForm, PrefilledAttachment } from './prefill.ts';
export type { PrefillInput } from './store-prefill.ts';
export { PrefillProblems } from './errors.ts';
export { prefillMigrations } from './db/migrations/index.ts';
/** Reads an Altinn II prefill batch file (ServiceOwner/Prefill) into the store use case's inputs, item by item. */
export { readPrefillBatch, type PrefillBatch } from './batch-file.ts';
export { registerPrefillRoutes, PrefilledFormSetSchema, prefilledFormSetDto } from './http/routes.ts';

export * from './soap/prefill-eus.operations.ts';
/** The prefill module's API: service owners store prefilled form sets; reportees and form tasks use them. */
export function createPrefill(deps: PrefillDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: PrefillDeps['db']) => createPrefill(bindPrefillDeps(deps, db)),
    /** Stores a prefilled form set (validated against the XSDs; idempotent per reference). */
    storePrefill: (actor: Actor, input: PrefillInput) => storePrefill(deps, actor, input),
    /** The prefilled data of a service waiting for the reportee. */
    getPrefill: (actor: Actor, reportee: string, serviceCode: string, serviceEditionCode: number) => getPrefill(deps, actor, reportee, serviceCode, serviceEditionCode),
    /** The newest valid set for a reportee and service (the caller checked access). */
    uncheckedFindCurrentPrefill: (reporteePartyId: number, serviceCode: string, serviceEditionCode: number) => uncheckedFindCurrentPrefill(deps, reporteePartyId, serviceCode, serviceEditionCode),
    /** A set by id (the caller checked access). */
    uncheckedGetPrefill: (prefillId: string) => uncheckedGetPrefill(deps, prefillId),
    /** Records the form task made from a set. */
    uncheckedSetInstantiated: (prefillId: string, reporteeElementId: number) => setInstantiated(deps.db, prefillId, reporteeElementId),
  };
}

/** The prefill module's API type. */
export type Prefill = ReturnType<typeof createPrefill>;
