import type { ChangeFeed } from '../../platform/index.ts';
import type { ErRole } from '../register/index.ts';
import type { RoleDelegationRow } from './db/delegation-store.ts';
import type { RightDelegationRow } from './db/right-delegation-store.ts';
import type { ServicePolicy } from './policy.ts';

/** Everything a party's held roles are computed from, with the party-rights versions it was read at. */
export interface HolderFacts {
  erRoles: ErRole[];
  keyOrganizations: number[];
  roleDelegations: RoleDelegationRow[];
  rightDelegations: RightDelegationRow[];
  /** ER roles of the firms client roles came through (they lapse when a firm loses REGN/REVI). */
  firmErRoles: Map<number, ErRole[]>;
  /** Versions (platform.version, scope party-rights) of the holder, its key organisations and those firms. */
  versions: Map<number, number>;
}

export const POLICY_TOPIC = 'authz.service-policy';

/**
 * The authz module's in-process caches, shared by every copy of its API in a process. Held-role facts are
 * checked against their versions with one indexed query per use, so a delegation or revocation committed by
 * any process is seen by the next decision anywhere. Service policies change only when services are
 * deployed; they travel on the change feed and are bypassed while it is down.
 */
export class AuthzCaches {
  readonly #facts = new Map<number, HolderFacts>();
  readonly #policies = new Map<string, ServicePolicy>();
  #policyGeneration = 0;
  readonly #maxHolders: number;
  readonly #isLive: () => boolean;

  constructor(maxHolders: number, isLive: () => boolean) {
    this.#maxHolders = maxHolders;
    this.#isLive = isLive;
  }

  static subscribedTo(changes: ChangeFeed, maxHolders = 20_000): AuthzCaches {
    const caches = new AuthzCaches(maxHolders, () => changes.isLive());
    changes.subscribe(POLICY_TOPIC, () => caches.invalidatePolicies());
    return caches;
  }

  facts(holderPartyId: number): HolderFacts | undefined {
    const hit = this.#facts.get(holderPartyId);
    if (hit) {
      this.#facts.delete(holderPartyId);
      this.#facts.set(holderPartyId, hit);
    }
    return hit;
  }

  setFacts(holderPartyId: number, facts: HolderFacts): void {
    this.#facts.delete(holderPartyId);
    this.#facts.set(holderPartyId, facts);
    if (this.#facts.size > this.#maxHolders) this.#facts.delete(this.#facts.keys().next().value!);
  }

  policy(key: string): ServicePolicy | undefined {
    return this.#isLive() ? this.#policies.get(key) : undefined;
  }

  /** Read before loading a policy; `setPolicy` ignores a policy loaded before an invalidation. */
  policyGeneration(): number {
    return this.#policyGeneration;
  }

  setPolicy(key: string, policy: ServicePolicy, generation: number): void {
    if (this.#isLive() && generation === this.#policyGeneration) this.#policies.set(key, policy);
  }

  invalidatePolicies(): void {
    this.#policyGeneration++;
    this.#policies.clear();
  }
}
