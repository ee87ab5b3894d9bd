import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Compile } from 'typebox/compile';
import { AppError, hashPassword, inTransaction, isAppError, parsePublicKey, validationItems, type ProblemItem } from '../../platform/index.ts';
import { assertSystemPasswordRules, normalizeDescription, SystemsProblems } from '../systems/index.ts';
import { readServiceDirectory } from '../catalog/index.ts';
import { checkNationalId, checkOrgno, RegisterProblems } from '../register/index.ts';
import { insertWorldLoad } from './db/world-load-store.ts';
import { bindTestenvDeps, type TestenvDeps } from './deps.ts';
import { TestenvProblems } from './errors.ts';
import { WorldSchema, type World, type WorldLoadSummary, type WorldOrganization, type WorldPerson } from './world.ts';

const worldCheck = Compile(WorldSchema);

/** Reads and validates a world file; every problem is reported at once (TEST-00001). */
export async function readWorld(file: string): Promise<{ world: World; sha256: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new AppError(TestenvProblems.worldUnreadable, { detail: `cannot read ${file}`, cause: err });
  }
  return { world: parseWorld(text), sha256: createHash('sha256').update(text).digest('hex') };
}

/** Parses and validates world YAML text. */
export function parseWorld(text: string): World {
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new AppError(TestenvProblems.invalidWorld, { detail: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
  }
  if (!worldCheck.Check(data)) {
    const errors = validationItems('world', worldCheck.Errors(data));
    throw new AppError(TestenvProblems.invalidWorld, { detail: `${errors.length} problem(s)`, errors });
  }
  const world = data as World;
  const errors = checkIdentifiers(world);
  if (errors.length > 0) throw new AppError(TestenvProblems.invalidWorld, { detail: `${errors.length} problem(s)`, errors });
  return world;
}

function checkIdentifiers(world: World): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const ssns = new Set<string>();
  (world.persons ?? []).forEach((p, i) => {
    const check = checkNationalId(p.ssn, { allowSynthetic: true });
    if (!check.ok) errors.push({ path: `world/persons/${i}/ssn`, message: check.problem.title, rule: check.problem.code });
    if (ssns.has(p.ssn)) errors.push({ path: `world/persons/${i}/ssn`, message: 'listed twice', rule: 'unique' });
    ssns.add(p.ssn);
  });
  const orgnos = new Set<string>();
  (world.organizations ?? []).forEach((o, i) => {
    const bad = (path: string, value: string) => {
      const check = checkOrgno(value);
      if (!check.ok) {
        const problem = check.rule === 'format' ? RegisterProblems.orgnoFormat : RegisterProblems.orgnoCheckDigit;
        errors.push({ path, message: problem.title, rule: problem.code });
      }
    };
    bad(`world/organizations/${i}/orgno`, o.orgno);
    if (o.parent) bad(`world/organizations/${i}/parent`, o.parent);
    if (orgnos.has(o.orgno)) errors.push({ path: `world/organizations/${i}/orgno`, message: 'listed twice', rule: 'unique' });
    orgnos.add(o.orgno);
    (o.roles ?? []).forEach((r, j) => {
      if ('ssn' in r && !ssns.has(r.ssn)) {
        const check = checkNationalId(r.ssn, { allowSynthetic: true });
        if (!check.ok) errors.push({ path: `world/organizations/${i}/roles/${j}/ssn`, message: check.problem.title, rule: check.problem.code });
      }
      if ('orgno' in r) bad(`world/organizations/${i}/roles/${j}/orgno`, r.orgno);
    });
  });
  (world.serviceOwnerSystems ?? []).forEach((s, i) => {
    (s.sshPublicKeys ?? []).forEach((key, j) => {
      try {
        parsePublicKey(key);
      } catch (err) {
        if (!isAppError(err)) throw err;
        errors.push({ path: `world/serviceOwnerSystems/${i}/sshPublicKeys/${j}`, message: err.detail ?? err.problem.title, rule: err.problem.code });
      }
    });
  });
  return errors;
}

/**
 * Loads a world into the database in one transaction: parties that already exist are kept, missing ones
 * created, contact data and roles applied. Loading the same file twice changes nothing the second time.
 */
