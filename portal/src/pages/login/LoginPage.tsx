import { Alert, Button, Fieldset, Paragraph, Radio, Textfield } from '@digdir/designsystemet-react';
import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { format, useTexts } from '../../i18n.tsx';
import { navigate } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { useSession } from '../../session.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { loginTexts } from './texts.ts';

type Step = { kind: 'password' } | { kind: 'code'; challengeId: string; sentTo: string };

/** Only portal addresses may follow a login (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/reportees';
}

export default function LoginPage({ query }: RouteProps) {
  const t = useTexts(loginTexts);
  const { refresh } = useSession();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [method, setMethod] = useState<'ssn' | 'username'>('ssn');
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const id = identifier.trim();
    if (id === '') errors.identifier = t.required;
    else if (method === 'ssn' && !/^\d{11}$/.test(id.replace(/\s/g, ''))) errors.identifier = t.ssnInvalid;
    if (password === '') errors.password = t.required;
    setFieldErrors(errors);
    setError(undefined);
    if (Object.keys(errors).length > 0) {
      document.getElementById(errors.identifier ? 'login-identifier' : 'login-password')?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = method === 'ssn' ? { ssn: id.replace(/\s/g, ''), password } : { username: id, password };
      const answer = await api<{ challengeId: string; sentTo: string }>('POST', '/api/v1/authn/login', body, { anonymous: true });
      setPassword('');
      setStep({ kind: 'code', challengeId: answer.challengeId, sentTo: answer.sentTo });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    if (step.kind !== 'code') return;
    if (!/^\d{6}$/.test(code.trim())) {
      setFieldErrors({ code: t.codeInvalid });
      document.getElementById('login-code')?.focus();
      return;
    }
    setFieldErrors({});
    setError(undefined);
    setBusy(true);
    try {
      await api('POST', '/api/v1/authn/login/verify', { challengeId: step.challengeId, code: code.trim() }, { anonymous: true });
      await refresh();
      navigate(safeNext(query.get('next')), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const restart = () => {
    setStep({ kind: 'password' });
    setCode('');
    setError(undefined);
    setFieldErrors({});
  };

  return (
    <Page title={step.kind === 'password' ? t.title : t.codeTitle}>
      {query.get('expired') === '1' && step.kind === 'password' && (
        <Alert data-color="warning">
          <Paragraph>{t.expired}</Paragraph>
        </Alert>
      )}
      <ProblemAlert error={error} />
      {step.kind === 'password' ? (
        <form className="stack narrow" onSubmit={start} noValidate>
          <Fieldset>
            <Fieldset.Legend>{t.method}</Fieldset.Legend>
            <Radio label={t.bySsn} name="method" value="ssn" checked={method === 'ssn'} onChange={() => setMethod('ssn')} />
            <Radio label={t.byUsername} name="method" value="username" checked={method === 'username'} onChange={() => setMethod('username')} />
          </Fieldset>
          <Textfield
            id="login-identifier"
            label={method === 'ssn' ? t.ssn : t.username}
            autoComplete="username"
            inputMode={method === 'ssn' ? 'numeric' : 'text'}
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
            error={fieldErrors.identifier}
          />
          <Textfield
            id="login-password"
            label={t.password}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrors.password}
          />
          <Button type="submit" disabled={busy}>
            {t.next}
          </Button>
        </form>
      ) : (
        <form className="stack narrow" onSubmit={verify} noValidate>
          <Paragraph role="status">{format(t.codeSent, { to: step.sentTo })}</Paragraph>
          <Textfield
            id="login-code"
            label={t.code}
            autoComplete="one-time-code"
            inputMode="numeric"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={fieldErrors.code}
          />
          <div className="row">
            <Button type="submit" disabled={busy}>
              {t.verify}
            </Button>
            <Button type="button" variant="secondary" onClick={restart}>
              {t.restart}
            </Button>
          </div>
        </form>
      )}
    </Page>
  );
}
