import type { AuthnDeps } from './deps.ts';

/**
 * The party id behind a login identifier: an 11-digit national id (validated: a typo gets its REG
 * problem) or a user name. Undefined when nobody has it.
 */
export async function findPartyByIdentifier(deps: Pick<AuthnDeps, 'register' | 'profile'>, identifier: string): Promise<number | undefined> {
  const id = identifier.trim();
  if (/^\d{11}$/.test(id)) return (await deps.register.uncheckedFindPersonBySsn(id))?.partyId;
  return deps.profile.findPartyIdByUsername(id);
}
