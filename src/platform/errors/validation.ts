import type { ProblemItem } from './errors.ts';

/** One error as schema validators (TypeBox, Ajv) report it. */
export interface ValidationIssue {
  keyword?: string;
  schemaPath?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns schema-validator output into problem items: one per violation, unknown fields named. */
export function validationItems(context: string | undefined, issues: readonly ValidationIssue[]): ProblemItem[] {
  const items: ProblemItem[] = [];
  const prefix = context ?? 'body';
  // A union reports one error per branch plus an anyOf error; fold the branches into one readable item.
  const unions = new Map<string, ValidationIssue[]>();
  for (const issue of issues) if (issue.keyword === 'anyOf' && issue.schemaPath) unions.set(`${issue.schemaPath}/anyOf/`, []);
  const branchOf = (issue: ValidationIssue) => [...unions.keys()].find((k) => issue.schemaPath?.startsWith(k));
  for (const issue of issues) {
    const union = branchOf(issue);
    if (union) unions.get(union)!.push(issue);
  }
  for (const issue of issues) {
    if (branchOf(issue)) continue;
    if (issue.keyword === 'anyOf' && issue.schemaPath) {
      const branches = unions.get(`${issue.schemaPath}/anyOf/`) ?? [];
      const consts = branches.filter((b) => b.keyword === 'const').map((b) => JSON.stringify(b.params?.allowedValue));
      const types = branches.filter((b) => b.keyword === 'type').map((b) => String(b.params?.type));
      const message =
        consts.length === branches.length && consts.length > 0
          ? `must be one of ${consts.join(', ')}`
          : types.length === branches.length && types.length > 0
            ? `must be ${types.join(' or ')}`
            : 'does not match any allowed form';
      items.push({ path: `${prefix}${issue.instancePath ?? ''}`, message, rule: consts.length === branches.length ? 'enum' : 'anyOf' });
      continue;
    }
    // TypeBox reports an unknown property twice: as "schema is false" and as additionalProperties.
    if (issue.keyword === 'boolean' && issue.message === 'schema is false') continue;
    if (issue.keyword === 'additionalProperties' && Array.isArray(issue.params?.additionalProperties)) {
      for (const name of issue.params.additionalProperties as string[]) {
        items.push({ path: `${prefix}${issue.instancePath ?? ''}/${name}`, message: 'unknown field', rule: 'additionalProperties' });
      }
      continue;
    }
    if (issue.keyword === 'required' && Array.isArray(issue.params?.requiredProperties)) {
      for (const name of issue.params.requiredProperties as string[]) {
        items.push({ path: `${prefix}${issue.instancePath ?? ''}/${name}`, message: 'is required', rule: 'required' });
      }
      continue;
    }
    items.push({
      path: `${prefix}${issue.instancePath ?? ''}`,
      message: issue.message ?? 'is invalid',
      ...(issue.keyword ? { rule: issue.keyword } : {}),
    });
  }
  return items;
}

