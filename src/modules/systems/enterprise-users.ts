import { AppError, hashPassword, inTransaction, recordAudit, requireLevel, verifyPassword, type Actor } from '../../platform/index.ts';
import type { EnterpriseUser } from '../register/index.ts';
import { deleteEnterpriseUserPassword, selectEnterpriseUserPassword, selectPasswordChanges, upsertEnterpriseUserPassword } from './db/enterprise-user-password-store.ts';
import { selectServiceOwnerSystems } from './db/service-owner-system-store.ts';
import { deleteSshKeysOf, lockSshKeyHolder } from './db/ssh-key-store.ts';
import { bindSystemsDeps, type SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';
import { getAdministeredReportee, type ReporteeRef } from './reportees.ts';

/** An enterprise user as its organisation's administrators see it. Never a password. */
export interface EnterpriseUserView {
  userName: string;
  organization: { orgno: string; name: string };
  createdAt: Date;
  passwordChangedAt: Date | null;
}

/** A user together with a secret Tinn generated for it: shown this once, never stored in the clear. */
export interface EnterpriseUserWithSecret {
  user: EnterpriseUserView;
  /** Present when Tinn chose the password (none was given). */
  secret?: string;
}

function view(user: EnterpriseUser, passwordChangedAt: Date | null): EnterpriseUserView {
  return { userName: user.userName, organization: { orgno: user.organization.orgno, name: user.organization.name }, createdAt: user.createdAt, passwordChangedAt };
}

/** SYS-00016 unless 10–128 characters with a letter and a digit: the user logs in from software, so longer than a data system's. */
function assertEnterpriseUserPassword(password: string): void {
  if (password.length < 10 || password.length > 128 || !/\p{L}/u.test(password) || !/\d/.test(password)) {
    throw new AppError(SystemsProblems.weakEnterpriseUserPassword, { errors: [{ path: 'password', message: '10–128 characters with letters and digits', rule: 'password' }] });
  }
}

/** 32 characters from 24 random bytes, with a digit guaranteed (the password rule wants one). */
function generateSecret(deps: SystemsDeps): string {
  const secret = Buffer.from(deps.random.bytes(24)).toString('base64url');
  return /\d/.test(secret) && /\p{L}/u.test(secret) ? secret : `${secret.slice(0, 30)}7k`;
}

/** The organisation the actor administers (level 2 to change anything); SYS-00017 for a person. */
export async function administeredOrganization(deps: SystemsDeps, actor: Actor, ref: ReporteeRef, changing: string | null) {
  const administered = await getAdministeredReportee(deps, actor, ref);
  if (administered.reportee.type !== 'organization') throw new AppError(SystemsProblems.enterpriseUsersForOrganizations);
  if (changing) requireLevel(administered.person, 2, changing);
  return administered;
}

/**
 * SYS-00021 when an agency system has this name in any letter case: an SFTP login names its account by name
 * alone, and an agency system's name would win (README "SFTP accounts"). Agency systems are few (the
 * operator adds them), so reading them all is cheap.
 */
async function assertNotAgencySystemName(deps: SystemsDeps, userName: string): Promise<void> {
  const folded = userName.toLowerCase();
  if ((await selectServiceOwnerSystems(deps.db)).some((s) => s.name.toLowerCase() === folded)) {
    throw new AppError(SystemsProblems.enterpriseUserNameIsAgencySystem, { errors: [{ path: 'userName', message: 'an agency system has this name', rule: 'enterpriseUserName' }] });
  }
}

/** The organisation's own live user by name; any other (another organisation's, deleted) is not found. */
export async function ownUser(deps: SystemsDeps, organizationPartyId: number, userName: string): Promise<EnterpriseUser> {
  const user = await deps.register.uncheckedFindEnterpriseUser(userName);
  if (!user || user.isDeleted || user.organization.partyId !== organizationPartyId) throw new AppError(SystemsProblems.enterpriseUserNotFound, { detail: `no enterprise user ${userName} here` });
  return user;
}

/**
 * Creates an enterprise user (virksomhetsbruker) for an organisation the actor administers (level 2). With
 * no password given, Tinn generates one and answers it once. The user acts with what is delegated to it,
 * and with what is delegated to its organisation (Altinn's ECKEYROLE). Audited.
 */
export async function createEnterpriseUser(deps: SystemsDeps, actor: Actor, ref: ReporteeRef, input: { userName: string; password?: string }): Promise<EnterpriseUserWithSecret> {
  const { person, partyId } = await administeredOrganization(deps, actor, ref, 'creating an enterprise user');
  if (input.password !== undefined) assertEnterpriseUserPassword(input.password);
  await assertNotAgencySystemName(deps, input.userName);
  const secret = input.password === undefined ? generateSecret(deps) : undefined;
  const passwordHash = await hashPassword(input.password ?? secret!);
  return inTransaction(deps.db, async (trx) => {
    const d = bindSystemsDeps(deps, trx);
    const now = deps.clock.now();
    const user = await d.register.uncheckedCreateEnterpriseUser({ organizationPartyId: partyId, userName: input.userName });
    await upsertEnterpriseUserPassword(trx, { party_id: user.partyId, password_hash: passwordHash, created_by_party_id: person.partyId, password_changed_at: now });
    await recordAudit(trx, deps.clock, { event: 'enterprise-user.create', outcome: 'success', partyId, detail: { userName: user.userName, by: person.partyId } });
    return { user: view(user, now), ...(secret ? { secret } : {}) };
  });
}

/** The organisation's enterprise users, for someone who administers it. */
export async function listEnterpriseUsers(deps: SystemsDeps, actor: Actor, ref: ReporteeRef): Promise<EnterpriseUserView[]> {
  const { partyId } = await administeredOrganization(deps, actor, ref, null);
  const users = await deps.register.uncheckedListEnterpriseUsers(partyId);
  const changed = await selectPasswordChanges(deps.db, users.map((u) => u.partyId));
  return users.map((u) => view(u, changed.get(u.partyId) ?? null));
}

/** One of the organisation's enterprise users. */
export async function getEnterpriseUser(deps: SystemsDeps, actor: Actor, ref: ReporteeRef, userName: string): Promise<EnterpriseUserView> {
  const { partyId } = await administeredOrganization(deps, actor, ref, null);
  const user = await ownUser(deps, partyId, userName);
  return view(user, (await selectEnterpriseUserPassword(deps.db, user.partyId))?.password_changed_at ?? null);
}

/** Sets the user's password (level 2), or generates a new one when none is given (Altinn's rotatesecret). Audited. */
export async function setEnterpriseUserPassword(deps: SystemsDeps, actor: Actor, ref: ReporteeRef, userName: string, password?: string): Promise<EnterpriseUserWithSecret> {
  const { person, partyId } = await administeredOrganization(deps, actor, ref, "changing an enterprise user's password");
  if (password !== undefined) assertEnterpriseUserPassword(password);
  const user = await ownUser(deps, partyId, userName);
  const secret = password === undefined ? generateSecret(deps) : undefined;
  const passwordHash = await hashPassword(password ?? secret!);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    await upsertEnterpriseUserPassword(trx, { party_id: user.partyId, password_hash: passwordHash, created_by_party_id: person.partyId, password_changed_at: now });
    await recordAudit(trx, deps.clock, { event: 'enterprise-user.password', outcome: 'success', partyId, detail: { userName: user.userName, by: person.partyId, generated: secret !== undefined } });
  });
  return { user: view(user, now), ...(secret ? { secret } : {}) };
}

