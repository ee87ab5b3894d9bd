// The demo world (testdata/world.yaml) as the scenarios need it: who exists, who can log in with a password.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './children.ts';

export const WORLD_FILE = join(REPO_ROOT, 'testdata', 'world.yaml');

export interface WorldPerson {
  ssn: string;
  firstName: string;
  mobile: string | null;
  /** The demo password, for the people who have one in the world file. */
  password: string | null;
}

/** Every person of the demo world, in file order. */
export async function worldPersons(): Promise<WorldPerson[]> {
  const world = parse(await readFile(WORLD_FILE, 'utf8')) as { persons?: Record<string, unknown>[] };
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const persons = (world.persons ?? [])
    .filter((p) => typeof p.ssn === 'string')
    .map((p) => ({ ssn: p.ssn as string, firstName: text(p.firstName) ?? '?', mobile: text(p.mobile), password: text(p.password) }));
  if (persons.length === 0) throw new Error(`no persons in ${WORLD_FILE}`);
  return persons;
}

export interface WorldDataSystem {
  systemId: number;
  ownerOrgno: string | null;
  password: string;
}

/** The data systems of the demo world (SystemID and password), in file order. */
export async function worldDataSystems(): Promise<WorldDataSystem[]> {
  const world = parse(await readFile(WORLD_FILE, 'utf8')) as { dataSystems?: Record<string, unknown>[] };
  return (world.dataSystems ?? [])
    .filter((s) => typeof s.systemId === 'number' && typeof s.password === 'string')
    .map((s) => ({ systemId: s.systemId as number, ownerOrgno: typeof s.ownerOrgno === 'string' ? s.ownerOrgno : null, password: s.password as string }));
}

export interface WorldServiceOwnerSystem {
  name: string;
  serviceOwnerCode: string;
  password: string | null;
  apiKey: string | null;
  allowedCidrs: string[];
}

/** The service owners' agency systems of the demo world, in file order. */
export async function worldServiceOwnerSystems(): Promise<WorldServiceOwnerSystem[]> {
  const world = parse(await readFile(WORLD_FILE, 'utf8')) as { serviceOwnerSystems?: Record<string, unknown>[] };
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  return (world.serviceOwnerSystems ?? [])
    .filter((s) => typeof s.name === 'string')
    .map((s) => ({
      name: s.name as string,
      serviceOwnerCode: text(s.serviceOwnerCode) ?? '?',
      password: text(s.password),
      apiKey: text(s.apiKey),
      allowedCidrs: Array.isArray(s.allowedCidrs) ? s.allowedCidrs.filter((c): c is string => typeof c === 'string') : [],
    }));
}
