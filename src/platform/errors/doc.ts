import { problemCatalogs } from './errors.ts';
import { altinnErrorIdFor, httpStatusFor } from './status.ts';

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
    'Where Altinn II had an ErrorID for the same failure, REST reports it in `altinnErrorId`. The SOAP edge answers every',
    'failure with a SOAP fault whose `detail` holds an `AltinnFault`; its `ErrorID` is the column below: the Altinn II',
    'ErrorID where one exists, else 14 (MissingRight) for a refusal (kind `forbidden`) and 0 (general error) otherwise',
    '(defaults in italics). `AltinnErrorMessage` carries the title and detail, `AltinnExtendedErrorMessage` the code and',
    'every validation item, `ErrorGuid` the request id that is also in the log.',
    '',
  ];
  const prefixes = [...problemCatalogs().keys()].sort();
  for (const prefix of prefixes) {
    const catalog = problemCatalogs().get(prefix)!;
    lines.push(`## ${prefix}`, '', '| code | HTTP | kind | Altinn ErrorID | title |', '|---|---|---|---|---|');
    const rows = Object.values(catalog).sort((a, b) => a.code.localeCompare(b.code));
    for (const p of rows) lines.push(`| \`${p.code}\` | ${httpStatusFor(p.kind)} | ${p.kind} | ${p.altinnErrorId ?? `_${altinnErrorIdFor(p)}_`} | ${p.title} |`);
    lines.push('');
  }
  return lines.join('\n');
}