/**
 * Deletes the user (level 2): its logins stop at once, every delegation to it and its SSH keys go, and its
 * name is never given to another user. Audited.
 */
export async function deleteEnterpriseUser(deps: SystemsDeps, actor: Actor, ref: ReporteeRef, userName: string): Promise<void> {
  const { person, partyId } = await administeredOrganization(deps, actor, ref, 'deleting an enterprise user');
  const user = await ownUser(deps, partyId, userName);
  await inTransaction(deps.db, async (trx) => {
    const d = bindSystemsDeps(deps, trx);
    await d.register.uncheckedDeleteEnterpriseUser(user.partyId);
    await d.authz.uncheckedRevokeDelegationsTo(user.partyId, person.partyId);
    await deleteEnterpriseUserPassword(trx, user.partyId);
    const keys = { column: 'enterprise_user_party_id', value: user.partyId } as const;
    await lockSshKeyHolder(trx, keys);
    await deleteSshKeysOf(trx, keys);
    await recordAudit(trx, deps.clock, { event: 'enterprise-user.delete', outcome: 'success', partyId, detail: { userName: user.userName, by: person.partyId } });
  });
}

/**
 * Whether `password` is the password of the enterprise user with this party id; false as well when there is
 * none (pass undefined for a user not found, so the answer takes the same time). Lockouts are the caller's (authn).
 */
export async function uncheckedCheckEnterpriseUserPassword(deps: SystemsDeps, partyId: number | undefined, password: string): Promise<boolean> {
  const stored = partyId !== undefined ? await selectEnterpriseUserPassword(deps.db, partyId) : undefined;
  return (await verifyPassword(stored?.password_hash, password)) && stored !== undefined;
}
