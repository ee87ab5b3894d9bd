// One argon2id verification with Tinn's password parameters, timed in the benchmark process: not a
// reference (no HTTP, database or outbox), but the floor of every step that checks a password.
import { performance } from 'node:perf_hooks';
import { hash, verify, type Options } from '@node-rs/argon2';

/** Tinn's password parameters (src/platform/secrets.ts: argon2id, 19 MiB, t=2, p=1). */
export const ARGON2_OPTIONS: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19456, timeCost: 2, parallelism: 1 };
export const ARGON2_REPEATS = 10;

/** Milliseconds per argon2id verification of `password`, mean of ARGON2_REPEATS one after the other. */
export async function argon2VerifyMs(password: string): Promise<number> {
  const stored = await hash(password, ARGON2_OPTIONS);
  if (!(await verify(stored, password))) throw new Error('argon2id verification failed');
  const started = performance.now();
  for (let i = 0; i < ARGON2_REPEATS; i++) await verify(stored, password);
  return (performance.now() - started) / ARGON2_REPEATS;
}
