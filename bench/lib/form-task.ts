// Form task submissions by the demo world's data system (service 5002, the payroll report archived at once), as
// the scenarios that submit share them: the REST shipment body, the system's Bearer token, one checked submission,
// and counting what Tinn archived afterwards.
import type { AMelding } from './a-melding.ts';
import { createClient } from './client.ts';
import type { DbTarget } from './db-servers.ts';
import { openReferenceDb } from './reference-db.ts';
import type { Server } from './servers.ts';
import { round } from './stats.ts';
import { worldDataSystems, type WorldDataSystem } from './world.ts';

export const REPORTEE = '310000116';
export const PATH = `/api/v1/reportees/${REPORTEE}/formtasks`;
export const SYSTEM_TOKEN = '/api/v1/authn/system/token';
export const SERVICE = { serviceCode: '5002', serviceEditionCode: 1 };
export const FORM = { dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'a-melding' };

function fail(what: string, res: { status: number; text: string }): never {
  throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 400)}`);
}

/** The first data system of testdata/world.yaml with a password (SystemID 10001). */
export async function firstDataSystem(): Promise<WorldDataSystem> {
  const system = (await worldDataSystems())[0];
  if (!system) throw new Error('testdata/world.yaml has no data system with a password');
  return system;
}

/** The shipment body, with `[<id>]` in the externalShipmentReference for autocannon to make unique. */
export function shipment(reference: string, form: AMelding): string {
  return JSON.stringify({ externalShipmentReference: reference, ...SERVICE, forms: [{ ...FORM, formData: form.xml }] });
}

/** A Bearer token of the first data system (level 0), from `POST /api/v1/authn/system/token`. */
export async function systemToken(server: Server): Promise<string> {
  const system = await firstDataSystem();
  const client = createClient(server.baseUrl);
  try {
    const res = await client.request('POST', SYSTEM_TOKEN, { json: { systemId: String(system.systemId), systemPassword: system.password } });
    const token = (res.body as { accessToken?: unknown } | undefined)?.accessToken;
    if (res.status !== 200 || typeof token !== 'string') fail(`POST ${SYSTEM_TOKEN}`, res);
    return token;
  } finally {
    client.close();
  }
}

/** One submission through a plain client, checked: 201 and archived (or 200, the stored receipt, when `replay`). */
export async function submitOnce(server: Server, token: string | null, reference: string, form: AMelding, expect: 201 | 200): Promise<{ status: number; archiveReference: string; ms: number }> {
  const client = createClient(server.baseUrl);
  try {
    const started = performance.now();
    const res = await client.request('POST', PATH, { json: JSON.parse(shipment(reference, form)), headers: token ? { authorization: `Bearer ${token}` } : {} });
    const ms = performance.now() - started;
    const b = res.body as { status?: unknown; archiveReference?: unknown } | undefined;
    if (res.status !== expect || b?.status !== 'Archive' || typeof b.archiveReference !== 'string' || !b.archiveReference.startsWith('AR')) {
      fail(`${server.child.name}: POST ${PATH} (${form.bytes} bytes, expected ${expect} and status Archive)`, res);
    }
    return { status: res.status, archiveReference: b.archiveReference, ms: round(ms, 1) };
  } finally {
    client.close();
  }
}

/** Archived 5002 elements and 5002 download-queue items in a (stopped) Tinn's database. */
export async function countArchived(target: DbTarget): Promise<{ archived: number; queued: number }> {
  const db = await openReferenceDb(target.kind === 'postgres' ? { databaseUrl: target.url, poolMax: '1' } : { pgliteDir: target.dataDir });
  try {
    const [a] = await db.query<{ n: number | string }>(`select count(*) as n from submissions.reportee_element where status = 'Archive' and service_code = '5002'`);
    const [q] = await db.query<{ n: number | string }>(`select count(*) as n from submissions.download_queue_item where service_code = '5002'`);
    return { archived: Number(a?.n), queued: Number(q?.n) };
  } finally {
    await db.close();
  }
}
