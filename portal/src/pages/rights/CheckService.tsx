import { Alert, Button, Field, Heading, Label, List, Paragraph, Select, ValidationMessage } from '@digdir/designsystemet-react';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { format, useFormatters, useLanguage, useTexts } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { joinNames, serviceKey, serviceOperations, type Decision, type DenyReason, type MyRights, type Operation, type RoleCatalog, type Service } from './model.ts';
import { delegationProblemTexts, partyLabel, useNames } from './parts.tsx';
import { rightsTexts } from './texts.ts';

interface Asked {
  service: Service;
  operation: Operation;
  decision: Decision;
}

/**
 * Section b: may I use this service for the reportee? Tinn's decision, and on a denial every reason in the
 * words of seed 004 with who can fix it (the main administrators by name, or the service owner for SRR).
 */
export function CheckService({ reportee, rights, roles, services }: { reportee: string; rights: MyRights; roles: RoleCatalog | undefined; services: Service[] }) {
  const t = useTexts(rightsTexts);
  const { language } = useLanguage();
  const { session } = useSession();
  const { date } = useFormatters();
  const names = useNames(roles, services);
  const headingId = useId();
  const [serviceValue, setServiceValue] = useState('');
  const [operation, setOperation] = useState<Operation | ''>('');
  const [errors, setErrors] = useState<{ service?: string; operation?: string }>({});
  const [asked, setAsked] = useState<Asked>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const service = services.find((s) => serviceKey(s) === serviceValue);
  const operations = serviceOperations(service, { delegate: true });
  const reporteeName = rights.reportee.name;

  const check = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!service) found.service = t.chooseService;
    else if (!operation || !operations.includes(operation)) found.operation = t.chooseOperation;
    setErrors(found);
    setError(undefined);
    if (found.service || found.operation) {
      document.getElementById(found.service ? 'check-service' : 'check-operation')?.focus();
      return;
    }
    setBusy(true);
    try {
      const decision = await api<Decision>('POST', '/api/v1/authz/decision', { reportee, serviceCode: service!.serviceCode, serviceEditionCode: service!.serviceEditionCode, operation });
      setAsked({ service: service!, operation: operation as Operation, decision });
    } catch (err) {
      setAsked(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const reasonText = (r: DenyReason, a: Asked): string => {
    const values = { reportee: reporteeName, service: a.service.name[language], operation: names.verb(a.operation) };
    switch (r.code) {
      case 'userLacksRight': {
        const needed = a.service.roleRequirements[a.operation] ?? [];
        return needed.length > 0 ? format(t.reasonUserLacksRight, { ...values, roles: joinNames(needed.map(names.role), t.or) }) : format(t.reasonUserLacksRightNoRole, values);
      }
      case 'roleExpired':
        return format(t.reasonRoleExpired, { ...values, role: r.role ? names.role(r.role) : '', date: date(r.validTo) });
      case 'securityLevelTooLow':
        return format(t.reasonSecurityLevel, { needed: a.service.minimumSecurityLevel, level: session?.securityLevel ?? '?' });
      case 'reporteeDeleted':
        return format(t.reasonReporteeDeleted, values);
      case 'srrMissing':
        return format(t.reasonSrrMissing, values);
      case 'systemOwnerLacksRight':
        return format(t.reasonSystemOwnerLacksRight, values);
      case 'userRequired':
        return format(t.reasonUserRequired, values);
      case 'notServiceOwner':
        return t.reasonNotServiceOwner;
      default:
        return format(t.reasonOther, { code: r.code });
    }
  };

  const fixText = (r: DenyReason): string | undefined => {
    const persons = r.fixedBy.filter((p) => p.type === 'person').map((p) => p.name);
    const organizations = r.fixedBy.filter((p) => p.type === 'organization').map(partyLabel);
    if (organizations.length > 0) return format(t.fixServiceOwner, { names: joinNames(organizations, t.and) });
    if (persons.length > 0) return format(t.fixAdministrators, { names: joinNames(persons, t.and), reportee: reporteeName });
    if (r.code === 'securityLevelTooLow') return t.fixLogInHigher;
    if (r.code === 'reporteeDeleted') return t.fixNobody;
    return undefined;
  };

  const granted = (code: string) => (code === 'self' ? t.grantedSelf : code === 'single right' ? t.grantedSingleRight : names.role(code));

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.checkHeading}
      </Heading>
      <Paragraph>{format(t.checkIntro, { reportee: reporteeName })}</Paragraph>
      <form className="stack narrow" onSubmit={check} noValidate>
        <Field>
          <Label htmlFor="check-service">{t.service}</Label>
          <Select
            id="check-service"
            value={serviceValue}
            aria-invalid={errors.service ? true : undefined}
            onChange={(e) => {
              setServiceValue(e.target.value);
              setOperation('');
              setAsked(undefined);
            }}
          >
            <Select.Option value="">{t.chooseServiceOption}</Select.Option>
            {services.map((s) => (
              <Select.Option key={serviceKey(s)} value={serviceKey(s)}>
                {s.name[language]}
              </Select.Option>
            ))}
          </Select>
          {errors.service && <ValidationMessage>{errors.service}</ValidationMessage>}
        </Field>
        <Field>
          <Label htmlFor="check-operation">{t.operation}</Label>
          <Select
            id="check-operation"
            value={operation}
            disabled={!service}
            aria-invalid={errors.operation ? true : undefined}
            onChange={(e) => {
              setOperation(e.target.value as Operation);
              setAsked(undefined);
            }}
          >
            <Select.Option value="">{t.chooseOperationOption}</Select.Option>
            {operations.map((o) => (
              <Select.Option key={o} value={o}>
                {names.operation(o)}
              </Select.Option>
            ))}
          </Select>
          {errors.operation && <ValidationMessage>{errors.operation}</ValidationMessage>}
        </Field>
        <Button type="submit" disabled={busy}>
          {t.check}
        </Button>
      </form>
      <ProblemAlert error={error} texts={delegationProblemTexts(t)} />
      <div role="status" className="stack">
        {asked &&
          (asked.decision.decision === 'Permit' ? (
            <Alert data-color="success">
              <Heading level={3} data-size="xs">
                {format(t.permitTitle, { operation: names.verb(asked.operation), service: asked.service.name[language], reportee: reporteeName })}
              </Heading>
              <Paragraph>{format(t.grantedBy, { roles: joinNames(asked.decision.grantedBy.map(granted), t.and) })}</Paragraph>
            </Alert>
          ) : (
            <Alert data-color="danger">
              <Heading level={3} data-size="xs">
                {format(t.denyTitle, { operation: names.verb(asked.operation), service: asked.service.name[language], reportee: reporteeName })}
              </Heading>
              <Paragraph>{asked.decision.reasons.length === 1 ? t.denyIntroOne : t.denyIntroMany}</Paragraph>
              <List.Unordered className="rights-reasons">
                {asked.decision.reasons.map((r) => {
                  const fix = fixText(r);
                  return (
                    <List.Item key={r.code}>
                      <Paragraph>{reasonText(r, asked)}</Paragraph>
                      {fix && <Paragraph className="rights-fix">{fix}</Paragraph>}
                    </List.Item>
                  );
                })}
              </List.Unordered>
            </Alert>
          ))}
      </div>
    </section>
  );
}
