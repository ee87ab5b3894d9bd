import { countWorldLoads } from './db/world-load-store.ts';
import type { TestenvDeps } from './deps.ts';
import { loadWorld } from './load-world.ts';
import type { WorldLoadSummary } from './world.ts';

/** Loads the world file when no world was ever loaded into this database (first start); otherwise nothing. */
export async function ensureWorldLoaded(deps: TestenvDeps): Promise<WorldLoadSummary | undefined> {
  if ((await countWorldLoads(deps.db)) > 0) return undefined;
  return loadWorld(deps);
}
