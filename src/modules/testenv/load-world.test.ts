import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../../platform/index.ts';
import { countRows, useComposedTinn } from '../../../test/support/tinn.ts';
import { RegisterProblems } from '../register/index.ts';
import { uniqueOrgno, uniqueSsn } from '../register/testing.ts';
import { TestenvProblems } from './errors.ts';
import { parseWorld, readWorld } from './load-world.ts';

const dir = mkdtempSync(join(tmpdir(), 'tinn-world-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('world files', () => {
  const env = useComposedTinn();


  it('the demo world file is valid', async () => {
    const { world } = await readWorld(env().tinn.config.testenv.worldFile);
    assert.ok((world.persons ?? []).length >= 20);
    assert.ok((world.organizations ?? []).length >= 8);
  });

  it('reports every problem of an invalid file at once, with paths', () => {
    const text = [
      'version: 1',
      'persons:',
      '  - { ssn: "123", firstName: A, lastName: B, shoeSize: 44 }',
      '  - { ssn: "14837501778", firstName: A }',
      'organizations:',
      '  - { orgno: "974760674", name: X, form: AS }',
      'planets: []',
    ].join('\n');
    assert.throws(
      () => parseWorld(text),
      (e) => {
        if (!isAppError(e, TestenvProblems.invalidWorld)) return false;
        const paths = (e.errors ?? []).map((x) => x.path);
        assert.ok(paths.includes('world/planets'), paths.join());
        assert.ok(paths.includes('world/persons/0/shoeSize'), paths.join());
        assert.ok(paths.includes('world/persons/1/lastName'), paths.join());
        return true;
      },
    );
    assert.throws(
      () => parseWorld(['version: 1', 'persons:', '  - { ssn: "123", firstName: A, lastName: B }', '  - { ssn: "14837501778", firstName: A, lastName: B }', 'organizations:', '  - { orgno: "974760674", name: X, form: AS }'].join('\n')),
      (e) =>
        isAppError(e, TestenvProblems.invalidWorld) &&
        JSON.stringify(e.errors?.map((x) => [x.path, x.rule])) ===
          JSON.stringify([
            ['world/persons/0/ssn', 'REG-00001'],
            ['world/persons/1/ssn', 'REG-00004'],
            ['world/organizations/0/orgno', 'REG-00007'],
          ]),
    );
    assert.throws(() => parseWorld('version: [unclosed'), (e) => isAppError(e, TestenvProblems.invalidWorld));
  });

  it('writes nothing when a world fails half-way', async () => {
    const before = await countRows(env().db, 'register.party');
    const path = file(
      'half.yaml',
      ['version: 1', 'persons:', `  - { ssn: "${uniqueSsn()}", firstName: Half, lastName: Way }`, 'organizations:', `  - orgno: "${uniqueOrgno()}"`, '    name: Half AS', '    form: AS', '    roles:', `      - { role: DAGL, ssn: "${uniqueSsn()}" }`].join('\n'),
    );
    await assert.rejects(env().tinn.testenv!.loadWorld(path), (e) => isAppError(e, RegisterProblems.personNotFound));
    assert.equal(await countRows(env().db, 'register.party'), before);
  });

  it('loading the same world twice changes nothing the second time', async () => {
    const ssn = uniqueSsn();
    const orgno = uniqueOrgno();
    const path = file(
      'twice.yaml',
      ['version: 1', 'persons:', `  - { ssn: "${ssn}", firstName: To, lastName: Ganger, mobile: "+4790000000" }`, 'organizations:', `  - orgno: "${orgno}"`, '    name: To Ganger AS', '    form: AS', '    roles:', `      - { role: DAGL, ssn: "${ssn}" }`].join('\n'),
    );
    const first = await env().tinn.testenv!.loadWorld(path);
    assert.deepEqual(first, { persons: { created: 1, existing: 0 }, organizations: { created: 1, existing: 0 }, roles: 1, serviceOwners: 0, systemTypes: 0, dataSystems: 0, serviceOwnerSystems: 0, services: 0, servicePolicies: 0, notificationTemplates: 0, delegations: 0 });
    const second = await env().tinn.testenv!.loadWorld(path);
    assert.deepEqual(second, { persons: { created: 0, existing: 1 }, organizations: { created: 0, existing: 1 }, roles: 1, serviceOwners: 0, systemTypes: 0, dataSystems: 0, serviceOwnerSystems: 0, services: 0, servicePolicies: 0, notificationTemplates: 0, delegations: 0 });
    assert.equal((await env().tinn.register.listOrganizationRoles(orgno)).length, 1);
    assert.equal((await env().tinn.profile.uncheckedGetPersonProfile((await env().tinn.register.uncheckedGetPersonBySsn(ssn)).partyId)).mobile, '+4790000000');
  });

  it('reports a missing file as TEST-00002', async () => {
    await assert.rejects(env().tinn.testenv!.loadWorld(join(dir, 'nope.yaml')), (e) => isAppError(e, TestenvProblems.worldUnreadable));
  });
});
