/**
 * The XML Schema inside a WSDL, as files the XSD validator can compile, wrapped in a SOAP envelope schema
 * whose Body content is checked strictly: one validation of the whole request checks every element of the
 * operation against the WSDL's types (the `soap` package checks nothing) and names the element at fault.
 *
 * WSDLs are trusted files of our own; they are read as text. Each `xsd:schema` under `wsdl:types` becomes a
 * file with the namespace declarations of `wsdl:definitions` it relies on, and its `xsd:import`s (which in
 * WCF WSDLs name a namespace but no location) are pointed at the file of that namespace.
 */

export const SOAP11_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_ENVELOPE_NS = 'http://www.w3.org/2003/05/soap-envelope';

export type SoapVersion = '1.1' | '1.2';

/** The namespace of Altinn's base contract (`IAltinnContractBase`), where `Test` lives. */
export const ALTINN_CONTRACT_NS = 'http://www.altinn.no/services/2009/10';

/** A minimal envelope: headers are skipped (they are read by the binding), the body's element must be declared and valid. */
function envelopeSchema(envelopeNs: string, imports: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:env="${envelopeNs}" targetNamespace="${envelopeNs}" elementFormDefault="qualified">
${imports}
  <xs:element name="Envelope">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="env:Header" minOccurs="0"/>
        <xs:element ref="env:Body"/>
      </xs:sequence>
      <xs:anyAttribute namespace="##other" processContents="skip"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="Header">
    <xs:complexType>
      <xs:sequence><xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      <xs:anyAttribute namespace="##other" processContents="skip"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="Body">
    <xs:complexType>
      <xs:sequence><xs:any namespace="##other" processContents="strict" minOccurs="1" maxOccurs="1"/></xs:sequence>
      <xs:anyAttribute namespace="##other" processContents="skip"/>
    </xs:complexType>
  </xs:element>
</xs:schema>`;
}

const XMLNS_ATTR = /\sxmlns:([A-Za-z_][\w.-]*)="([^"]*)"/g;

/** The schema files of a WSDL plus the envelope, keyed by file name; `main` is the envelope. */
export function wsdlSchemaFiles(wsdl: string, version: SoapVersion): { files: Record<string, string>; main: string } {
  const rootStart = wsdl.indexOf('<wsdl:definitions');
  if (rootStart < 0) throw new Error('not a WSDL: no wsdl:definitions');
  const rootTag = wsdl.slice(rootStart, wsdl.indexOf('>', rootStart) + 1);
  const rootNamespaces = [...rootTag.matchAll(XMLNS_ATTR)].map((m) => ({ prefix: m[1]!, uri: m[2]! }));

  const blocks: { ns: string; text: string }[] = [];
  const schemaOpen = /<(xsd?):schema\b[^>]*>/g;
  for (let m = schemaOpen.exec(wsdl); m; m = schemaOpen.exec(wsdl)) {
    const prefix = m[1]!;
    const close = `</${prefix}:schema>`;
    const end = wsdl.indexOf(close, m.index);
    if (end < 0) throw new Error('unterminated schema in WSDL');
    const text = wsdl.slice(m.index, end + close.length);
    const ns = /targetNamespace="([^"]*)"/.exec(m[0])?.[1] ?? '';
    blocks.push({ ns, text });
    schemaOpen.lastIndex = end;
  }
  const fileOf = new Map<string, string>();
  blocks.forEach((b, i) => {
    if (!fileOf.has(b.ns)) fileOf.set(b.ns, `types-${i}.xsd`);
  });

  const files: Record<string, string> = {};
  const merged = new Map<string, string[]>();
  for (const b of blocks) {
    const openEnd = b.text.indexOf('>');
    let open = b.text.slice(0, openEnd);
    const declared = new Set([...open.matchAll(XMLNS_ATTR)].map((m) => m[1]));
    for (const { prefix, uri } of rootNamespaces) if (!declared.has(prefix)) open += ` xmlns:${prefix}="${uri}"`;
    const body = b.text
      .slice(openEnd)
      .replace(/<(xsd?):import\s+namespace="([^"]*)"\s*\/>/g, (whole, p: string, ns: string) => {
        const file = fileOf.get(ns);
        return file ? `<${p}:import namespace="${ns}" schemaLocation="${file}"/>` : whole;
      });
    // WCF emits one schema per namespace; should a namespace appear twice, the second block's content joins the first.
    const list = merged.get(b.ns) ?? [];
    list.push(open + body);
    merged.set(b.ns, list);
  }
  for (const [ns, texts] of merged) {
    const [first, ...rest] = texts;
    let text = first!;
    for (const extra of rest) {
      const inner = extra.slice(extra.indexOf('>') + 1, extra.lastIndexOf('</'));
      text = text.slice(0, text.lastIndexOf('</')) + inner + text.slice(text.lastIndexOf('</'));
    }
    files[fileOf.get(ns)!] = `<?xml version="1.0" encoding="utf-8"?>\n${text}`;
  }
  // Every Altinn II service answers `Test` (IAltinnContractBase), but a few of Altinn's WSDLs declare it
  // nowhere: then it is declared here, so the request still validates.
  if (!fileOf.has(ALTINN_CONTRACT_NS)) {
    fileOf.set(ALTINN_CONTRACT_NS, 'altinn-contract-base.xsd');
    files['altinn-contract-base.xsd'] = `<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${ALTINN_CONTRACT_NS}" elementFormDefault="qualified">
  <xs:element name="Test"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
  <xs:element name="TestResponse"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
</xs:schema>`;
  }
  const envelopeNs = version === '1.1' ? SOAP11_ENVELOPE_NS : SOAP12_ENVELOPE_NS;
  const imports = [...fileOf].map(([ns, file]) => `  <xs:import namespace="${ns}" schemaLocation="${file}"/>`).join('\n');
  files['envelope.xsd'] = envelopeSchema(envelopeNs, imports);
  return { files, main: 'envelope.xsd' };
}
