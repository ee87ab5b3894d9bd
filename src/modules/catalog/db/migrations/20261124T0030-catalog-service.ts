import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const catalogService: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createSchema('catalog').ifNotExists().execute();
    // A service edition (ServiceCode + ServiceEditionCode). The definition is kept whole as JSON; the columns
    // beside it are what lists filter on.
    await db.schema
      .createTable('catalog.service_edition')
      .addColumn('service_code', 'text', (c) => c.notNull())
      .addColumn('service_edition_code', 'integer', (c) => c.notNull())
      .addColumn('service_owner_code', 'text', (c) => c.notNull())
      .addColumn('service_type', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'test', 'production')`))
      .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
      .addColumn('valid_to', 'timestamptz')
      .addColumn('definition', 'jsonb', (c) => c.notNull())
      .addColumn('content_sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('production_at', 'timestamptz')
      .addPrimaryKeyConstraint('service_edition_pk', ['service_code', 'service_edition_code'])
      .execute();
    await sql`create index service_edition_owner_idx on catalog.service_edition (service_owner_code)`.execute(db);
    // A form's data model (DataFormatId + DataFormatVersion, unique across services): its XSD files.
    await db.schema
      .createTable('catalog.data_format')
      .addColumn('data_format_id', 'text', (c) => c.notNull())
      .addColumn('data_format_version', 'integer', (c) => c.notNull())
      .addColumn('service_owner_code', 'text', (c) => c.notNull())
      .addColumn('main_file', 'text', (c) => c.notNull())
      .addColumn('files', 'jsonb', (c) => c.notNull())
      .addColumn('schema_sha256', 'text', (c) => c.notNull())
      .addColumn('target_namespace', 'text', (c) => c.notNull())
      .addColumn('root_elements', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('data_format_pk', ['data_format_id', 'data_format_version'])
      .execute();
    // Which forms an edition has; a data format in a production edition's form set keeps its schema.
    await db.schema
      .createTable('catalog.service_form')
      .addColumn('service_code', 'text', (c) => c.notNull())
      .addColumn('service_edition_code', 'integer', (c) => c.notNull())
      .addColumn('data_format_id', 'text', (c) => c.notNull())
      .addColumn('data_format_version', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_form_pk', ['service_code', 'service_edition_code', 'data_format_id', 'data_format_version'])
      .addForeignKeyConstraint('service_form_edition_fk', ['service_code', 'service_edition_code'], 'catalog.service_edition', ['service_code', 'service_edition_code'], (fk) => fk.onDelete('cascade'))
      .addForeignKeyConstraint('service_form_format_fk', ['data_format_id', 'data_format_version'], 'catalog.data_format', ['data_format_id', 'data_format_version'])
      .execute();
    await sql`create index service_form_format_idx on catalog.service_form (data_format_id, data_format_version)`.execute(db);
  },
};
