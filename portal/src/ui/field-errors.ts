import { useState } from 'react';
import { ApiError } from '../api.ts';

/** Field name → message shown under that field. */
export type FieldErrors = Record<string, string>;

/**
 * The field a problem item points at: schema errors say `body/username`, a module's own errors `username`.
 * Nested paths (`body/x/y`) land on their first part.
 */
export function fieldOf(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const field = path.replace(/^body\/?/, '').replace(/^\//, '').split('/')[0];
  return field || undefined;
}

export interface FieldProblemTexts {
  /** A text per problem code for the field the server named (or `fields[code]` when it names none). */
  byCode: Partial<Record<string, string>>;
  /** For codes whose answer names no path: the field they belong to. */
  fields?: Partial<Record<string, string>>;
  /**
   * PLAT-00004 (the request does not match the schema): a field's own text where the page knows what its
   * schema asks (`byField`), else by schema rule, `other` for the rest.
   */
  schema: { maxLength: string; other: string; byField?: Partial<Record<string, string>> };
}

/**
 * Spreads a server failure over the form's fields, when it names them (or when the page knows where a code
 * belongs). Only fields the form shows (`known`) get a message; an empty result means "show it as a whole".
 */
export function fieldErrorsFrom(error: unknown, known: readonly string[], texts: FieldProblemTexts): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  if (error.code === 'PLAT-00004') {
    for (const item of error.errors) {
      const field = fieldOf(item.path);
      if (field && known.includes(field) && !out[field]) out[field] = texts.schema.byField?.[field] ?? (item.rule === 'maxLength' ? texts.schema.maxLength : texts.schema.other);
    }
    return out;
  }
  const text = texts.byCode[error.code];
  if (!text) return out;
  const named = error.errors.map((e) => fieldOf(e.path)).filter((f): f is string => !!f && known.includes(f));
  const fields = named.length > 0 ? named : texts.fields?.[error.code] ? [texts.fields[error.code]!] : [];
  for (const field of fields) if (known.includes(field)) out[field] = text;
  return out;
}

/** Moves focus to the first field in error, in the form's order (ids are `${prefix}-${field}`). */
export function focusFirstError(errors: Partial<Record<string, string>>, order: readonly string[], prefix: string): void {
  const first = order.find((f) => errors[f]);
  if (first) window.setTimeout(() => document.getElementById(`${prefix}-${first}`)?.focus(), 0);
}

/**
 * A form's errors: those at its fields, with focus moved to the first in the form's order (field ids are
 * `${prefix}-${field}`), and a failure shown as a whole (ProblemAlert).
 */
export function useFormErrors(order: readonly string[], prefix: string) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>();
  const show = (found: FieldErrors) => {
    setErrors(found);
    focusFirstError(found, order, prefix);
  };
  return {
    errors,
    error,
    /** A new attempt: the form's own findings replace what was shown; true when there are any. */
    check(found: FieldErrors = {}): boolean {
      setError(undefined);
      show(found);
      return Object.keys(found).length > 0;
    },
    /** A server failure: at the fields it names (or the page places by code), else as a whole. */
    fail(err: unknown, texts: FieldProblemTexts): void {
      const found = fieldErrorsFrom(err, order, texts);
      if (Object.keys(found).length > 0) show(found);
      else setError(err);
    },
  };
}
