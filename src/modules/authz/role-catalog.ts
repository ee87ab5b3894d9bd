/**
 * Altinn roles as data (`reference/altinn2.md` §5.3): codes and RoleDefinitionIds as in Altinn II, names in
 * nb/nn/en, whether they can be delegated, and which Altinn roles each ER role brings (§5.2–5.4). Services
 * state which of these roles grant which operations (`role-requirements.ts`).
 */
export type Language = 'nb' | 'nn' | 'en';
export type Names = Record<Language, string>;

/**
 * How a role may be given: `standard` by a main administrator, or an access manager who holds it; `main`
 * (HADM) only by a main administrator whose ER role allows it; `client` only by the firm's client
 * administrator, to the firm's people; `none` never (technical roles).
 */
export type Delegability = 'standard' | 'main' | 'client' | 'none';

export interface AltinnRole {
  code: string;
  altinnId: number;
  name: Names;
  delegability: Delegability;
}

const role = (code: string, altinnId: number, nb: string, nn: string, en: string, delegability: Delegability = 'standard'): AltinnRole => ({
  code,
  altinnId,
  name: { nb, nn, en },
  delegability,
});

export const altinnRoles: readonly AltinnRole[] = [
  role('UTINN', 11, 'Utfyller/Innsender', 'Utfyllar/Innsendar', 'Reporter/sender'),
  role('LOPER', 3, 'Lønn og personalmedarbeider', 'Løn og personalmedarbeidar', 'Salaries and personnel employee'),
  role('REGNA', 6, 'Regnskapsmedarbeider', 'Rekneskapsmedarbeidar', 'Accounting employee'),
  role('SISKD', 8, 'Begrenset signeringsrettighet', 'Avgrensa signeringsrett', 'Limited signing right'),
  role('SIGNE', 91, 'Signerer av Samordnet registermelding', 'Signerar av Samordna registermelding', 'Signer of the coordinated register notification'),
  role('ADMAI', 4, 'Tilgangsstyring', 'Tilgangsstyring', 'Access manager'),
  role('HADM', 28997, 'Hovedadministrator', 'Hovudadministrator', 'Main administrator', 'main'),
  role('KLADM', 15, 'Klientadministrator', 'Klientadministrator', 'Client administrator'),
  role('A0236', 13612, 'Post/arkiv', 'Post/arkiv', 'Mail/archive'),
  role('A0278', 28088, 'Plan- og byggesak', 'Plan- og byggesak', 'Planning and construction'),
  role('UTOMR', 12, 'Energi, miljø og klima', 'Energi, miljø og klima', 'Energy, environment and climate'),
  role('UILUF', 10, 'Samferdsel', 'Samferdsel', 'Transport'),
  role('UIHTL', 92, 'Helse-, sosial- og velferdstjenester', 'Helse-, sosial- og velferdstenester', 'Health, social and welfare services'),
  role('KOMAB', 95, 'Kommunale tjenester', 'Kommunale tenester', 'Municipal services'),
  role('A0212', 2374, 'Primærnæring og næringsmiddel', 'Primærnæring og næringsmiddel', 'Primary industries and foodstuffs'),
  role('PAVAD', 87, 'Patent, varemerke og design', 'Patent, varemerke og design', 'Patents, trademarks and design'),
  role('PASIG', 11522, 'Parallell signering', 'Parallell signering', 'Parallel signing'),
  role('APIADM', 37500, 'Programmeringsgrensesnitt (API)', 'Programmeringsgrensesnitt (API)', 'Application programming interface (API)'),
  role('PRIUT', 5, 'Privatperson begrensede rettigheter', 'Privatperson avgrensa rettar', 'Private person with limited rights'),
  role('A0239', 13686, 'Regnskapsfører med signeringsrettighet', 'Rekneskapsførar med signeringsrett', 'Accountant with signing rights', 'client'),
  role('A0240', 13687, 'Regnskapsfører uten signeringsrettighet', 'Rekneskapsførar utan signeringsrett', 'Accountant without signing rights', 'client'),
  role('A0241', 13685, 'Regnskapsfører lønn', 'Rekneskapsførar løn', 'Payroll accountant', 'client'),
  role('A0237', 13684, 'Ansvarlig revisor', 'Ansvarleg revisor', 'Responsible auditor', 'client'),
  role('A0238', 13688, 'Revisormedarbeider', 'Revisormedarbeidar', 'Assistant auditor', 'client'),
  role('EKTJ', 30710, 'Eksplisitt tjenestedelegering', 'Eksplisitt tenestedelegering', 'Explicit service delegation', 'none'),
  role('FAGUT', 84, 'Sluttbrukersystem', 'Sluttbrukarsystem', 'End-user system', 'none'),
];

const byCode = new Map(altinnRoles.map((r) => [r.code, r]));

/** The Altinn role with this code, or undefined. */
export function findAltinnRole(code: string): AltinnRole | undefined {
  return byCode.get(code);
}

/** What the key roles of an organisation bring (everything a managing director does but main administration). */
const KEY_ROLE_BUNDLE = ['UTINN', 'LOPER', 'REGNA', 'SISKD', 'SIGNE', 'ADMAI', 'KLADM', 'A0236', 'A0278', 'UTOMR', 'UILUF', 'UIHTL', 'KOMAB', 'A0212', 'PAVAD', 'PASIG', 'APIADM'];

/**
 * ER role → the Altinn roles it brings in the same organisation (and its sub-units). HADM comes with the
 * ER roles the reference names (INNH, LEDE, DTPR, DTSO, BEST, DAGL). REGN and REVI, held by a firm in a
 * client, bring the client roles. Roles not listed here bring no rights (board members, contact persons,
 * structural relations), as in Altinn.
 */
export const erToAltinnRoles: Readonly<Record<string, readonly string[]>> = {
  DAGL: [...KEY_ROLE_BUNDLE, 'HADM'],
  LEDE: [...KEY_ROLE_BUNDLE, 'HADM'],
  INNH: [...KEY_ROLE_BUNDLE, 'HADM'],
  DTPR: [...KEY_ROLE_BUNDLE, 'HADM'],
  DTSO: [...KEY_ROLE_BUNDLE, 'HADM'],
  BEST: [...KEY_ROLE_BUNDLE, 'HADM'],
  KOMP: KEY_ROLE_BUNDLE,
  REPR: KEY_ROLE_BUNDLE,
  BOBE: KEY_ROLE_BUNDLE,
  REGN: ['A0239', 'A0240', 'A0241'],
  REVI: ['A0237', 'A0238'],
};

/** ER roles whose holders may pass main administration (HADM) on (Altinn: only DAGL, LEDE, INNH and BEST). */
export const MAY_DELEGATE_MAIN_ADMINISTRATION: ReadonlySet<string> = new Set(['DAGL', 'LEDE', 'INNH', 'BEST']);

/** ER roles that make a person one of the organisation's own role holders (a delegation to the organisation reaches them). */
export const KEY_ER_ROLES: ReadonlySet<string> = new Set(['DAGL', 'LEDE', 'INNH', 'DTPR', 'DTSO', 'BEST', 'KOMP', 'REPR', 'BOBE']);
