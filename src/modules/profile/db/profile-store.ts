import { sql, type Kysely } from 'kysely';
import type { LoginSettingsTable, OrgNotificationAddressTable, PersonalContactTable, PersonProfileTable, ProfileDatabase } from './tables.ts';

type Db = Kysely<any>;
const p = (db: Db) => db as Kysely<ProfileDatabase>;

export async function selectPersonProfile(db: Db, partyId: number): Promise<PersonProfileTable | undefined> {
  return p(db)
    .selectFrom('profile.person_profile')
    .select(['party_id', 'language', 'email', 'mobile', 'is_reserved', 'updated_at'])
    .where('party_id', '=', partyId)
    .executeTakeFirst();
}

export async function upsertPersonProfile(db: Db, row: PersonProfileTable): Promise<void> {
  await p(db)
    .insertInto('profile.person_profile')
    .values(row)
    .onConflict((oc) =>
      oc.column('party_id').doUpdateSet({ language: row.language, email: row.email, mobile: row.mobile, is_reserved: row.is_reserved, updated_at: row.updated_at }),
    )
    .execute();
}

export async function selectLoginSettings(db: Db, partyId: number): Promise<LoginSettingsTable | undefined> {
  return p(db)
    .selectFrom('profile.login_settings')
    .select(['party_id', 'username', 'allow_system_submission', 'updated_at'])
    .where('party_id', '=', partyId)
    .executeTakeFirst();
}

export async function upsertLoginSettings(db: Db, row: LoginSettingsTable): Promise<void> {
  await p(db)
    .insertInto('profile.login_settings')
    .values(row)
    .onConflict((oc) => oc.column('party_id').doUpdateSet({ username: row.username, allow_system_submission: row.allow_system_submission, updated_at: row.updated_at }))
    .execute();
}

export async function selectPartyIdByUsername(db: Db, username: string): Promise<number | undefined> {
  const row = await p(db)
    .selectFrom('profile.login_settings')
    .select('party_id')
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
  return row?.party_id;
}

export async function selectOrgNotificationAddresses(db: Db, partyId: number): Promise<Pick<OrgNotificationAddressTable, 'channel' | 'address'>[]> {
  return p(db)
    .selectFrom('profile.org_notification_address')
    .select(['channel', 'address'])
    .where('party_id', '=', partyId)
    .orderBy('id')
    .execute();
}

export async function replaceOrgNotificationAddresses(
  db: Db,
  partyId: number,
  rows: { channel: 'email' | 'sms'; address: string }[],
  now: Date,
): Promise<void> {
  await p(db).deleteFrom('profile.org_notification_address').where('party_id', '=', partyId).execute();
  if (rows.length === 0) return;
  await p(db)
    .insertInto('profile.org_notification_address')
    .values(rows.map((r) => ({ party_id: partyId, channel: r.channel, address: r.address, created_at: now })))
    .execute();
}

const PERSONAL_CONTACT_COLUMNS = ['person_party_id', 'organization_party_id', 'email', 'mobile', 'updated_at'] as const;

export async function selectPersonalContact(db: Db, organizationPartyId: number, personPartyId: number): Promise<PersonalContactTable | undefined> {
  return p(db)
    .selectFrom('profile.personal_contact')
    .select(PERSONAL_CONTACT_COLUMNS)
    .where('organization_party_id', '=', organizationPartyId)
    .where('person_party_id', '=', personPartyId)
    .executeTakeFirst();
}

export async function selectPersonalContacts(db: Db, organizationPartyId: number): Promise<PersonalContactTable[]> {
  return p(db)
    .selectFrom('profile.personal_contact')
    .select(PERSONAL_CONTACT_COLUMNS)
    .where('organization_party_id', '=', organizationPartyId)
    .orderBy('person_party_id')
    .execute();
}

export async function upsertPersonalContact(db: Db, row: PersonalContactTable): Promise<void> {
  await p(db)
    .insertInto('profile.personal_contact')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_party_id', 'person_party_id']).doUpdateSet({ email: row.email, mobile: row.mobile, updated_at: row.updated_at }))
    .execute();
}

/** True when a row was deleted. */
export async function deletePersonalContact(db: Db, organizationPartyId: number, personPartyId: number): Promise<boolean> {
  const result = await p(db)
    .deleteFrom('profile.personal_contact')
    .where('organization_party_id', '=', organizationPartyId)
    .where('person_party_id', '=', personPartyId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
