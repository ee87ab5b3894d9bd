import { AppError, type ProblemItem } from '../../platform/index.ts';
import { selectDataFormat, selectDataFormatHash } from './db/service-store.ts';
import type { CatalogDeps } from './deps.ts';
import { CatalogProblems } from './errors.ts';

/**
 * Validates form data against its data format's XSD: every violation with its line number (an empty list
 * when valid). The compiled schema is shared per schema hash; documents of 1 MB or more are validated on a
 * worker thread. Unknown data formats are CAT-00006.
 */
export async function validateFormData(deps: CatalogDeps, dataFormatId: string, dataFormatVersion: number, xml: string | Uint8Array): Promise<ProblemItem[]> {
  const key = `${dataFormatId}/${dataFormatVersion}`;
  const cache = deps.db.isTransaction ? undefined : deps.cache;
  let sha = cache?.schemaHash(key);
  if (!sha) {
    const generation = cache?.generation() ?? 0;
    sha = await selectDataFormatHash(deps.db, dataFormatId, dataFormatVersion);
    if (!sha) throw new AppError(CatalogProblems.formNotFound, { detail: `no data format ${dataFormatId} version ${dataFormatVersion}` });
    cache?.setSchemaHash(key, sha, generation);
  }
  const validator = await deps.validators.get(sha, async () => {
    const row = await selectDataFormat(deps.db, dataFormatId, dataFormatVersion);
    if (!row) throw new AppError(CatalogProblems.formNotFound);
    return { files: row.files, mainFile: row.main_file };
  });
  return validator.validate(xml);
}
