import { AppError, inTransaction } from '../../platform/index.ts';
import { addressChecks, normalizeEmail, normalizeMobile } from './contact.ts';
import { replaceOrgNotificationAddresses, selectOrgNotificationAddresses } from './db/profile-store.ts';
import { bindProfileDeps, type ProfileDeps } from './deps.ts';
import { ProfileProblems } from './errors.ts';
import { assertOrganization, MAX_ORG_ADDRESSES_PER_CHANNEL, type OrganizationNotificationAddresses } from './profile.ts';

/** An organisation's notification e-mail addresses and mobile numbers. */
export async function uncheckedGetOrganizationNotificationAddresses(deps: ProfileDeps, partyId: number): Promise<OrganizationNotificationAddresses> {
  await assertOrganization(deps.register, partyId);
  const rows = await selectOrgNotificationAddresses(deps.db, partyId);
  return {
    partyId,
    emails: rows.filter((r) => r.channel === 'email').map((r) => r.address),
    mobiles: rows.filter((r) => r.channel === 'sms').map((r) => r.address),
  };
}

/**
 * Replaces an organisation's notification addresses. Every address is checked first and all problems are
 * reported together; duplicates are dropped; at most 20 per channel.
 */
export async function uncheckedSetOrganizationNotificationAddresses(
  deps: ProfileDeps,
  partyId: number,
  input: { emails: string[]; mobiles: string[] },
): Promise<OrganizationNotificationAddresses> {
  const checks = addressChecks();
  const emails = [...new Set(input.emails.map((e, i) => checks.check(`emails/${i}`, () => normalizeEmail(e))).filter((e): e is string => !!e))];
  const mobiles = [...new Set(input.mobiles.map((m, i) => checks.check(`mobiles/${i}`, () => normalizeMobile(m))).filter((m): m is string => !!m))];
  checks.throwIfAny();
  if (emails.length > MAX_ORG_ADDRESSES_PER_CHANNEL || mobiles.length > MAX_ORG_ADDRESSES_PER_CHANNEL) {
    throw new AppError(ProfileProblems.tooManyAddresses, { detail: `at most ${MAX_ORG_ADDRESSES_PER_CHANNEL} e-mail addresses and ${MAX_ORG_ADDRESSES_PER_CHANNEL} mobile numbers` });
  }
  return inTransaction(deps.db, async (trx) => {
    await assertOrganization(bindProfileDeps(deps, trx).register, partyId);
    await replaceOrgNotificationAddresses(
      trx,
      partyId,
      [...emails.map((address) => ({ channel: 'email' as const, address })), ...mobiles.map((address) => ({ channel: 'sms' as const, address }))],
      deps.clock.now(),
    );
    return { partyId, emails, mobiles };
  });
}
