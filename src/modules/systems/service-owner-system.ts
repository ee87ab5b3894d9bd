import { AppError, hashPassword, inTransaction, isUniqueViolation, normalizeCidr, sha256Hex, verifyPassword } from '../../platform/index.ts';
import {
  insertApiKey,
  insertServiceOwnerSystem,
  revokeApiKeyRow,
  selectApiKeys,
  selectServiceOwnerSystem,
  selectServiceOwnerSystemCredentials,
  selectServiceOwnerSystems,
  selectSystemByApiKeyHash,
  updateServiceOwnerSystemRow,
  type ServiceOwnerSystemRow,
} from './db/service-owner-system-store.ts';
import { assertSystemPasswordRules } from './data-system.ts';
import type { SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';

/** An agency system (Altinn II "etatssystem"): a service owner's system user, allowed from listed addresses only. */
export interface ServiceOwnerSystem {
  systemName: string;
  serviceOwner: { code: string; orgno: string; name: string; partyId: number };
  allowedCidrs: string[];
  apiKeys: { keyHint: string; createdAt: Date; revokedAt: Date | null }[];
  createdAt: Date;
  updatedAt: Date;
}

/** What authentication learns about an agency system whose password or API key was right. */
export interface AuthenticatedServiceOwnerSystem {
  systemName: string;
  serviceOwnerCode: string;
  orgno: string;
  partyId: number;
  allowedCidrs: string[];
}

/** API keys start with this, so secret scanners and people can tell what a leaked string is. */
const API_KEY_PREFIX = 'tinn_so_';

function assertSystemName(name: string, code: string): void {
  const ok = /^[A-Z][A-Z0-9]{1,9}([_-][A-Za-z0-9]{1,40})?$/.test(name) && (name === code || name.startsWith(`${code}_`) || name.startsWith(`${code}-`));
  if (!ok) throw new AppError(SystemsProblems.invalidServiceOwnerSystemName, { errors: [{ path: 'name', message: `starts with ${code}`, rule: 'pattern' }] });
}

function normalizeAllowList(cidrs: readonly string[]): string[] {
  const list = [...new Set(cidrs.map(normalizeCidr))];
  if (list.length === 0) throw new AppError(SystemsProblems.emptyAllowList);
  return list;
}

/** A random password that meets the system password rule (letters and digits), for the operator to pass on. */
function generatePassword(deps: SystemsDeps): string {
  for (;;) {
    const candidate = Buffer.from(deps.random.bytes(18)).toString('base64url');
    if (/\d/.test(candidate) && /[A-Za-z]/.test(candidate)) return candidate;
  }
}

async function toServiceOwnerSystem(deps: SystemsDeps, row: ServiceOwnerSystemRow): Promise<ServiceOwnerSystem> {
  const owner = await deps.register.uncheckedGetParty(row.service_owner_party_id);
  const keys = await selectApiKeys(deps.db, row.name);
  return {
    systemName: row.name,
    serviceOwner: { code: owner.type === 'organization' ? (owner.serviceOwnerCode ?? '') : '', orgno: owner.type === 'organization' ? owner.orgno : '', name: owner.name, partyId: owner.partyId },
    allowedCidrs: row.allowed_cidrs,
    apiKeys: keys.map((k) => ({ keyHint: k.key_hint, createdAt: k.created_at, revokedAt: k.revoked_at })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function toAuthenticated(deps: SystemsDeps, row: ServiceOwnerSystemRow): Promise<AuthenticatedServiceOwnerSystem> {
  const cache = deps.db.isTransaction ? undefined : deps.serviceOwners;
  let owner = cache?.get(row.service_owner_party_id);
  if (!owner) {
    const generation = cache?.generation() ?? 0;
    const party = await deps.register.uncheckedGetParty(row.service_owner_party_id);
    if (party.type !== 'organization' || !party.serviceOwnerCode) throw new Error(`agency system ${row.name} belongs to a party that is no service owner`);
    owner = { code: party.serviceOwnerCode, orgno: party.orgno, name: party.name };
    cache?.set(row.service_owner_party_id, owner, generation);
  }
  return { systemName: row.name, serviceOwnerCode: owner.code, orgno: owner.orgno, partyId: row.service_owner_party_id, allowedCidrs: row.allowed_cidrs };
}

/**
 * The operator adds an agency system for a service owner (CLI `tinn serviceowner add-system`, world files):
 * its name starts with the owner's code, it is allowed from the listed addresses only, and its password is
 * the one given or, when none is, a generated one returned once.
 */
export async function uncheckedAddServiceOwnerSystem(
  deps: SystemsDeps,
  input: { serviceOwnerCode: string; name: string; allowedCidrs: readonly string[]; password?: string },
): Promise<{ system: ServiceOwnerSystem; generatedPassword: string | null }> {
  const owner = await deps.register.getServiceOwner(input.serviceOwnerCode);
  assertSystemName(input.name, input.serviceOwnerCode);
  const allowedCidrs = normalizeAllowList(input.allowedCidrs);
  if (input.password !== undefined) assertSystemPasswordRules(input.password);
  const password = input.password ?? generatePassword(deps);
  const now = deps.clock.now();
  try {
    await insertServiceOwnerSystem(deps.db, { name: input.name, service_owner_party_id: owner.partyId, password_hash: await hashPassword(password), password_sealed: deps.sealer ? deps.sealer.seal(password) : null, allowed_cidrs: allowedCidrs, created_at: now, updated_at: now });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(SystemsProblems.serviceOwnerSystemExists, { cause: err });
    throw err;
  }
  return { system: await uncheckedGetServiceOwnerSystem(deps, input.name), generatedPassword: input.password === undefined ? password : null };
}

/** An agency system by name, with its API key hints (never the keys); SYS-00012 when unknown. */
export async function uncheckedGetServiceOwnerSystem(deps: SystemsDeps, name: string): Promise<ServiceOwnerSystem> {
  const row = await selectServiceOwnerSystem(deps.db, name);
  if (!row) throw new AppError(SystemsProblems.serviceOwnerSystemNotFound, { detail: `no agency system ${name}` });
  return toServiceOwnerSystem(deps, row);
}

/** Every agency system, for the operator. */
export async function uncheckedListServiceOwnerSystems(deps: SystemsDeps): Promise<ServiceOwnerSystem[]> {
  return Promise.all((await selectServiceOwnerSystems(deps.db)).map((r) => toServiceOwnerSystem(deps, r)));
}

/** Replaces an agency system's password and/or allow-list (operator). */
export async function uncheckedUpdateServiceOwnerSystem(deps: SystemsDeps, name: string, change: { password?: string; allowedCidrs?: readonly string[] }): Promise<ServiceOwnerSystem> {
  await uncheckedGetServiceOwnerSystem(deps, name);
  if (change.password !== undefined) assertSystemPasswordRules(change.password);
  const allowedCidrs = change.allowedCidrs !== undefined ? normalizeAllowList(change.allowedCidrs) : undefined;
  await updateServiceOwnerSystemRow(deps.db, name, {
    updated_at: deps.clock.now(),
    ...(change.password !== undefined ? { password_hash: await hashPassword(change.password), password_sealed: deps.sealer ? deps.sealer.seal(change.password) : null } : {}),
    ...(allowedCidrs !== undefined ? { allowed_cidrs: allowedCidrs } : {}),
  });
  return uncheckedGetServiceOwnerSystem(deps, name);
}

/**
 * Issues an API key for an agency system (`ApiKey` header on REST calls). The key is returned once and
 * stored only as a hash; its first characters (the hint) name it in lists and for revocation. A world file
 * may fix the key (`fixedKey`) so demo scripts can use it.
 */
export async function uncheckedCreateServiceOwnerApiKey(deps: SystemsDeps, name: string, fixedKey?: string): Promise<{ apiKey: string; keyHint: string }> {
  await uncheckedGetServiceOwnerSystem(deps, name);
  const apiKey = fixedKey ?? `${API_KEY_PREFIX}${Buffer.from(deps.random.bytes(32)).toString('base64url')}`;
  if (apiKey.length < 32) throw new AppError(SystemsProblems.apiKeyNotFound, { detail: 'an API key has at least 32 characters' });
  const keyHint = apiKey.slice(0, API_KEY_PREFIX.length + 6);
  await inTransaction(deps.db, async (trx) => {
    await insertApiKey(trx, { id: deps.random.uuid(), system_name: name, key_hash: sha256Hex(apiKey), key_hint: keyHint, created_at: deps.clock.now() });
  });
  return { apiKey, keyHint };
}

/** Revokes an agency system's API key by its hint; it stops working on the next request. */
export async function uncheckedRevokeServiceOwnerApiKey(deps: SystemsDeps, name: string, keyHint: string): Promise<void> {
  if ((await revokeApiKeyRow(deps.db, name, keyHint, deps.clock.now())) === 0) throw new AppError(SystemsProblems.apiKeyNotFound, { detail: `${name} has no live key ${keyHint}` });
}

/** The agency system when the password is right, else undefined, in the same time either way. Lockouts are authn's. */
export async function uncheckedCheckServiceOwnerPassword(deps: SystemsDeps, name: string, password: string): Promise<AuthenticatedServiceOwnerSystem | undefined> {
  const row = await selectServiceOwnerSystemCredentials(deps.db, name);
  if (!(await verifyPassword(row?.password_hash, password)) || !row) return undefined;
  return toAuthenticated(deps, row);
}

/**
 * The agency system when `isProof` accepts its password (WS-Security PasswordDigest, computed from the
 * password itself); `unsealed` when Tinn keeps no sealed password for it (no credentials key when the
 * password was set); undefined when it does not exist or the proof is wrong. Lockouts are authn's.
 */
export async function uncheckedCheckServiceOwnerProof(deps: SystemsDeps, name: string, isProof: (password: string) => boolean): Promise<AuthenticatedServiceOwnerSystem | 'unsealed' | undefined> {
  const row = await selectServiceOwnerSystemCredentials(deps.db, name);
  if (!row) return undefined;
  const password = openSealed(deps, row.password_sealed);
  if (password === undefined) return 'unsealed';
  return isProof(password) ? toAuthenticated(deps, row) : undefined;
}

/** A sealed password opened with the configured key; undefined without one (or sealed under another key). */
export function openSealed(deps: Pick<SystemsDeps, 'sealer'>, sealed: Uint8Array | null): string | undefined {
  if (!sealed || !deps.sealer) return undefined;
  try {
    return deps.sealer.open(sealed);
  } catch {
    return undefined;
  }
}

/** The agency system a live API key belongs to, or undefined. */
export async function uncheckedFindServiceOwnerSystemByApiKey(deps: SystemsDeps, apiKey: string): Promise<AuthenticatedServiceOwnerSystem | undefined> {
  if (apiKey.length < 32 || apiKey.length > 200) return undefined;
  const row = await selectSystemByApiKeyHash(deps.db, sha256Hex(apiKey));
  return row ? toAuthenticated(deps, row) : undefined;
}
