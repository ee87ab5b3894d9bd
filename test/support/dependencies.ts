// The module order of HOUSE_STYLE as data, and the check the invariant test runs over every import.

export interface ImportEdge {
  /** Importing file, relative to the repository root. */
  from: string;
  /** Imported file (without resolving the extension), relative to the repository root. */
  to: string;
}

/** Layer of each module; imports go to lower layers only. */
export const MODULE_LAYERS: Record<string, number> = {
  register: 1,
  profile: 2,
  authz: 2,
  catalog: 3,
  systems: 3,
  notifications: 3,
  authn: 4,
  prefill: 4,
  testenv: 4,
  submissions: 5,
  correspondence: 5,
  broker: 5,
};
const ROLES_LAYER = 6;

type Place = { kind: 'platform' } | { kind: 'module'; name: string; rest: string } | { kind: 'roles' } | { kind: 'test' } | { kind: 'other' };

function place(path: string): Place {
  const p = path.replace(/\\/g, '/');
  if (p.startsWith('src/platform/')) return { kind: 'platform' };
  const m = /^src\/modules\/([^/]+)\/(.*)$/.exec(p);
  if (m) return { kind: 'module', name: m[1]!, rest: m[2]! };
  if (p.startsWith('src/roles/') || p === 'src/main.ts') return { kind: 'roles' };
  if (p.startsWith('test/')) return { kind: 'test' };
  return { kind: 'other' };
}

/** Every violation of the module order among the given imports, as readable lines (empty = fine). */
export function checkDependencies(edges: readonly ImportEdge[]): string[] {
  const violations: string[] = [];
  for (const { from, to } of edges) {
    const a = place(from);
    const b = place(to);
    const say = (why: string) => violations.push(`${from} → ${to}: ${why}`);
    const isTestFile = from.endsWith('.test.ts') || from.endsWith('/testing.ts');
    if (a.kind === 'module' && !(a.name in MODULE_LAYERS)) say(`module ${a.name} has no place in the module order`);
    if (b.kind === 'module' && !(b.name in MODULE_LAYERS)) say(`module ${b.name} has no place in the module order`);
    if (a.kind === 'platform' && b.kind !== 'platform' && !(isTestFile && b.kind === 'test')) say('platform/ imports no module');
    if (a.kind === 'module') {
      if (b.kind === 'roles') say('modules never import roles');
      if (b.kind === 'test' && !isTestFile) say('only tests import test support');
      if (b.kind === 'module' && b.name !== a.name) {
        const la = MODULE_LAYERS[a.name] ?? 99;
        const lb = MODULE_LAYERS[b.name] ?? 99;
        if (lb >= la) say(`${a.name} (L${la}) may not import ${b.name} (L${lb}): imports go down only`);
        const entry = b.rest === 'index.ts' || (isTestFile && b.rest === 'testing.ts');
        if (!entry) say(`use ${b.name}/index.ts, not its internals`);
      }
    }
  }
  return violations;
}

export { ROLES_LAYER };
