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
