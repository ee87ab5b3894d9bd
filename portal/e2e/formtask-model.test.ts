// The form task page's XSD → form model, form data ↔ XML and checks, under node (no browser).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkForm, checkValue, placeServerErrors, xsdPatternToRegExp } from '../src/pages/formtask/form-check.ts';
import { emptyGroup, fieldId, fromXml, setField, toXml, updateList, valueAt, type GroupValue } from '../src/pages/formtask/form-xml.ts';
import { parseXml, XmlSyntaxError } from '../src/pages/formtask/xml.ts';
import { buildFormModel, readableName, type FieldNode, type GroupNode } from '../src/pages/formtask/xsd-model.ts';

const SERVICES = join(import.meta.dirname, '../../testdata/services');
const read = (path: string) => readFileSync(join(SERVICES, path), 'utf8');
const VAT_FILES = { 'mva-melding.xsd': read('ttd-5001-mva/mva-melding.xsd'), 'felles-typer.xsd': read('ttd-5001-mva/felles-typer.xsd') };
const PAYROLL_FILES = { 'a-melding.xsd': read('ttd-5002-a-melding/a-melding.xsd'), 'felles/identifikatorer.xsd': read('ttd-5002-a-melding/felles/identifikatorer.xsd') };

const child = (g: GroupNode, name: string) => g.children.find((c) => c.name === name)!;

describe('form task: XML parser', () => {
  it('reads elements, namespaces, text, entities and lines, and refuses DTDs and broken documents', () => {
    const doc = parseXml('<?xml version="1.0"?>\n<!-- c -->\n<a:r xmlns:a="urn:a" xmlns="urn:d" x=\'1\'>\n  <b>1 &lt; 2 &amp; &#x41;</b><c/><![CDATA[<raw>]]>\n</a:r>');
    assert.deepEqual([doc.local, doc.ns, doc.attrs.x, doc.line], ['r', 'urn:a', '1', 3]);
    assert.deepEqual(doc.children.map((c) => [c.local, c.ns, c.text, c.line]), [['b', 'urn:d', '1 < 2 & A', 4], ['c', 'urn:d', '', 4]]);
    assert.match(doc.text, /<raw>/);
    assert.throws(() => parseXml('<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>'), XmlSyntaxError);
    assert.throws(() => parseXml('<a>\n<b></a>'), /line 2/);
    assert.throws(() => parseXml('<a>&nbsp;</a>'), /unknown entity/);
    assert.throws(() => parseXml('<p:a/>'), /undeclared prefix/);
  });
});

