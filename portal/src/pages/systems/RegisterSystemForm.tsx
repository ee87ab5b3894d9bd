import { Button, Heading, Textfield } from '@digdir/designsystemet-react';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, url } from '../../api.ts';
import { useTexts } from '../../i18n.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormErrors, type FieldErrors } from '../../ui/field-errors.ts';
import { newIdempotencyKey, type DataSystem, type SystemType } from './data-systems.ts';
import { SystemTypeSelect } from './SystemTypeSelect.tsx';
import { systemsTexts } from './texts.ts';

const FIELDS = ['description', 'systemTypeId', 'password', 'confirm'] as const;

/**
 * "Registrer nytt datasystem": description, type, password twice. The page shows the new SystemID below the
 * form (`children`): it goes into the accounting software with the password, which is never shown again.
 */
export function RegisterSystemForm({ reportee, types, onRegistered, children }: { reportee: string; types: SystemType[]; onRegistered(system: DataSystem): void; children?: ReactNode }) {
  const t = useTexts(systemsTexts);
  const headingId = useId();
  const [description, setDescription] = useState('');
  const [typeId, setTypeId] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useFormErrors(FIELDS, 'register');
  const { errors, error } = form;
  const [busy, setBusy] = useState(false);
  // One key per registration: a retry after a lost answer gets the system made first, not a second one.
  const key = useRef(newIdempotencyKey());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (description.trim() === '') found.description = t.required;
    if (typeId === '') found.systemTypeId = t.typeRequired;
    if (password === '') found.password = t.required;
    if (confirm === '') found.confirm = t.confirmRequired;
    else if (password !== '' && confirm !== password) found.confirm = t.passwordsDiffer;
    if (form.check(found)) return;
    setBusy(true);
    try {
      const system = await api<DataSystem>(
        'POST',
        url`/api/v1/reportees/${reportee}/systems`,
        { description: description.trim(), systemTypeId: Number(typeId), password },
        key.current ? { headers: { 'idempotency-key': key.current } } : {},
      );
      key.current = newIdempotencyKey();
      setDescription('');
      setTypeId('');
      setPassword('');
      setConfirm('');
      onRegistered(system);
    } catch (err) {
      form.fail(err, {
        byCode: { 'SYS-00007': t.weakPassword, 'SYS-00008': t.badDescription, 'SYS-00004': t.unknownType },
        fields: { 'SYS-00007': 'password', 'SYS-00008': 'description', 'SYS-00004': 'systemTypeId' },
        schema: { maxLength: t.tooLong, other: t.invalidValue },
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="systems-section" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.registerHeading}
      </Heading>
      <ProblemAlert error={error} texts={{ 'PLAT-00018': t.levelTooLow }} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Textfield
          id="register-description"
          label={t.description}
          description={t.descriptionHelp}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
        />
        <SystemTypeSelect id="register-systemTypeId" types={types} value={typeId} onChange={setTypeId} error={errors.systemTypeId} />
        <Textfield
          id="register-password"
          label={t.password}
          description={t.passwordHelp}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <Textfield
          id="register-confirm"
          label={t.confirmPassword}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirm}
        />
        <Button type="submit" disabled={busy}>
          {t.add}
        </Button>
      </form>
      {children}
    </section>
  );
}
