import { Alert, Button, Field, Heading, Label, Paragraph, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { LANGUAGES, useLanguage, useTexts, type Language } from '../../i18n.tsx';
import { languageNames } from '../../texts.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormErrors } from '../../ui/field-errors.ts';
import type { MobileSync } from './ProfilePage.tsx';
import { profileTexts } from './texts.ts';

export interface MyProfile {
  partyId: number;
  ssn: string;
  name: string;
  language: Language;
  email: string | null;
  mobile: string | null;
  isReserved: boolean;
}

const FIELDS = ['email', 'mobile', 'language'] as const;

/** My profile: name (read-only), e-mail, mobile and language; a new language switches the portal too. */
export function ContactForm({ initial, mobileSync, onMobileSaved }: { initial: MyProfile; mobileSync: MobileSync; onMobileSaved(mobile: string | null): void }) {
  const t = useTexts(profileTexts);
  const { setLanguage } = useLanguage();
  const headingId = useId();
  const [saved, setSaved] = useState(initial);
  const [email, setEmail] = useState(initial.email ?? '');
  const [mobile, setMobile] = useState(initial.mobile ?? '');
  const [language, setLang] = useState<Language>(initial.language);
  const form = useFormErrors(FIELDS, 'profile');
  const { errors, error } = form;
  const [status, setStatus] = useState<'saved' | 'unchanged' | undefined>();
  const [busy, setBusy] = useState(false);

  // A mobile number saved under advanced settings is the same number.
  useEffect(() => {
    if (mobileSync.round === 0 || mobileSync.from === 'contact') return;
    setMobile(mobileSync.value ?? '');
    setSaved((s) => ({ ...s, mobile: mobileSync.value }));
  }, [mobileSync]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.check();
    setStatus(undefined);
    const change: Partial<Pick<MyProfile, 'email' | 'mobile' | 'language'>> = {};
    const newEmail = email.trim() === '' ? null : email.trim();
    const newMobile = mobile.trim() === '' ? null : mobile.trim();
    if (newEmail !== saved.email) change.email = newEmail;
    if (newMobile !== saved.mobile) change.mobile = newMobile;
    if (language !== saved.language) change.language = language;
    if (Object.keys(change).length === 0) {
      setStatus('unchanged');
      return;
    }
    setBusy(true);
    try {
      const answer = await api<MyProfile>('PUT', '/api/v1/profile', change);
      setSaved(answer);
      setEmail(answer.email ?? '');
      setMobile(answer.mobile ?? '');
      setLang(answer.language);
      if (change.mobile !== undefined) onMobileSaved(answer.mobile);
      if (change.language !== undefined) setLanguage(answer.language);
      setStatus('saved');
    } catch (err) {
      form.fail(err, {
        byCode: { 'PROF-00001': t.invalidMobile, 'PROF-00002': t.invalidEmail, 'PROF-00003': t.invalidValue, 'PROF-00009': t.mobileNeedsLevel2 },
        fields: { 'PROF-00003': 'language', 'PROF-00009': 'mobile' },
        schema: { maxLength: t.tooLong, other: t.invalidValue },
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="profile-section" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.profileHeading}
      </Heading>
      <dl className="profile-facts">
        <dt>{t.name}</dt>
        <dd>{saved.name}</dd>
        <dt>{t.ssn}</dt>
        <dd>{saved.ssn}</dd>
      </dl>
      <Paragraph data-size="sm">{t.nameNote}</Paragraph>
      <ProblemAlert error={error} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Textfield
          id="profile-email"
          label={t.email}
          description={t.emailHelp}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <Textfield
          id="profile-mobile"
          label={t.mobile}
          description={t.mobileHelp}
          type="tel"
          autoComplete="tel"
          value={mobile}
          onChange={(e) => setMobile(e.target.value)}
          error={errors.mobile}
        />
        <Field>
          <Label htmlFor="profile-language">{t.language}</Label>
          <Field.Description>{t.languageHelp}</Field.Description>
          <Select id="profile-language" value={language} onChange={(e) => setLang(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <Select.Option key={l} value={l} lang={l}>
                {languageNames[l]}
              </Select.Option>
            ))}
          </Select>
          {errors.language && <ValidationMessage>{errors.language}</ValidationMessage>}
        </Field>
        <Button type="submit" disabled={busy}>
          {t.saveProfile}
        </Button>
        <div role="status">
          {status && (
            <Alert data-color={status === 'saved' ? 'success' : 'info'}>
              <Paragraph>{status === 'saved' ? t.profileSaved : t.nothingChanged}</Paragraph>
            </Alert>
          )}
        </div>
      </form>
    </section>
  );
}
