import { ApiError } from '../../api.ts';

/** Field → message. */
export type FieldErrors = Record<string, string>;

/**
 * Spreads a refusal over a form's fields: items that name a path (`body/firstName`, `firstName`) land on
 * that field; codes the form knows go to their field. Empty: show the refusal as a whole.
 */
export function fieldErrors(error: unknown, known: readonly string[], byCode: Record<string, { field: string; text: string }>, invalid: string): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  const own = byCode[error.code];
  for (const item of error.errors) {
    const field = (item.path ?? '').replace(/^body\/?/, '').replace(/^\//, '').split('/')[0];
    if (field && known.includes(field) && !out[field]) out[field] = own?.text ?? invalid;
  }
  if (Object.keys(out).length === 0 && own && known.includes(own.field)) out[own.field] = own.text;
  return out;
}

/** Focus on the first field in error, in the form's order (ids are `${prefix}-${field}`). */
export function focusFirst(errors: FieldErrors, order: readonly string[], prefix: string): void {
  const first = order.find((f) => errors[f]);
  if (first) window.setTimeout(() => document.getElementById(`${prefix}-${first}`)?.focus(), 0);
}
