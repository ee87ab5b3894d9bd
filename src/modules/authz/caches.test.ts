import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeSecondTinn, useComposedTinn } from '../../../test/support/tinn.ts';
import type { Actor, PersonActor } from '../../platform/index.ts';
import { buildOrganization, buildPerson } from '../register/testing.ts';
import type { Authz } from './index.ts';

const policy = {
  serviceCode: '7001',
  serviceEditionCode: 1,
  serviceOwnerCode: 'TTD',
  name: { nb: 'Cache-test', nn: 'Cache-test', en: 'Cache test' },
  minimumSecurityLevel: 2 as const,
  srrEnabled: false,
  roleRequirements: { Write: ['UTINN'] },
};

describe('authz caches', () => {
  const env = useComposedTinn();

  /** An organisation with a managing director, and a person the director can delegate to. */
  async function setUp() {
    const { register, authz } = env().tinn;
    const org = await buildOrganization(register);
    const dagl = await buildPerson(register);
    const clerk = await buildPerson(register);
    await register.addErRole({ orgno: org.orgno, roleCode: 'DAGL', holder: { ssn: dagl.ssn } });
    await authz.uncheckedPutServicePolicy(policy);
    const asPerson = (partyId: number): PersonActor => ({ kind: 'person', partyId, securityLevel: 2, methods: [], sessionId: null });
    return { org, dagl: asPerson(dagl.partyId), clerk: { ...asPerson(clerk.partyId), ssn: clerk.ssn, lastName: clerk.lastName } };
  }
  const decideWith = async (authz: Authz, actor: Actor, orgno: string) =>
    (await authz.decide(actor, { reportee: await authz.resolveReportee(actor, orgno), serviceCode: '7001', serviceEditionCode: 1, operation: 'Write' })).decision;

  it('sees a delegation and its revocation on the next decision in the same process', async () => {
    const { authz } = env().tinn;
    const { org, dagl, clerk } = await setUp();
    assert.equal(await decideWith(authz, clerk, org.orgno), 'Deny'); // now cached
    const { delegation } = await authz.delegateRole(dagl, org.orgno, { roleCode: 'UTINN', to: { ssn: clerk.ssn, lastName: clerk.lastName } });
    assert.equal(await decideWith(authz, clerk, org.orgno), 'Permit');
    await authz.revokeDelegation(dagl, org.orgno, delegation.delegationId);
    assert.equal(await decideWith(authz, clerk, org.orgno), 'Deny');
  });

  it('sees a new ER role on the next decision', async () => {
    const { authz, register } = env().tinn;
    const { org, clerk } = await setUp();
    assert.equal(await decideWith(authz, clerk, org.orgno), 'Deny');
    await register.addErRole({ orgno: org.orgno, roleCode: 'LEDE', holder: { ssn: clerk.ssn } });
    assert.equal(await decideWith(authz, clerk, org.orgno), 'Permit');
  });

  it('honours a revocation committed by another process on the very next decision (PostgreSQL)', async (t) => {
    if (env().db.kind !== 'postgres') return t.skip('one process only on the embedded database');
    const second = await composeSecondTinn(env());
    try {
      const { org, dagl, clerk } = await setUp();
      const { delegation } = await env().tinn.authz.delegateRole(dagl, org.orgno, { roleCode: 'UTINN', to: { ssn: clerk.ssn, lastName: clerk.lastName } });
      assert.equal(await decideWith(second.tinn.authz, clerk, org.orgno), 'Permit'); // cached in B
      await env().tinn.authz.revokeDelegation(dagl, org.orgno, delegation.delegationId); // committed in A
      assert.equal(await decideWith(second.tinn.authz, clerk, org.orgno), 'Deny', 'no wait, no stale permit');
    } finally {
      await second.close();
    }
  });
});
