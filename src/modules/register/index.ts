import type { RegisterDeps } from './deps.ts';
import { uncheckedFindPartyByNumber } from './find-party-by-number.ts';
import { addErRole, type NewErRole } from './add-er-role.ts';
import { createOrganization, type NewOrganization } from './create-organization.ts';
import { createPerson, type NewPerson } from './create-person.ts';
import { deleteOrganization } from './delete-organization.ts';
import { uncheckedFindPersonByPartyId, uncheckedFindPersonBySsn, uncheckedGetPersonBySsn } from './find-person.ts';
import { getOrganization } from './get-organization.ts';
import { uncheckedGetHolder, uncheckedGetParty } from './get-party.ts';
import { listOrganizationRoles } from './list-organization-roles.ts';
import { uncheckedListRolesHeldBy } from './list-roles-held-by.ts';
import { getServiceOwner, registerServiceOwner } from './register-service-owner.ts';
import { uncheckedListParties } from './list-parties.ts';
import { uncheckedCreateEnterpriseUser, uncheckedDeleteEnterpriseUser, uncheckedFindEnterpriseUser, uncheckedFindEnterpriseUserByPartyId, uncheckedListEnterpriseUsers } from './enterprise-users.ts';

export type { RegisterDeps } from './deps.ts';
export type { NewPerson } from './create-person.ts';
export type { NewOrganization } from './create-organization.ts';
export type { NewErRole } from './add-er-role.ts';
export type { OrganizationDetails } from './get-organization.ts';
export type { Person, Organization, Party, ErRole, Address, EnterpriseUser } from './party.ts';
export { assertEnterpriseUserName } from './enterprise-users.ts';
export { RegisterProblems } from './errors.ts';
export { erRoleTypes, findErRoleType, organizationForms, findOrganizationForm, type ErRoleType, type OrganizationForm, type PartyType } from './catalog.ts';
export { checkNationalId, parseNationalId, makeSyntheticNationalId, individualRange, type NationalIdInfo, type NationalIdRule } from './national-id.ts';
export { checkOrgno, assertOrgno, makeOrgno } from './orgno.ts';
export { registerMigrations } from './db/migrations/index.ts';
export { registerRegisterRoutes } from './http/routes.ts';
export { OrganizationCache, ORGANIZATION_TOPIC } from './organization-cache.ts';
export { PARTY_RIGHTS_SCOPE } from './party.ts';

/** The register module's API: persons, organisations, ER roles, service owners. */
export function createRegister(deps: RegisterDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: RegisterDeps['db']) => createRegister({ ...deps, db }),
    /** Registers a person (national id validated, synthetic ids only in the test environment). */
    createPerson: (input: NewPerson) => createPerson(deps, input),
    /** Registers a main unit or sub-unit. */
    createOrganization: (input: NewOrganization) => createOrganization(deps, input),
    /** Marks an organisation and its sub-units deleted. */
    deleteOrganization: (orgno: string) => deleteOrganization(deps, orgno),
    /** Records an ER role (idempotent). */
    addErRole: (input: NewErRole) => addErRole(deps, input),
    /** Marks an organisation as a service owner with its short code. */
    registerServiceOwner: (input: { orgno: string; code: string }) => registerServiceOwner(deps, input),
    /** The service owner's organisation by its code; throws REG-00023 when unknown. */
    getServiceOwner: (code: string) => getServiceOwner(deps, code),
    /** Public unit data by orgno, with sub-units; throws REG-00008 when unknown. */
    getOrganization: (orgno: string) => getOrganization(deps, orgno),
    /** ER roles in an organisation. */
    listOrganizationRoles: (orgno: string) => listOrganizationRoles(deps, orgno),
    /** ER roles a party holds; callers check access. */
    uncheckedListRolesHeldBy: (partyId: number) => uncheckedListRolesHeldBy(deps, partyId),
    /** A person by national id or undefined; callers check access. */
    uncheckedFindPersonBySsn: (ssn: string) => uncheckedFindPersonBySsn(deps, ssn),
    /** A person (national id) or organisation (orgno) by number; undefined when invalid or unknown. */
    uncheckedFindPartyByNumber: (number: string) => uncheckedFindPartyByNumber(deps, number),
    /** A person by national id; throws REG-00009; callers check access. */
    uncheckedGetPersonBySsn: (ssn: string) => uncheckedGetPersonBySsn(deps, ssn),
    /** A person by party id or undefined; callers check access. */
    uncheckedFindPersonByPartyId: (partyId: number) => uncheckedFindPersonByPartyId(deps, partyId),
    /** Many parties at once (organisations with their sub-units, persons), in three queries; callers check access. */
    uncheckedListParties: (partyIds: readonly number[]) => uncheckedListParties(deps, partyIds),
    /** Any party by party id; throws REG-00016; callers check access. */
    uncheckedGetParty: (partyId: number) => uncheckedGetParty(deps, partyId),
    /** A person, organisation or enterprise user by party id (whoever can hold roles); throws REG-00016. */
    uncheckedGetHolder: (partyId: number) => uncheckedGetHolder(deps, partyId),
    /** Creates an enterprise user of an organisation (REG-00024/25); callers check access and store its password. */
    uncheckedCreateEnterpriseUser: (input: { organizationPartyId: number; userName: string }) => uncheckedCreateEnterpriseUser(deps, input),
    /** An enterprise user by name in any case (deleted ones too) or undefined; callers check access. */
    uncheckedFindEnterpriseUser: (userName: string) => uncheckedFindEnterpriseUser(deps, userName),
    /** An enterprise user by party id (deleted ones too) or undefined: also how to tell one from a person. */
    uncheckedFindEnterpriseUserByPartyId: (partyId: number) => uncheckedFindEnterpriseUserByPartyId(deps, partyId),
    /** An organisation's live enterprise users; callers check access. */
    uncheckedListEnterpriseUsers: (organizationPartyId: number) => uncheckedListEnterpriseUsers(deps, organizationPartyId),
    /** Deletes an enterprise user (rights caches drop it at once); callers check access. */
    uncheckedDeleteEnterpriseUser: (partyId: number) => uncheckedDeleteEnterpriseUser(deps, partyId),
  };
}

/** The register module's API type. */
export type Register = ReturnType<typeof createRegister>;
