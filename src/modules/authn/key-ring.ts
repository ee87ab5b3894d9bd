import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import type { ChangeFeed, Clock, Kysely, Random } from '../../platform/index.ts';
import { insertKey, retireKeysExcept, selectUsableKeys } from './db/key-store.ts';

const RELOAD_UNKNOWN_MS = 5_000;
const KEYS_TOPIC = 'authn.signing-key';

export interface KeyRingOptions {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  rotationDays: number;
  tokenTtlSeconds: number;
  changes?: ChangeFeed;
}
const JWKS_FRESH_MS = 60_000;

interface Loaded {
  kid: string;
  createdAt: Date;
  retiredAt: Date | null;
  publicJwk: Record<string, string>;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/**
 * The token-signing keys (Ed25519), kept in the database so every process signs and verifies with the
 * same set. The newest key signs; it is replaced when older than the rotation age; retired keys stay
 * published until every token they signed has expired. Keys are cached in memory and reloaded when a
 * token names an unknown key id (another process rotated).
 */
export class KeyRing {
  #keys: Loaded[] | undefined;
  #loadedAt = 0;
  #loading: Promise<Loaded[]> | undefined;
  readonly #o: KeyRingOptions;

  constructor(options: KeyRingOptions) {
    this.#o = options;
    // A rotation in any process reaches every process through the change feed.
    options.changes?.subscribe(KEYS_TOPIC, () => {
      this.#keys = undefined;
    });
  }

  async #load(force = false): Promise<Loaded[]> {
    if (this.#keys && !force) return this.#keys;
    this.#loading ??= (async () => {
      try {
        const since = new Date(this.#o.clock.now().getTime() - this.#o.tokenTtlSeconds * 1000 - 60_000);
        const rows = await selectUsableKeys(this.#o.db, since);
        this.#loadedAt = this.#o.clock.now().getTime();
        this.#keys = rows.map((r) => ({
          kid: r.kid,
          createdAt: r.created_at,
          retiredAt: r.retired_at,
          publicJwk: r.public_jwk,
          publicKey: createPublicKey({ key: r.public_jwk, format: 'jwk' }),
          privateKey: createPrivateKey(r.private_pem),
        }));
        return this.#keys;
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }

  /** The key to sign with, rotating when the newest is older than the rotation age. */
  async signingKey(): Promise<{ kid: string; privateKey: KeyObject }> {
    const keys = await this.#load();
    const now = this.#o.clock.now();
    const newest = keys.find((k) => k.retiredAt === null);
    if (newest && now.getTime() - newest.createdAt.getTime() < this.#o.rotationDays * 86_400_000) return newest;
    return this.#rotate(false);
  }

  /**
   * Creates a new signing key and retires the others (they keep verifying until their tokens expire). Runs
   * under a lock, so processes that find the key too old at the same moment rotate once: the others take the
   * key the first one made, instead of each retiring the others' (which left no key to sign with).
   */
  rotate(): Promise<{ kid: string; privateKey: KeyObject }> {
    return this.#rotate(true);
  }

  /** Rotates when forced, or when the newest key (read under the lock) is older than the rotation age. */
  async #rotate(force: boolean): Promise<{ kid: string; privateKey: KeyObject }> {
    const made = await this.#o.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${KEYS_TOPIC}))`.execute(trx);
      const now = this.#o.clock.now();
      const newest = (await selectUsableKeys(trx, now)).find((k) => k.retired_at === null);
      if (!force && newest && now.getTime() - newest.created_at.getTime() < this.#o.rotationDays * 86_400_000) return undefined;
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const kid = this.#o.random.uuid();
      const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'EdDSA', use: 'sig' };
      await insertKey(trx, { kid, algorithm: 'EdDSA', public_jwk: publicJwk, private_pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), created_at: now });
      await retireKeysExcept(trx, kid, now);
      await this.#o.changes?.publish(trx, KEYS_TOPIC);
      return { kid, privateKey };
    });
    const keys = await this.#load(true);
    if (made) return made;
    const current = keys.find((k) => k.retiredAt === null);
    if (!current) throw new Error('no signing key after rotation');
    return current;
  }

  #isOlderThan(ms: number): boolean {
    return this.#o.clock.now().getTime() - this.#loadedAt >= ms;
  }

  /**
   * The public key for a key id. Rotations arrive through the change feed; only while the feed is down
   * does an unknown id reload the keys, at most once per 5 seconds, so tokens with made-up key ids cannot
   * make every request read the database.
   */
  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    let key = (await this.#load()).find((k) => k.kid === kid);
    if (!key && !this.#o.changes?.isLive() && this.#isOlderThan(RELOAD_UNKNOWN_MS)) key = (await this.#load(true)).find((k) => k.kid === kid);
    return key?.publicKey;
  }

  /** The JSON Web Key Set: every key whose tokens may still be valid (re-read at most once a minute). */
  async jwks(): Promise<{ keys: Record<string, string>[] }> {
    const keys = await this.#load(this.#isOlderThan(JWKS_FRESH_MS));
    return { keys: keys.map((k) => k.publicJwk) };
  }
}
