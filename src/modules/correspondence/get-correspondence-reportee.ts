import { AppError, isAppError, type Actor } from '../../platform/index.ts';
import { AuthzProblems, type DenyReasonCode } from '../authz/index.ts';
import { openCorrespondence } from './access.ts';
import { selectCorrespondence } from './db/correspondence-store.ts';
import type { CorrespondenceDeps } from './deps.ts';
import { CorrespondenceProblems } from './errors.ts';

/** Refusals about the caller's login rather than about whose message it is: told as they are. */
const LOGIN_REASONS: ReadonlySet<DenyReasonCode> = new Set(['securityLevelTooLow', 'userRequired']);

/**
 * The reportee of correspondence `id`, for callers that name only the id (Altinn II's end-user SOAP
 * operations), as a reference the other use cases take (`r<partyId>`: no national id leaves the module).
 * The same check as reading it (openCorrespondence). Because the caller did not name the reportee, a
 * refusal that would tell whose message it is — another party's, one the actor holds no right for — is
 * CORR-00005 like an id that does not exist; a refusal only about the login (too low a security level, a
 * data system without its user) stays CORR-00006 with its reasons, since the caller could read it otherwise.
 */
export async function getCorrespondenceReportee(deps: CorrespondenceDeps, actor: Actor, id: number): Promise<string> {
  const row = await selectCorrespondence(deps.db, id);
  if (!row) throw new AppError(CorrespondenceProblems.notFound);
  const reportee = `r${row.reportee_party_id}`;
  try {
    await openCorrespondence(deps, actor, reportee, id);
  } catch (err) {
    if (isAppError(err, AuthzProblems.reporteeNotFound)) throw new AppError(CorrespondenceProblems.notFound);
    if (isAppError(err, CorrespondenceProblems.notAuthorized)) {
      const reasons = (err.data?.reasons ?? []) as { code: DenyReasonCode }[];
      if (reasons.length === 0 || !reasons.every((r) => LOGIN_REASONS.has(r.code))) throw new AppError(CorrespondenceProblems.notFound);
    }
    throw err;
  }
  return reportee;
}
