import { selectLoginSettings, selectPartyIdByUsername } from './db/profile-store.ts';
import type { ProfileDeps } from './deps.ts';
import { assertPerson, type LoginSettings } from './profile.ts';

/** A person's login settings; defaults are no user name and system submission not allowed. */
export async function uncheckedGetLoginSettings(deps: ProfileDeps, partyId: number): Promise<LoginSettings> {
  const row = await selectLoginSettings(deps.db, partyId);
  if (!row) {
    await assertPerson(deps.register, partyId);
    return { partyId, username: null, allowSystemSubmission: false };
  }
  return { partyId, username: row.username, allowSystemSubmission: row.allow_system_submission };
}

/** The party id of the person with this user name (case-insensitive), or undefined. For login. */
export async function findPartyIdByUsername(deps: Pick<ProfileDeps, 'db'>, username: string): Promise<number | undefined> {
  return selectPartyIdByUsername(deps.db, username.trim());
}
