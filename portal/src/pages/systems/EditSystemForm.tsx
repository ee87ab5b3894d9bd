import { Button, Heading, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, url } from '../../api.ts';
import { format, useTexts } from '../../i18n.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormErrors, type FieldErrors } from '../../ui/field-errors.ts';
import type { DataSystem, SystemType } from './data-systems.ts';
import { SystemTypeSelect } from './SystemTypeSelect.tsx';
import { systemsTexts } from './texts.ts';

const FIELDS = ['description', 'systemTypeId', 'password', 'confirm'] as const;

export type EditOutcome = { kind: 'saved'; system: DataSystem; passwordChanged: boolean } | { kind: 'unchanged' } | { kind: 'cancelled' };

/** "Rediger": description, type and (optionally) a new password, twice. The SystemID stays. */
export function EditSystemForm({ reportee, system, types, onDone }: { reportee: string; system: DataSystem; types: SystemType[]; onDone(outcome: EditOutcome): void }) {
  const t = useTexts(systemsTexts);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [description, setDescription] = useState(system.description);
  const [typeId, setTypeId] = useState(String(system.systemType.systemTypeId));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useFormErrors(FIELDS, 'edit');
  const { errors, error } = form;
  const [busy, setBusy] = useState(false);

  // Opening the form moves focus to it, so keyboard and screen-reader users land where the change happens.
  useEffect(() => headingRef.current?.focus(), [system.systemId]);

  // A type no longer approved still shows as the current one.
  const choices = types.some((x) => x.systemTypeId === system.systemType.systemTypeId) ? types : [system.systemType, ...types];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (description.trim() === '') found.description = t.required;
    if (password !== '' || confirm !== '') {
      if (password === '') found.password = t.required;
      if (confirm === '') found.confirm = t.confirmRequired;
      else if (password !== '' && confirm !== password) found.confirm = t.passwordsDiffer;
    }
    if (form.check(found)) return;
    const change: { description?: string; systemTypeId?: number; password?: string } = {};
    if (description.trim() !== system.description) change.description = description.trim();
    if (Number(typeId) !== system.systemType.systemTypeId) change.systemTypeId = Number(typeId);
    if (password !== '') change.password = password;
    if (Object.keys(change).length === 0) {
      onDone({ kind: 'unchanged' });
      return;
    }
    setBusy(true);
    try {
      const saved = await api<DataSystem>('PATCH', url`/api/v1/reportees/${reportee}/systems/${system.systemId}`, change);
      onDone({ kind: 'saved', system: saved, passwordChanged: change.password !== undefined });
    } catch (err) {
      form.fail(err, {
        byCode: { 'SYS-00007': t.weakPassword, 'SYS-00008': t.badDescription, 'SYS-00004': t.unknownType },
        fields: { 'SYS-00007': 'password', 'SYS-00008': 'description', 'SYS-00004': 'systemTypeId' },
        schema: { maxLength: t.tooLong, other: t.invalidValue },
      });
      setBusy(false);
    }
  };

  return (
    <section className="systems-section systems-edit" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId} ref={headingRef} tabIndex={-1} className="systems-focus-target">
        {format(t.editHeading, { id: system.systemId })}
      </Heading>
      <ProblemAlert error={error} texts={{ 'SYS-00006': t.notFound, 'PLAT-00018': t.levelTooLow }} />
      <form className="stack narrow" onSubmit={submit} noValidate>
        <Textfield id="edit-description" label={t.description} description={t.descriptionHelp} value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
        <SystemTypeSelect id="edit-systemTypeId" types={choices} value={typeId} onChange={setTypeId} error={errors.systemTypeId} />
        <Textfield
          id="edit-password"
          label={t.newPassword}
          description={t.newPasswordHelp}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <Textfield
          id="edit-confirm"
          label={t.confirmNewPassword}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirm}
        />
        <div className="row">
          <Button type="submit" disabled={busy}>
            {t.saveChanges}
          </Button>
          <Button type="button" variant="secondary" onClick={() => onDone({ kind: 'cancelled' })}>
            {t.cancel}
          </Button>
        </div>
      </form>
    </section>
  );
}
