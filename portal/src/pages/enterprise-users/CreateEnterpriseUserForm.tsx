import { Button, Heading, Textfield } from '@digdir/designsystemet-react';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTexts } from '../../i18n.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormErrors } from '../../ui/field-errors.ts';
import { createEnterpriseUser, type EnterpriseUserWithSecret } from './enterprise-users.ts';
import { enterpriseUsersTexts } from './texts.ts';

const FIELDS = ['userName', 'password'] as const;

/**
 * "Opprett virksomhetsbruker": a user name and, if the person wants to choose it, a password. The page shows
 * what Tinn answers (the generated password, once) below the form (`children`).
 */
export function CreateEnterpriseUserForm({ reportee, onCreated, children }: { reportee: string; onCreated(created: EnterpriseUserWithSecret): void; children?: ReactNode }) {
  const t = useTexts(enterpriseUsersTexts);
  const headingId = useId();
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormErrors(FIELDS, 'create');
  const { errors, error } = form;
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Only "empty" is checked here; the name and password rules are the server's (REG-00024, SYS-00016).
    if (form.check(userName.trim() === '' ? { userName: t.required } : {})) return;
    setBusy(true);
    try {
      const created = await createEnterpriseUser(reportee, userName.trim(), password === '' ? undefined : password);
      setUserName('');
      setPassword('');
      onCreated(created);
    } catch (err) {
      form.fail(err, {
        byCode: { 'REG-00024': t.badUserName, 'REG-00025': t.userNameTaken, 'SYS-00016': t.weakPassword },
        fields: { 'REG-00024': 'userName', 'REG-00025': 'userName', 'SYS-00016': 'password' },
        schema: { maxLength: t.badUserName, other: t.badUserName, byField: { userName: t.badUserName, password: t.weakPassword } },
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="enterprise-users-section" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.createHeading}
      </Heading>
      <ProblemAlert error={error} texts={{ 'PLAT-00018': t.levelTooLow }} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Textfield
          id="create-userName"
          label={t.userName}
          description={t.userNameHelp}
          autoComplete="off"
          spellCheck={false}
          value={userName}
          onChange={(e) => setUserName(e.target.value)}
          error={errors.userName}
        />
        <Textfield
          id="create-password"
          label={t.password}
          description={t.passwordHelp}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <Button type="submit" disabled={busy}>
          {t.create}
        </Button>
      </form>
      {children}
    </section>
  );
}
