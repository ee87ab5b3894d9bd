import { createHash, type Hash } from 'node:crypto';
import type { ChecksumAlgorithm } from './broker-file.ts';

/**
 * The running checksum of each upload in progress, as far as this process has seen it. An upload whose
 * chunks all came through here is verified without reading it back; one that resumed in another process
 * (or after a restart) has no entry past its first missing chunk and is hashed from the stored content
 * instead. A bounded map: the oldest entries go first.
 */
export class UploadHashes {
  readonly #entries = new Map<string, { offset: number; hash: Hash }>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  /** A hash to continue with for a chunk starting at `offset` (a copy: a failed chunk leaves the entry as it was), or undefined when this process cannot continue it. */
  continueAt(fileReference: string, offset: number, algorithm: ChecksumAlgorithm): Hash | undefined {
    if (offset === 0) return createHash(algorithm);
    const entry = this.#entries.get(fileReference);
    return entry && entry.offset === offset ? entry.hash.copy() : undefined;
  }

  /** Records the hash after a committed chunk ending before `offset`. */
  commit(fileReference: string, offset: number, hash: Hash): void {
    this.#entries.delete(fileReference);
    this.#entries.set(fileReference, { offset, hash });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** The finished digest when this process saw every byte up to `size`; the entry is dropped either way. */
  take(fileReference: string, size: number): string | undefined {
    const entry = this.#entries.get(fileReference);
    this.#entries.delete(fileReference);
    return entry && entry.offset === size ? entry.hash.digest('hex') : undefined;
  }

  forget(fileReference: string): void {
    this.#entries.delete(fileReference);
  }
}
