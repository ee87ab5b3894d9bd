// Rules of HOUSE_STYLE that hold for the whole code base, checked on every run.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { problemCatalogs } from '../src/platform/index.ts';
import { renderGeneratedDocs } from '../src/roles/docs.ts';
import { checkDependencies, type ImportEdge } from './support/dependencies.ts';
import '../src/roles/compose.ts'; // loads every module, so every problem catalog is registered

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean);
}

function srcEdges(): ImportEdge[] {
  return tsFiles(src).flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from: relative(root, file), to: relative(root, resolve(dirname(file), spec)) })),
  );
}

describe('house rules', () => {
  it('imports follow the module order (platform → register → profile/authz → … → roles), through index.ts only', () => {
    assert.deepEqual(checkDependencies(srcEdges()), []);
  });

  it('the dependency check catches violations', () => {
    const violations = checkDependencies([
      { from: 'src/platform/http/server.ts', to: 'src/modules/register/index.ts' },
      { from: 'src/modules/register/create-person.ts', to: 'src/modules/profile/index.ts' },
      { from: 'src/modules/profile/profile.ts', to: 'src/modules/register/db/party-store.ts' },
      { from: 'src/modules/testenv/load-world.ts', to: 'src/roles/compose.ts' },
      { from: 'src/modules/profile/x.ts', to: 'src/modules/authz/index.ts' },
      { from: 'src/modules/nonsense/x.ts', to: 'src/platform/index.ts' },
    ]);
    assert.equal(violations.length, 6, violations.join('\n'));
  });

  it('reads the environment only while parsing configuration', () => {
    const allowed = new Set(['src/platform/config/config.ts', 'src/roles/cli/main.ts']);
    const offenders = tsFiles(src)
      .filter((f) => !f.endsWith('.test.ts'))
      .map((f) => relative(root, f))
      .filter((f) => !allowed.has(f) && /process\.env\b/.test(readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('modules take time and randomness from ports', () => {
    const offenders = tsFiles(join(src, 'modules'))
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => /Date\.now\(\)|Math\.random\(\)|new Date\(\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    assert.deepEqual(offenders, []);
  });

  it('migrations are frozen: they import nothing but kysely', () => {
    const aggregators = new Set([join(src, 'platform/migrations.ts')]);
    const migrationFiles = tsFiles(src).filter(
      (f) => /\/migrations(\/|\.ts$)/.test(f) && !f.endsWith('index.ts') && !f.endsWith('.test.ts') && !aggregators.has(f),
    );
    assert.ok(migrationFiles.length >= 4);
    for (const file of migrationFiles) {
      assert.deepEqual(importsOf(file).filter((s) => s !== 'kysely'), [], relative(root, file));
    }
  });

  it('problem codes are unique and carry their catalog prefix', () => {
    const seen = new Map<string, string>();
    for (const [prefix, catalog] of problemCatalogs()) {
      for (const [name, problem] of Object.entries(catalog)) {
        assert.match(problem.code, new RegExp(`^${prefix}-\\d{5}$`), name);
        assert.equal(seen.get(problem.code), undefined, `${problem.code} used by ${seen.get(problem.code)} and ${prefix}.${name}`);
        seen.set(problem.code, `${prefix}.${name}`);
      }
    }
    assert.ok(['PLAT', 'REG', 'PROF', 'TEST'].every((p) => problemCatalogs().has(p)));
  });

  it('generated docs are fresh (run `npm run docs` after changing config keys, problems or routes)', async () => {
    for (const [path, content] of Object.entries(await renderGeneratedDocs())) {
      assert.equal(readFileSync(join(root, path), 'utf8'), content, `${path} is stale: run npm run docs`);
    }
  });
});
