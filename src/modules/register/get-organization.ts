import type { RegisterDeps } from './deps.ts';
import { selectSubUnits } from './db/party-store.ts';
import { loadOrganization } from './lookups.ts';
import type { Organization } from './party.ts';

export interface OrganizationDetails {
  organization: Organization;
  /** Sub-units of a main unit (empty for a sub-unit). */
  subUnits: Organization[];
}

/**
 * An organisation by orgno, with its sub-units, served from the organisation cache when it can be.
 * Unit data is public in Enhetsregisteret, so there is no access check. Throws REG-00006/7 for a malformed orgno and REG-00008 when none is registered.
 */
export async function getOrganization(deps: Pick<RegisterDeps, 'db' | 'organizationCache'>, orgno: string): Promise<OrganizationDetails> {
  // Inside a transaction the cache is neither read nor written: it may hold uncommitted changes.
  const cache = deps.db.isTransaction ? undefined : deps.organizationCache;
  const hit = cache?.get(orgno);
  if (hit) return hit;
  const generation = cache?.generation() ?? 0;
  const organization = await loadOrganization(deps.db, orgno);
  const subUnits = organization.unitType === 'main' ? await selectSubUnits(deps.db, organization.partyId) : [];
  const details = { organization, subUnits };
  cache?.set(orgno, details, generation);
  return details;
}
