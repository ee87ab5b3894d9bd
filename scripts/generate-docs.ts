// `npm run docs`: writes the generated documents (configuration, problem codes, OpenAPI).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderGeneratedDocs } from '../src/roles/docs.ts';

const root = join(import.meta.dirname, '..');
for (const [path, content] of Object.entries(await renderGeneratedDocs())) {
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path}`);
}
