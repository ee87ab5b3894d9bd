/**
 * Reference data of the Central Coordinating Register (Enhetsregisteret): ER role codes with their
 * Altinn ids, and organisation forms. Codes and ids as in Altinn II (`reference/altinn2.md` §5.2).
 */
export type PartyType = 'person' | 'organization';

export interface ErRoleType {
  code: string;
  /** Altinn II RoleDefinitionId. */
  altinnId: number;
  name: { nb: string; nn: string; en: string };
  /** Who may hold the role. */
  holders: readonly PartyType[];
}

const P: readonly PartyType[] = ['person'];
const O: readonly PartyType[] = ['organization'];
const PO: readonly PartyType[] = ['person', 'organization'];

export const erRoleTypes: readonly ErRoleType[] = [
  { code: 'DAGL', altinnId: 160, name: { nb: 'Daglig leder', nn: 'Dagleg leiar', en: 'Managing director' }, holders: P },
  { code: 'LEDE', altinnId: 125, name: { nb: 'Styrets leder', nn: 'Styreleiar', en: 'Chair of the board' }, holders: P },
  { code: 'NEST', altinnId: 127, name: { nb: 'Nestleder', nn: 'Nestleiar', en: 'Deputy chair' }, holders: P },
  { code: 'MEDL', altinnId: 126, name: { nb: 'Styremedlem', nn: 'Styremedlem', en: 'Board member' }, holders: P },
  { code: 'VARA', altinnId: 148, name: { nb: 'Varamedlem', nn: 'Varamedlem', en: 'Deputy board member' }, holders: P },
  { code: 'OBS', altinnId: 128, name: { nb: 'Observatør', nn: 'Observatør', en: 'Observer' }, holders: P },
  { code: 'INNH', altinnId: 117, name: { nb: 'Innehaver', nn: 'Innehavar', en: 'Owner' }, holders: P },
  { code: 'DTPR', altinnId: 138, name: { nb: 'Deltaker delt ansvar', nn: 'Deltakar delt ansvar', en: 'Partner with shared liability' }, holders: PO },
  { code: 'DTSO', altinnId: 139, name: { nb: 'Deltaker fullt ansvar', nn: 'Deltakar fullt ansvar', en: 'Partner with full liability' }, holders: PO },
  { code: 'KOMP', altinnId: 122, name: { nb: 'Komplementar', nn: 'Komplementar', en: 'General partner' }, holders: PO },
  { code: 'BEST', altinnId: 156, name: { nb: 'Bestyrende reder', nn: 'Bestyrande reiar', en: 'Managing shipowner' }, holders: PO },
  { code: 'BOBE', altinnId: 161, name: { nb: 'Bostyrer', nn: 'Bustyrar', en: 'Estate administrator' }, holders: P },
  { code: 'FFØR', altinnId: 155, name: { nb: 'Forretningsfører', nn: 'Forretningsførar', en: 'Business manager' }, holders: PO },
  { code: 'REPR', altinnId: 158, name: { nb: 'Norsk representant for utenlandsk enhet', nn: 'Norsk representant for utanlandsk eining', en: 'Norwegian representative of a foreign entity' }, holders: PO },
  { code: 'KONT', altinnId: 123, name: { nb: 'Kontaktperson', nn: 'Kontaktperson', en: 'Contact person' }, holders: P },
  { code: 'KOMK', altinnId: 152, name: { nb: 'Kontaktperson i kommune', nn: 'Kontaktperson i kommune', en: 'Contact person in a municipality' }, holders: P },
  { code: 'KNUF', altinnId: 153, name: { nb: 'Kontaktperson NUF', nn: 'Kontaktperson NUF', en: 'Contact person, foreign business' }, holders: P },
  { code: 'KEMN', altinnId: 154, name: { nb: 'Kontaktperson i administrativ enhet - offentlig sektor', nn: 'Kontaktperson i administrativ eining - offentleg sektor', en: 'Contact person in a public administrative unit' }, holders: P },
  { code: 'REGN', altinnId: 157, name: { nb: 'Regnskapsfører', nn: 'Rekneskapsførar', en: 'Accountant' }, holders: PO },
  { code: 'REVI', altinnId: 159, name: { nb: 'Revisor', nn: 'Revisor', en: 'Auditor' }, holders: PO },
  { code: 'SREVA', altinnId: 113, name: { nb: 'Revisor registrert i revisorregisteret', nn: 'Revisor registrert i revisorregisteret', en: 'Auditor in the auditor register' }, holders: PO },
  { code: 'MVAU', altinnId: 150, name: { nb: 'Utfyller MVA-oppgaver', nn: 'Utfyllar MVA-oppgåver', en: 'VAT return preparer' }, holders: P },
  { code: 'MVAG', altinnId: 151, name: { nb: 'Signerer MVA-oppgaver', nn: 'Signerar MVA-oppgåver', en: 'VAT return signatory' }, holders: P },
  { code: 'SAM', altinnId: 143, name: { nb: 'Sameiere', nn: 'Sameigarar', en: 'Co-owner' }, holders: PO },
  { code: 'SIGN', altinnId: 145, name: { nb: 'Signatur', nn: 'Signatur', en: 'Signature' }, holders: P },
  { code: 'SIFE', altinnId: 144, name: { nb: 'Signatur i fellesskap', nn: 'Signatur i fellesskap', en: 'Joint signature' }, holders: P },
  { code: 'SIHV', altinnId: 146, name: { nb: 'Signatur hver for seg', nn: 'Signatur kvar for seg', en: 'Individual signature' }, holders: P },
  { code: 'PROK', altinnId: 133, name: { nb: 'Prokura', nn: 'Prokura', en: 'Procuration' }, holders: P },
  { code: 'POFE', altinnId: 131, name: { nb: 'Prokura i fellesskap', nn: 'Prokura i fellesskap', en: 'Joint procuration' }, holders: P },
  { code: 'POHV', altinnId: 132, name: { nb: 'Prokura hver for seg', nn: 'Prokura kvar for seg', en: 'Individual procuration' }, holders: P },
  { code: 'HFOR', altinnId: 115, name: { nb: 'Hovedforetak', nn: 'Hovudføretak', en: 'Head enterprise' }, holders: O },
  { code: 'KDAT', altinnId: 118, name: { nb: 'Konsernmor / datter', nn: 'Konsernmor / dotter', en: 'Group parent / subsidiary' }, holders: O },
  { code: 'ORGL', altinnId: 130, name: { nb: 'Organisasjonsledd i offentlig sektor', nn: 'Organisasjonsledd i offentleg sektor', en: 'Public sector organisational unit' }, holders: O },
];