export async function loadWorld(deps: TestenvDeps, file: string = deps.worldFile): Promise<WorldLoadSummary> {
  const { world, sha256 } = await readWorld(file);
  return inTransaction(deps.db, async (trx) => {
    const { register, profile, systems, authz, catalog, notifications, setPassword } = bindTestenvDeps(deps, trx);
    const summary: WorldLoadSummary = { persons: { created: 0, existing: 0 }, organizations: { created: 0, existing: 0 }, roles: 0, serviceOwners: 0, systemTypes: 0, dataSystems: 0, serviceOwnerSystems: 0, services: 0, servicePolicies: 0, notificationTemplates: 0, delegations: 0 };

    for (const p of world.persons ?? []) {
      const existing = await register.uncheckedFindPersonBySsn(p.ssn);
      const person = existing ?? (await register.createPerson(p));
      summary.persons[existing ? 'existing' : 'created']++;
      await applyPersonSettings(profile, person.partyId, p);
      if (p.password !== undefined) await setPassword(trx, person.partyId, p.password);
    }

    // Main units before sub-units, so every parent exists when its sub-units are created.
    const organizations = [...(world.organizations ?? [])].sort((a, b) => Number(!!a.parent) - Number(!!b.parent));
    const partyIds = new Map<string, number>();
    for (const o of organizations) {
      const existing = await findOrganization(register, o.orgno);
      const organization =
        existing ??
        (await register.createOrganization({
          orgno: o.orgno,
          name: o.name,
          organizationForm: o.form,
          parentOrgno: o.parent ?? null,
          businessAddress: o.businessAddress ?? null,
          postalAddress: o.postalAddress ?? null,
        }));
      summary.organizations[existing ? 'existing' : 'created']++;
      partyIds.set(o.orgno, organization.partyId);
      if (o.serviceOwnerCode) {
        await register.registerServiceOwner({ orgno: o.orgno, code: o.serviceOwnerCode });
        summary.serviceOwners++;
      }
    }
    for (const o of organizations) {
      await applyOrganizationSettings(profile, partyIds.get(o.orgno)!, o);
      for (const r of o.roles ?? []) {
        await register.addErRole({ orgno: o.orgno, roleCode: r.role, holder: 'ssn' in r ? { ssn: r.ssn } : { orgno: r.orgno } });
        summary.roles++;
      }
    }
    for (const t of world.systemTypes ?? []) {
      const vendor = (await register.getOrganization(t.vendorOrgno)).organization;
      const existing = await systems.listSystemTypes({ vendorOrgno: t.vendorOrgno });
      if (existing.some((e) => e.name.toLowerCase() === t.name.trim().toLowerCase())) continue;
      await systems.uncheckedCreateSystemType({
        name: t.name,
        vendorPartyId: vendor.partyId,
        maySubmitSignedData: t.maySubmitSignedData ?? false,
        listedInProduction: t.listedInProduction ?? false,
        createdBy: null,
        approved: true,
      });
      summary.systemTypes++;
    }
    for (const [i, d] of (world.dataSystems ?? []).entries()) {
      if (await systems.uncheckedFindDataSystemOwner(d.systemId)) continue;
      const ownerPartyId = d.ownerOrgno
        ? (await register.getOrganization(d.ownerOrgno)).organization.partyId
        : d.ownerSsn
          ? (await register.uncheckedGetPersonBySsn(d.ownerSsn)).partyId
          : undefined;
      const types = (await systems.listSystemTypes(d.vendorOrgno ? { vendorOrgno: d.vendorOrgno } : {})).filter((t) => t.name.toLowerCase() === d.systemType.trim().toLowerCase());
      if (ownerPartyId === undefined || types.length !== 1) {
        throw new AppError(TestenvProblems.invalidWorld, {
          errors: [{ path: `world/dataSystems/${i}`, message: ownerPartyId === undefined ? 'needs ownerOrgno or ownerSsn' : `system type '${d.systemType}' is unknown or ambiguous (give vendorOrgno)`, rule: 'reference' }],
        });
      }
      assertSystemPasswordRules(d.password, `world/dataSystems/${i}/password`);
      await systems.uncheckedInsertDataSystem({
        systemId: d.systemId,
        ownerPartyId,
        systemTypeId: types[0]!.systemTypeId,
        description: normalizeDescription(d.description),
        passwordHash: await hashPassword(d.password),
        password: d.password,
        createdBy: null,
      });
      summary.dataSystems++;
    }
    for (const dir of world.services ?? []) {
      const service = await readServiceDirectory(resolve(dirname(file), dir));
      await catalog.uncheckedDeployServiceEdition(service.serviceOwnerCode, service.serviceCode, service.serviceEditionCode, service);
      summary.services++;
    }
    for (const p of world.servicePolicies ?? []) {
      await authz.uncheckedPutServicePolicy({ ...p, minimumSecurityLevel: p.minimumSecurityLevel as 0 | 1 | 2 | 3 | 4, srrEnabled: p.srrEnabled ?? false });
      summary.servicePolicies++;
    }
    for (const [i, d] of (world.delegations ?? []).entries()) {
      const recipient = d.toSsn ? await register.uncheckedFindPersonBySsn(d.toSsn) : d.toOrgno ? (await register.getOrganization(d.toOrgno)).organization : undefined;
      if (!recipient) {
        throw new AppError(TestenvProblems.invalidWorld, { errors: [{ path: `world/delegations/${i}`, message: 'needs toSsn (a person in the world) or toOrgno', rule: 'reference' }] });
      }
      const added = await authz.uncheckedAddRoleDelegation({
        reporteePartyId: (await register.getOrganization(d.reporteeOrgno)).organization.partyId,
        roleCode: d.roleCode,
        recipientPartyId: recipient.partyId,
        viaPartyId: d.viaFirm ? (await register.getOrganization(d.viaFirm)).organization.partyId : null,
      });
      if (added) summary.delegations++;
    }
    const existingAgencySystems = new Set((await systems.uncheckedListServiceOwnerSystems()).map((s) => s.systemName));
    for (const s of world.serviceOwnerSystems ?? []) {
      if (!existingAgencySystems.has(s.name)) {
        await systems.uncheckedAddServiceOwnerSystem({ serviceOwnerCode: s.serviceOwnerCode, name: s.name, allowedCidrs: s.allowedCidrs, password: s.password });
        if (s.apiKey !== undefined) await systems.uncheckedCreateServiceOwnerApiKey(s.name, s.apiKey);
        summary.serviceOwnerSystems++;
      }
      // Also for a system kept from an earlier load, so a key added to the file reaches a loaded world; a key it has is kept.
      for (const key of s.sshPublicKeys ?? []) {
        await systems.uncheckedAddServiceOwnerSystemSshKey(s.name, key).catch((err: unknown) => {
          if (!isAppError(err, SystemsProblems.sshKeyExists)) throw err;
        });
      }
    }
    for (const n of world.notificationTemplates ?? []) {
      await notifications.uncheckedSaveTemplate(n.serviceOwnerCode, n.notificationType, { texts: n.texts });
      summary.notificationTemplates++;
    }
    await insertWorldLoad(trx, { file, sha256, summary, now: deps.clock.now() });
    return summary;
  });
}

