import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** What a portal build depends on: its sources, its Vite config and the packages it is built with. */
function buildInputs(portalDir: string): string[] {
  const walk = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])) : [];
  return [join(portalDir, 'index.html'), join(portalDir, 'vite.config.ts'), ...walk(join(portalDir, 'src')), ...walk(join(portalDir, 'public'))].filter((f) => existsSync(f)).sort();
}

/** A content hash of the build inputs (mtimes change with every checkout; contents do not). */
export function portalSourceHash(portalDir: string, packageJson: string): string {
  const hash = createHash('sha256');
  for (const file of buildInputs(portalDir)) {
    hash.update(relative(portalDir, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  if (existsSync(packageJson)) hash.update(JSON.stringify(JSON.parse(readFileSync(packageJson, 'utf8')).dependencies ?? {}));
  return hash.digest('hex');
}

/** True when `dist/` holds a build of exactly the current sources. */
export function isPortalBuildCurrent(portalDir: string, packageJson: string): boolean {
  const stamp = join(portalDir, 'dist', 'build.json');
  if (!existsSync(stamp) || !existsSync(join(portalDir, 'dist', 'index.html'))) return false;
  try {
    return JSON.parse(readFileSync(stamp, 'utf8')).sourceHash === portalSourceHash(portalDir, packageJson);
  } catch {
    return false;
  }
}

/**
 * Builds the portal with Vite into `dist/` when it is missing or stale; answers whether it built. Builds
 * beside `dist/` and renames, so a process serving the old build at the same moment never reads half a one.
 */
export async function ensurePortalBuilt(portalDir: string, options: { packageJson: string; log?: (message: string) => void }): Promise<boolean> {
  if (!existsSync(join(portalDir, 'index.html'))) throw new Error(`no portal sources in ${portalDir}`);
  if (isPortalBuildCurrent(portalDir, options.packageJson)) return false;
  const sourceHash = portalSourceHash(portalDir, options.packageJson);
  const started = Date.now();
  const { build } = await import('vite');
  const outDir = join(portalDir, `dist.build-${process.pid}`);
  try {
    await build({ root: portalDir, configFile: join(portalDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    writeFileSync(join(outDir, 'build.json'), JSON.stringify({ sourceHash, builtAt: new Date().toISOString() }) + '\n');
    const dist = join(portalDir, 'dist');
    rmSync(dist, { recursive: true, force: true });
    try {
      renameSync(outDir, dist);
    } catch (err) {
      // Another process finished the same build first.
      if (!isPortalBuildCurrent(portalDir, options.packageJson)) throw err;
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  options.log?.(`portal built in ${Date.now() - started} ms`);
  return true;
}
