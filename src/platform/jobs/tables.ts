import type { ColumnType, Generated } from 'kysely';

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: ColumnType<unknown, unknown, unknown>;
  status: 'pending' | 'running' | 'done' | 'dead';
  attempts: Generated<number>;
  max_attempts: number;
  run_at: Date;
  locked_until: Date | null;
  locked_by: string | null;
  last_error: string | null;
  idempotency_key: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface JobDatabase {
  'platform.job': JobTable;
}
