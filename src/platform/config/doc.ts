import { configKeys, type KeyType } from './keys.ts';

function describeType(t: KeyType): string {
  switch (t.kind) {
    case 'string':
      return 'string';
    case 'integer':
      return `integer ${t.min}–${t.max}`;
    case 'boolean':
      return 'boolean';
    case 'enum':
      return `one of ${t.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'list':
      return `list of ${t.values.map((v) => `\`${v}\``).join(', ')}`;
    case 'url':
      return `URL (${t.protocols.map((p) => p.replace(':', '')).join(', ')})`;
  }
}

/** Markdown for docs/configuration.md. */
export function renderConfigurationDoc(): string {
  const rows = configKeys.map((k) => {
    const def = k.default === undefined ? '—' : `\`${k.default}\``;
    const path = k.path ? `\`${k.path}\`` : '—';
    const desc = k.description + (k.secret ? ' **Secret**: never printed or logged.' : '');
    return `| \`${k.env}\` | ${path} | ${describeType(k.type)} | ${def} | ${desc} |`;
  });
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/platform/config/keys.ts by `npm run docs`; a test fails when this file is stale. -->',
    '',
    'Tinn reads its configuration once, at start, from command-line flags, environment variables and an optional',
    'file (`TINN_CONFIG_FILE`, JSON or YAML, keyed by the dotted paths below), in that order of precedence.',
    'An invalid configuration stops Tinn with exit code 1 after printing every problem found.',
    '',
    '| variable | file key | type | default | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    'Command-line flags of `tinn start`: `--roles api,worker` (TINN_ROLES), `--port N` (TINN_HTTP_PORT),',
    '`--world FILE` (TINN_WORLD_FILE), `--testenv` (TINN_TESTENV=true).',
    '',
  ].join('\n');
}
