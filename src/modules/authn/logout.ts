import { requirePerson, type Actor } from '../../platform/index.ts';
import { audit } from './audit.ts';
import { revokeSession } from './db/login-store.ts';
import type { AuthnDeps } from './deps.ts';
import { SESSION_REVOKED_TOPIC } from './revoked-sessions.ts';

/**
 * Ends the actor's portal session at once, and with it every access token issued for it, in every process:
 * the revocation travels on the change feed (RevokedSessions). The answer waits until the change has come
 * back through PostgreSQL to this process, so by then it has reached the other processes too.
 */
export async function logout(deps: AuthnDeps, caller: Actor): Promise<void> {
  const actor = requirePerson(caller);
  const sessionId = actor.sessionId;
  if (!sessionId) return;
  await deps.db.transaction().execute(async (trx) => {
    await revokeSession(trx, sessionId, deps.clock.now());
    await deps.changes.publish(trx, SESSION_REVOKED_TOPIC, sessionId);
    await audit(deps, trx, { event: 'logout', outcome: 'success', partyId: actor.partyId, detail: { sessionId } });
  });
  await deps.changes.settle();
}
