import { AppError, inTransaction, isAppError } from '../../platform/index.ts';
import { RegisterProblems, type Person } from '../register/index.ts';
import type { PersonProfile } from '../profile/index.ts';
import { bindTestenvDeps, type TestenvDeps } from './deps.ts';
import { TestenvProblems } from './errors.ts';
import { syntheticBirthDate, syntheticMobile, syntheticName, syntheticNationalId } from './synthetic.ts';

export interface TestPersonRequest {
  firstName?: string;
  middleName?: string;
  lastName?: string;
  birthDate?: string;
  /** fnr (default) or dnr. */
  kind?: 'fnr' | 'dnr';
  /** A given synthetic national id instead of a generated one. */
  ssn?: string;
  mobile?: string | null;
  email?: string | null;
  language?: 'nb' | 'nn' | 'en';
  username?: string;
}

export interface TestPerson {
  person: Person;
  profile: PersonProfile;
  username: string | null;
}

const ATTEMPTS = 20;

/**
 * Creates a synthetic person with a valid national id (month + 80) and, unless told otherwise, a
 * generated name and mobile number. Everything is validated and written in one transaction.
 */
export async function createTestPerson(deps: TestenvDeps, request: TestPersonRequest): Promise<TestPerson> {
  const name = syntheticName(deps.random);
  return inTransaction(deps.db, async (trx) => {
    const { register, profile } = bindTestenvDeps(deps, trx);
    const person = await createWithFreshId(register, request, name, deps);
    const saved = await profile.uncheckedUpdatePersonProfile(person.partyId, {
      mobile: request.mobile === undefined ? syntheticMobile(deps.random) : request.mobile,
      ...(request.email !== undefined ? { email: request.email } : {}),
      ...(request.language !== undefined ? { language: request.language } : {}),
    });
    const settings = request.username ? await profile.uncheckedUpdateLoginSettings(person.partyId, { username: request.username }) : undefined;
    return { person, profile: saved, username: settings?.username ?? null };
  });
}

async function createWithFreshId(
  register: TestenvDeps['register'],
  request: TestPersonRequest,
  name: { firstName: string; lastName: string },
  deps: TestenvDeps,
): Promise<Person> {
  const input = {
    firstName: request.firstName ?? name.firstName,
    middleName: request.middleName ?? null,
    lastName: request.lastName ?? name.lastName,
  };
  if (request.ssn) return register.createPerson({ ...input, ssn: request.ssn });
  const birthDate = request.birthDate ?? syntheticBirthDate(deps.random);
  for (let i = 0; i < ATTEMPTS; i++) {
    const ssn = syntheticNationalId(deps.random, birthDate, request.kind ?? 'fnr');
    if (await register.uncheckedFindPersonBySsn(ssn)) continue;
    try {
      return await register.createPerson({ ...input, ssn });
    } catch (err) {
      if (!isAppError(err, RegisterProblems.personExists)) throw err;
    }
  }
  throw new AppError(TestenvProblems.idSpaceExhausted, { detail: `no free national id for ${birthDate}` });
}
