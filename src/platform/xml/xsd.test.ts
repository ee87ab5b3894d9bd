import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../errors/errors.ts';
import { compileSchema, schemaFileClosure } from './xsd.ts';

const TYPES = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tinn:test:form" xmlns="urn:tinn:test:form" elementFormDefault="qualified">
  <xs:simpleType name="Beloep"><xs:restriction base="xs:decimal"><xs:totalDigits value="10"/><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Orgnr"><xs:restriction base="xs:string"><xs:pattern value="[0-9]{9}"/></xs:restriction></xs:simpleType>
</xs:schema>`;

const COMMON = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tinn:test:common" elementFormDefault="qualified">
  <xs:simpleType name="Spraak"><xs:restriction base="xs:string"><xs:enumeration value="nb"/><xs:enumeration value="nn"/><xs:enumeration value="en"/></xs:restriction></xs:simpleType>
</xs:schema>`;

const FORM = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tinn:test:form" xmlns="urn:tinn:test:form" xmlns:c="urn:tinn:test:common" elementFormDefault="qualified">
  <xs:include schemaLocation="formtypes.xsd"/>
  <xs:import namespace="urn:tinn:test:common" schemaLocation="common.xsd"/>
  <xs:element name="Skjema">
    <xs:complexType><xs:sequence>
      <xs:element name="Orgnr" type="Orgnr"/>
      <xs:element name="Beloep" type="Beloep"/>
      <xs:element name="Spraak" type="c:Spraak"/>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>`;

const files = { 'form.xsd': FORM, 'formtypes.xsd': TYPES, 'common.xsd': COMMON };
const doc = (orgnr: string, beloep: string, spraak: string) =>
  `<?xml version="1.0"?>\n<Skjema xmlns="urn:tinn:test:form">\n  <Orgnr>${orgnr}</Orgnr>\n  <Beloep>${beloep}</Beloep>\n  <Spraak>${spraak}</Spraak>\n</Skjema>\n`;

describe('XSD validation (libxml2-wasm)', () => {
  it('compiles a schema with xs:include and xs:import from memory and accepts a valid document', () => {
    const schema = compileSchema(files, 'form.xsd');
    try {
      assert.equal(schema.targetNamespace, 'urn:tinn:test:form');
      assert.deepEqual(schema.rootElements, ['Skjema']);
      assert.deepEqual(schema.validate(doc('310000116', '1250.50', 'nb')), []);
      assert.deepEqual(schema.validate(new TextEncoder().encode(doc('310000116', '0', 'en'))), []);
    } finally {
      schema.dispose();
    }
  });

  it('reports every violation with its line number', () => {
    const schema = compileSchema(files, 'form.xsd');
    try {
      const errors = schema.validate(doc('31000011', '12,50', 'sv'));
      assert.deepEqual(errors.map((e) => e.line), [3, 4, 5]);
      assert.match(errors[0]!.message, /Orgnr/);
      assert.match(errors[1]!.message, /'12,50' is not a valid value/);
      const wrongNamespace = schema.validate('<Skjema xmlns="urn:other"><Orgnr>310000116</Orgnr></Skjema>');
      assert.equal(wrongNamespace.length, 1);
      assert.match(wrongNamespace[0]!.message, /No matching global declaration|not expected|Skjema/);
      const malformed = schema.validate('<Skjema xmlns="urn:tinn:test:form">\n<Orgnr>1</Skjema>');
      assert.ok(malformed.length >= 1 && malformed[0]!.line === 2, JSON.stringify(malformed));
    } finally {
      schema.dispose();
    }
  });

  it('never reads files or expands entity bombs for a document (XXE, external DTD, billion laughs)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinn-xxe-'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOPSECRET-VALUE');
    const schema = compileSchema(files, 'form.xsd');
    try {
      const xxe = `<?xml version="1.0"?>\n<!DOCTYPE Skjema [<!ENTITY x SYSTEM "file://${secret}">]>\n<Skjema xmlns="urn:tinn:test:form"><Orgnr>&x;</Orgnr><Beloep>1</Beloep><Spraak>nb</Spraak></Skjema>`;
      const result = schema.validate(xxe);
      assert.ok(result.length > 0, 'the entity stays empty, so the document is invalid');
      assert.ok(!JSON.stringify(result).includes('TOPSECRET'));
      const dtd = `<?xml version="1.0"?>\n<!DOCTYPE Skjema SYSTEM "file://${secret}">\n<Skjema xmlns="urn:tinn:test:form"/>`;
      assert.ok(!JSON.stringify(schema.validate(dtd)).includes('TOPSECRET'));
      const lol = ['<!ENTITY a0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('');
      const bomb = `<?xml version="1.0"?>\n<!DOCTYPE Skjema [${lol}]>\n<Skjema xmlns="urn:tinn:test:form"><Orgnr>&a9;</Orgnr></Skjema>`;
      const started = process.hrtime.bigint();
      const refused = schema.validate(bomb);
      assert.ok(refused.length > 0);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 5_000, 'refused, not expanded');
    } finally {
      schema.dispose();
    }
  });

  it('refuses a schema that does not compile, or includes a file it was not given, with PLAT-00020', () => {
    assert.throws(() => compileSchema({ 'form.xsd': FORM }, 'form.xsd'), (e) => isAppError(e) && e.problem.code === 'PLAT-00020');
    assert.throws(() => compileSchema({ 'a.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="x" type="nope"/></xs:schema>' }, 'a.xsd'), (e) => isAppError(e) && e.problem.code === 'PLAT-00020' && (e.errors?.length ?? 0) > 0);
    assert.throws(() => compileSchema(files, 'missing.xsd'), (e) => isAppError(e) && e.problem.code === 'PLAT-00020');
  });

  it('stays within its memory when many documents are validated (documents are disposed)', () => {
    const schema = compileSchema(files, 'form.xsd');
    try {
      const big = doc('310000116', '1.00', 'nb').replace('</Skjema>', `<!-- ${'x'.repeat(200_000)} -->\n</Skjema>`);
      for (let i = 0; i < 300; i++) assert.deepEqual(schema.validate(big), []);
    } finally {
      schema.dispose();
    }
  });

  it('finds the files a schema needs, and names a reference outside the set with its line', () => {
    const withUnused = { ...files, 'unused.xsd': TYPES, 'sub/child.xsd': TYPES };
    assert.deepEqual(schemaFileClosure(withUnused, 'form.xsd'), { files: ['common.xsd', 'form.xsd', 'formtypes.xsd'], problems: [] });
    const nested = { 'sub/main.xsd': FORM.replace('"formtypes.xsd"', '"../formtypes.xsd"').replace('"common.xsd"', '"./common.xsd"'), 'formtypes.xsd': TYPES, 'sub/common.xsd': COMMON };
    assert.deepEqual(schemaFileClosure(nested, 'sub/main.xsd').files, ['formtypes.xsd', 'sub/common.xsd', 'sub/main.xsd']);
    const outside = schemaFileClosure({ 'form.xsd': FORM.replace('"formtypes.xsd"', '"../../etc/types.xsd"').replace('"common.xsd"', '"http://example.com/c.xsd"') }, 'form.xsd');
    assert.deepEqual(outside.problems.map((p) => [p.path, p.line]), [['form.xsd', 3], ['form.xsd', 4]]);
    assert.equal(schemaFileClosure({ 'a.xsd': '<xs:schema' }, 'a.xsd').problems[0]?.path, 'a.xsd');
  });
});
