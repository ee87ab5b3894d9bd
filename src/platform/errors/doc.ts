import { problemCatalogs } from './errors.ts';
import { httpStatusFor } from './status.ts';

/** Markdown for docs/errors.md: every problem code of every catalog loaded. */
export function renderErrorsDoc(): string {
  const lines = [
    '# Problem codes',
    '',
    '<!-- Generated from the modules\' errors.ts catalogs by `npm run docs`; a test fails when this file is stale. -->',
    '',
    'Every failure Tinn reports carries a stable code. REST answers `application/problem+json` (RFC 9457) with',
    '`type`, `title`, `status`, `detail`, `code`, `instance`, `requestId` and, for validation problems, `errors`',
    '(every violation found, with `path`, `message`, `rule` and for documents `line`). Codes are never reused or renumbered.',
    'Where Altinn II had an ErrorID for the same failure, the SOAP edge reports it in `AltinnFault.ErrorID` and REST in `altinnErrorId`.',
    '',
  ];
  const prefixes = [...problemCatalogs().keys()].sort();
  for (const prefix of prefixes) {
    const catalog = problemCatalogs().get(prefix)!;
    lines.push(`## ${prefix}`, '', '| code | HTTP | kind | Altinn ErrorID | title |', '|---|---|---|---|---|');
    const rows = Object.values(catalog).sort((a, b) => a.code.localeCompare(b.code));
    for (const p of rows) lines.push(`| \`${p.code}\` | ${httpStatusFor(p.kind)} | ${p.kind} | ${p.altinnErrorId ?? ''} | ${p.title} |`);
    lines.push('');
  }
  return lines.join('\n');
}
