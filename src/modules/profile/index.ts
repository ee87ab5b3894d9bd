import { bindProfileDeps, type ProfileDeps } from './deps.ts';
import { findPartyIdByUsername, uncheckedGetLoginSettings } from './get-login-settings.ts';
import { uncheckedGetPersonProfile } from './get-person-profile.ts';
import { uncheckedGetOrganizationNotificationAddresses, uncheckedSetOrganizationNotificationAddresses } from './organization-notification-addresses.ts';
import { uncheckedUpdateLoginSettings, type LoginSettingsChange } from './update-login-settings.ts';
import { uncheckedUpdatePersonProfile, type PersonProfileChange } from './update-person-profile.ts';
import { getMyProfile, updateMyProfile } from './me.ts';
import { getMyOrganizationContact } from './get-my-organization-contact.ts';
import { setMyOrganizationContact, type OrganizationContactChange } from './set-my-organization-contact.ts';
import { deleteMyOrganizationContact } from './delete-my-organization-contact.ts';
import { uncheckedListPersonalContacts } from './list-personal-contacts.ts';
import { getOrganizationNotificationAddresses } from './get-organization-notification-addresses.ts';
import { setOrganizationNotificationAddresses } from './set-organization-notification-addresses.ts';
import type { Actor } from '../../platform/index.ts';

export type { ProfileDeps, Representation } from './deps.ts';
export type { PersonProfile, LoginSettings, OrganizationNotificationAddresses, PersonalContact } from './profile.ts';
export type { OrganizationContactChange } from './set-my-organization-contact.ts';
export type { PersonProfileChange } from './update-person-profile.ts';
export type { LoginSettingsChange } from './update-login-settings.ts';
export type { Language } from './contact.ts';
export { normalizeMobile, normalizeEmail, normalizeUsername, parseLanguage } from './contact.ts';
export { ProfileProblems } from './errors.ts';
export { profileMigrations } from './db/migrations/index.ts';
export { registerProfileRoutes } from './http/routes.ts';
export type { MyProfile } from './me.ts';

/**
 * The profile module's API: the actor's own profile and organisation contacts, organisation notification
 * addresses, and `unchecked` functions for modules that have checked access themselves (authentication,
 * notifications, the test environment).
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
    /** An organisation's notification addresses, for a person who acts for it or a service owner. */
    getOrganizationNotificationAddresses: (actor: Actor, orgno: string) => getOrganizationNotificationAddresses(deps, actor, orgno),
    /** Replaces an organisation's notification addresses (its main administrators and access managers, level 2). */
    setOrganizationNotificationAddresses: (actor: Actor, orgno: string, input: { emails: string[]; mobiles: string[] }) =>
      setOrganizationNotificationAddresses(deps, actor, orgno, input),
    /** The person's own e-mail and mobile for notices about an organisation they act for; PROF-00012 when none. */
    getMyOrganizationContact: (actor: Actor, orgno: string) => getMyOrganizationContact(deps, actor, orgno),
    /** Replaces the person's own contact for an organisation they act for; neither address deletes it (null). */
    setMyOrganizationContact: (actor: Actor, orgno: string, change: OrganizationContactChange) => setMyOrganizationContact(deps, actor, orgno, change),
    /** Deletes the person's own contact for an organisation (no role needed; nothing when none). */
    deleteMyOrganizationContact: (actor: Actor, orgno: string) => deleteMyOrganizationContact(deps, actor, orgno),
    /** Personal contacts registered for an organisation by persons who still act for it; the caller decides who may get what. */
    uncheckedListPersonalContacts: (organizationPartyId: number) => uncheckedListPersonalContacts(deps, organizationPartyId),
  };
}

/** The profile module's API type. */
export type Profile = ReturnType<typeof createProfile>;
