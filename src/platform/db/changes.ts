import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Db, Listener } from './open.ts';

const CHANNEL = 'tinn_changes';
const DETAIL_SEPARATOR = ' ';

/**
 * Tells every process that data changed, so in-memory caches can drop what they hold. A change is
 * published inside the writing transaction (PostgreSQL NOTIFY) and so reaches subscribers only if, and
 * after, it commits. While the feed is not live (not started, or its connection is being restored),
 * caches must not serve from memory.
 */
export interface ChangeFeed {
  /**
   * Announces a change of `topic` in the caller's transaction; `detail` (an id, at most a few hundred bytes)
   * names what changed, for subscribers that keep track item by item.
   */
  publish(db: Kysely<any>, topic: string, detail?: string): Promise<void>;
  /**
   * Calls `onChange` for changes of `topic` (with the publisher's detail, if any), of everything ('*'), and
   * whenever messages may have been lost. Without a detail, anything of the topic may have changed.
   */
  subscribe(topic: string, onChange: (detail?: string) => void): () => void;
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
  const subscribers = new Map<string, Set<(detail?: string) => void>>();
  let listener: Listener | undefined;
  const markers = new Map<string, () => void>();
  let markerSeq = 0;
  const notify = (payload: string) => {
    const marker = markers.get(payload);
    if (marker) {
      markers.delete(payload);
      marker();
      return;
    }
    // A payload is `topic` or `topic` DETAIL_SEPARATOR `detail` (topics never hold the separator).
    const at = payload.indexOf(DETAIL_SEPARATOR);
    const topic = at < 0 ? payload : payload.slice(0, at);
    const detail = at < 0 || topic === '*' ? undefined : payload.slice(at + 1);
    for (const [t, set] of subscribers) if (topic === '*' || t === topic) for (const fn of set) fn(detail);
  };
  return {
    async publish(trx, topic, detail) {
      if (topic.includes(DETAIL_SEPARATOR)) throw new Error(`a change topic cannot hold "${DETAIL_SEPARATOR}": ${topic}`);
      await sql`select pg_notify(${CHANNEL}, ${detail === undefined ? topic : `${topic}${DETAIL_SEPARATOR}${detail}`})`.execute(trx);
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
