import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { isAppError, type Actor } from '../../platform/index.ts';
import { countRows, useComposedTinn } from '../../../test/support/tinn.ts';
import { buildServiceOwner, FORM_XSD, formTaskDeployment, TYPES_XSD, uniqueDataFormatId, uniqueServiceCode } from './testing.ts';

const code = (c: string) => (e: unknown) => isAppError(e) && e.problem.code === c;

describe('deploying a service edition', () => {
  const env = useComposedTinn({ env: { TINN_TESTENV: 'true' } });
  let owner: Awaited<ReturnType<typeof buildServiceOwner>>;
  let other: Awaited<ReturnType<typeof buildServiceOwner>>;
  before(async () => {
    owner = await buildServiceOwner(env().tinn.register);
    other = await buildServiceOwner(env().tinn.register);
  });
  const catalog = () => env().tinn.catalog;

  it('creates a draft only its owner sees, promotes it forward, and writes its rights to authz', async () => {
    const sc = uniqueServiceCode();
    const created = await catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment());
    assert.equal(created.outcome, 'created');
    assert.equal(created.edition.state, 'draft');
    assert.deepEqual(created.edition.forms.map((f) => [f.kind, f.mainFile, f.files, f.targetNamespace, f.rootElements]), [['main', 'skjema.xsd', ['skjema.xsd', 'typer.xsd'], 'urn:tinn:test:skjema', ['Skjema']]]);
    assert.deepEqual(created.edition.process.map((s) => s.type), ['FormFilling', 'Signing', 'SendIn']);
    assert.deepEqual(created.edition.attachmentRules[0], { attachmentTypeName: 'Vedlegg', name: { nb: 'Vedlegg', nn: 'Vedlegg', en: 'Vedlegg' }, minCount: 0, maxCount: 2, maxFileSize: 1_000_000, allowedFileTypes: ['pdf'] });
    assert.deepEqual(created.edition.name, { nb: 'Testskjema', nn: 'Testskjema', en: 'Test form' });
    // A draft is its owner's alone.
    await assert.rejects(catalog().getServiceEdition(undefined, sc, 1), code('CAT-00005'));
    await assert.rejects(catalog().getServiceEdition(other.actor, sc, 1), code('CAT-00005'));
    assert.equal((await catalog().getServiceEdition(owner.actor, sc, 1)).state, 'draft');
    assert.ok(!(await catalog().listServices({ serviceCode: sc })).length);
    assert.deepEqual((await catalog().listOwnServices(owner.actor, {})).map((e) => e.serviceCode), [sc]);

    const policy = await env().tinn.authz.getServicePolicy(sc, 1);
    assert.deepEqual([policy.serviceOwnerCode, policy.minimumSecurityLevel, policy.roleRequirements.Sign], [owner.code, 2, ['UTINN']]);

    const again = await catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({}, created.edition.forms[0]!.dataFormatId));
    assert.equal(again.outcome, 'unchanged');
    const toTest = await catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({ state: 'test' }, created.edition.forms[0]!.dataFormatId));
    assert.equal(toTest.outcome, 'updated');
    assert.deepEqual((await catalog().listServices({ serviceCode: sc })).map((e) => e.state), ['test'], 'test editions are listed with the test environment on');
    const toProduction = await catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({ state: 'production' }, created.edition.forms[0]!.dataFormatId));
    assert.ok(toProduction.edition.productionAt);
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({ state: 'test' }, created.edition.forms[0]!.dataFormatId)), code('CAT-00003'));
  });

  it('keeps an edition in production immutable, and lets states move forward only', async () => {
    const sc = uniqueServiceCode();
    const df = uniqueDataFormatId();
    await catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({ state: 'production' }, df));
    assert.equal((await catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({ state: 'production' }, df))).outcome, 'unchanged');
    const changed = formTaskDeployment({ state: 'production', minimumSecurityLevel: 3 }, df);
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 1, changed), code('CAT-00003'));
    // A change is a new edition; the data format may be shared unchanged.
    assert.equal((await catalog().deployServiceEdition(owner.actor, sc, 2, changed)).outcome, 'created');
    // The data format's schema is frozen while a production edition uses it: a new version is needed.
    const newSchema = { ...formTaskDeployment({ state: 'test' }, df), files: { 'skjema.xsd': FORM_XSD.replace('xs:decimal', 'xs:integer'), 'typer.xsd': TYPES_XSD } };
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 3, newSchema), code('CAT-00007'));
    const versioned = formTaskDeployment({ state: 'test', forms: [{ dataFormatId: df, dataFormatVersion: 2, kind: 'main', xsd: 'skjema.xsd' }] }, df);
    assert.equal((await catalog().deployServiceEdition(owner.actor, sc, 3, { ...versioned, files: newSchema.files })).outcome, 'created');
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 3, { ...versioned, definition: { ...(versioned.definition as object), state: 'draft' }, files: newSchema.files }), code('CAT-00004'));
  });

  it('reports every problem of a definition at once, with file and line for schemas, and writes nothing', async () => {
    const before = await countRows(env().db, 'catalog.service_edition');
    const sc = uniqueServiceCode();
    const broken = formTaskDeployment({
      forms: [
        { dataFormatId: 'A1', dataFormatVersion: 1, kind: 'main', xsd: 'skjema.xsd' },
        { dataFormatId: 'A2', dataFormatVersion: 1, kind: 'main', xsd: 'brutt.xsd' },
        { dataFormatId: 'A3', dataFormatVersion: 1, kind: 'sub', xsd: 'mangler.xsd' },
      ],
      roleRequirements: { Write: ['UTINN', 'NOSUCHROLE'], Fly: ['UTINN'] },
      attachmentRules: [{ attachmentTypeName: 'V', minCount: 3, maxCount: 2, maxFileSize: 10, allowedFileTypes: ['pdf'] }],
      validFrom: '2027-01-01',
      validTo: '2026-01-01',
    });
    broken.files['brutt.xsd'] = '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n  <xs:include schemaLocation="http://example.com/x.xsd"/>\n</xs:schema>';
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 1, broken), (e) => {
      assert.ok(isAppError(e) && e.problem.code === 'CAT-00001');
      const byPath = (e.errors ?? []).map((x) => `${x.path}${x.line ? `:${x.line}` : ''}`);
      for (const expected of [
        'definition/forms',
        'definition/forms/1/xsd brutt.xsd:3',
        'definition/forms/2/xsd',
        'definition/attachmentRules/0',
        'definition/validTo',
        'definition/roleRequirements/Sign',
        'definition/roleRequirements/Write',
        'definition/roleRequirements/Fly',
      ]) {
        assert.ok(byPath.includes(expected), `${expected} in ${JSON.stringify(byPath)}`);
      }
      return true;
    });
    const xsdError = formTaskDeployment();
    xsdError.files['skjema.xsd'] = FORM_XSD.replace('type="xs:decimal"', 'type="Ukjent"');
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 1, xsdError), (e) => {
      assert.ok(isAppError(e) && e.problem.code === 'CAT-00001');
      assert.ok(e.errors?.some((x) => x.path === 'definition/forms/0/xsd skjema.xsd' && x.line === 7 && /Ukjent/.test(x.message)), JSON.stringify(e.errors));
      return true;
    });
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 1, { definition: 'type: [unclosed', files: {} }), code('CAT-00001'));
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 1, { ...formTaskDeployment(), files: { '../skjema.xsd': FORM_XSD } }), code('CAT-00001'));
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({ surprise: true })), code('CAT-00001'));
    assert.equal(await countRows(env().db, 'catalog.service_edition'), before);
  });

  it('reads a YAML definition, and a Broker service has no forms', async () => {
    const sc = uniqueServiceCode();
    const yaml = `type: Broker\nname: { nb: Filoverføring }\nminimumSecurityLevel: 2\nsrrEnabled: true\nroleRequirements:\n  Read: [UTINN]\n  Write: [UTINN]\nstate: production\n`;
    const { edition } = await catalog().deployServiceEdition(owner.actor, sc, 1, { definition: yaml, files: {} });
    assert.deepEqual([edition.type, edition.srrEnabled, edition.forms, edition.process, edition.reporteeTypes], ['Broker', true, [], [], ['person', 'organization', 'subUnit']]);
    await assert.rejects(catalog().deployServiceEdition(owner.actor, uniqueServiceCode(), 1, { definition: `${yaml}forms: [{ dataFormatId: X, dataFormatVersion: 1, kind: main, xsd: a.xsd }]\n`, files: {} }), code('CAT-00001'));
  });

  it("keeps service codes and data formats to their owner, and only service owners deploy", async () => {
    const sc = uniqueServiceCode();
    const df = uniqueDataFormatId();
    await catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({}, df));
    await assert.rejects(catalog().deployServiceEdition(other.actor, sc, 2, formTaskDeployment()), code('CAT-00002'));
    await assert.rejects(catalog().deployServiceEdition(other.actor, uniqueServiceCode(), 1, formTaskDeployment({}, df)), code('CAT-00008'));
    await assert.rejects(catalog().deployServiceEdition(owner.actor, uniqueServiceCode(), 1, formTaskDeployment({ serviceOwnerCode: other.code })), code('CAT-00010'));
    await assert.rejects(catalog().deployServiceEdition(owner.actor, sc, 1, formTaskDeployment({ serviceCode: 'OTHER' }, df)), code('CAT-00001'));
    const person: Actor = { kind: 'person', partyId: 1, securityLevel: 2, methods: ['pwd'], sessionId: null };
    await assert.rejects(catalog().deployServiceEdition(person, uniqueServiceCode(), 1, formTaskDeployment()), code('PLAT-00015'));
    await assert.rejects(catalog().uncheckedDeployServiceEdition('NOSUCH', uniqueServiceCode(), 1, formTaskDeployment()), code('REG-00023'));
  });
});
