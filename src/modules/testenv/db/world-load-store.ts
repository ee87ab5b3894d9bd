import type { Generated, Kysely } from 'kysely';
import { jsonb } from '../../../platform/index.ts';

interface WorldLoadTable {
  id: Generated<number>;
  file: string;
  sha256: string;
  summary: unknown;
  loaded_at: Date;
}

interface TestenvDatabase {
  'testenv.world_load': WorldLoadTable;
}

const t = (db: Kysely<any>) => db as Kysely<TestenvDatabase>;

export async function insertWorldLoad(db: Kysely<any>, row: { file: string; sha256: string; summary: unknown; now: Date }): Promise<void> {
  await t(db).insertInto('testenv.world_load').values({ file: row.file, sha256: row.sha256, summary: jsonb(row.summary), loaded_at: row.now }).execute();
}

export async function countWorldLoads(db: Kysely<any>): Promise<number> {
  const row = await t(db).selectFrom('testenv.world_load').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
