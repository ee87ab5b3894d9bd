import { Button, Dialog, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useId } from 'react';
import { ApiError } from '../../api.ts';
import { format, useFormatters, useLanguage, useTexts } from '../../i18n.tsx';
import { spacedOrgno, type Delegation, type PartyRef, type RoleCatalog, type Service } from './model.ts';
import { rightsTexts } from './texts.ts';

export type RightsTexts = Record<keyof (typeof rightsTexts)['nb'], string>;

/** "Kari Nordmann" or "Fjordlys Regnskap AS (310 000 116)". */
export function partyLabel(p: PartyRef): string {
  return p.type === 'organization' ? `${p.name} (${spacedOrgno(p.orgno)})` : p.name;
}

/** Names of roles, services and operations in the person's language. */
export function useNames(roles: RoleCatalog | undefined, services: readonly Service[] | undefined) {
  const { language } = useLanguage();
  const t = useTexts(rightsTexts);
  const role = (code: string) => {
    const found = roles?.altinnRoles.find((r) => r.code === code);
    return found ? `${found.name[language]} (${code})` : code;
  };
  const erRole = (code: string) => roles?.erRoles.find((r) => r.code === code)?.name[language] ?? code;
  const service = (code: string, edition: number) => {
    const found = services?.find((s) => s.serviceCode === code && s.serviceEditionCode === edition);
    return found ? found.name[language] : format(t.unknownService, { code: `${code}/${edition}` });
  };
  const operation = (op: string) => (t as Record<string, string>)[`op${op}`] ?? op;
  const verb = (op: string) => (t as Record<string, string>)[`verb${op}`] ?? op;
  /** What a delegation gives: "Regnskapsmedarbeider (REGNA)" or "A-melding (test): Lese, Skrive". */
  const given = (d: Pick<Delegation, 'role' | 'right'>) =>
    d.role ? `${d.role.name[language]} (${d.role.code})` : d.right ? format(t.rightOn, { service: service(d.right.serviceCode, d.right.serviceEditionCode), operations: d.right.operations.map(operation).join(', ') }) : '';
  return { role, erRole, service, operation, verb, given };
}

/** The end of the chosen day, local time: a delegation valid "to 31 May" works all of 31 May. */
export function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A person's birth date or an organisation's number, to tell namesakes apart. */
export function PartyDetail({ party }: { party: PartyRef }) {
  const t = useTexts(rightsTexts);
  const { date } = useFormatters();
  return <span className="rights-detail">{party.type === 'person' ? format(t.born, { date: date(`${party.birthDate}T12:00:00Z`) }) : format(t.orgno, { orgno: spacedOrgno(party.orgno) })}</span>;
}

/** Field → message, from a refused delegation; `general` when it belongs to no field. */
export type DelegationErrors = Partial<Record<'role' | 'service' | 'operations' | 'ssn' | 'lastName' | 'orgno' | 'validTo' | 'client' | 'general', string>>;

/** Spreads a refused delegation over the form's fields, in the person's language. */
export function delegationErrors(error: unknown, t: RightsTexts, recipientKind: 'person' | 'organization'): DelegationErrors {
  if (!(error instanceof ApiError)) return {};
  const who = recipientKind === 'person' ? 'ssn' : 'orgno';
  switch (error.code) {
    case 'AUTZ-00003':
      return { lastName: t.errRecipientNotFound };
    case 'AUTZ-00002':
      return { role: t.errNotDelegable };
    case 'AUTZ-00010':
      return { role: t.errMainAdministration };
    case 'AUTZ-00006':
      return { role: t.errFirmNotClient };
    case 'AUTZ-00004':
      return { [who]: t.errSelf };
    case 'AUTZ-00011':
      return { validTo: t.errValidToPast };
    case 'REG-00001':
    case 'REG-00002':
    case 'REG-00003':
    case 'REG-00004':
    case 'REG-00005':
      return { ssn: t.errSsnInvalid };
    case 'REG-00006':
    case 'REG-00007':
      return { orgno: t.errOrgnoInvalid };
    case 'REG-00008':
      return { orgno: t.errOrgNotFound };
    default:
      return {};
  }
}

/** Problem texts for refusals that belong to the form as a whole. */
export function delegationProblemTexts(t: RightsTexts): Record<string, string> {
  return {
    'AUTZ-00005': t.errFirmRequired,
    'AUTZ-00007': t.errNotClientAdministrator,
    'AUTZ-00008': t.errClientRoleToPersons,
    'AUTZ-00009': t.errNotAllowedToDelegate,
    'AUTZ-00013': t.errNotAdministrator,
    'AUTZ-00016': t.errServiceNotFound,
    'AUTZ-00021': t.errCannotDelegateRight,
    'AUTZ-00012': t.errDelegationNotFound,
    'PLAT-00018': t.errLevel,
  };
}

/** The confirmation step before a delegation is revoked. */
export function RevokeDialog({ pending, busy, onConfirm, onCancel }: { pending: { who: string; what: string; reportee: string } | undefined; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const t = useTexts(rightsTexts);
  const titleId = useId();
  return (
    <Dialog open={pending !== undefined} onClose={onCancel} closeButton={t.close} aria-labelledby={titleId}>
      <Dialog.Block>
        <Heading level={2} data-size="xs" id={titleId}>
          {t.revokeTitle}
        </Heading>
      </Dialog.Block>
      <Dialog.Block className="stack">
        {pending && <Paragraph>{format(t.revokeText, pending)}</Paragraph>}
        <div className="row">
          <Button data-color="danger" onClick={onConfirm} disabled={busy}>
            {t.revokeConfirm}
          </Button>
          <Button variant="secondary" onClick={onCancel} autoFocus>
            {t.cancel}
          </Button>
        </div>
      </Dialog.Block>
    </Dialog>
  );
}
