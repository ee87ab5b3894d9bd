// Builders for tests: complete, valid parties with unique identifiers, so tests never clean up and
// never depend on each other.
import { cryptoRandom } from '../../platform/index.ts';
import type { NewOrganization, NewPerson, Organization, Person, Register } from './index.ts';
import { individualRange, makeNationalId } from './national-id.ts';
import { makeOrgno } from './orgno.ts';

/**
 * A national id nobody else in this process got: synthetic (month + 80) unless told otherwise, for tests
 * that run with the test environment off.
 */
export function uniqueSsn(kind: 'fnr' | 'dnr' = 'fnr', synthetic = true): string {
  for (;;) {
    const year = cryptoRandom.int(1940, 2006);
    const birthDate = `${year}-${String(cryptoRandom.int(1, 13)).padStart(2, '0')}-${String(cryptoRandom.int(1, 29)).padStart(2, '0')}`;
    const [lo, hi] = individualRange(year);
    const ssn = makeNationalId(birthDate, cryptoRandom.int(lo, hi + 1), kind, synthetic);
    if (ssn && !issued.has(ssn)) {
      issued.add(ssn);
      return ssn;
    }
  }
}

/** A valid organisation number nobody else in this process got (8xx xxx xxx range). */
export function uniqueOrgno(): string {
  for (;;) {
    const orgno = makeOrgno(`8${String(cryptoRandom.int(0, 10_000_000)).padStart(7, '0')}`);
    if (orgno && !issued.has(orgno)) {
      issued.add(orgno);
      return orgno;
    }
  }
}

const issued = new Set<string>();

/** Creates a person with a unique synthetic national id. */
export function buildPerson(register: Register, overrides: Partial<NewPerson> = {}): Promise<Person> {
  return register.createPerson({ ssn: uniqueSsn(), firstName: 'Test', lastName: `Person${cryptoRandom.int(0, 1e6)}`, ...overrides });
}

/** Creates an AS (or a BEDR sub-unit when parentOrgno is given) with a unique orgno. */
export function buildOrganization(register: Register, overrides: Partial<NewOrganization> = {}): Promise<Organization> {
  return register.createOrganization({
    orgno: uniqueOrgno(),
    name: `Test Organisation ${cryptoRandom.int(0, 1e6)} AS`,
    organizationForm: overrides.parentOrgno ? 'BEDR' : 'AS',
    ...overrides,
  });
}
