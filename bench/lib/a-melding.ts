// Valid payroll reports (service 5002, data format 6101 v1) of a chosen size, built from the service's example
// (testdata/services/ttd-5002-a-melding/examples/melding.xml) by repeating its <inntektsmottaker> element with
// the national ids of the demo world's persons (11 digits, valid check digits) and new employment ids and amounts.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './children.ts';
import { worldPersons } from './world.ts';

export const A_MELDING_DIR = join(REPO_ROOT, 'testdata', 'services', 'ttd-5002-a-melding');
export const A_MELDING_EXAMPLE = join(A_MELDING_DIR, 'examples', 'melding.xml');

const RECIPIENT = /([ \t]*)<inntektsmottaker>[\s\S]*?<\/inntektsmottaker>\n?/;

export interface AMelding {
  xml: string;
  bytes: number;
  /** How many <inntektsmottaker> elements it has. */
  recipients: number;
}

/** A valid a-melding of at least `minBytes` bytes (UTF-8), with as few recipients as that takes. */
export async function buildAMelding(minBytes: number): Promise<AMelding> {
  const example = await readFile(A_MELDING_EXAMPLE, 'utf8');
  const match = RECIPIENT.exec(example);
  if (!match) throw new Error(`no <inntektsmottaker> element in ${A_MELDING_EXAMPLE}`);
  const ssns = (await worldPersons()).map((p) => p.ssn).filter((s) => /^\d{11}$/.test(s));
  const template = match[0].endsWith('\n') ? match[0] : `${match[0]}\n`;
  const before = example.slice(0, match.index);
  const after = example.slice(match.index + match[0].length);
  const parts: string[] = [];
  let size = Buffer.byteLength(before) + Buffer.byteLength(after);
  for (let i = 0; parts.length === 0 || size < minBytes; i++) {
    const part = template
      .replace(/<norskIdentifikator>\d{11}<\/norskIdentifikator>/, `<norskIdentifikator>${ssns[i % ssns.length]}</norskIdentifikator>`)
      .replace(/<arbeidsforholdId>[^<]*<\/arbeidsforholdId>/, `<arbeidsforholdId>AF-${i + 1}</arbeidsforholdId>`)
      .replace(/<beloep>[^<]*<\/beloep>/, `<beloep>${(30000 + ((i * 7919) % 70000)).toFixed(2)}</beloep>`);
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  const xml = before + parts.join('') + after;
  return { xml, bytes: Buffer.byteLength(xml), recipients: parts.length };
}
