import { requirePerson, type Actor } from '../../platform/index.ts';
import { audit } from './audit.ts';
import { revokeSession } from './db/login-store.ts';
import type { AuthnDeps } from './deps.ts';

/** Ends the actor's portal session at once. Access tokens already issued run out on their own (minutes). */
export async function logout(deps: AuthnDeps, caller: Actor): Promise<void> {
  const actor = requirePerson(caller);
  if (!actor.sessionId) return;
  await revokeSession(deps.db, actor.sessionId, deps.clock.now());
  await audit(deps, deps.db, { event: 'logout', outcome: 'success', partyId: actor.partyId, detail: { sessionId: actor.sessionId } });
}
