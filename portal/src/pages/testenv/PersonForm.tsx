import { Alert, Button, Checkbox, Field, Fieldset, Heading, Label, Paragraph, Radio, Select, Textfield } from '@digdir/designsystemet-react';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { format, LANGUAGES, useFormatters, useTexts, type Language } from '../../i18n.tsx';
import { languageNames } from '../../texts.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { fieldErrors, type FieldErrors } from './fields.ts';
import { testenvTexts } from './texts.ts';
import { focusFirstError } from '../../ui/field-errors.ts';

export interface TestPerson {
  ssn: string;
  partyId: number;
  name: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  birthDate: string;
  isDNumber: boolean;
  mobile: string | null;
  email: string | null;
  language: Language;
  username: string | null;
}

const ORDER = ['firstName', 'middleName', 'lastName', 'birthDate', 'ssn', 'mobile', 'email', 'username'] as const;

/** A synthetic person (POST /api/v1/testenv/persons): what is left empty is generated. */
export function PersonForm({ onLogIn }: { onLogIn(ssn: string): void }) {
  const t = useTexts(testenvTexts);
  const { date } = useFormatters();
  const headingId = useId();
  const [form, setForm] = useState({ firstName: '', middleName: '', lastName: '', birthDate: '', ssn: '', mobile: '', email: '', username: '' });
  const [kind, setKind] = useState<'fnr' | 'dnr'>('fnr');
  const [noMobile, setNoMobile] = useState(false);
  const [language, setLanguage] = useState<Language>('nb');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<TestPerson>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    const ssn = form.ssn.replace(/\s/g, '');
    if (ssn !== '' && !/^\d{11}$/.test(ssn)) found.ssn = t.errSsnFormat;
    if (form.birthDate !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(form.birthDate)) found.birthDate = t.errDate;
    setErrors(found);
    setError(undefined);
    setCreated(undefined);
    if (Object.keys(found).length > 0) {
      focusFirstError(found, ORDER, 'person');
      return;
    }
    const body: Record<string, unknown> = { kind, language };
    for (const key of ['firstName', 'middleName', 'lastName', 'birthDate', 'email', 'username'] as const) if (form[key].trim() !== '') body[key] = form[key].trim();
    if (ssn !== '') body.ssn = ssn;
    if (noMobile) body.mobile = null;
    else if (form.mobile.trim() !== '') body.mobile = form.mobile.trim();
    setBusy(true);
    try {
      setCreated(await api<TestPerson>('POST', '/api/v1/testenv/persons', body, { anonymous: true }));
      setForm({ firstName: '', middleName: '', lastName: '', birthDate: '', ssn: '', mobile: '', email: '', username: '' });
    } catch (err) {
      const fields = fieldErrors(
        err,
        ORDER,
        {
          'REG-00001': { field: 'ssn', text: t.errSsnInvalid },
          'REG-00002': { field: 'ssn', text: t.errSsnInvalid },
          'REG-00003': { field: 'ssn', text: t.errSsnInvalid },
          'REG-00004': { field: 'ssn', text: t.errSsnInvalid },
          'REG-00005': { field: 'ssn', text: t.errSsnInvalid },
          'REG-00010': { field: 'ssn', text: t.errSsnTaken },
          'REG-00017': { field: 'firstName', text: t.errName },
          'PROF-00001': { field: 'mobile', text: t.errMobile },
          'PROF-00002': { field: 'email', text: t.errEmail },
          'PROF-00004': { field: 'username', text: t.errUsername },
          'PROF-00005': { field: 'username', text: t.errUsernameTaken },
        },
        t.errInvalid,
      );
      if (Object.keys(fields).length > 0) {
        setErrors(fields);
        focusFirstError(fields, ORDER, 'person');
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.personHeading}
      </Heading>
      <Paragraph>{t.personIntro}</Paragraph>
      <ProblemAlert error={error} texts={{ 'TEST-00003': t.errIdSpace }} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Textfield id="person-firstName" label={t.firstName} autoComplete="off" value={form.firstName} onChange={set('firstName')} error={errors.firstName} />
        <Textfield id="person-middleName" label={t.middleName} autoComplete="off" value={form.middleName} onChange={set('middleName')} error={errors.middleName} />
        <Textfield id="person-lastName" label={t.lastName} autoComplete="off" value={form.lastName} onChange={set('lastName')} error={errors.lastName} />
        <Textfield id="person-birthDate" type="date" label={t.birthDate} value={form.birthDate} onChange={set('birthDate')} error={errors.birthDate} />
        <Fieldset>
          <Fieldset.Legend>{t.kind}</Fieldset.Legend>
          <Radio label={t.kindFnr} name="person-kind" value="fnr" checked={kind === 'fnr'} onChange={() => setKind('fnr')} />
          <Radio label={t.kindDnr} name="person-kind" value="dnr" checked={kind === 'dnr'} onChange={() => setKind('dnr')} />
        </Fieldset>
        <Textfield id="person-ssn" label={t.ssnOptional} description={t.ssnHelp} inputMode="numeric" autoComplete="off" value={form.ssn} onChange={set('ssn')} error={errors.ssn} />
        <Textfield id="person-mobile" type="tel" label={t.mobile} description={t.mobileHelp} autoComplete="off" value={form.mobile} disabled={noMobile} onChange={set('mobile')} error={errors.mobile} />
        <Checkbox label={t.noMobile} checked={noMobile} onChange={(e) => setNoMobile(e.target.checked)} />
        <Textfield id="person-email" type="email" label={t.email} autoComplete="off" value={form.email} onChange={set('email')} error={errors.email} />
        <Field>
          <Label htmlFor="person-language">{t.language}</Label>
          <Select id="person-language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <Select.Option key={l} value={l} lang={l}>
                {languageNames[l]}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Textfield id="person-username" label={t.username} autoComplete="off" value={form.username} onChange={set('username')} error={errors.username} />
        <Button type="submit" disabled={busy}>
          {t.createPerson}
        </Button>
      </form>
      <div role="status">
        {created && (
          <Alert data-color="success">
            <Heading level={3} data-size="xs">
              {format(t.personCreated, { name: created.name })}
            </Heading>
            <dl className="testenv-facts">
              <dt>{created.isDNumber ? t.dnr : t.ssn}</dt>
              <dd className="testenv-code">{created.ssn}</dd>
              <dt>{t.birthDate}</dt>
              <dd>{date(`${created.birthDate}T12:00:00Z`)}</dd>
              <dt>{t.mobile}</dt>
              <dd>{created.mobile ?? t.none}</dd>
              <dt>{t.email}</dt>
              <dd>{created.email ?? t.none}</dd>
              <dt>{t.username}</dt>
              <dd>{created.username ?? t.none}</dd>
            </dl>
            <Button variant="secondary" data-size="sm" onClick={() => onLogIn(created.ssn)}>
              {format(t.logInAs, { name: created.name })}
            </Button>
          </Alert>
        )}
      </div>
    </section>
  );
}
