import { Button, Fieldset, Heading, Paragraph, Radio, Textfield } from '@digdir/designsystemet-react';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { useTexts } from '../../i18n.tsx';
import { navigate } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { fieldErrors } from './fields.ts';
import { testenvTexts } from './texts.ts';

const LEVELS = [1, 2, 3, 4] as const;

/** Log in as a synthetic person at a chosen security level, without password or code: the test stand-in for ID-porten. */
export function TestLogin({ initialSsn }: { initialSsn: string }) {
  const t = useTexts(testenvTexts);
  const { refresh } = useSession();
  const headingId = useId();
  const [ssn, setSsn] = useState(initialSsn);
  const [level, setLevel] = useState<(typeof LEVELS)[number]>(3);
  const [fieldError, setFieldError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const levelText = { 1: t.level1, 2: t.level2, 3: t.level3, 4: t.level4 };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = ssn.replace(/\s/g, '');
    setError(undefined);
    if (!/^\d{11}$/.test(id)) {
      setFieldError(t.errSsnFormat);
      document.getElementById('login-as-ssn')?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      await api('POST', '/api/v1/testenv/login', { ssn: id, securityLevel: level }, { anonymous: true });
      await refresh();
      navigate('/reportees');
    } catch (err) {
      const byCode = {
        'AUTN-00011': { field: 'ssn', text: t.errNotSynthetic },
        'REG-00009': { field: 'ssn', text: t.errPersonNotFound },
        'REG-00001': { field: 'ssn', text: t.errSsnInvalid },
        'REG-00002': { field: 'ssn', text: t.errSsnInvalid },
        'REG-00003': { field: 'ssn', text: t.errSsnInvalid },
        'REG-00004': { field: 'ssn', text: t.errSsnInvalid },
        'REG-00005': { field: 'ssn', text: t.errSsnInvalid },
      };
      const fields = fieldErrors(err, ['ssn'], byCode, t.errInvalid);
      if (fields.ssn) {
        setFieldError(fields.ssn);
        document.getElementById('login-as-ssn')?.focus();
      } else setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.loginHeading}
      </Heading>
      <Paragraph>{t.loginIntro}</Paragraph>
      <ProblemAlert error={error} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Textfield id="login-as-ssn" label={t.ssnLabel} inputMode="numeric" autoComplete="off" value={ssn} onChange={(e) => setSsn(e.target.value)} error={fieldError} />
        <Fieldset>
          <Fieldset.Legend>{t.securityLevel}</Fieldset.Legend>
          {LEVELS.map((l) => (
            <Radio key={l} label={levelText[l]} name="login-as-level" value={String(l)} checked={level === l} onChange={() => setLevel(l)} />
          ))}
        </Fieldset>
        <Button type="submit" disabled={busy}>
          {t.loginSubmit}
        </Button>
      </form>
    </section>
  );
}
