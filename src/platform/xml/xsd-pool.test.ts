import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createXsdValidator } from './xsd-pool.ts';

const XSD = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tinn:test:big" xmlns="urn:tinn:test:big" elementFormDefault="qualified">
  <xs:element name="Liste"><xs:complexType><xs:sequence>
    <xs:element name="Linje" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="Tekst" type="xs:string"/><xs:element name="Beloep" type="xs:decimal"/>
    </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;

/** A document of `lines` lines after the root; line numbers of bad amounts are 2 + index. */
function bigDocument(lines: number, badAt: number[] = []): string {
  const body = Array.from({ length: lines }, (_, i) => `<Linje><Tekst>Linje nummer ${i} med litt tekst</Tekst><Beloep>${badAt.includes(i) ? 'tolv' : `${i}.50`}</Beloep></Linje>`);
  return `<Liste xmlns="urn:tinn:test:big">\n${body.join('\n')}\n</Liste>\n`;
}

describe('XSD validation off the event loop', () => {
  it('validates large documents on a worker thread, with line numbers, while the event loop keeps running', async () => {
    const validator = createXsdValidator({ 'big.xsd': XSD }, 'big.xsd');
    try {
      const doc = bigDocument(40_000, [10, 39_990]); // about 3.4 MB
      assert.ok(doc.length > 1024 * 1024);
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const errors = await validator.validate(doc);
      clearInterval(timer);
      assert.deepEqual(errors.map((e) => e.line), [12, 39_992]);
      assert.match(errors[0]!.message, /'tolv' is not a valid value/);
      assert.ok(ticks > 0, 'timers ran while the document was validated');
      assert.deepEqual(await validator.validate(bigDocument(30_000)), []);
      // Small documents are validated inline, with the same answers.
      assert.deepEqual((await validator.validate(bigDocument(3, [1]))).map((e) => e.line), [3]);
      const parallel = await Promise.all([validator.validate(bigDocument(20_000, [5])), validator.validate(bigDocument(20_000)), validator.validate(bigDocument(2))]);
      assert.deepEqual(parallel.map((p) => p.length), [1, 0, 0]);
    } finally {
      await validator.close();
    }
  });
});
