import type { ChangeFeed } from '../../platform/index.ts';
import type { OrganizationDetails } from './get-organization.ts';

/** The change-feed topic of organisation data. */
export const ORGANIZATION_TOPIC = 'register.organization';

/**
 * Organisation lookups (`GET /api/v1/organizations/{orgno}`) from memory. Unit data changes rarely and is
 * read often. Every write that changes what getOrganization returns publishes ORGANIZATION_TOPIC in its
 * transaction; every process drops its whole cache when the change commits. A generation number stops a
 * read that started before a change from storing what it read after it. While the change feed is not
 * live, nothing is served from or stored in memory. Entries are shared: treat them as read-only.
 */
export class OrganizationCache {
  readonly #entries = new Map<string, OrganizationDetails>();
  readonly #maxEntries: number;
  readonly #isLive: () => boolean;
  #generation = 0;

  constructor(maxEntries: number, isLive: () => boolean) {
    this.#maxEntries = maxEntries;
    this.#isLive = isLive;
  }

  /** A cache that stays in step with the change feed. maxEntries 0 turns caching off. */
  static subscribedTo(changes: ChangeFeed, maxEntries: number): OrganizationCache {
    const cache = new OrganizationCache(maxEntries, () => changes.isLive());
    changes.subscribe(ORGANIZATION_TOPIC, () => cache.invalidate());
    return cache;
  }

  generation(): number {
    return this.#generation;
  }

  get(orgno: string): OrganizationDetails | undefined {
    if (!this.#isLive()) return undefined;
    const hit = this.#entries.get(orgno);
    if (hit) {
      // Least recently used goes first: re-insert moves the entry to the end.
      this.#entries.delete(orgno);
      this.#entries.set(orgno, hit);
    }
    return hit;
  }

  /** Stores a result read at `generation`; ignored if a change came in since. */
  set(orgno: string, details: OrganizationDetails, generation: number): void {
    if (this.#maxEntries === 0 || generation !== this.#generation || !this.#isLive()) return;
    this.#entries.set(orgno, details);
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
