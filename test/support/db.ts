// A fresh, migrated database for one test file: a copy of the template prepared by scripts/test.js
// (PGlite snapshot, or a PostgreSQL database created from the template database).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDb, type Db } from '../../src/platform/index.ts';
import { allMigrations } from '../../src/roles/compose.ts';

export interface TestDb extends Db {
  /** The PostgreSQL URL of this test database (undefined on PGlite). */
  url: string | undefined;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Opens a new database for the calling test file; close it in `after()`. */
export async function openTestDb(): Promise<TestDb> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = process.env.TINN_TEST_PG_TEMPLATE;
    const name = `tinn_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(serverUrl, name);
    const db = await openDb({ url, poolMax: 10 });
    if (!template) await migrateToLatest(db.kysely, allMigrations);
    return {
      ...db,
      url,
      async close() {
        await db.close();
        const drop = new pg.Client({ connectionString: serverUrl });
        await drop.connect();
        await drop.query(`drop database if exists ${name} with (force)`);
        await drop.end();
      },
    };
  }
  const templateFile = process.env.TINN_TEST_PGLITE_TEMPLATE;
  if (templateFile) {
    const db = await openDb({ loadDataDir: new Blob([readFileSync(templateFile)]) });
    return { ...db, url: undefined };
  }
  const db = await openDb({});
  await migrateToLatest(db.kysely, allMigrations);
  return { ...db, url: undefined };
}
