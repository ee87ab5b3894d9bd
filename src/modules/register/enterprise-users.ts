import { AppError, inTransaction, isUniqueViolation } from '../../platform/index.ts';
import { insertEnterpriseUser, markEnterpriseUserDeleted, selectEnterpriseUserByName, selectEnterpriseUserByPartyId, selectEnterpriseUsersOf } from './db/enterprise-user-store.ts';
import { insertParty, selectOrganizationByPartyId } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { RegisterProblems } from './errors.ts';
import type { EnterpriseUser } from './party.ts';

const USER_NAME = /^[a-z][a-z0-9._-]{2,49}$/i;

/** Checks an enterprise user name; throws REG-00024. */
export function assertEnterpriseUserName(userName: string): void {
  if (!USER_NAME.test(userName)) {
    throw new AppError(RegisterProblems.invalidEnterpriseUserName, { errors: [{ path: 'userName', message: '3–50 of a–z, 0–9, . _ -, starting with a letter', rule: 'enterpriseUserName' }] });
  }
}

/**
 * Creates an enterprise user for a live organisation (callers check that the actor administers it and run
 * this in the transaction that also stores its password). REG-00025 when the name is taken in any case.
 */
export async function uncheckedCreateEnterpriseUser(deps: RegisterDeps, input: { organizationPartyId: number; userName: string }): Promise<EnterpriseUser> {
  assertEnterpriseUserName(input.userName);
  const organization = await selectOrganizationByPartyId(deps.db, input.organizationPartyId);
  if (!organization) throw new AppError(RegisterProblems.organizationNotFound);
  if (organization.isDeleted) throw new AppError(RegisterProblems.organizationDeleted);
  const now = deps.clock.now();
  try {
    return await inTransaction(deps.db, async (trx) => {
      const partyId = await insertParty(trx, { party_uuid: deps.random.uuid(), party_type: 'enterprise_user', name: input.userName, now });
      await insertEnterpriseUser(trx, { party_id: partyId, organization_party_id: organization.partyId, user_name: input.userName, now });
      return (await selectEnterpriseUserByPartyId(trx, partyId))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(RegisterProblems.enterpriseUserExists, { detail: `the name ${input.userName} is taken`, cause: err });
    throw err;
  }
}

/** An enterprise user by name (any letter case), deleted ones included; undefined when none. Callers check access. */
export async function uncheckedFindEnterpriseUser(deps: Pick<RegisterDeps, 'db'>, userName: string): Promise<EnterpriseUser | undefined> {
  return USER_NAME.test(userName) ? selectEnterpriseUserByName(deps.db, userName) : undefined;
}

/** An enterprise user by party id, deleted ones included; undefined when the party is none. */
export async function uncheckedFindEnterpriseUserByPartyId(deps: Pick<RegisterDeps, 'db'>, partyId: number): Promise<EnterpriseUser | undefined> {
  return selectEnterpriseUserByPartyId(deps.db, partyId);
}

/** The organisation's live enterprise users. Callers check access. */
export async function uncheckedListEnterpriseUsers(deps: Pick<RegisterDeps, 'db'>, organizationPartyId: number): Promise<EnterpriseUser[]> {
  return selectEnterpriseUsersOf(deps.db, organizationPartyId);
}

/** Deletes an enterprise user: its logins stop and what was delegated to it stops counting at once. */
export async function uncheckedDeleteEnterpriseUser(deps: Pick<RegisterDeps, 'db' | 'clock'>, partyId: number): Promise<void> {
  await markEnterpriseUserDeleted(deps.db, partyId, deps.clock.now());
}
