import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Clock, Kysely, Random } from '../../platform/index.ts';
import { insertKey, retireKeysExcept, selectUsableKeys } from './db/key-store.ts';

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
  #loading: Promise<Loaded[]> | undefined;
  readonly #o: { db: Kysely<any>; clock: Clock; random: Random; rotationDays: number; tokenTtlSeconds: number };

  constructor(options: { db: Kysely<any>; clock: Clock; random: Random; rotationDays: number; tokenTtlSeconds: number }) {
    this.#o = options;
  }

  async #load(force = false): Promise<Loaded[]> {
    if (this.#keys && !force) return this.#keys;
    this.#loading ??= (async () => {
      try {
        const since = new Date(this.#o.clock.now().getTime() - this.#o.tokenTtlSeconds * 1000 - 60_000);
        const rows = await selectUsableKeys(this.#o.db, since);
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
    return this.rotate();
  }

  /** Creates a new signing key and retires the others (they keep verifying until their tokens expire). */
  async rotate(): Promise<{ kid: string; privateKey: KeyObject }> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const kid = this.#o.random.uuid();
    const now = this.#o.clock.now();
    const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'EdDSA', use: 'sig' };
    await insertKey(this.#o.db, { kid, algorithm: 'EdDSA', public_jwk: publicJwk, private_pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), created_at: now });
    await retireKeysExcept(this.#o.db, kid, now);
    await this.#load(true);
    return { kid, privateKey };
  }

  /** The public key for a key id, reloading once for an id this process has not seen. */
  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    let key = (await this.#load()).find((k) => k.kid === kid);
    if (!key) key = (await this.#load(true)).find((k) => k.kid === kid);
    return key?.publicKey;
  }

  /** The JSON Web Key Set: every key whose tokens may still be valid. */
  async jwks(): Promise<{ keys: Record<string, string>[] }> {
    const keys = await this.#load(true);
    return { keys: keys.map((k) => k.publicJwk) };
  }
}
