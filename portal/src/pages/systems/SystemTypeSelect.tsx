import { Field, Label, Select, ValidationMessage } from '@digdir/designsystemet-react';
import { useTexts } from '../../i18n.tsx';
import { byVendor, type SystemType } from './data-systems.ts';
import { systemsTexts } from './texts.ts';

/** "Type datasystem": the approved system types, grouped by vendor. */
export function SystemTypeSelect({ id, types, value, onChange, error }: { id: string; types: SystemType[]; value: string; onChange(value: string): void; error?: string | undefined }) {
  const t = useTexts(systemsTexts);
  return (
    <Field>
      <Label htmlFor={id}>{t.type}</Label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <Select.Option value="" disabled>
          {t.chooseType}
        </Select.Option>
        {byVendor(types).map((group) => (
          <Select.Optgroup key={group.vendor} label={group.vendor}>
            {group.types.map((type) => (
              <Select.Option key={type.systemTypeId} value={String(type.systemTypeId)}>
                {type.name}
              </Select.Option>
            ))}
          </Select.Optgroup>
        ))}
      </Select>
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Field>
  );
}
