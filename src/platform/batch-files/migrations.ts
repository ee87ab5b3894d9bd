import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const batchFileMigrations: Record<string, Migration> = {
  '20261126T1000-platform-batch-file': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('platform').ifNotExists().execute();
      // Every batch file a service owner's system put in its inbound folder, with the receipt written for it.
      // Rows stay as history; removing a receipt (or a new file of the same name) only sets receipt_removed_at.
      await db.schema
        .createTable('platform.batch_file')
        .addColumn('batch_file_id', 'bigserial', (c) => c.primaryKey())
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('service_owner_code', 'text', (c) => c.notNull())
        // Null when the file was no batch format Tinn reads.
        .addColumn('kind', 'text', (c) => c.check(sql`kind in ('correspondence', 'prefill')`))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('received_at', 'timestamptz', (c) => c.notNull())
        .addColumn('sequence_no', 'bigint')
        .addColumn('shipment_reference', 'text')
        .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('OK', 'PartlyFailed', 'Failed')`))
        // The problem code of a file rejected whole.
        .addColumn('code', 'text')
        .addColumn('item_count', 'integer', (c) => c.notNull())
        .addColumn('ok_count', 'integer', (c) => c.notNull())
        .addColumn('receipt', 'text', (c) => c.notNull())
        .addColumn('receipt_removed_at', 'timestamptz')
        .execute();
      // One receipt per file name in an account's folder.
      await db.schema
        .createIndex('batch_file_receipt_idx')
        .on('platform.batch_file')
        .columns(['account', 'file_name'])
        .unique()
        .where(sql.ref('receipt_removed_at'), 'is', null)
        .execute();
      await db.schema.createIndex('batch_file_owner_idx').on('platform.batch_file').columns(['service_owner_code', 'received_at']).execute();
      // The last SequenceNo accepted per service owner and kind: the next file must carry this plus one.
      await db.schema
        .createTable('platform.batch_sequence')
        .addColumn('service_owner_code', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('correspondence', 'prefill')`))
        .addColumn('last_sequence_no', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('batch_sequence_pk', ['service_owner_code', 'kind'])
        .execute();
    },
  },
};
