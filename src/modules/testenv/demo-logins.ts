import type { TestenvDeps } from './deps.ts';
import { readWorld } from './load-world.ts';

export interface DemoLogin {
  ssn: string;
  username: string | null;
  password: string | null;
  name: string;
  note: string;
}

/** The world's persons that carry a `note`: the identities Tinn prints at start to get people going. */
export async function listDemoLogins(deps: Pick<TestenvDeps, 'worldFile'>): Promise<DemoLogin[]> {
  const { world } = await readWorld(deps.worldFile);
  return (world.persons ?? [])
    .filter((p) => p.note)
    .map((p) => ({ ssn: p.ssn, username: p.username ?? null, password: p.password ?? null, name: [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' '), note: p.note! }));
}
