import { ApiError } from '../../api.ts';
import { fieldOf, type FieldErrors } from '../../ui/field-errors.ts';

export type { FieldErrors } from '../../ui/field-errors.ts';

/**
 * Spreads a refusal over a form's fields: items that name a path (`body/firstName`, `firstName`) land on
 * that field; codes the form knows go to their field. Empty: show the refusal as a whole.
 */
export function fieldErrors(error: unknown, known: readonly string[], byCode: Record<string, { field: string; text: string }>, invalid: string): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  const own = byCode[error.code];
  for (const item of error.errors) {
    const field = fieldOf(item.path);
    if (field && known.includes(field) && !out[field]) out[field] = own?.text ?? invalid;
  }
  if (Object.keys(out).length === 0 && own && known.includes(own.field)) out[own.field] = own.text;
  return out;
}
