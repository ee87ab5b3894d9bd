#!/usr/bin/env node
// Entry point of the `tinn` command. Tinn ships as TypeScript. To start fast, this launcher bundles
// src/ once into node_modules/.cache/tinn/tinn.mjs with esbuild (well under a second; again whenever a
// source file or package.json is newer than the bundle) and runs that. Packages stay external, except a
// few pure-ESM ones made of hundreds of small files, which load several times faster bundled. If the
// bundle cannot be written (a read-only install, say), it runs the sources through tsx's loader instead.
// See docs/adr/0004.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const entry = join(root, 'src/roles/cli/main.ts');
const bundle = join(root, 'node_modules/.cache/tinn/tinn.mjs');
const BUNDLED_PACKAGES = new Set(['typebox', 'kysely', 'yaml', '@fastify/type-provider-typebox']);

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(bundle)) return true;
  const built = statSync(bundle).mtimeMs;
  const inputs = Math.max(newestSource(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
  return inputs > built;
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  // Build beside the target, then rename: a process starting at the same time never sees half a file.
  const tmpDir = join(dirname(bundle), `build-${process.pid}`);
  mkdirSync(tmpDir, { recursive: true });
  try {
    await esbuild({
      entryPoints: [entry],
      outfile: join(tmpDir, 'tinn.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies).filter((p) => !BUNDLED_PACKAGES.has(p)),
      sourcemap: 'linked',
      sourcesContent: false,
      // Bundled CommonJS dependencies (ajv-formats under the TypeBox provider) call require().
      banner: { js: "import { createRequire as __tinnCreateRequire } from 'node:module'; const require = __tinnCreateRequire(import.meta.url);" },
      logLevel: 'error',
    });
    // The XSD worker thread is its own entry, beside tinn.mjs (src/platform/xml/xsd-pool.ts looks for it there).
    await esbuild({
      entryPoints: [join(root, 'src/platform/xml/xsd-worker.ts')],
      outfile: join(tmpDir, 'xsd-worker.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    renameSync(join(tmpDir, 'xsd-worker.mjs'), join(dirname(bundle), 'xsd-worker.mjs'));
    renameSync(join(tmpDir, 'tinn.mjs.map'), `${bundle}.map`);
    renameSync(join(tmpDir, 'tinn.mjs'), bundle);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

async function load() {
  try {
    if (isStale()) await build();
    // Stack traces in logs name the TypeScript sources.
    process.setSourceMapsEnabled(true);
    return await import(pathToFileURL(bundle).href);
  } catch (err) {
    console.error(`tinn: running the sources through tsx (slower start): ${err?.message ?? err}`);
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(entry).href);
  }
}

const { runCli } = await load();
process.exitCode = await runCli(process.argv.slice(2));
