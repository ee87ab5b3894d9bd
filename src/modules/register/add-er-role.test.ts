import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../platform/index.ts';
import { useComposedTinn } from '../../../test/support/tinn.ts';
import { RegisterProblems } from './errors.ts';
import { buildOrganization, buildPerson, uniqueSsn } from './testing.ts';

describe('ER roles', () => {
  const env = useComposedTinn();
  const register = () => env().tinn.register;

  it('records person and organisation roles, listed by organisation and by holder', async () => {
    const firm = await buildOrganization(register(), { name: 'Regnskap AS' });
    const client = await buildOrganization(register());
    const dagl = await buildPerson(register());
    const role = await register().addErRole({ orgno: client.orgno, roleCode: 'DAGL', holder: { ssn: dagl.ssn } });
    assert.equal(role.roleCode, 'DAGL');
    assert.deepEqual(role.holder, { type: 'person', partyId: dagl.partyId, ssn: dagl.ssn, name: dagl.name, birthDate: dagl.birthDate });
    await register().addErRole({ orgno: client.orgno, roleCode: 'REGN', holder: { orgno: firm.orgno } });
    const roles = await register().listOrganizationRoles(client.orgno);
    assert.deepEqual(roles.map((r) => r.roleCode), ['DAGL', 'REGN']);
    const held = await register().uncheckedListRolesHeldBy(firm.partyId);
    assert.deepEqual(held.map((r) => [r.roleCode, r.organization.orgno]), [['REGN', client.orgno]]);
  });

  it('is idempotent', async () => {
    const org = await buildOrganization(register());
    const p = await buildPerson(register());
    await register().addErRole({ orgno: org.orgno, roleCode: 'LEDE', holder: { ssn: p.ssn } });
    await register().addErRole({ orgno: org.orgno, roleCode: 'LEDE', holder: { ssn: p.ssn } });
    assert.equal((await register().listOrganizationRoles(org.orgno)).length, 1);
  });

  it('refuses unknown codes, wrong holder types, self-roles and unknown parties', async () => {
    const org = await buildOrganization(register());
    const other = await buildOrganization(register());
    const p = await buildPerson(register());
    await assert.rejects(register().addErRole({ orgno: org.orgno, roleCode: 'BOSS', holder: { ssn: p.ssn } }), (e) => isAppError(e, RegisterProblems.unknownErRole));
    await assert.rejects(register().addErRole({ orgno: org.orgno, roleCode: 'DAGL', holder: { orgno: other.orgno } }), (e) => isAppError(e, RegisterProblems.erRoleHolderType));
    await assert.rejects(register().addErRole({ orgno: org.orgno, roleCode: 'KDAT', holder: { ssn: p.ssn } }), (e) => isAppError(e, RegisterProblems.erRoleHolderType));
    await assert.rejects(register().addErRole({ orgno: org.orgno, roleCode: 'REGN', holder: { orgno: org.orgno } }), (e) => isAppError(e, RegisterProblems.erRoleOnItself));
    await assert.rejects(register().addErRole({ orgno: org.orgno, roleCode: 'DAGL', holder: { ssn: uniqueSsn() } }), (e) => isAppError(e, RegisterProblems.personNotFound));
    assert.deepEqual(await register().listOrganizationRoles(org.orgno), []);
  });
});
