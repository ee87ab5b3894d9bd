import { AppError } from '../../platform/index.ts';
import type { AuthzDeps } from './deps.ts';
import { AuthzProblems } from './errors.ts';

/**
 * Whom a delegation goes to: a person by national id and last name (as Altinn II asks), an organisation, or
 * an enterprise user by its user name.
 */
export type RecipientRef = { ssn: string; lastName: string } | { orgno: string } | { userName: string };

const sameName = (a: string, b: string) => a.normalize('NFC').trim().toLocaleLowerCase('nb') === b.normalize('NFC').trim().toLocaleLowerCase('nb');

/** The recipient's party id; AUTZ-00003 when no person has both that national id and last name, or no live enterprise user that name. */
export async function resolveRecipient(deps: Pick<AuthzDeps, 'register'>, to: RecipientRef): Promise<number> {
  if ('userName' in to) {
    const user = await deps.register.uncheckedFindEnterpriseUser(to.userName);
    if (!user || user.isDeleted) throw new AppError(AuthzProblems.recipientNotFound, { detail: `no enterprise user ${to.userName}` });
    return user.partyId;
  }
  if ('ssn' in to) {
    const found = await deps.register.uncheckedFindPersonBySsn(to.ssn);
    if (!found || !sameName(found.lastName, to.lastName)) throw new AppError(AuthzProblems.recipientNotFound);
    return found.partyId;
  }
  return (await deps.register.getOrganization(to.orgno)).organization.partyId;
}
