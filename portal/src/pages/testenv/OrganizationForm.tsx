import { Alert, Button, Field, Heading, Label, Paragraph, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { format, useTexts } from '../../i18n.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { fieldErrors, type FieldErrors } from './fields.ts';
import { testenvTexts } from './texts.ts';
import { focusFirstError } from '../../ui/field-errors.ts';

interface TestOrganization {
  orgno: string;
  name: string;
  organizationForm: string;
  unitType: 'main' | 'sub';
  parentOrgno: string | null;
  partyId: number;
  dagl: { ssn: string; name: string; partyId: number };
}

/** Organisation forms offered (register's catalogue has more; these cover the usual test cases). */
const FORMS = ['AS', 'ASA', 'ENK', 'ANS', 'DA', 'NUF', 'SA', 'STI', 'FLI', 'BEDR', 'AAFY'] as const;

const ORDER = ['name', 'organizationForm', 'parentOrgno', 'daglSsn', 'email', 'mobile'] as const;

/** A synthetic organisation with a managing director (POST /api/v1/testenv/organizations). */
export function OrganizationForm({ onLogIn }: { onLogIn(ssn: string): void }) {
  const t = useTexts(testenvTexts);
  const headingId = useId();
  const [form, setForm] = useState({ name: '', organizationForm: '', parentOrgno: '', daglSsn: '', email: '', mobile: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<TestOrganization>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const formName = (code: string) => (t as Record<string, string>)[`form${code}`] ?? code;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    const parent = form.parentOrgno.replace(/\s/g, '');
    const dagl = form.daglSsn.replace(/\s/g, '');
    if (parent !== '' && !/^\d{9}$/.test(parent)) found.parentOrgno = t.errOrgnoFormat;
    if (dagl !== '' && !/^\d{11}$/.test(dagl)) found.daglSsn = t.errSsnFormat;
    setErrors(found);
    setError(undefined);
    setCreated(undefined);
    if (Object.keys(found).length > 0) {
      focusFirstError(found, ORDER, 'org');
      return;
    }
    const body: Record<string, unknown> = {};
    if (form.name.trim() !== '') body.name = form.name.trim();
    if (form.organizationForm !== '') body.organizationForm = form.organizationForm;
    if (parent !== '') body.parentOrgno = parent;
    if (dagl !== '') body.daglSsn = dagl;
    if (form.email.trim() !== '' || form.mobile.trim() !== '') {
      body.notificationAddresses = { ...(form.email.trim() ? { emails: [form.email.trim()] } : {}), ...(form.mobile.trim() ? { mobiles: [form.mobile.trim()] } : {}) };
    }
    setBusy(true);
    try {
      setCreated(await api<TestOrganization>('POST', '/api/v1/testenv/organizations', body, { anonymous: true }));
      setForm({ name: '', organizationForm: '', parentOrgno: '', daglSsn: '', email: '', mobile: '' });
    } catch (err) {
      const fields = fieldErrors(
        err,
        ORDER,
        {
          'REG-00006': { field: 'parentOrgno', text: t.errOrgnoInvalid },
          'REG-00007': { field: 'parentOrgno', text: t.errOrgnoInvalid },
          'REG-00008': { field: 'parentOrgno', text: t.errParentNotFound },
          'REG-00014': { field: 'organizationForm', text: t.errStructure },
          'REG-00015': { field: 'organizationForm', text: t.errForm },
          'REG-00017': { field: 'name', text: t.errName },
          'REG-00009': { field: 'daglSsn', text: t.errPersonNotFound },
          'REG-00001': { field: 'daglSsn', text: t.errSsnInvalid },
          'REG-00002': { field: 'daglSsn', text: t.errSsnInvalid },
          'REG-00003': { field: 'daglSsn', text: t.errSsnInvalid },
          'REG-00004': { field: 'daglSsn', text: t.errSsnInvalid },
          'REG-00005': { field: 'daglSsn', text: t.errSsnInvalid },
          'PROF-00001': { field: 'mobile', text: t.errMobile },
          'PROF-00002': { field: 'email', text: t.errEmail },
        },
        t.errInvalid,
      );
      if (Object.keys(fields).length > 0) {
        setErrors(fields);
        focusFirstError(fields, ORDER, 'org');
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.orgHeading}
      </Heading>
      <Paragraph>{t.orgIntro}</Paragraph>
      <ProblemAlert error={error} texts={{ 'TEST-00003': t.errIdSpace }} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Textfield id="org-name" label={t.orgName} description={t.generatedWhenEmpty} autoComplete="off" value={form.name} onChange={set('name')} error={errors.name} />
        <Field>
          <Label htmlFor="org-organizationForm">{t.orgForm}</Label>
          <Field.Description>{t.orgFormHelp}</Field.Description>
          <Select id="org-organizationForm" value={form.organizationForm} onChange={set('organizationForm')} aria-invalid={errors.organizationForm ? true : undefined}>
            <Select.Option value="">{t.orgFormDefault}</Select.Option>
            {FORMS.map((f) => (
              <Select.Option key={f} value={f}>
                {`${formName(f)} (${f})`}
              </Select.Option>
            ))}
          </Select>
          {errors.organizationForm && <ValidationMessage>{errors.organizationForm}</ValidationMessage>}
        </Field>
        <Textfield id="org-parentOrgno" label={t.parentOrgno} description={t.parentOrgnoHelp} inputMode="numeric" autoComplete="off" value={form.parentOrgno} onChange={set('parentOrgno')} error={errors.parentOrgno} />
        <Textfield id="org-daglSsn" label={t.daglSsn} description={t.daglSsnHelp} inputMode="numeric" autoComplete="off" value={form.daglSsn} onChange={set('daglSsn')} error={errors.daglSsn} />
        <Textfield id="org-email" type="email" label={t.notificationEmail} autoComplete="off" value={form.email} onChange={set('email')} error={errors.email} />
        <Textfield id="org-mobile" type="tel" label={t.notificationMobile} autoComplete="off" value={form.mobile} onChange={set('mobile')} error={errors.mobile} />
        <Button type="submit" disabled={busy}>
          {t.createOrg}
        </Button>
      </form>
      <div role="status">
        {created && (
          <Alert data-color="success">
            <Heading level={3} data-size="xs">
              {format(t.orgCreated, { name: created.name })}
            </Heading>
            <dl className="testenv-facts">
              <dt>{t.orgnoLabel}</dt>
              <dd className="testenv-code">{created.orgno}</dd>
              <dt>{t.orgForm}</dt>
              <dd>{`${formName(created.organizationForm)} (${created.organizationForm})`}</dd>
              {created.parentOrgno && (
                <>
                  <dt>{t.parentOrgno}</dt>
                  <dd>{created.parentOrgno}</dd>
                </>
              )}
              <dt>{t.dagl}</dt>
              <dd>
                {created.dagl.name}, <span className="testenv-code">{created.dagl.ssn}</span>
              </dd>
            </dl>
            <Button variant="secondary" data-size="sm" onClick={() => onLogIn(created.dagl.ssn)}>
              {format(t.logInAs, { name: created.dagl.name })}
            </Button>
          </Alert>
        )}
      </div>
    </section>
  );
}
