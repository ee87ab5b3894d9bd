import { AppError, verifyPassword } from '../../platform/index.ts';
import type { AuthenticatedDataSystem } from '../systems/index.ts';
import { selectPasswordHash } from './db/credential-store.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { findPartyByIdentifier } from './identify.ts';
import { assertNotLocked, assertPersonNotLocked, countWrongSecret, loginSubject, recordSuccess, systemSubject } from './lockout.ts';

/**
 * Checks a person's national id or user name and password; returns the party id. A wrong password counts
 * towards the login lockout (AUTN-00002 when it locks) and is audited as `event`; the answer (AUTN-00001)
 * never says whether the person exists.
 */
export async function checkPersonPassword(deps: AuthnDeps, identifier: string, password: string, event: string): Promise<number> {
  const partyId = await findPartyByIdentifier(deps, identifier);
  if (partyId !== undefined) await assertPersonNotLocked(deps, partyId);
  const stored = partyId === undefined ? undefined : await selectPasswordHash(deps.db, partyId);
  if (!(await verifyPassword(stored, password)) || partyId === undefined) {
    if (partyId !== undefined) await countWrongSecret(deps, loginSubject(partyId), AuthnProblems.locked, { event, partyId, detail: { reason: stored ? 'wrong password' : 'no password set' } });
    throw new AppError(AuthnProblems.wrongCredentials);
  }
  await recordSuccess(deps.db, loginSubject(partyId));
  return partyId;
}

/** A SystemID as a client sends it: digits name a data system; anything else is a person's user name standing in. */
export type SystemRef = { kind: 'data'; systemId: number } | { kind: 'username'; username: string };

export function parseSystemRef(systemId: string | number): SystemRef {
  const text = String(systemId).trim();
  // Altinn II: "system id not numeric" was an error; here a non-numeric id is the user-name stand-in.
  if (/^\d{1,10}$/.test(text)) return { kind: 'data', systemId: Number(text) };
  return { kind: 'username', username: text };
}

/**
 * Checks a data system's SystemID and password. A wrong password counts towards the system's own lockout
 * (AUTN-00015 when it locks); an unknown id and a wrong password get the same answer (AUTN-00014, Altinn 989).
 */
export async function checkDataSystem(deps: AuthnDeps, systemId: number, password: string): Promise<AuthenticatedDataSystem> {
  const lockout = await assertNotLocked(deps, systemSubject(systemId), AuthnProblems.systemLocked);
  const system = await deps.systems.uncheckedCheckDataSystemPassword(systemId, password);
  if (!system) {
    const owner = await deps.systems.uncheckedFindDataSystemOwner(systemId);
    if (owner) await countWrongSecret(deps, systemSubject(systemId), AuthnProblems.systemLocked, { event: 'system.login', partyId: owner.ownerPartyId, detail: { systemId, reason: 'wrong system password' } });
    throw new AppError(AuthnProblems.wrongSystemCredentials);
  }
  // Systems call with every request: write only when there are failures to clear.
  if (lockout.hasFailures) await recordSuccess(deps.db, systemSubject(systemId));
  return system;
}

/**
 * Checks a data system by a proof computed from its password (PasswordDigest) against the password Tinn
 * keeps sealed; the same lockout and answers as checkDataSystem, and AUTN-00028 when no sealed password is
 * kept for it.
 */
export async function checkDataSystemProof(deps: AuthnDeps, systemId: number, isProof: (password: string) => boolean): Promise<AuthenticatedDataSystem> {
  const lockout = await assertNotLocked(deps, systemSubject(systemId), AuthnProblems.systemLocked);
  const system = await deps.systems.uncheckedCheckDataSystemProof(systemId, isProof);
  if (system === 'unsealed') throw new AppError(AuthnProblems.passwordDigestUnsupported);
  if (!system) {
    const owner = await deps.systems.uncheckedFindDataSystemOwner(systemId);
    if (owner) await countWrongSecret(deps, systemSubject(systemId), AuthnProblems.systemLocked, { event: 'system.login', partyId: owner.ownerPartyId, detail: { systemId, reason: 'wrong password digest' } });
    throw new AppError(AuthnProblems.wrongSystemCredentials);
  }
  // Systems call with every request: write only when there are failures to clear.
  if (lockout.hasFailures) await recordSuccess(deps.db, systemSubject(systemId));
  return system;
}

/** Throws AUTN-00016 unless the person allowed submission from systems with their own user name and password. */
export async function assertSystemSubmissionAllowed(deps: AuthnDeps, partyId: number): Promise<void> {
  const settings = await deps.profile.uncheckedGetLoginSettings(partyId);
  if (!settings.allowSystemSubmission) throw new AppError(AuthnProblems.systemSubmissionNotAllowed);
}
