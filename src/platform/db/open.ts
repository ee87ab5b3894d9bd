import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.ts';
import { lockDataDir } from './locks.ts';

const INT8 = 20;
const DATE = 1082;

// The same JavaScript types come back from both drivers: int8 as number (ids and counts stay far
// below 2^53), date as 'YYYY-MM-DD' (a Date would shift with the process time zone).
pg.types.setTypeParser(INT8, (v: string) => Number(v));
pg.types.setTypeParser(DATE, (v: string) => v);

export interface DbOptions {
  /** PostgreSQL URL; when unset the embedded database is used. */
  url?: string | undefined;
  /** PGlite data directory; undefined means in memory. */
  dataDir?: string | undefined;
  /** A PGlite data directory snapshot (tar.gz) to start from (tests use a migrated template). */
  loadDataDir?: Blob | undefined;
  poolMax?: number;
  applicationName?: string;
  /**
   * PostgreSQL: how often the LISTEN connection proves it is alive (a `select 1` that must answer within the
   * same time). A connection that died silently (a partition, a NAT timeout, a host gone without a reset) is
   * otherwise never noticed, and caches invalidated through it would go stale for ever. Default 10 s.
   */
  listenHeartbeatMs?: number;
}

/** An open database: Kysely plus what the platform needs to know about it. */
export interface Db<DB = any> {
  kysely: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** The PGlite instance, on the embedded database only (to dump or reopen it). */
  pglite?: PGlite;
  /**
   * Receives NOTIFY messages on a channel (delivered after the sending transaction commits). On PostgreSQL
   * this holds one extra connection; `onInterrupted` is called when it is lost (messages may have been
   * missed) and again each time it is restored.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<Listener>;
}

export interface ListenHandlers {
  onMessage(payload: string): void;
  /** The listener lost (false) or regained (true) its connection; messages in between are lost. */
  onConnectionChange?(connected: boolean): void;
}

export interface Listener {
  isConnected(): boolean;
  close(): Promise<void>;
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite (in `dataDir`, or in memory). */
export async function openDb<DB>(options: DbOptions): Promise<Db<DB>> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      application_name: options.applicationName ?? 'tinn',
    });
    // An idle pooled connection that the server ends (restart, failover, pg_terminate_backend, a dropped
    // database) is reported here; without a listener Node would crash the process. The pool has already
    // discarded that client, and the next query opens a new one.
    pool.on('error', () => {});
    const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const heartbeatMs = options.listenHeartbeatMs ?? LISTEN_HEARTBEAT_MS;
    return { kysely, kind: 'postgres', close: () => kysely.destroy(), listen: (channel, handlers) => listenOnPostgres(options.url!, channel, handlers, heartbeatMs) };
  }
  let release = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    release = lockDataDir(options.dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [pgliteTypes.DATE]: (v: string) => v },
    });
  } catch (err) {
    release();
    throw err;
  }
  const kysely = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    kysely,
    kind: 'pglite',
    pglite,
    close: async () => {
      try {
        await kysely.destroy();
        await pglite.close();
      } finally {
        release();
      }
    },
    listen: async (channel, handlers) => {
      const unlisten = await pglite.listen(channel, handlers.onMessage);
      // As on PostgreSQL: whatever changed before listening began was not heard.
      handlers.onConnectionChange?.(true);
      return { isConnected: () => true, close: () => unlisten() };
    },
  };
}

const RECONNECT_MS = [100, 500, 1000, 5000];
const LISTEN_HEARTBEAT_MS = 10_000;

/**
 * A dedicated connection that LISTENs, reconnecting with backoff when it drops, and asking `select 1` every
 * `heartbeatMs` (to be answered within as long) so a connection that died without a word counts as lost too.
 */
async function listenOnPostgres(url: string, channel: string, handlers: ListenHandlers, heartbeatMs: number): Promise<Listener> {
  let client: pg.Client | undefined;
  let connected = false;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const quoted = `"${channel.replaceAll('"', '""')}"`;

  const lost = () => {
    clearInterval(heartbeat);
    if (connected) handlers.onConnectionChange?.(false);
    connected = false;
    client?.removeAllListeners();
    // pg may report more than one error for one broken connection: keep a listener, or Node crashes.
    client?.on('error', () => {});
    client?.end().catch(() => {});
    client = undefined;
    if (!closed) retry = setTimeout(connect, RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]);
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url, application_name: 'tinn-listen', keepAlive: true, connectionTimeoutMillis: heartbeatMs, query_timeout: heartbeatMs });
    client = c;
    c.on('notification', (m) => {
      if (m.channel === channel) handlers.onMessage(m.payload ?? '');
    });
    c.on('error', lost);
    c.on('end', () => {
      if (!closed) lost();
    });
    try {
      await c.connect();
      await c.query(`listen ${quoted}`);
      if (closed) {
        await c.end();
        return;
      }
      connected = true;
      attempt = 0;
      handlers.onConnectionChange?.(true);
      heartbeat = setInterval(() => {
        c.query('select 1').catch(() => {
          if (client === c) lost();
        });
      }, heartbeatMs);
      heartbeat.unref();
    } catch {
      if (client === c) lost();
    }
  }

  await connect();
  return {
    isConnected: () => connected,
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const c = client;
      client = undefined;
      connected = false;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => {});
        // A connection that went silent never answers the goodbye: wait a heartbeat at most, then drop it.
        const ended = c.end().catch(() => {});
        await Promise.race([ended, new Promise<void>((resolve) => setTimeout(resolve, heartbeatMs).unref())]);
        (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      }
    },
  };
}
