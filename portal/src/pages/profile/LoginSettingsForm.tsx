import { Alert, Button, Checkbox, Fieldset, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { useTexts } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormErrors, type FieldErrors } from '../../ui/field-errors.ts';
import type { MobileSync } from './ProfilePage.tsx';
import { profileTexts } from './texts.ts';

export interface LoginSettings {
  username: string | null;
  allowSystemSubmission: boolean;
  mobile: string | null;
  hasPassword: boolean;
}

interface LoginSettingsChange {
  username?: string | null;
  mobile?: string | null;
  allowSystemSubmission?: boolean;
  currentPassword?: string;
  newPassword?: string;
}

const FIELDS = ['username', 'mobile', 'currentPassword', 'newPassword', 'repeatPassword', 'allowSystemSubmission'] as const;

/**
 * "Avanserte innstillinger": user name, mobile number for one-time codes, password (twice; the current one
 * when there is one) and "allow submission from systems with this user name and password". All or nothing.
 */
export function LoginSettingsForm({ initial, mobileSync, onMobileSaved }: { initial: LoginSettings; mobileSync: MobileSync; onMobileSaved(mobile: string | null): void }) {
  const t = useTexts(profileTexts);
  const { session } = useSession();
  const headingId = useId();
  const [saved, setSaved] = useState(initial);
  const [username, setUsername] = useState(initial.username ?? '');
  const [mobile, setMobile] = useState(initial.mobile ?? '');
  const [allow, setAllow] = useState(initial.allowSystemSubmission);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeatPassword, setRepeatPassword] = useState('');
  const form = useFormErrors(FIELDS, 'settings');
  const { errors, error } = form;
  const [status, setStatus] = useState<'saved' | 'passwordSaved' | 'unchanged' | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (mobileSync.round === 0 || mobileSync.from === 'settings') return;
    setMobile(mobileSync.value ?? '');
    setSaved((s) => ({ ...s, mobile: mobileSync.value }));
  }, [mobileSync]);

  // The first password needs a level-3 login (Tinn refuses it otherwise): say so before the person tries.
  const firstPasswordBlocked = !saved.hasPassword && (session?.securityLevel ?? 0) < 3;

  const check = (): FieldErrors => {
    const found: FieldErrors = {};
    const changingPassword = newPassword !== '' || repeatPassword !== '' || currentPassword !== '';
    if (!changingPassword) return found;
    if (newPassword === '') found.newPassword = t.newRequired;
    if (repeatPassword === '') found.repeatPassword = t.repeatRequired;
    else if (newPassword !== '' && repeatPassword !== newPassword) found.repeatPassword = t.passwordsDiffer;
    if (saved.hasPassword && currentPassword === '') found.currentPassword = t.currentRequired;
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(undefined);
    if (form.check(check())) return;
    const change: LoginSettingsChange = {};
    const newUsername = username.trim() === '' ? null : username.trim();
    const newMobile = mobile.trim() === '' ? null : mobile.trim();
    if (newUsername !== saved.username) change.username = newUsername;
    if (newMobile !== saved.mobile) change.mobile = newMobile;
    if (allow !== saved.allowSystemSubmission) change.allowSystemSubmission = allow;
    if (newPassword !== '') {
      change.newPassword = newPassword;
      if (saved.hasPassword) change.currentPassword = currentPassword;
    }
    if (Object.keys(change).length === 0) {
      setStatus('unchanged');
      return;
    }
    setBusy(true);
    try {
      const answer = await api<LoginSettings>('PUT', '/api/v1/profile/login-settings', change);
      setSaved(answer);
      setUsername(answer.username ?? '');
      setMobile(answer.mobile ?? '');
      setAllow(answer.allowSystemSubmission);
      setCurrentPassword('');
      setNewPassword('');
      setRepeatPassword('');
      if (change.mobile !== undefined) onMobileSaved(answer.mobile);
      setStatus(change.newPassword !== undefined ? 'passwordSaved' : 'saved');
    } catch (err) {
      // AUTN-00009 (level too low) is about the first password when one was sent, else about the mobile number.
      const levelField = change.newPassword !== undefined && !saved.hasPassword ? 'newPassword' : 'mobile';
      form.fail(err, {
        byCode: {
          'PROF-00001': t.invalidMobile,
          'PROF-00004': t.invalidUsername,
          'PROF-00005': t.usernameTaken,
          'AUTN-00007': t.weakPassword,
          'AUTN-00008': t.wrongCurrent,
          'AUTN-00009': levelField === 'newPassword' ? t.firstPasswordNeedsLevel3 : t.mobileNeedsLevel2,
        },
        fields: { 'PROF-00005': 'username', 'AUTN-00008': 'currentPassword', 'AUTN-00009': levelField, 'AUTN-00007': 'newPassword' },
        // A user name is a string of at most 50 characters or null: a schema failure there is its length.
        schema: { maxLength: t.tooLong, other: t.invalidValue, byField: { username: t.invalidUsername } },
      });
    } finally {
      setBusy(false);
    }
  };

  const statusText = status === 'saved' ? t.settingsSaved : status === 'passwordSaved' ? t.passwordSaved : status === 'unchanged' ? t.nothingChanged : undefined;
  return (
    <section className="profile-section" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.advancedHeading}
      </Heading>
      <Paragraph>{t.advancedIntro}</Paragraph>
      <ProblemAlert error={error} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Heading level={3} data-size="sm">
          {t.loginInfo}
        </Heading>
        <Textfield
          id="settings-username"
          label={t.username}
          description={t.usernameHelp}
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={errors.username}
        />
        <Textfield
          id="settings-mobile"
          label={t.otpMobile}
          description={t.otpMobileHelp}
          type="tel"
          autoComplete="tel"
          value={mobile}
          onChange={(e) => setMobile(e.target.value)}
          error={errors.mobile}
        />
        <Fieldset>
          <Fieldset.Legend>{saved.hasPassword ? t.changePassword : t.createPassword}</Fieldset.Legend>
          <Fieldset.Description>{saved.hasPassword ? t.keepPassword : firstPasswordBlocked ? t.firstPasswordLevel : t.noPasswordYet}</Fieldset.Description>
          {saved.hasPassword && (
            <Textfield
              id="settings-currentPassword"
              label={t.currentPassword}
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(e) => setCurrentPassword(e.target.value)}
              error={errors.currentPassword}
            />
          )}
          <Textfield
            id="settings-newPassword"
            label={t.newPassword}
            description={t.newPasswordHelp}
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            error={errors.newPassword}
          />
          <Textfield
            id="settings-repeatPassword"
            label={t.repeatPassword}
            type="password"
            autoComplete="new-password"
            value={repeatPassword}
            onChange={(e) => setRepeatPassword(e.target.value)}
            error={errors.repeatPassword}
          />
        </Fieldset>
        <Checkbox
          id="settings-allowSystemSubmission"
          label={t.allowSystem}
          description={t.allowSystemHelp}
          checked={allow}
          onChange={(e) => setAllow(e.target.checked)}
          error={errors.allowSystemSubmission}
        />
        <Button type="submit" disabled={busy}>
          {t.saveSettings}
        </Button>
        <div role="status">
          {statusText && (
            <Alert data-color={status === 'unchanged' ? 'info' : 'success'}>
              <Paragraph>{statusText}</Paragraph>
            </Alert>
          )}
        </div>
      </form>
    </section>
  );
}
