import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { AppError } from '../../platform/index.ts';
import type { Deployment } from './deploy-service-edition.ts';
import { CatalogProblems } from './errors.ts';

const DEFINITION_FILES = ['service.yaml', 'service.yml', 'service.json'];

/**
 * A service as files: `service.yaml` (or `.yml`, `.json`) holding the definition, with serviceOwnerCode,
 * serviceCode and serviceEditionCode, and every `.xsd` below the directory by its relative path.
 */
export async function readServiceDirectory(dir: string): Promise<Deployment & { serviceOwnerCode: string; serviceCode: string; serviceEditionCode: number }> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    throw new AppError(CatalogProblems.invalidDefinition, { detail: `cannot read the directory ${dir}`, cause: err });
  }
  const definitionFile = DEFINITION_FILES.find((name) => entries.some((e) => e.isFile() && e.name === name && e.parentPath === dir));
  if (!definitionFile) throw new AppError(CatalogProblems.invalidDefinition, { detail: `${dir} has no ${DEFINITION_FILES.join(' or ')}` });
  const text = await readFile(join(dir, definitionFile), 'utf8');
  const files: Record<string, string> = {};
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith('.xsd')) continue;
    const full = join(e.parentPath, e.name);
    files[relative(dir, full).split(sep).join('/')] = await readFile(full, 'utf8');
  }
  // YAML is a superset of JSON: one parser reads both (deploy parses the text again, reporting problems).
  let head: { serviceOwnerCode?: unknown; serviceCode?: unknown; serviceEditionCode?: unknown } = {};
  try {
    head = (parse(text) ?? {}) as typeof head;
  } catch {
    // reported by deploy, with the rest
  }
  const missing = (['serviceOwnerCode', 'serviceCode', 'serviceEditionCode'] as const).filter((k) => head[k] === undefined || head[k] === null);
  if (missing.length > 0) {
    throw new AppError(CatalogProblems.invalidDefinition, { detail: `${definitionFile} must name ${missing.join(', ')}`, errors: missing.map((k) => ({ path: `definition/${k}`, message: 'required in a service directory', rule: 'required' })) });
  }
  return { definition: text, files, serviceOwnerCode: String(head.serviceOwnerCode), serviceCode: String(head.serviceCode), serviceEditionCode: Number(head.serviceEditionCode) };
}
