import { renderConfigurationDoc, parseConfig } from '../platform/config/index.ts';
import { createLogger, openDb, renderErrorsDoc } from '../platform/index.ts';
import { buildApi } from './api/build-api.ts';
import { composeTinn } from './compose.ts';

/**
 * The generated documents, by path relative to the repository root. `npm run docs` writes them; a test
 * fails when a checked-in copy differs. The OpenAPI document is built with fixed settings (test
 * environment on, default address) so it does not depend on the machine.
 */
export async function renderGeneratedDocs(): Promise<Record<string, string>> {
  const parsed = parseConfig({ env: { TINN_TESTENV: 'true', TINN_LOG_LEVEL: 'silent' } });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const db = await openDb({}); // never queried: the API is only described, not served
  try {
    const app = await buildApi(composeTinn({ config: parsed.config, db, log: createLogger('silent') }));
    await app.ready();
    const openapi = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    return {
      'docs/configuration.md': renderConfigurationDoc(),
      'docs/errors.md': renderErrorsDoc(),
      'docs/openapi.json': openapi,
    };
  } finally {
    await db.close();
  }
}
