import { selectErRolesInOrganization } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { loadOrganization } from './lookups.ts';
import type { ErRole } from './party.ts';

/** The ER roles in an organisation (who is DAGL, board, accountant, auditor …), ordered by role code. */
export async function listOrganizationRoles(deps: Pick<RegisterDeps, 'db'>, orgno: string): Promise<ErRole[]> {
  const organization = await loadOrganization(deps.db, orgno);
  return selectErRolesInOrganization(deps.db, organization.partyId);
}
