import { AppError, requirePerson, type Actor } from '../../platform/index.ts';
import type { ProfileDeps } from './deps.ts';
import { ProfileProblems } from './errors.ts';
import { uncheckedGetPersonProfile } from './get-person-profile.ts';
import type { PersonProfile } from './profile.ts';
import { uncheckedUpdatePersonProfile, type PersonProfileChange } from './update-person-profile.ts';

/** The logged-in person's own profile, with name and national id. */
export interface MyProfile extends PersonProfile {
  ssn: string;
  name: string;
}

async function withIdentity(deps: ProfileDeps, profile: PersonProfile): Promise<MyProfile> {
  const person = await deps.register.uncheckedFindPersonByPartyId(profile.partyId);
  return { ...profile, ssn: person?.ssn ?? '', name: person?.name ?? '' };
}

/** The actor's own profile. Nobody reads another person's profile through this. */
export async function getMyProfile(deps: ProfileDeps, actor: Actor): Promise<MyProfile> {
  return withIdentity(deps, await uncheckedGetPersonProfile(deps, requirePerson(actor).partyId));
}

/** Changes the actor's own profile; the mobile number (where codes go) needs security level 2. */
export async function updateMyProfile(deps: ProfileDeps, caller: Actor, change: PersonProfileChange): Promise<MyProfile> {
  const actor = requirePerson(caller);
  if (change.mobile !== undefined && actor.securityLevel < 2) throw new AppError(ProfileProblems.insufficientLevel);
  return withIdentity(deps, await uncheckedUpdatePersonProfile(deps, actor.partyId, change));
}