const byCode = new Map(erRoleTypes.map((r) => [r.code, r]));

/** The ER role type for a code, or undefined. */
export function findErRoleType(code: string): ErRoleType | undefined {
  return byCode.get(code);
}

export interface OrganizationForm {
  code: string;
  name: { nb: string; en: string };
  /** Sub-unit forms (BEDR, AAFY) belong to a main unit; every other form is a main unit. */
  isSubUnit: boolean;
}

export const organizationForms: readonly OrganizationForm[] = [
  { code: 'AS', name: { nb: 'Aksjeselskap', en: 'Private limited company' }, isSubUnit: false },
  { code: 'ASA', name: { nb: 'Allmennaksjeselskap', en: 'Public limited company' }, isSubUnit: false },
  { code: 'ENK', name: { nb: 'Enkeltpersonforetak', en: 'Sole proprietorship' }, isSubUnit: false },
  { code: 'ANS', name: { nb: 'Ansvarlig selskap', en: 'General partnership' }, isSubUnit: false },
  { code: 'DA', name: { nb: 'Selskap med delt ansvar', en: 'Partnership with shared liability' }, isSubUnit: false },
  { code: 'NUF', name: { nb: 'Norskregistrert utenlandsk foretak', en: 'Norwegian-registered foreign business' }, isSubUnit: false },
  { code: 'SA', name: { nb: 'Samvirkeforetak', en: 'Cooperative' }, isSubUnit: false },
  { code: 'STI', name: { nb: 'Stiftelse', en: 'Foundation' }, isSubUnit: false },
  { code: 'FLI', name: { nb: 'Forening/lag/innretning', en: 'Association' }, isSubUnit: false },
  { code: 'STAT', name: { nb: 'Staten', en: 'The state' }, isSubUnit: false },
  { code: 'ORGL', name: { nb: 'Organisasjonsledd', en: 'Organisational unit' }, isSubUnit: false },
  { code: 'KOMM', name: { nb: 'Kommune', en: 'Municipality' }, isSubUnit: false },
  { code: 'FYLK', name: { nb: 'Fylkeskommune', en: 'County authority' }, isSubUnit: false },
  { code: 'BEDR', name: { nb: 'Underenhet til næringsdrivende og offentlig forvaltning', en: 'Sub-unit of a business or public body' }, isSubUnit: true },
  { code: 'AAFY', name: { nb: 'Underenhet til ikke-næringsdrivende', en: 'Sub-unit of a non-business' }, isSubUnit: true },
];

const formByCode = new Map(organizationForms.map((f) => [f.code, f]));

/** The organisation form for a code, or undefined. */
export function findOrganizationForm(code: string): OrganizationForm | undefined {
  return formByCode.get(code);
}
