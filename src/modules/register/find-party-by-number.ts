import { isAppError } from '../../platform/index.ts';
import type { RegisterDeps } from './deps.ts';
import { uncheckedFindPersonBySsn } from './find-person.ts';
import { getOrganization } from './get-organization.ts';
import type { Party } from './party.ts';

/**
 * A person by national identity number (11 digits) or an organisation by orgno (9 digits), as agencies
 * name reportees; undefined when the number is neither, is not valid, or nobody has it.
 */
export async function uncheckedFindPartyByNumber(deps: RegisterDeps, number: string): Promise<Party | undefined> {
  const n = number.trim();
  try {
    if (/^\d{9}$/.test(n)) return (await getOrganization(deps, n)).organization;
    if (/^\d{11}$/.test(n)) return await uncheckedFindPersonBySsn(deps, n);
  } catch (err) {
    if (isAppError(err)) return undefined;
    throw err;
  }
  return undefined;
}
