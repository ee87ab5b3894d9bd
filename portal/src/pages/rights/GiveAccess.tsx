import { Alert, Button, Checkbox, Field, Fieldset, Heading, Label, Paragraph, Radio, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { useId, useState, type FormEvent } from 'react';
import { api, url } from '../../api.ts';
import { format, useLanguage, useTexts } from '../../i18n.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { serviceKey, serviceOperations, type Delegation, type MyRights, type Operation, type RoleCatalog, type Service } from './model.ts';
import { delegationErrors, delegationProblemTexts, endOfDay, todayIso, useNames, type DelegationErrors } from './parts.tsx';
import { rightsTexts } from './texts.ts';
import { focusFirstError } from '../../ui/field-errors.ts';

const ORDER = ['role', 'service', 'operations', 'ssn', 'lastName', 'orgno', 'validTo'] as const;

/**
 * Section d (administrators): give a role, or a right on a single service, to a person (national id and
 * last name, as Altinn asks) or an organisation (organisation number), optionally until a date.
 */
export function GiveAccess({ reportee, rights, roles, services, onShowAccess }: { reportee: string; rights: MyRights; roles: RoleCatalog | undefined; services: Service[]; onShowAccess(): void }) {
  const t = useTexts(rightsTexts);
  const { language } = useLanguage();
  const names = useNames(roles, services);
  const headingId = useId();
  const [what, setWhat] = useState<'role' | 'right'>('role');
  const [roleCode, setRoleCode] = useState('');
  const [serviceValue, setServiceValue] = useState('');
  const [operations, setOperations] = useState<Operation[]>([]);
  const [to, setTo] = useState<'person' | 'organization'>('person');
  const [ssn, setSsn] = useState('');
  const [lastName, setLastName] = useState('');
  const [orgno, setOrgno] = useState('');
  const [validTo, setValidTo] = useState('');
  const [errors, setErrors] = useState<DelegationErrors>({});
  const [error, setError] = useState<unknown>();
  const [given, setGiven] = useState<string>();
  const [busy, setBusy] = useState(false);

  // Roles an administrator may give: every delegable role but client roles (those come through a firm).
  const delegable = (roles?.altinnRoles ?? []).filter((r) => r.delegability === 'standard' || r.delegability === 'main');
  const service = services.find((s) => serviceKey(s) === serviceValue);
  const serviceOps = serviceOperations(service, { delegate: true });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: DelegationErrors = {};
    if (what === 'role' && !roleCode) found.role = t.chooseRole;
    if (what === 'right' && !service) found.service = t.chooseService;
    if (what === 'right' && service && operations.filter((o) => serviceOps.includes(o)).length === 0) found.operations = t.chooseOperations;
    const id = ssn.replace(/\s/g, '');
    const org = orgno.replace(/\s/g, '');
    if (to === 'person') {
      if (!/^\d{11}$/.test(id)) found.ssn = t.errSsnFormat;
      if (lastName.trim() === '') found.lastName = t.errLastNameRequired;
    } else if (!/^\d{9}$/.test(org)) found.orgno = t.errOrgnoFormat;
    if (validTo !== '' && validTo < todayIso()) found.validTo = t.errValidToPast;
    setErrors(found);
    setError(undefined);
    setGiven(undefined);
    if (Object.keys(found).length > 0) {
      focusFirstError(found, ORDER, 'give');
      return;
    }
    setBusy(true);
    try {
      const body = {
        ...(what === 'role' ? { roleCode } : { right: { serviceCode: service!.serviceCode, serviceEditionCode: service!.serviceEditionCode, operations: operations.filter((o) => serviceOps.includes(o)) } }),
        to: to === 'person' ? { ssn: id, lastName: lastName.trim() } : { orgno: org },
        ...(validTo ? { validTo: endOfDay(validTo) } : {}),
      };
      const d = await api<Delegation>('POST', url`/api/v1/reportees/${reportee}/delegations`, body);
      setGiven(format(t.given, { who: d.recipient.name, what: names.given(d), reportee: rights.reportee.name }));
      setSsn('');
      setLastName('');
      setOrgno('');
      setValidTo('');
    } catch (err) {
      const fields = delegationErrors(err, t, to);
      if (Object.keys(fields).length > 0) {
        setErrors(fields);
        focusFirstError(fields, ORDER, 'give');
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (op: Operation, on: boolean) => setOperations((ops) => (on ? [...ops, op] : ops.filter((o) => o !== op)));

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.giveHeading}
      </Heading>
      <Paragraph>{format(t.giveIntro, { reportee: rights.reportee.name })}</Paragraph>
      <ProblemAlert error={error} texts={delegationProblemTexts(t)} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Fieldset>
          <Fieldset.Legend>{t.whatToGive}</Fieldset.Legend>
          <Radio label={t.giveRole} name="give-what" value="role" checked={what === 'role'} onChange={() => setWhat('role')} />
          <Radio label={t.giveRight} name="give-what" value="right" checked={what === 'right'} onChange={() => setWhat('right')} />
        </Fieldset>
        {what === 'role' ? (
          <Field>
            <Label htmlFor="give-role">{t.role}</Label>
            <Field.Description>{t.roleHelp}</Field.Description>
            <Select id="give-role" value={roleCode} onChange={(e) => setRoleCode(e.target.value)} aria-invalid={errors.role ? true : undefined}>
              <Select.Option value="">{t.chooseRoleOption}</Select.Option>
              {delegable.map((r) => (
                <Select.Option key={r.code} value={r.code}>
                  {`${r.name[language]} (${r.code})`}
                </Select.Option>
              ))}
            </Select>
            {errors.role && <ValidationMessage>{errors.role}</ValidationMessage>}
          </Field>
        ) : (
          <>
            <Field>
              <Label htmlFor="give-service">{t.service}</Label>
              <Select
                id="give-service"
                value={serviceValue}
                onChange={(e) => {
                  setServiceValue(e.target.value);
                  setOperations([]);
                }}
                aria-invalid={errors.service ? true : undefined}
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
            {service && (
              <Fieldset id="give-operations" tabIndex={-1} aria-invalid={errors.operations ? true : undefined}>
                <Fieldset.Legend>{t.operations}</Fieldset.Legend>
                {serviceOps.map((o) => (
                  <Checkbox key={o} label={names.operation(o)} value={o} checked={operations.includes(o)} onChange={(e) => toggle(o, e.target.checked)} />
                ))}
                {errors.operations && <ValidationMessage>{errors.operations}</ValidationMessage>}
              </Fieldset>
            )}
          </>
        )}
        <Fieldset>
          <Fieldset.Legend>{t.toWhom}</Fieldset.Legend>
          <Radio label={t.toPerson} name="give-to" value="person" checked={to === 'person'} onChange={() => setTo('person')} />
          <Radio label={t.toOrganization} name="give-to" value="organization" checked={to === 'organization'} onChange={() => setTo('organization')} />
        </Fieldset>
        {to === 'person' ? (
          <>
            <Textfield id="give-ssn" label={t.ssn} inputMode="numeric" autoComplete="off" value={ssn} onChange={(e) => setSsn(e.target.value)} error={errors.ssn} />
            <Textfield id="give-lastName" label={t.lastName} description={t.lastNameHelp} autoComplete="off" value={lastName} onChange={(e) => setLastName(e.target.value)} error={errors.lastName} />
          </>
        ) : (
          <Textfield id="give-orgno" label={t.orgnoLabel} inputMode="numeric" autoComplete="off" value={orgno} onChange={(e) => setOrgno(e.target.value)} error={errors.orgno} />
        )}
        <Textfield id="give-validTo" type="date" label={t.validTo} description={t.validToHelp} value={validTo} min={todayIso()} onChange={(e) => setValidTo(e.target.value)} error={errors.validTo} />
        <Button type="submit" disabled={busy}>
          {t.giveSubmit}
        </Button>
      </form>
      <div role="status">
        {given && (
          <Alert data-color="success">
            <Paragraph>{given}</Paragraph>
            <Button variant="tertiary" data-size="sm" onClick={onShowAccess}>
              {t.showAccess}
            </Button>
          </Alert>
        )}
      </div>
    </section>
  );
}
