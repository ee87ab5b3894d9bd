import { AppError, inTransaction } from '../../platform/index.ts';
import { RegisterProblems, type Address, type Organization, type Person } from '../register/index.ts';
import { bindTestenvDeps, type TestenvDeps } from './deps.ts';
import { TestenvProblems } from './errors.ts';
import { createTestPerson } from './create-test-person.ts';
import { syntheticOrganizationName, syntheticOrgno } from './synthetic.ts';

export interface TestOrganizationRequest {
  name?: string;
  /** Organisation form (default AS, or BEDR when parentOrgno is given). */
  organizationForm?: string;
  /** Makes a sub-unit of this main unit. */
  parentOrgno?: string;
  /** A given synthetic orgno instead of a generated one. */
  orgno?: string;
  businessAddress?: Address;
  /** The managing director (DAGL): an existing person; a new synthetic person when left out. */
  daglSsn?: string;
  notificationAddresses?: { emails?: string[]; mobiles?: string[] };
}

export interface TestOrganization {
  organization: Organization;
  dagl: Person;
}

const ATTEMPTS = 20;

/** Creates a synthetic organisation with a valid orgno and a managing director (DAGL), in one transaction. */
export async function createTestOrganization(deps: TestenvDeps, request: TestOrganizationRequest): Promise<TestOrganization> {
  const form = request.organizationForm ?? (request.parentOrgno ? 'BEDR' : 'AS');
  return inTransaction(deps.db, async (trx) => {
    const inner = bindTestenvDeps(deps, trx);
    const input = {
      name: request.name ?? syntheticOrganizationName(deps.random, form),
      organizationForm: form,
      parentOrgno: request.parentOrgno ?? null,
      businessAddress: request.businessAddress ?? null,
    };
    let organization: Organization | undefined;
    if (request.orgno) organization = await inner.register.createOrganization({ ...input, orgno: request.orgno });
    for (let i = 0; !organization && i < ATTEMPTS; i++) {
      const orgno = syntheticOrgno(deps.random);
      const taken = await inner.register.getOrganization(orgno).then(
        () => true,
        (err) => {
          if (err instanceof AppError && err.problem.code === RegisterProblems.organizationNotFound.code) return false;
          throw err;
        },
      );
      if (!taken) organization = await inner.register.createOrganization({ ...input, orgno });
    }
    if (!organization) throw new AppError(TestenvProblems.idSpaceExhausted, { detail: 'no free organisation number' });
    const dagl = request.daglSsn ? await inner.register.uncheckedGetPersonBySsn(request.daglSsn) : (await createTestPerson(inner, {})).person;
    await inner.register.addErRole({ orgno: organization.orgno, roleCode: 'DAGL', holder: { ssn: dagl.ssn } });
    if (request.notificationAddresses) {
      await inner.profile.uncheckedSetOrganizationNotificationAddresses(organization.partyId, {
        emails: request.notificationAddresses.emails ?? [],
        mobiles: request.notificationAddresses.mobiles ?? [],
      });
    }
    return { organization, dagl };
  });
}
