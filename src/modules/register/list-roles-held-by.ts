import { selectErRolesHeldBy } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import type { ErRole } from './party.ts';

/**
 * The ER roles a party holds in organisations (the basis of its Altinn roles). No access check: callers
 * pass the party id of the authenticated actor or have checked access themselves.
 */
export async function uncheckedListRolesHeldBy(deps: Pick<RegisterDeps, 'db'>, partyId: number): Promise<ErRole[]> {
  return selectErRolesHeldBy(deps.db, partyId);
}
