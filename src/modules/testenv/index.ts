import type { TestenvDeps } from './deps.ts';
import { createTestOrganization, type TestOrganizationRequest } from './create-test-organization.ts';
import { createTestPerson, type TestPersonRequest } from './create-test-person.ts';
import { listDemoLogins } from './demo-logins.ts';
import { ensureWorldLoaded } from './ensure-world.ts';
import { listOutbox, type OutboxFilter } from './list-outbox.ts';
import { loadWorld } from './load-world.ts';
import { resetWorld } from './reset-world.ts';

export type { TestenvDeps } from './deps.ts';
export type { World, WorldLoadSummary } from './world.ts';
export type { TestPersonRequest, TestPerson } from './create-test-person.ts';
export type { TestOrganizationRequest, TestOrganization } from './create-test-organization.ts';
export type { DemoLogin } from './demo-logins.ts';
export { WorldSchema } from './world.ts';
export { parseWorld, readWorld } from './load-world.ts';
export { TestenvProblems } from './errors.ts';
export { testenvMigrations } from './db/migrations/index.ts';
export { registerTestenvRoutes } from './http/routes.ts';

/**
 * The test environment: a synthetic world from one file, self-service test parties, the outbox viewer and
 * reset. Only composed when the test environment is on.
 */
export function createTestenv(deps: TestenvDeps) {
  return {
    /** Loads a world file (default: the configured one); existing parties are kept. */
    loadWorld: (file?: string) => loadWorld(deps, file),
    /** Loads the configured world when this database never had one. */
    ensureWorldLoaded: () => ensureWorldLoaded(deps),
    /** Empties all data and loads the world again. */
    resetWorld: () => resetWorld(deps),
    /** Creates a synthetic person. */
    createTestPerson: (request: TestPersonRequest) => createTestPerson(deps, request),
    /** Creates a synthetic organisation with a DAGL. */
    createTestOrganization: (request: TestOrganizationRequest) => createTestOrganization(deps, request),
    /** Messages in the SMS / e-mail outbox, newest first. */
    listOutbox: (filter: OutboxFilter) => listOutbox(deps, filter),
    /** Identities to print at start. */
    listDemoLogins: () => listDemoLogins(deps),
  };
}

/** The test environment's API type. */
export type Testenv = ReturnType<typeof createTestenv>;
