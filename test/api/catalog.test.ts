import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileSchema } from '../../src/platform/xml/index.ts';
import { readServiceDirectory } from '../../src/modules/catalog/index.ts';
import { formTaskDeployment, uniqueDataFormatId, uniqueServiceCode } from '../../src/modules/catalog/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef'; // demo world, allowed from 127.0.0.1
const SERVICES = join(import.meta.dirname, '../../testdata/services');

describe('service catalog over REST', () => {
  let t: TestTinn;
  let personToken: string;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    personToken = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: '14837501777', securityLevel: 2 } })).json().accessToken;
  });
  after(() => t.close());

  const deploy = (sc: string, edition: number, body: object, headers: Record<string, string> = { apikey: TTD_KEY }) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/serviceowner/services/${sc}/${edition}`, payload: body, headers, remoteAddress: '127.0.0.1' });

  it('lists the demo world\'s services publicly, with forms, attachment rules and process', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/services?serviceOwnerCode=TTD' });
    assert.equal(res.statusCode, 200);
    const services = res.json().services as { serviceCode: string; type: string; isActive: boolean; forms: { dataFormatId: string; kind: string; files: string[] }[] }[];
    for (const sc of ['5001', '5002', '5003', '5004']) assert.ok(services.some((s) => s.serviceCode === sc && s.isActive), sc);
    const vat = (await t.app.inject({ method: 'GET', url: '/api/v1/services/5001/1' })).json();
    assert.deepEqual(vat.forms.map((f: { dataFormatId: string; kind: string }) => [f.dataFormatId, f.kind]), [['6001', 'main'], ['6002', 'sub']]);
    assert.deepEqual(vat.process.map((s: { type: string }) => s.type), ['FormFilling', 'Signing', 'SendIn']);
    assert.equal(vat.attachmentRules[0].attachmentTypeName, 'Bilag');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/services?type=Broker' })).json().services[0].serviceCode, '5003');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/services/9999/1' })).json().code, 'CAT-00005');
  });

  it("serves a form's XSD and the files it imports, by the names its schemaLocation uses", async () => {
    const main = await t.app.inject({ method: 'GET', url: '/api/v1/services/5002/1/forms/6101/1/xsd' });
    assert.equal(main.statusCode, 200);
    assert.match(main.headers['content-type'] as string, /application\/xml/);
    assert.match(main.body, /schemaLocation="felles\/identifikatorer.xsd"/);
    const imported = await t.app.inject({ method: 'GET', url: '/api/v1/services/5002/1/forms/6101/1/felles/identifikatorer.xsd' });
    assert.match(imported.body, /targetNamespace="urn:no:tinn:ttd:felles:v1"/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/services/5002/1/forms/6101/1/mva-melding.xsd' })).json().code, 'CAT-00009', "another form's file is not this form's");
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/services/5002/1/forms/6001/1/xsd' })).json().code, 'CAT-00006');
  });

  it("validates every demo service's example forms against its own schemas", async () => {
    for (const dir of ['ttd-5001-mva', 'ttd-5002-a-melding', 'ttd-5004-sensitiv']) {
      const service = await readServiceDirectory(join(SERVICES, dir));
      const edition = (await t.app.inject({ method: 'GET', url: `/api/v1/services/${service.serviceCode}/${service.serviceEditionCode}` })).json();
      const examples = { 'ttd-5001-mva': ['melding.xml', 'tillegg.xml'], 'ttd-5002-a-melding': ['melding.xml'], 'ttd-5004-sensitiv': ['innsending.xml'] }[dir]!;
      for (const [i, example] of examples.entries()) {
        const form = edition.forms[i];
        const schema = compileSchema(Object.fromEntries(form.files.map((f: string) => [f, service.files[f]!])), form.mainFile);
        try {
          assert.deepEqual(schema.validate(await readFile(join(SERVICES, dir, 'examples', example))), [], `${dir}/${example}`);
        } finally {
          schema.dispose();
        }
      }
    }
  });

  it('lets an agency system deploy with its API key; a draft stays its owner\'s', async () => {
    const sc = uniqueServiceCode();
    const df = uniqueDataFormatId();
    const body = formTaskDeployment({}, df);
    const created = await deploy(sc, 1, body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().state, 'draft');
    assert.equal(created.json().isActive, false);
    const again = await deploy(sc, 1, body);
    assert.deepEqual([again.statusCode, again.headers['x-tinn-deploy']], [200, 'unchanged']);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/services/${sc}/1` })).statusCode, 404, 'a draft is not public');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/services/${sc}/1`, headers: { apikey: TTD_KEY }, remoteAddress: '127.0.0.1' })).statusCode, 200, 'its owner sees it');
    const own = await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/services?state=draft', headers: { apikey: TTD_KEY }, remoteAddress: '127.0.0.1' });
    assert.ok(own.json().services.some((s: { serviceCode: string }) => s.serviceCode === sc));
    const promoted = await deploy(sc, 1, formTaskDeployment({ state: 'production' }, df));
    assert.deepEqual([promoted.statusCode, promoted.headers['x-tinn-deploy'], promoted.json().isActive], [200, 'updated', true]);
    const frozen = await deploy(sc, 1, formTaskDeployment({ state: 'production', name: { nb: 'Nytt navn' } }, df));
    assert.deepEqual([frozen.statusCode, frozen.json().code], [409, 'CAT-00003']);
  });

  it('answers a definition with problems with every one of them, schema errors with file and line', async () => {
    const body = formTaskDeployment();
    body.files['skjema.xsd'] = (body.files['skjema.xsd'] as string).replace('type="xs:decimal"', 'type="Ukjent"');
    const res = await deploy(uniqueServiceCode(), 1, { ...body, definition: { ...(body.definition as object), minimumSecurityLevel: 9 } });
    assert.equal(res.statusCode, 400);
    const problem = res.json();
    assert.equal(problem.code, 'CAT-00001');
    assert.ok(problem.errors.some((e: { path: string; line?: number }) => e.path === 'definition/forms/0/xsd skjema.xsd' && e.line === 7), res.body);
    assert.ok(problem.errors.some((e: { path: string }) => e.path.startsWith('definition/minimumSecurityLevel')), res.body);
  });

  it('lets only service owners deploy', async () => {
    const body = formTaskDeployment();
    assert.equal((await deploy(uniqueServiceCode(), 1, body, {})).json().code, 'PLAT-00013');
    assert.equal((await deploy(uniqueServiceCode(), 1, body, { authorization: `Bearer ${personToken}` })).json().code, 'PLAT-00015');
  });
});
