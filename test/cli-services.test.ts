import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root, tinn } from './support/cli.ts';

describe('tinn services deploy', () => {
  it('deploys service directories as the operator: created, then unchanged; a broken one is every problem and exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinn-cli-'));
    // A world with the service owner only (the demo world hashes many passwords: slow on a busy machine).
    const world = join(dir, 'world.yaml');
    writeFileSync(world, `version: 1\norganizations:\n  - { orgno: "310000108", name: Testdepartementet, form: ORGL, serviceOwnerCode: TTD }\nservices: [${JSON.stringify(join(root, 'testdata/services/ttd-5001-mva'))}]\n`);
    const loaded = await tinn(['world', 'load', world], { TINN_DATA_DIR: dir });
    assert.equal(loaded.code, 0, loaded.stderr);
    const service = join(dir, 'a-melding-2');
    cpSync(join(root, 'testdata/services/ttd-5002-a-melding'), service, { recursive: true });
    const yaml = join(service, 'service.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('serviceEditionCode: 1', 'serviceEditionCode: 2').replace('state: production', 'state: test'));
    const first = await tinn(['services', 'deploy', service], { TINN_DATA_DIR: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /5002 edition 2 created \(test, [0-9a-f]{12}\)/);
    const again = await tinn(['services', 'deploy', service, 'testdata/services/ttd-5001-mva'], { TINN_DATA_DIR: dir });
    assert.match(again.stdout, /5002 edition 2 unchanged/);
    assert.match(again.stdout, /5001 edition 1 unchanged \(production/);
    writeFileSync(join(service, 'a-melding.xsd'), readFileSync(join(service, 'a-melding.xsd'), 'utf8').replace('type="xs:gYearMonth"', 'type="Maaned"'));
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('Read: [LOPER', 'Read: [NOSUCH'));
    const broken = await tinn(['services', 'deploy', service], { TINN_DATA_DIR: dir });
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /CAT-00001/);
    assert.match(broken.stderr, /a-melding\.xsd:8: .*Maaned/);
    assert.match(broken.stderr, /roleRequirements\/Read: unknown role NOSUCH/);
    assert.equal((await tinn(['services', 'deploy'], { TINN_DATA_DIR: dir })).code, 2);
  });
});
