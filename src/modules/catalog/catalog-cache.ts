import type { ChangeFeed } from '../../platform/index.ts';
import type { ServiceEdition } from './service-edition.ts';

/** Change-feed topic of deployments: every process drops its copies of editions and data formats on it. */
export const SERVICE_TOPIC = 'catalog.service';

/**
 * In-process copies of service editions and of data formats' schema hashes, read on every submission.
 * Deployments publish SERVICE_TOPIC; a generation number keeps a read that started before a deployment from
 * storing what it read; while the change feed is down nothing is kept. Inside a transaction callers bypass it.
 */
export class CatalogCache {
  readonly #editions = new Map<string, ServiceEdition>();
  readonly #schemas = new Map<string, string>();
  #generation = 0;
  readonly #isLive: () => boolean;
  readonly #max: number;

  constructor(isLive: () => boolean, max = 5_000) {
    this.#isLive = isLive;
    this.#max = max;
  }

  static subscribedTo(changes: ChangeFeed): CatalogCache {
    const cache = new CatalogCache(() => changes.isLive());
    changes.subscribe(SERVICE_TOPIC, () => cache.invalidate());
    return cache;
  }

  generation(): number {
    return this.#generation;
  }

  edition(key: string): ServiceEdition | undefined {
    return this.#isLive() ? this.#editions.get(key) : undefined;
  }

  setEdition(key: string, edition: ServiceEdition, generation: number): void {
    if (!this.#isLive() || generation !== this.#generation) return;
    if (this.#editions.size >= this.#max) this.#editions.clear();
    this.#editions.set(key, edition);
  }

  schemaHash(key: string): string | undefined {
    return this.#isLive() ? this.#schemas.get(key) : undefined;
  }

  setSchemaHash(key: string, sha256: string, generation: number): void {
    if (!this.#isLive() || generation !== this.#generation) return;
    if (this.#schemas.size >= this.#max) this.#schemas.clear();
    this.#schemas.set(key, sha256);
  }

  invalidate(): void {
    this.#generation++;
    this.#editions.clear();
    this.#schemas.clear();
  }
}