describe('form task: XSD → form model', () => {
  it('builds the VAT return: included types, facets, enumerations, a repeating group, an optional group, a boolean', () => {
    const { root, unsupported } = buildFormModel(VAT_FILES, 'mva-melding.xsd', 'melding', 'nb');
    assert.deepEqual(unsupported, []);
    assert.ok(root);
    assert.deepEqual([root.name, root.ns], ['melding', 'urn:no:tinn:ttd:mva:v1']);
    assert.deepEqual(root.children.map((c) => [c.name, c.kind, c.minOccurs, c.maxOccurs]), [
      ['organisasjonsnummer', 'field', 1, 1],
      ['aar', 'field', 1, 1],
      ['termin', 'field', 1, 1],
      ['linje', 'group', 0, 200],
      ['sumMerverdiavgift', 'field', 1, 1],
      ['kontaktperson', 'group', 0, 1],
      ['bekreftetRiktig', 'field', 1, 1],
    ]);
    const aar = child(root, 'aar') as FieldNode;
    assert.deepEqual([aar.type.kind, aar.type.facets.minInclusive, aar.type.facets.maxInclusive, aar.label], ['integer', '2000', '2100', 'Aar']);
    assert.deepEqual((child(root, 'organisasjonsnummer') as FieldNode).type.facets.patterns, [['[0-9]{9}']]);
    assert.equal((child(root, 'termin') as FieldNode).type.facets.enumeration?.length, 6);
    const linje = child(root, 'linje') as GroupNode;
    assert.deepEqual(linje.children.map((c) => (c as FieldNode).type.kind), ['text', 'decimal', 'decimal', 'decimal']);
    assert.deepEqual((child(linje, 'sats') as FieldNode).type.facets, { patterns: [], minInclusive: '0', maxInclusive: '100', fractionDigits: 2 });
    assert.equal((child(root, 'bekreftetRiktig') as FieldNode).type.kind, 'boolean');
    assert.equal(child(root, 'sumMerverdiavgift').label, 'Sum merverdiavgift');
  });

  it('builds the payroll report: an imported namespace in a sub-folder, dates, months and repeats inside repeats', () => {
    const { root, unsupported } = buildFormModel(PAYROLL_FILES, 'a-melding.xsd', 'melding', 'en');
    assert.deepEqual(unsupported, []);
    assert.equal((child(root!, 'kalendermaaned') as FieldNode).type.kind, 'gYearMonth');
    assert.deepEqual((child(root!, 'opplysningspliktig') as FieldNode).type.facets.patterns, [['[0-9]{9}']]);
    const virksomhet = child(root!, 'virksomhet') as GroupNode;
    assert.deepEqual([virksomhet.minOccurs, virksomhet.maxOccurs], [1, 1000]);
    const mottaker = child(virksomhet, 'inntektsmottaker') as GroupNode;
    assert.equal(mottaker.maxOccurs, Infinity);
    assert.equal((child(mottaker, 'startdato') as FieldNode).type.kind, 'date');
  });

  it('takes labels from xs:documentation in the chosen language, and lists what it cannot show', () => {
    const xsd = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t" elementFormDefault="qualified">
      <xs:element name="skjema"><xs:complexType><xs:sequence>
        <xs:element name="navn" type="xs:string"><xs:annotation><xs:documentation xml:lang="nb">Fullt navn</xs:documentation><xs:documentation xml:lang="en">Full name</xs:documentation></xs:annotation></xs:element>
        <xs:element name="farge"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="r"><xs:annotation><xs:documentation>Rød</xs:documentation></xs:annotation></xs:enumeration><xs:enumeration value="b"/></xs:restriction></xs:simpleType></xs:element>
        <xs:element name="valg"><xs:complexType><xs:choice><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string"/></xs:choice></xs:complexType></xs:element>
        <xs:element name="liste"><xs:simpleType><xs:list itemType="xs:int"/></xs:simpleType></xs:element>
      </xs:sequence><xs:attribute name="versjon" type="xs:string" use="required"/><xs:attribute name="format" type="xs:string" fixed="SERES"/></xs:complexType></xs:element>
    </xs:schema>`;
    const nb = buildFormModel({ 's.xsd': xsd }, 's.xsd', undefined, 'nb');
    assert.equal(nb.root!.children[0]!.label, 'Fullt navn');
    assert.equal(buildFormModel({ 's.xsd': xsd }, 's.xsd', undefined, 'en').root!.children[0]!.label, 'Full name');
    assert.deepEqual((nb.root!.children[1] as FieldNode).type.facets.enumeration, [{ value: 'r', label: 'Rød' }, { value: 'b' }]);
    assert.deepEqual(nb.root!.fixedAttributes, [{ name: 'format', value: 'SERES' }]);
    assert.deepEqual(nb.unsupported, [
      { construct: 'choice', where: 'valg' },
      { construct: 'list', where: 'liste' },
      { construct: 'attribute', where: 'skjema/@versjon' },
    ]);
    assert.deepEqual(buildFormModel({ 's.xsd': xsd }, 's.xsd', 'finnesIkke', 'nb').unsupported, [{ construct: 'noRoot', where: 'finnesIkke' }]);
    assert.deepEqual(buildFormModel({ 'main.xsd': '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="gone.xsd"/></xs:schema>' }, 'main.xsd', undefined, 'nb').unsupported[0], { construct: 'missingFile', where: 'gone.xsd' });
    assert.equal(readableName('bekreftetRiktig'), 'Bekreftet riktig');
    assert.equal(readableName('start_dato-ny'), 'Start dato ny');
  });
});

describe('form task: values ↔ XML', () => {
  const { root } = buildFormModel(VAT_FILES, 'mva-melding.xsd', 'melding', 'nb');
  const vat = root!;

  it('writes a new form with its required fields, leaves empty optional ones out, and knows the line of every element', () => {
    let value = emptyGroup(vat);
    assert.deepEqual(value.linje, []);
    assert.equal(value.kontaktperson!.length, 1, 'a single optional group is shown');
    value = setField(value, 'organisasjonsnummer[0]', '310000116');
    value = setField(value, 'aar[0]', ' 2026 ');
    value = updateList(value, '', 'linje', (l) => [...l, emptyGroup(child(vat, 'linje') as GroupNode)]);
    value = setField(value, 'linje[0]/grunnlag[0]', '100 000,50');
    const { xml, lines } = toXml(vat, value);
    const written = xml.split('\n');
    assert.equal(written[1], '<melding xmlns="urn:no:tinn:ttd:mva:v1">');
    assert.equal(written[2], '  <organisasjonsnummer>310000116</organisasjonsnummer>');
    assert.equal(written[3], '  <aar>2026</aar>');
    assert.match(xml, /<grunnlag>100000\.50<\/grunnlag>/);
    assert.doesNotMatch(xml, /kontaktperson/, 'an empty optional group is left out');
    assert.match(xml, /<termin\/>/, 'an empty required field is written empty (the check stops it first)');
    assert.match(xml, /<bekreftetRiktig>false<\/bekreftetRiktig>/, 'an unticked checkbox is false');
    assert.equal(lines.get(2), '');
    assert.equal(lines.get(4), 'aar[0]');
    assert.equal(lines.get(written.indexOf('    <grunnlag>100000.50</grunnlag>') + 1), 'linje[0]/grunnlag[0]');
  });

  it('reads stored form data back, and lists what it has no place for', () => {
    const example = read('ttd-5001-mva/examples/melding.xml');
    const { value, unknown } = fromXml(vat, example);
    assert.deepEqual(unknown, []);
    assert.equal(valueAt(value, 'linje[1]/mvaKode[0]'), '31');
    assert.equal(valueAt(value, 'kontaktperson[0]/telefonnummer[0]'), '+47 99 00 00 01');
    const again = fromXml(vat, toXml(vat, value).xml);
    assert.deepEqual(again.value, value, 'written and read again: the same values');
    const foreign = fromXml(vat, example.replace('<aar>2026</aar>', '<aar>2026</aar><ekstra>1</ekstra>'));
    assert.deepEqual(foreign.unknown, ['melding/ekstra']);
    assert.deepEqual(fromXml(vat, '<annet xmlns="urn:x"/>').unknown, ['annet']);
  });

  it('gives every path an id that is safe in HTML', () => {
    assert.equal(fieldId('linje[1]/mva-Kode[0]'), 'ft-linje_5b_1_5d__2f_mva-Kode_5b_0_5d_');
  });
});

describe('form task: checks', () => {
  const { root } = buildFormModel(VAT_FILES, 'mva-melding.xsd', 'melding', 'nb');
  const vat = root!;
  const field = (path: string[]) => path.reduce<GroupNode | FieldNode>((g, n) => child(g as GroupNode, n) as GroupNode | FieldNode, vat) as FieldNode;

  it('mirrors the facets: patterns, ranges, digits, enumerations, lengths and the types themselves', () => {
    assert.deepEqual(checkValue(field(['organisasjonsnummer']), '31000011'), { code: 'pattern', limit: '[0-9]{9}' });
    assert.equal(checkValue(field(['organisasjonsnummer']), '310000116'), undefined);
    assert.deepEqual(checkValue(field(['aar']), '1999'), { code: 'minInclusive', limit: '2000' });
    assert.deepEqual(checkValue(field(['aar']), '20x6'), { code: 'integer' });
    assert.deepEqual(checkValue(field(['linje', 'sats']), '25,125'), { code: 'fractionDigits', limit: '2' });
    assert.deepEqual(checkValue(field(['linje', 'sats']), '101'), { code: 'maxInclusive', limit: '100' });
    assert.equal(checkValue(field(['linje', 'sats']), '25,10'), undefined);
    assert.deepEqual(checkValue(field(['sumMerverdiavgift']), '1234567890123456'), { code: 'totalDigits', limit: '15' });
    assert.deepEqual(checkValue(field(['termin']), 'mars'), { code: 'enumeration' });
    assert.deepEqual(checkValue(field(['kontaktperson', 'navn']), 'x'.repeat(101)), { code: 'maxLength', limit: '100' });
    assert.deepEqual(checkValue(field(['bekreftetRiktig']), 'ja'), { code: 'boolean' });
  });

  it('translates XSD patterns to JavaScript, and leaves those it cannot express to Tinn', () => {
    assert.ok(xsdPatternToRegExp('\\+?[0-9 ]{8,15}')!.test('+47 99 00 00 01'));
    assert.ok(!xsdPatternToRegExp('[0-9]{9}')!.test('1234567890'), 'anchored');
    assert.ok(xsdPatternToRegExp('a$b^')!.test('a$b^'), '^ and $ are plain characters in XSD');
    assert.ok(xsdPatternToRegExp('\\d{3}')!.test('١٢٣'), '\\d is any Unicode digit');
    assert.equal(xsdPatternToRegExp('[a-z-[aeiou]]+'), undefined);
    assert.equal(xsdPatternToRegExp('\\i\\c*'), undefined);
  });

  it('finds required fields in written groups only, and a required repeating group with no rows', () => {
    let value: GroupValue = emptyGroup(vat);
    const codes = () => checkForm(vat, value).map((p) => `${p.path}:${p.code}`);
    assert.deepEqual(codes(), ['organisasjonsnummer[0]:required', 'aar[0]:required', 'termin[0]:required', 'sumMerverdiavgift[0]:required']);
    value = setField(value, 'kontaktperson[0]/telefonnummer[0]', '99');
    assert.deepEqual(codes().slice(-2), ['kontaktperson[0]/navn[0]:required', 'kontaktperson[0]/telefonnummer[0]:pattern']);
    const payroll = buildFormModel(PAYROLL_FILES, 'a-melding.xsd', 'melding', 'nb').root!;
    const empty = updateList(emptyGroup(payroll), '', 'virksomhet', () => []);
    assert.ok(checkForm(payroll, empty).some((p) => p.path === 'virksomhet[0]' && p.code === 'required'));
  });

  it("places Tinn's validation errors at their fields: by line, by a missing child, by element name", () => {
    let value = fromXml(vat, read('ttd-5001-mva/examples/melding.xml')).value;
    value = setField(value, 'linje[1]/sats[0]', '250');
    const { lines } = toXml(vat, value);
    const satsLine = [...lines].find(([, p]) => p === 'linje[1]/sats[0]')![0];
    const groupLine = [...lines].find(([, p]) => p === 'kontaktperson[0]')![0];
    const phoneLine = [...lines].find(([, p]) => p === 'kontaktperson[0]/telefonnummer[0]')![0];
    const placed = placeServerErrors(
      vat,
      value,
      [
        { line: satsLine, message: "Element '{urn:no:tinn:ttd:mva:v1}sats': [facet 'maxInclusive'] The value '250' is greater than the maximum value allowed ('100')." },
        { line: satsLine, message: "Element '{urn:no:tinn:ttd:mva:v1}sats': '250' is not a valid value of the atomic type '{urn:no:tinn:ttd:mva:v1}Sats'." },
        { line: groupLine, message: "Element '{urn:no:tinn:ttd:mva:v1}kontaktperson': Missing child element(s). Expected is ( {urn:no:tinn:ttd:mva:v1}navn )." },
        { line: phoneLine, message: "Element '{urn:no:tinn:ttd:mva:v1}telefonnummer': This element is not expected. Expected is ( {urn:no:tinn:ttd:mva:v1}navn )." },
        { line: 999, message: "Element '{urn:no:tinn:ttd:mva:v1}aar': 'x' is not a valid value of the atomic type '{urn:no:tinn:ttd:mva:v1}Aar'." },
        { message: 'Premature end of data' },
      ],
      lines,
    );
    assert.deepEqual(
      placed.map((p) => [p.path, p.code, p.limit]),
      [
        ['linje[1]/sats[0]', 'maxInclusive', '100'],
        ['kontaktperson[0]/navn[0]', 'required', undefined],
        ['aar[0]', 'integer', undefined],
        [undefined, 'server', undefined],
      ],
    );
  });
});