async function findOrganization(register: TestenvDeps['register'], orgno: string) {
  try {
    return (await register.getOrganization(orgno)).organization;
  } catch (err) {
    if (isAppError(err, RegisterProblems.organizationNotFound)) return undefined;
    throw err;
  }
}

async function applyPersonSettings(profile: TestenvDeps['profile'], partyId: number, p: WorldPerson): Promise<void> {
  if (p.mobile !== undefined || p.email !== undefined || p.language !== undefined || p.isReserved !== undefined) {
    await profile.uncheckedUpdatePersonProfile(partyId, {
      ...(p.mobile !== undefined ? { mobile: p.mobile } : {}),
      ...(p.email !== undefined ? { email: p.email } : {}),
      ...(p.language !== undefined ? { language: p.language } : {}),
      ...(p.isReserved !== undefined ? { isReserved: p.isReserved } : {}),
    });
  }
  if (p.username !== undefined || p.allowSystemSubmission !== undefined) {
    await profile.uncheckedUpdateLoginSettings(partyId, {
      ...(p.username !== undefined ? { username: p.username } : {}),
      ...(p.allowSystemSubmission !== undefined ? { allowSystemSubmission: p.allowSystemSubmission } : {}),
    });
  }
}

async function applyOrganizationSettings(profile: TestenvDeps['profile'], partyId: number, o: WorldOrganization): Promise<void> {
  if (!o.notificationAddresses) return;
  await profile.uncheckedSetOrganizationNotificationAddresses(partyId, {
    emails: o.notificationAddresses.emails ?? [],
    mobiles: o.notificationAddresses.mobiles ?? [],
  });
}
