import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Randomness and identifiers, as a port: one-time codes, tokens and ids come from here. */
export interface Random {
  uuid(): string;
  /** Uniform integer in [min, max). */
  int(min: number, max: number): number;
  bytes(n: number): Uint8Array;
}

export const cryptoRandom: Random = {
  uuid: () => randomUUID(),
  int: (min, max) => randomInt(min, max),
  bytes: (n) => new Uint8Array(randomBytes(n)),
};

/**
 * A repeatable generator for tests and for synthetic test-environment data (mulberry32).
 * Never use it for secrets.
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
  return {
    int: (min, max) => min + Math.floor(next() * (max - min)),
    bytes,
    uuid: () => {
      const b = bytes(16);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = Buffer.from(b).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
