import type { ChangeFeed, Clock, Kysely } from '../../platform/index.ts';
import { selectRevokedSessionIdsSince, selectSessionRevoked } from './db/login-store.ts';

/** The change-feed topic of ended sessions; the detail is the session id. */
export const SESSION_REVOKED_TOPIC = 'authn.session-revoked';

// Clocks of different processes may disagree a little; a revocation is remembered this much longer.
const CLOCK_SLACK_MS = 60_000;

export interface RevokedSessionsOptions {
  db: Kysely<any>;
  clock: Clock;
  /** Access tokens live this long: a session revoked longer ago has no valid token left. */
  tokenTtlSeconds: number;
  isLive: () => boolean;
}

/**
 * The portal sessions ended lately, so that access tokens tied to them (claim `sid`) stop working in every
 * process at once, not when they expire. A token is otherwise checked by its signature alone; asking the
 * database on every request would cost more than the rest of an authenticated request. So each process
 * holds the ids of sessions ended within a token's lifetime: read once from the database, then kept up to
 * date by the change feed (every logout publishes its session id). While the feed is down, or after it was
 * (messages may have been lost), the database is asked instead, until a fresh read completes the set again.
 */
export class RevokedSessions {
  readonly #o: RevokedSessionsOptions;
  /** Session id → when it was learnt to be revoked (ms). */
  readonly #ids = new Map<string, number>();
  /** True when #ids holds every revocation of the window (read after the feed was last live). */
  #complete = false;
  #generation = 0;
  #loading: Promise<void> | undefined;
  #prunedAt = 0;

  constructor(options: RevokedSessionsOptions) {
    this.#o = options;
  }

  static subscribedTo(changes: ChangeFeed, options: Omit<RevokedSessionsOptions, 'isLive'>): RevokedSessions {
    const sessions = new RevokedSessions({ ...options, isLive: () => changes.isLive() });
    changes.subscribe(SESSION_REVOKED_TOPIC, (sessionId) => sessions.learn(sessionId));
    return sessions;
  }

  /** A revocation from the change feed; without an id, any may have been missed. */
  learn(sessionId: string | undefined): void {
    if (sessionId === undefined) {
      this.#complete = false;
      this.#generation++;
      return;
    }
    this.#ids.set(sessionId, this.#o.clock.now().getTime());
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    if (!this.#o.isLive()) return selectSessionRevoked(this.#o.db, sessionId);
    if (!this.#complete) {
      await (this.#loading ??= this.#load().finally(() => (this.#loading = undefined)));
      if (!this.#complete) return selectSessionRevoked(this.#o.db, sessionId);
    }
    this.#prune();
    return this.#ids.has(sessionId);
  }

  get size(): number {
    return this.#ids.size;
  }

  #windowMs(): number {
    return this.#o.tokenTtlSeconds * 1000 + CLOCK_SLACK_MS;
  }

  async #load(): Promise<void> {
    const generation = this.#generation;
    const now = this.#o.clock.now().getTime();
    const rows = await selectRevokedSessionIdsSince(this.#o.db, new Date(now - this.#windowMs()));
    for (const row of rows) if (!this.#ids.has(row.id)) this.#ids.set(row.id, row.revoked_at.getTime());
    // A feed loss during the read may have hidden a revocation committed after it: read again next time.
    if (generation === this.#generation && this.#o.isLive()) this.#complete = true;
  }

  /** Forgets revocations older than a token's lifetime, at most once a minute. */
  #prune(): void {
    const now = this.#o.clock.now().getTime();
    if (now - this.#prunedAt < 60_000) return;
    this.#prunedAt = now;
    const oldest = now - this.#windowMs();
    for (const [id, at] of this.#ids) if (at < oldest) this.#ids.delete(id);
  }
}
