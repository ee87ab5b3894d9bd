import { sql, type Kysely } from 'kysely';

interface SshKeyTable {
  key_id: string;
  data_system_id: number | null;
  enterprise_user_party_id: number | null;
  service_owner_system: string | null;
  algorithm: string;
  public_key: string;
  fingerprint: string;
  comment: string;
  created_at: Date;
  created_by_party_id: number | null;
}

const s = (db: Kysely<any>) => db as Kysely<{ 'systems.ssh_key': SshKeyTable }>;

/** The one column that names a key's holder, and its value. */
export type SshKeyHolderColumn =
  | { column: 'data_system_id'; value: number }
  | { column: 'enterprise_user_party_id'; value: number }
  | { column: 'service_owner_system'; value: string };

export type SshKeyRow = SshKeyTable;

const COLUMNS = ['key_id', 'data_system_id', 'enterprise_user_party_id', 'service_owner_system', 'algorithm', 'public_key', 'fingerprint', 'comment', 'created_at', 'created_by_party_id'] as const;

const holderIs = (holder: SshKeyHolderColumn) => sql<boolean>`${sql.ref(holder.column)} = ${holder.value}`;

/** Serialises key changes of one holder until the transaction ends, so the per-holder limit holds. */
export async function lockSshKeyHolder(trx: Kysely<any>, holder: SshKeyHolderColumn): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`systems.ssh_key:${holder.column}:${holder.value}`}))`.execute(trx);
}

export async function insertSshKey(db: Kysely<any>, holder: SshKeyHolderColumn, row: Omit<SshKeyTable, 'data_system_id' | 'enterprise_user_party_id' | 'service_owner_system'>): Promise<void> {
  await s(db)
    .insertInto('systems.ssh_key')
    .values({ ...row, data_system_id: null, enterprise_user_party_id: null, service_owner_system: null, [holder.column]: holder.value })
    .execute();
}

/** The holder's keys, oldest first. */
export async function selectSshKeysOf(db: Kysely<any>, holder: SshKeyHolderColumn): Promise<SshKeyRow[]> {
  return s(db).selectFrom('systems.ssh_key').select(COLUMNS).where(holderIs(holder)).orderBy('created_at').orderBy('key_id').execute();
}

export async function countSshKeysOf(db: Kysely<any>, holder: SshKeyHolderColumn): Promise<number> {
  const row = await s(db).selectFrom('systems.ssh_key').select((eb) => eb.fn.countAll<string | number>().as('n')).where(holderIs(holder)).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The holder's key with this fingerprint (SHA256:…), if any. */
export async function selectSshKeyByFingerprint(db: Kysely<any>, holder: SshKeyHolderColumn, fingerprint: string): Promise<SshKeyRow | undefined> {
  return s(db).selectFrom('systems.ssh_key').select(COLUMNS).where(holderIs(holder)).where('fingerprint', '=', fingerprint).executeTakeFirst();
}

/** Deletes one of the holder's keys; answers its fingerprint, or undefined when the holder has no such key. */
export async function deleteSshKeyOf(db: Kysely<any>, holder: SshKeyHolderColumn, keyId: string): Promise<{ fingerprint: string } | undefined> {
  return s(db).deleteFrom('systems.ssh_key').where(holderIs(holder)).where('key_id', '=', keyId).returning(['fingerprint']).executeTakeFirst();
}

/** Deletes every key of the holder (the holder itself is being deleted). */
export async function deleteSshKeysOf(db: Kysely<any>, holder: SshKeyHolderColumn): Promise<number> {
  const r = await s(db).deleteFrom('systems.ssh_key').where(holderIs(holder)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
