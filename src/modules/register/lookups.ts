import { AppError, type Kysely } from '../../platform/index.ts';
import { selectOrganizationByOrgno, selectPersonBySsn } from './db/party-store.ts';
import { RegisterProblems } from './errors.ts';
import { assertOrgno } from './orgno.ts';
import { parseNationalId } from './national-id.ts';
import type { Organization, Person } from './party.ts';

/** Validates the orgno, then loads the organisation or throws REG-00008. Register data on units is public. */
export async function loadOrganization(db: Kysely<any>, orgno: string): Promise<Organization> {
  assertOrgno(orgno);
  const organization = await selectOrganizationByOrgno(db, orgno);
  if (!organization) throw new AppError(RegisterProblems.organizationNotFound, { detail: `no organisation ${orgno}` });
  return organization;
}

/** Validates the national id, then loads the person or throws REG-00009. Callers check access. */
export async function uncheckedLoadPerson(db: Kysely<any>, ssn: string, allowSynthetic: boolean): Promise<Person> {
  parseNationalId(ssn, { allowSynthetic });
  const person = await selectPersonBySsn(db, ssn);
  // The detail never repeats the number: national ids are personal data.
  if (!person) throw new AppError(RegisterProblems.personNotFound);
  return person;
}
