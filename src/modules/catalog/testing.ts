import { cryptoRandom, type Actor } from '../../platform/index.ts';
import { buildOrganization } from '../register/testing.ts';
import type { Register } from '../register/index.ts';
import type { Deployment } from './deploy-service-edition.ts';

let seq = 0;
const unique = () => `${(++seq).toString(36)}${cryptoRandom.int(0, 36 ** 4).toString(36)}`.toUpperCase();

/** A new service owner (an organisation with a unique code) and an actor for its agency system. */
export async function buildServiceOwner(register: Register): Promise<{ code: string; orgno: string; actor: Actor }> {
  const code = `T${unique()}`.slice(0, 8);
  const org = await register.registerServiceOwner({ orgno: (await buildOrganization(register)).orgno, code });
  return { code, orgno: org.orgno, actor: { kind: 'serviceOwner', serviceOwnerCode: code, orgno: org.orgno, partyId: org.partyId, systemName: `${code}_SYS`, methods: ['apikey'] } };
}

/** A service code nobody else in this process got. */
export function uniqueServiceCode(): string {
  return `S${unique()}`.slice(0, 20);
}

/** A dataFormatId nobody else in this process got. */
export function uniqueDataFormatId(): string {
  return `DF${unique()}`;
}

export const TYPES_XSD = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tinn:test:skjema" xmlns="urn:tinn:test:skjema" elementFormDefault="qualified">
  <xs:simpleType name="Orgnr"><xs:restriction base="xs:string"><xs:pattern value="[0-9]{9}"/></xs:restriction></xs:simpleType>
</xs:schema>`;

export const FORM_XSD = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tinn:test:skjema" xmlns="urn:tinn:test:skjema" elementFormDefault="qualified">
  <xs:include schemaLocation="typer.xsd"/>
  <xs:element name="Skjema">
    <xs:complexType><xs:sequence>
      <xs:element name="orgnr" type="Orgnr"/>
      <xs:element name="beloep" type="xs:decimal"/>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>`;

/** A form task with one main form (including a types file), one attachment rule and a signing step. */
export function formTaskDeployment(overrides: Record<string, unknown> = {}, dataFormatId = uniqueDataFormatId()): Deployment {
  return {
    definition: {
      type: 'FormTask',
      name: { nb: 'Testskjema', en: 'Test form' },
      minimumSecurityLevel: 2,
      roleRequirements: { Read: ['UTINN'], Write: ['UTINN'], Sign: ['UTINN'], ArchiveRead: ['UTINN'] },
      forms: [{ dataFormatId, dataFormatVersion: 1, kind: 'main', xsd: 'skjema.xsd' }],
      attachmentRules: [{ attachmentTypeName: 'Vedlegg', maxCount: 2, maxFileSize: 1_000_000, allowedFileTypes: ['pdf'] }],
      process: [{ type: 'FormFilling' }, { type: 'Signing' }, { type: 'SendIn' }],
      downloadQueue: true,
      ...overrides,
    },
    files: { 'skjema.xsd': FORM_XSD, 'typer.xsd': TYPES_XSD },
  };
}
