import { AppError, type SecurityLevel } from '../../platform/index.ts';
import { audit } from './audit.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { completeLogin, openSession, type LoginResult } from './sessions.ts';

/**
 * Test-environment login, as Altinn's local test login: a synthetic person logs in at the chosen level
 * (default 3) without password or code. Does not exist outside the test environment.
 */
export async function testLogin(deps: AuthnDeps, input: { ssn: string; securityLevel?: SecurityLevel }): Promise<LoginResult> {
  if (!deps.allowTestLogin) throw new AppError(AuthnProblems.testLoginDisabled);
  const person = await deps.register.uncheckedGetPersonBySsn(input.ssn);
  if (!person.isSynthetic) throw new AppError(AuthnProblems.testLoginNotSynthetic);
  const level = input.securityLevel ?? 3;
  const session = await deps.db.transaction().execute(async (trx) => {
    const opened = await openSession(deps, trx, { partyId: person.partyId, securityLevel: level, methods: ['test'] });
    await audit(deps, trx, { event: 'login.test', outcome: 'success', partyId: person.partyId, detail: { securityLevel: level } });
    return opened;
  });
  return completeLogin(deps, session);
}
