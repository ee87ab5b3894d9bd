import { bindProfileDeps, type ProfileDeps } from './deps.ts';
import { findPartyIdByUsername, uncheckedGetLoginSettings } from './get-login-settings.ts';
import { uncheckedGetPersonProfile } from './get-person-profile.ts';
import { uncheckedGetOrganizationNotificationAddresses, uncheckedSetOrganizationNotificationAddresses } from './organization-notification-addresses.ts';
import { uncheckedUpdateLoginSettings, type LoginSettingsChange } from './update-login-settings.ts';
import { uncheckedUpdatePersonProfile, type PersonProfileChange } from './update-person-profile.ts';
import { getMyProfile, updateMyProfile } from './me.ts';
import type { Actor } from '../../platform/index.ts';

export type { ProfileDeps } from './deps.ts';
export type { PersonProfile, LoginSettings, OrganizationNotificationAddresses } from './profile.ts';
export type { PersonProfileChange } from './update-person-profile.ts';
export type { LoginSettingsChange } from './update-login-settings.ts';
export type { Language } from './contact.ts';
export { normalizeMobile, normalizeEmail, normalizeUsername, parseLanguage } from './contact.ts';
export { ProfileProblems } from './errors.ts';
export { profileMigrations } from './db/migrations/index.ts';
export { registerProfileRoutes } from './http/routes.ts';
export type { MyProfile } from './me.ts';

/**
 * The profile module's API: the actor's own profile, and `unchecked` functions for modules that have
 * checked access themselves (authentication, the test environment).
 */
export function createProfile(deps: ProfileDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: ProfileDeps['db']) => createProfile(bindProfileDeps(deps, db)),
    /** The actor's own profile. */
    getMyProfile: (actor: Actor) => getMyProfile(deps, actor),
    /** Changes the actor's own profile (mobile needs level 2). */
    updateMyProfile: (actor: Actor, change: PersonProfileChange) => updateMyProfile(deps, actor, change),
    /** A person's profile (defaults when never saved). */
    uncheckedGetPersonProfile: (partyId: number) => uncheckedGetPersonProfile(deps, partyId),
    /** Changes language, e-mail, mobile, reservation. */
    uncheckedUpdatePersonProfile: (partyId: number, change: PersonProfileChange) => uncheckedUpdatePersonProfile(deps, partyId, change),
    /** A person's user name and system-submission flag. */
    uncheckedGetLoginSettings: (partyId: number) => uncheckedGetLoginSettings(deps, partyId),
    /** Changes user name and/or system-submission flag. */
    uncheckedUpdateLoginSettings: (partyId: number, change: LoginSettingsChange) => uncheckedUpdateLoginSettings(deps, partyId, change),
    /** Party id for a user name (case-insensitive), for login. */
    findPartyIdByUsername: (username: string) => findPartyIdByUsername(deps, username),
    /** An organisation's notification addresses. */
    uncheckedGetOrganizationNotificationAddresses: (partyId: number) => uncheckedGetOrganizationNotificationAddresses(deps, partyId),
    /** Replaces an organisation's notification addresses. */
    uncheckedSetOrganizationNotificationAddresses: (partyId: number, input: { emails: string[]; mobiles: string[] }) =>
      uncheckedSetOrganizationNotificationAddresses(deps, partyId, input),
  };
}

/** The profile module's API type. */
export type Profile = ReturnType<typeof createProfile>;
