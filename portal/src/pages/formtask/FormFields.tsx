// The generated form: a group's children as fields, fieldsets and repeating rows, with errors at each field.
import { Button, Checkbox, Field, Fieldset, Label, Radio, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { format } from '../../i18n.tsx';
import { childPath, fieldId, newOccurrence, type FieldPath, type GroupValue, type Occurrence } from './form-xml.ts';
import type { FieldNode, FormNode, GroupNode } from './xsd-model.ts';
import type { formTaskTexts } from './texts.ts';

type T = (typeof formTaskTexts)['nb'];

export interface FormActions {
  setField(path: FieldPath, text: string): void;
  /** Changes the occurrences of `name` inside the group at `groupPath`; `focus` is the id to focus afterwards. */
  changeList(groupPath: FieldPath, name: string, change: (list: Occurrence[]) => Occurrence[], focus: string): void;
}

interface Props {
  group: GroupNode;
  value: GroupValue;
  path: FieldPath;
  errors: Map<FieldPath, string>;
  actions: FormActions;
  t: T;
  readOnly: boolean;
}

/** The children of a group occurrence. */
export function GroupFields({ group, value, path, errors, actions, t, readOnly }: Props) {
  return (
    <div className="stack formtask-group">
      {group.children.map((c) => (
        <ChildOccurrences key={c.name} node={c} occurrences={value[c.name] ?? []} parent={path} errors={errors} actions={actions} t={t} readOnly={readOnly} />
      ))}
    </div>
  );
}

function optionalLabel(node: FormNode, label: string, t: T): string {
  return node.minOccurs === 0 && node.maxOccurs === 1 ? `${label} ${t.optionalSuffix}` : label;
}

function ChildOccurrences({ node, occurrences, parent, errors, actions, t, readOnly }: { node: FormNode; occurrences: Occurrence[]; parent: FieldPath; errors: Map<FieldPath, string>; actions: FormActions; t: T; readOnly: boolean }) {
  if (node.maxOccurs === 1) {
    const path = childPath(parent, node.name, 0);
    const occurrence = occurrences[0] ?? newOccurrence(node);
    if (node.kind === 'field') return <FieldControl field={node} path={path} label={optionalLabel(node, node.label, t)} value={occurrence as string} error={errors.get(path)} actions={actions} t={t} readOnly={readOnly} />;
    return (
      <Fieldset id={fieldId(path)} tabIndex={-1} className="formtask-fieldset">
        <Fieldset.Legend>{optionalLabel(node, node.label, t)}</Fieldset.Legend>
        {node.help && <Fieldset.Description>{node.help}</Fieldset.Description>}
        {errors.get(path) && <ValidationMessage>{errors.get(path)}</ValidationMessage>}
        <GroupFields group={node} value={occurrence as GroupValue} path={path} errors={errors} actions={actions} t={t} readOnly={readOnly} />
      </Fieldset>
    );
  }

  // Repeating: rows with their number, remove while above the minimum, add while below the maximum.
  const listPath = childPath(parent, node.name, 0);
  const addId = `${fieldId(listPath)}-add`;
  const canAdd = !readOnly && occurrences.length < node.maxOccurs;
  const canRemove = !readOnly && occurrences.length > node.minOccurs;
  const limits =
    node.maxOccurs === Infinity ? format(t.repeatAtLeast, { min: node.minOccurs }) : format(t.repeatBetween, { min: node.minOccurs, max: node.maxOccurs });
  const remove = (i: number) => actions.changeList(parent, node.name, (list) => list.filter((_, j) => j !== i), addId);
  const add = () => actions.changeList(parent, node.name, (list) => [...list, newOccurrence(node)], firstInputId(node, childPath(parent, node.name, occurrences.length)));
  return (
    <Fieldset id={occurrences.length === 0 ? fieldId(listPath) : undefined} tabIndex={-1} className="formtask-fieldset formtask-repeating">
      <Fieldset.Legend>{node.label}</Fieldset.Legend>
      <Fieldset.Description>{node.help ? `${node.help} ${limits}` : limits}</Fieldset.Description>
      {occurrences.length === 0 && errors.get(listPath) && <ValidationMessage>{errors.get(listPath)}</ValidationMessage>}
      {occurrences.map((o, i) => {
        const path = childPath(parent, node.name, i);
        const rowLabel = format(t.rowLabel, { label: node.label, n: i + 1 });
        const removeButton = canRemove && (
          <Button type="button" variant="secondary" data-size="sm" onClick={() => remove(i)}>
            {format(t.removeRow, { label: rowLabel })}
          </Button>
        );
        if (node.kind === 'field') {
          return (
            <div className="row formtask-row" key={i}>
              <FieldControl field={node} path={path} label={rowLabel} value={o as string} error={errors.get(path)} actions={actions} t={t} readOnly={readOnly} />
              {removeButton}
            </div>
          );
        }
        return (
          <Fieldset key={i} id={fieldId(path)} tabIndex={-1} className="formtask-fieldset formtask-row-group">
            <Fieldset.Legend>{rowLabel}</Fieldset.Legend>
            {errors.get(path) && <ValidationMessage>{errors.get(path)}</ValidationMessage>}
            <GroupFields group={node} value={o as GroupValue} path={path} errors={errors} actions={actions} t={t} readOnly={readOnly} />
            {removeButton && <div className="row">{removeButton}</div>}
          </Fieldset>
        );
      })}
      {canAdd && (
        <div className="row">
          <Button type="button" variant="secondary" id={addId} onClick={add}>
            {format(t.addRow, { label: node.label })}
          </Button>
        </div>
      )}
    </Fieldset>
  );
}

/** The id of the first control inside a new occurrence (focus goes there after adding a row). */
function firstInputId(node: FormNode, path: FieldPath): string {
  if (node.kind === 'field') return fieldId(path);
  const first = node.children[0];
  return first ? firstInputId(first, childPath(path, first.name, 0)) : fieldId(path);
}

/** A short description of what a field accepts, from its facets. */
function hint(field: FieldNode, t: T): string | undefined {
  const { kind, facets } = field.type;
  const parts: string[] = [];
  const min = facets.minInclusive ?? facets.minExclusive;
  const max = facets.maxInclusive ?? facets.maxExclusive;
  const numeric = kind === 'integer' || kind === 'decimal' || kind === 'number';
  if (numeric && min !== undefined && max !== undefined && facets.minExclusive === undefined && facets.maxExclusive === undefined && !(min.startsWith('-9') || max.length > 12)) parts.push(format(t.hintRange, { min, max }));
  else if (numeric && facets.minInclusive !== undefined && facets.minInclusive.length < 12) parts.push(format(t.hintMin, { min: facets.minInclusive }));
  else if (numeric && facets.maxInclusive !== undefined && facets.maxInclusive.length < 12) parts.push(format(t.hintMax, { max: facets.maxInclusive }));
  if (kind === 'integer') parts.push(t.hintInteger);
  if (kind === 'decimal' && facets.fractionDigits !== undefined) parts.push(facets.fractionDigits === 0 ? t.hintInteger : format(t.hintDecimals, { n: facets.fractionDigits }));
  if (kind === 'text' && facets.length !== undefined) parts.push(format(t.hintLength, { n: facets.length }));
  else if (kind === 'text' && facets.maxLength !== undefined && !facets.enumeration) parts.push(format(t.hintMaxLength, { n: facets.maxLength }));
  if (kind === 'dateTime') parts.push(t.hintDateTime);
  if (kind === 'time') parts.push(t.hintTime);
  if (kind === 'gYear') parts.push(t.hintYear);
  const text = [field.help, ...parts].filter(Boolean).join(' ');
  return text === '' ? undefined : text;
}

interface FieldProps {
  field: FieldNode;
  path: FieldPath;
  label: string;
  value: string;
  error: string | undefined;
  actions: FormActions;
  t: T;
  readOnly: boolean;
}

/** One field: the control its type calls for. */
function FieldControl({ field, path, label, value, error, actions, t, readOnly }: FieldProps) {
  const id = fieldId(path);
  const description = hint(field, t);
  const set = (text: string) => actions.setField(path, text);
  const locked = readOnly || field.fixed !== undefined;
  const { kind, facets } = field.type;
  const required = field.minOccurs > 0;

  if (kind === 'boolean' && required) {
    return (
      <Field>
        <Checkbox id={id} label={label} description={description} checked={value.trim() === 'true' || value.trim() === '1'} onChange={(e) => set(e.target.checked ? 'true' : 'false')} disabled={locked} error={error} />
      </Field>
    );
  }
  const options = kind === 'boolean' ? [{ value: 'true', label: t.yes }, { value: 'false', label: t.no }] : facets.enumeration?.map((e) => ({ value: e.value, label: e.label ?? e.value }));
  if (options && required && options.length <= 4) {
    return (
      <Fieldset className="formtask-fieldset formtask-radios" aria-invalid={error ? true : undefined}>
        <Fieldset.Legend>{label}</Fieldset.Legend>
        {description && <Fieldset.Description>{description}</Fieldset.Description>}
        {options.map((o, i) => (
          <Radio key={o.value} id={i === 0 ? id : `${id}-${i}`} name={id} label={o.label} value={o.value} checked={value === o.value} onChange={() => set(o.value)} disabled={locked} aria-invalid={error ? true : undefined} />
        ))}
        {error && <ValidationMessage>{error}</ValidationMessage>}
      </Fieldset>
    );
  }
  if (options) {
    return (
      <Field>
        <Label htmlFor={id}>{label}</Label>
        {description && <Field.Description>{description}</Field.Description>}
        <Select id={id} value={value} onChange={(e) => set(e.target.value)} disabled={locked} aria-invalid={error ? true : undefined} width="auto">
          <Select.Option value="">{required ? t.choose : t.notAnswered}</Select.Option>
          {options.map((o) => (
            <Select.Option key={o.value} value={o.value}>
              {o.label}
            </Select.Option>
          ))}
        </Select>
        {error && <ValidationMessage>{error}</ValidationMessage>}
      </Field>
    );
  }
  const common = { id, label, description, error, value, readOnly: locked, onChange: (e: { target: { value: string } }) => set(e.target.value) };
  if (kind === 'text' && (facets.maxLength ?? 0) > 200) return <Textfield {...common} multiline rows={4} />;
  const type = kind === 'date' ? 'date' : kind === 'gYearMonth' ? 'month' : 'text';
  const inputMode = kind === 'integer' || kind === 'gYear' ? 'numeric' : kind === 'decimal' || kind === 'number' ? 'decimal' : undefined;
  return <Textfield {...common} type={type} inputMode={inputMode} className={type === 'text' && kind !== 'text' ? 'formtask-short' : undefined} />;
}
