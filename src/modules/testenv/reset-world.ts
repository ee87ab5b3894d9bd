import { inTransaction, truncateSchemas } from '../../platform/index.ts';
import { bindTestenvDeps, type TestenvDeps } from './deps.ts';
import { loadWorld, readWorld } from './load-world.ts';
import type { WorldLoadSummary } from './world.ts';

/**
 * Empties every data schema and loads the world file again, in one transaction: if the world cannot be
 * loaded, nothing is emptied. The file is validated before anything is touched.
 */
export async function resetWorld(deps: TestenvDeps): Promise<WorldLoadSummary> {
  await readWorld(deps.worldFile);
  return inTransaction(deps.db, async (trx) => {
    await truncateSchemas(trx, deps.dataSchemas);
    await deps.changes.publish(trx, '*');
    return loadWorld(bindTestenvDeps(deps, trx), deps.worldFile);
  });
}
