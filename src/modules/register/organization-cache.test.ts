import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { composeSecondTinn, useComposedTinn } from '../../../test/support/tinn.ts';
import { buildOrganization } from './testing.ts';

/** Renames behind the register's back, so only a fresh read can see the new name. */
async function renameInDatabase(db: Kysely<any>, partyId: number, name: string) {
  await sql`update register.party set name = ${name} where party_id = ${partyId}`.execute(db);
}

describe('organisation cache', () => {
  const env = useComposedTinn();

  it('serves repeated lookups from memory until a change commits', async () => {
    const { register } = env().tinn;
    const main = await buildOrganization(register, { name: 'Minne AS' });
    await env().tinn.changes.settle();
    assert.equal((await register.getOrganization(main.orgno)).organization.name, 'Minne AS');
    await renameInDatabase(env().db.kysely, main.partyId, 'Renamed Behind The Back AS');
    assert.equal((await register.getOrganization(main.orgno)).organization.name, 'Minne AS', 'served from memory');
    const sub = await buildOrganization(register, { parentOrgno: main.orgno });
    const fresh = await register.getOrganization(main.orgno);
    assert.equal(fresh.organization.name, 'Renamed Behind The Back AS');
    assert.deepEqual(fresh.subUnits.map((s) => s.orgno), [sub.orgno]);
  });

  it('neither reads nor fills the cache inside a transaction', async () => {
    const { register } = env().tinn;
    const org = await buildOrganization(register, { name: 'Før AS' });
    await env().tinn.changes.settle();
    await register.getOrganization(org.orgno);
    await env().db.kysely.transaction().execute(async (trx) => {
      await renameInDatabase(trx, org.partyId, 'Uncommitted AS');
      assert.equal((await register.withDb(trx).getOrganization(org.orgno)).organization.name, 'Uncommitted AS');
      throw new Error('roll back');
    }).catch(() => {});
    assert.equal((await register.getOrganization(org.orgno)).organization.name, 'Før AS');
  });

  it('is bypassed while the change feed is not live', async () => {
    const { register, changes } = env().tinn;
    const org = await buildOrganization(register, { name: 'Levende AS' });
    await register.getOrganization(org.orgno);
    await changes.close();
    try {
      await renameInDatabase(env().db.kysely, org.partyId, 'Seen Without Cache AS');
      assert.equal((await register.getOrganization(org.orgno)).organization.name, 'Seen Without Cache AS');
    } finally {
      await changes.start();
    }
  });

  it('drops every process’s copy when another process commits a change (PostgreSQL)', async (t) => {
    if (env().db.kind !== 'postgres') return t.skip('one process only on the embedded database');
    const second = await composeSecondTinn(env());
    const b = second.tinn;
    try {
      const org = await buildOrganization(env().tinn.register, { name: 'Prosess A AS' });
      await b.changes.settle();
      assert.equal((await b.register.getOrganization(org.orgno)).organization.name, 'Prosess A AS');
      await renameInDatabase(env().db.kysely, org.partyId, 'Prosess B Ser Dette AS');
      assert.equal((await b.register.getOrganization(org.orgno)).organization.name, 'Prosess A AS', 'cached in B');
      await buildOrganization(env().tinn.register, { parentOrgno: org.orgno }); // a change committed in A
      const deadline = Date.now() + 5000;
      let name = '';
      while (Date.now() < deadline) {
        name = (await b.register.getOrganization(org.orgno)).organization.name;
        if (name === 'Prosess B Ser Dette AS') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(name, 'Prosess B Ser Dette AS');
    } finally {
      await second.close();
    }
  });
});
