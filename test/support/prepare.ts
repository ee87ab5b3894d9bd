// Creates (or drops) the migrated template the test files start from. Prints the environment the
// test files need as JSON. Test support code: it may read process.env.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDb } from '../../src/platform/index.ts';
import { allMigrations } from '../../src/roles/compose.ts';

const command = process.argv[2];
const url = process.env.TEST_DATABASE_URL;

function adminUrl(u: string, database: string): string {
  const parsed = new URL(u);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

if (command === 'create') {
  if (url) {
    const template = `tinn_template_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    await admin.end();
    const db = await openDb({ url: adminUrl(url, template), poolMax: 1 });
    await migrateToLatest(db.kysely, allMigrations);
    await db.close();
    process.stdout.write(JSON.stringify({ TINN_TEST_PG_TEMPLATE: template }));
  } else {
    const db = await openDb({});
    await migrateToLatest(db.kysely, allMigrations);
    const dump = await db.pglite!.dumpDataDir('gzip');
    const file = join(process.env.TINN_TEST_WORK_DIR!, 'template.tar.gz');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await db.close();
    process.stdout.write(JSON.stringify({ TINN_TEST_PGLITE_TEMPLATE: file }));
  }
} else if (command === 'drop') {
  const template = process.env.TINN_TEST_PG_TEMPLATE;
  if (url && template) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  }
} else {
  console.error('usage: prepare.ts create|drop');
  process.exit(2);
}
