import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from './open.ts';

/**
 * Runs `work` while holding a PostgreSQL session advisory lock named `name`, so that of several processes
 * starting together only one does it at a time (the others wait, then usually find it done). The lock is
 * held on a connection of its own and ends with it, so a process that dies lets the next one in. The
 * embedded database has one process by construction (lockDataDir), so there it just runs.
 */
export async function withStartupLock<T>(db: Db, name: string, work: () => Promise<T>): Promise<T> {
  if (db.kind !== 'postgres') return work();
  return db.kysely.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(conn);
    }
  });
}

/** A PGlite data directory already open in another live process. */
export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `the embedded database in ${dir} is open in process ${pid}: PGlite allows one process per data directory ` +
        `(stop that process, or run several processes on PostgreSQL with DATABASE_URL; if no Tinn runs there, remove ${join(dir, 'tinn.pid')})`,
    );
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Data directories this process holds (a restarted container may reuse the pid a dead process left). */
const held = new Set<string>();

/**
 * Takes `<dir>/tinn.pid` for this process: PGlite has no guard of its own, and two processes writing one data
 * directory corrupt it. A file left by a process that is gone is taken over. Returns the release.
 */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'tinn.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(file);
      return () => {
        held.delete(file);
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = Number.NaN;
      try {
        pid = Number(readFileSync(file, 'utf8').trim());
      } catch {
        continue; // removed meanwhile: try again
      }
      const inUse = pid === process.pid ? held.has(file) : Number.isInteger(pid) && pid > 0 && isAlive(pid);
      if (inUse) throw new DataDirInUseError(dir, pid);
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`could not take ${file}`);
}
