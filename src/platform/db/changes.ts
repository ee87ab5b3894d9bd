import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Db, Listener } from './open.ts';

const CHANNEL = 'tinn_changes';

/**
 * Tells every process that data changed, so in-memory caches can drop what they hold. A change is
 * published inside the writing transaction (PostgreSQL NOTIFY) and so reaches subscribers only if, and
 * after, it commits. While the feed is not live (not started, or its connection is being restored),
 * caches must not serve from memory.
 */
export interface ChangeFeed {
  /** Announces a change of `topic` in the caller's transaction. */
  publish(db: Kysely<any>, topic: string): Promise<void>;
  /** Calls `onChange` for changes of `topic`, of everything ('*'), and whenever messages may have been lost. */
  subscribe(topic: string, onChange: () => void): () => void;
  isLive(): boolean;
  /**
   * Resolves once every change committed before the call has reached this process's subscribers
   * (notifications arrive in commit order, so a marker sent now arrives after them).
   */
  settle(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The change feed of one database; call `start()` before trusting `isLive()`. */
export function createChangeFeed(db: Db, log: Logger): ChangeFeed {
  const subscribers = new Map<string, Set<() => void>>();
  let listener: Listener | undefined;
  const markers = new Map<string, () => void>();
  let markerSeq = 0;
  const notify = (topic: string) => {
    const marker = markers.get(topic);
    if (marker) {
      markers.delete(topic);
      marker();
      return;
    }
    for (const [t, set] of subscribers) if (topic === '*' || t === topic) for (const fn of set) fn();
  };
  return {
    async publish(trx, topic) {
      await sql`select pg_notify(${CHANNEL}, ${topic})`.execute(trx);
    },
    subscribe(topic, onChange) {
      const set = subscribers.get(topic) ?? new Set();
      set.add(onChange);
      subscribers.set(topic, set);
      return () => set.delete(onChange);
    },
    isLive: () => listener?.isConnected() ?? false,
    async settle() {
      if (!listener?.isConnected()) return;
      const marker = `settle:${process.pid}:${++markerSeq}`;
      const arrived = new Promise<void>((resolve) => markers.set(marker, resolve));
      await sql`select pg_notify(${CHANNEL}, ${marker})`.execute(db.kysely);
      await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, 5000))]);
      markers.delete(marker);
    },
    async start() {
      if (listener) return;
      listener = await db.listen(CHANNEL, {
        onMessage: notify,
        onConnectionChange: (connected) => {
          log[connected ? 'info' : 'warn']({ channel: CHANNEL }, connected ? 'change feed connected' : 'change feed lost; caches bypassed');
          notify('*');
        },
      });
    },
    async close() {
      await listener?.close();
      listener = undefined;
    },
  };
}
