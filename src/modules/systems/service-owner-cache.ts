import type { ChangeFeed } from '../../platform/index.ts';
import { ORGANIZATION_TOPIC } from '../register/index.ts';

/** A service owner's identity, as agency-system authentication needs it on every request. */
export interface ServiceOwnerIdentity {
  code: string;
  orgno: string;
  name: string;
}

/**
 * Service owners by party id, so an API-key request costs one query (the key) instead of three. Names and
 * codes change only through register writes, which publish `register.organization`; the copy is dropped
 * then, and not used while the change feed is down. A revoked key still fails at once: keys are not cached.
 */
export class ServiceOwnerCache {
  readonly #entries = new Map<number, ServiceOwnerIdentity>();
  #generation = 0;
  readonly #isLive: () => boolean;

  constructor(isLive: () => boolean) {
    this.#isLive = isLive;
  }

  static subscribedTo(changes: ChangeFeed): ServiceOwnerCache {
    const cache = new ServiceOwnerCache(() => changes.isLive());
    changes.subscribe(ORGANIZATION_TOPIC, () => cache.invalidate());
    return cache;
  }

  get(partyId: number): ServiceOwnerIdentity | undefined {
    return this.#isLive() ? this.#entries.get(partyId) : undefined;
  }

  generation(): number {
    return this.#generation;
  }

  set(partyId: number, identity: ServiceOwnerIdentity, generation: number): void {
    if (this.#isLive() && generation === this.#generation && this.#entries.size < 10_000) this.#entries.set(partyId, identity);
  }

  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
