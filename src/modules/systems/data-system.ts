import { AppError } from '../../platform/index.ts';
import type { Register } from '../register/index.ts';
import type { DataSystemRow } from './db/data-system-store.ts';
import { selectSystemType } from './db/system-type-store.ts';
import type { SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';
import { toSystemTypes, type SystemType } from './system-type.ts';

/**
 * A data system (Altinn II "datasystem"): an installation of a system type registered on a reportee, with a
 * numeric SystemID and its own password. Registered on an organisation it acts for that organisation (and,
 * with delegated rights, its clients); registered on a person, only for that person.
 */
export interface DataSystem {
  systemId: number;
  owner: { partyId: number; type: 'person' | 'organization'; orgno: string | null; name: string };
  systemType: Pick<SystemType, 'systemTypeId' | 'name' | 'vendor'>;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  passwordChangedAt: Date;
}

/**
 * Throws SYS-00007 unless the password follows Altinn II's rule for system passwords (at least 7 characters,
 * letters and digits); 128 at most, so hashing stays cheap.
 */
export function assertSystemPasswordRules(password: string, path = 'password'): void {
  if (password.length < 7 || password.length > 128 || !/\p{L}/u.test(password) || !/\d/.test(password)) {
    throw new AppError(SystemsProblems.weakSystemPassword, { errors: [{ path, message: 'at least 7 characters with letters and digits', rule: 'password' }] });
  }
}

/** The description, tidied; SYS-00008 when empty, over 100 characters or with control characters. */
export function normalizeDescription(description: string): string {
  const v = description.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (v.length < 1 || v.length > 100 || /\p{Cc}/u.test(v)) throw new AppError(SystemsProblems.invalidDescription, { errors: [{ path: 'description', message: '1–100 characters', rule: 'description' }] });
  return v;
}

/** A row with its owner and type, read through the register's API. */
export async function toDataSystem(deps: Pick<SystemsDeps, 'db'> & { register: Register }, row: DataSystemRow): Promise<DataSystem> {
  const owner = await deps.register.uncheckedGetParty(row.owner_party_id);
  const [type] = await toSystemTypes(deps.register, [(await selectSystemType(deps.db, row.system_type_id))!]);
  return {
    systemId: row.system_id,
    owner: { partyId: owner.partyId, type: owner.type, orgno: owner.type === 'organization' ? owner.orgno : null, name: owner.name },
    systemType: { systemTypeId: type!.systemTypeId, name: type!.name, vendor: type!.vendor },
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordChangedAt: row.password_changed_at,
  };
}
