// A large register and delegation world for the authz-decision scenario, written with set-based SQL straight
// into the tables (seconds, not the minutes the use cases would take). Organisation numbers and national ids
// are valid (check digits) and the persons synthetic (month + 80), so the register reads them like any other
// and the test login accepts them.
import { sql, type Kysely } from 'kysely';
import { makeSyntheticNationalId } from '../../src/modules/register/national-id.ts';
import { makeOrgno } from '../../src/modules/register/orgno.ts';

export interface BigWorldSize {
  organizations: number;
  persons: number;
  delegations: number;
  /** Organisations in which the accounting firm holds REGN, each passed on to the one employee as a client role. */
  clients: number;
}

export interface BigParty {
  partyId: number;
  /** Organisation number or national id. */
  id: string;
}

export interface BigWorld {
  size: BigWorldSize;
  /** Organisation i (1-based) is organizations[i - 1]; the last one is the accounting firm. */
  organizations: BigParty[];
  /** Person i (1-based) is persons[i - 1]; the last one is the firm's employee. */
  persons: BigParty[];
  /** [person index, organisation index] of every organisation's DAGL (1-based indexes). */
  dagl: [number, number][];
  /** [person index, organisation index] of every random role delegation (1-based indexes). */
  delegated: [number, number][];
  firm: BigParty;
  employee: BigParty;
  /** Wall time of the load, in ms: generating ids, the inserts, ANALYZE. */
  loadMs: number;
  /** Rows per table after the load (demo world included). */
  rowCounts: Record<string, number>;
}

/** Person index of organisation i's DAGL: a permutation of 1..persons-1, so every organisation has its own. */
const daglOf = (orgIndex: number, persons: number) => ((orgIndex * 7919) % (persons - 1)) + 1;

/** `count` valid organisation numbers from 31xxxxxx upwards that are not in `taken`. */
function orgnos(count: number, taken: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let n = 31_500_000; out.length < count; n++) {
    const orgno = makeOrgno(String(n));
    if (orgno && !taken.has(orgno)) out.push(orgno);
  }
  return out;
}

/** `count` valid synthetic national ids (birth dates from 1950 on), none in `taken`, with their birth dates. */
function nationalIds(count: number, taken: ReadonlySet<string>): { ssn: string; birthDate: string }[] {
  const out: { ssn: string; birthDate: string }[] = [];
  const day = new Date(Date.UTC(1950, 0, 1));
  while (out.length < count) {
    const birthDate = day.toISOString().slice(0, 10);
    for (let individual = 100; individual <= 499 && out.length < count; individual += 3) {
      const ssn = makeSyntheticNationalId(birthDate, individual);
      if (ssn && !taken.has(ssn)) out.push({ ssn, birthDate });
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

async function count(db: Kysely<any>, table: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return r.rows[0]!.n;
}

/**
 * Loads `size` into the database: organisations (the last one an accounting firm), persons (the last one the
 * firm's employee), one DAGL per organisation, `size.delegations` role delegations of UTINN or REGNA from
 * random organisations to random persons (neither the firm nor the employee), and the firm's REGN in
 * `size.clients` organisations with the client role A0239 passed on to the employee. Deterministic (setseed).
 * Writes no platform.version rows: compose the Tinn whose caches are measured after this, not before.
 */
export async function loadBigWorld(db: Kysely<any>, size: BigWorldSize): Promise<BigWorld> {
  const started = performance.now();
  const takenOrgnos = new Set((await sql<{ orgno: string }>`select orgno from register.organization`.execute(db)).rows.map((r) => r.orgno));
  const takenSsns = new Set((await sql<{ ssn: string }>`select ssn from register.person`.execute(db)).rows.map((r) => r.ssn));
  const orgList = orgnos(size.organizations, takenOrgnos);
  const personList = nationalIds(size.persons, takenSsns);
  const O = size.organizations;
  const P = size.persons;
  const step = Math.floor((O - 1) / size.clients);
  if (step < 1) throw new Error('more clients than organisations');

  const { organizations, persons } = await db.transaction().execute(async (trx) => {
    await sql`create temp table bench_org on commit drop as
      select nextval('register.party_id_seq')::int as party_id, t.i::int as i, t.orgno
      from unnest(${sql.val(orgList)}::text[]) with ordinality as t(orgno, i)`.execute(trx);
    await sql`create temp table bench_person on commit drop as
      select nextval('register.party_id_seq')::int as party_id, t.i::int as i, t.ssn, t.birth_date::date as birth_date
      from unnest(${sql.val(personList.map((p) => p.ssn))}::text[], ${sql.val(personList.map((p) => p.birthDate))}::text[]) with ordinality as t(ssn, birth_date, i)`.execute(trx);
    await sql`create unique index on bench_person (i)`.execute(trx);
    await sql`create unique index on bench_org (i)`.execute(trx);

    await sql`insert into register.party (party_id, party_uuid, party_type, name, created_at, updated_at)
      select party_id, gen_random_uuid(), 'organization', case when i = ${O} then 'Benk Regnskap AS' else 'Benk ' || lpad(i::text, 5, '0') || ' AS' end, now(), now()
      from bench_org`.execute(trx);
    await sql`insert into register.organization (party_id, orgno, organization_form, parent_party_id, business_address, postal_address, deleted_at)
      select party_id, orgno, 'AS', null, null, null, null from bench_org`.execute(trx);
    await sql`insert into register.party (party_id, party_uuid, party_type, name, created_at, updated_at)
      select party_id, gen_random_uuid(), 'person', 'Benk' || i || ' Testesen', now(), now() from bench_person`.execute(trx);
    await sql`insert into register.person (party_id, ssn, first_name, middle_name, last_name, birth_date, is_d_number, is_synthetic, address)
      select party_id, ssn, 'Benk' || i, null, 'Testesen', birth_date, false, true, null from bench_person`.execute(trx);

    // Every organisation's DAGL (the firm's too); never the employee (person P).
    await sql`insert into register.er_role (organization_party_id, role_code, holder_party_id, created_at)
      select o.party_id, 'DAGL', p.party_id, now()
      from bench_org o join bench_person p on p.i = ((o.i::bigint * 7919) % ${P - 1}) + 1`.execute(trx);

    // Random delegations: organisations 1..O-1 to persons 1..P-1; duplicates (same reportee, role, recipient) dropped.
    await sql`select setseed(0.4242)`.execute(trx);
    await sql`insert into authz.role_delegation (id, reportee_party_id, role_code, recipient_party_id, via_party_id, delegated_by_party_id, created_at, valid_to, revoked_at, revoked_by_party_id)
      select gen_random_uuid(), o.party_id, c.role_code, p.party_id, null, d.party_id, now(), null, null, null
      from (select distinct oi, pi, role_code from (
              select 1 + floor(random() * ${O - 1})::int as oi, 1 + floor(random() * ${P - 1})::int as pi,
                     case when random() < 0.5 then 'UTINN' else 'REGNA' end as role_code
              from generate_series(1, ${Math.ceil(size.delegations * 1.01)})) r
            limit ${size.delegations}) c
      join bench_org o on o.i = c.oi
      join bench_person p on p.i = c.pi
      join bench_person d on d.i = ((c.oi::bigint * 7919) % ${P - 1}) + 1`.execute(trx);

    // The accounting firm (organisation O) holds REGN in every step-th organisation, and passes A0239 on to its employee (person P).
    await sql`insert into register.er_role (organization_party_id, role_code, holder_party_id, created_at)
      select o.party_id, 'REGN', f.party_id, now()
      from bench_org o, bench_org f where f.i = ${O} and o.i < ${O} and (o.i - 1) % ${step} = 0 and (o.i - 1) / ${step} < ${size.clients}`.execute(trx);
    await sql`insert into authz.role_delegation (id, reportee_party_id, role_code, recipient_party_id, via_party_id, delegated_by_party_id, created_at, valid_to, revoked_at, revoked_by_party_id)
      select gen_random_uuid(), er.organization_party_id, 'A0239', e.party_id, f.party_id, d.party_id, now(), null, null, null
      from register.er_role er
      join bench_org f on f.party_id = er.holder_party_id and f.i = ${O}
      join bench_person e on e.i = ${P}
      join bench_person d on d.i = ${daglOf(O, P)}
      where er.role_code = 'REGN'`.execute(trx);

    const orgRows = await sql<{ party_id: number; orgno: string }>`select party_id, orgno from bench_org order by i`.execute(trx);
    const personRows = await sql<{ party_id: number; ssn: string }>`select party_id, ssn from bench_person order by i`.execute(trx);
    return {
      organizations: orgRows.rows.map((r) => ({ partyId: r.party_id, id: r.orgno })),
      persons: personRows.rows.map((r) => ({ partyId: r.party_id, id: r.ssn })),
    };
  });
  // Fresh statistics, so the planner sees 100 000 delegations rather than the demo world's dozen.
  await sql`analyze`.execute(db);

  const orgIndex = new Map(organizations.map((o, i) => [o.partyId, i + 1]));
  const personIndex = new Map(persons.map((p, i) => [p.partyId, i + 1]));
  const pairs = await sql<{ recipient_party_id: number; reportee_party_id: number }>`
    select recipient_party_id, reportee_party_id from authz.role_delegation where via_party_id is null and revoked_at is null`.execute(db);
  const delegated: [number, number][] = [];
  for (const r of pairs.rows) {
    const p = personIndex.get(r.recipient_party_id);
    const o = orgIndex.get(r.reportee_party_id);
    if (p !== undefined && o !== undefined) delegated.push([p, o]);
  }
  const dagl: [number, number][] = organizations.map((_, i) => [daglOf(i + 1, P), i + 1]);

  const rowCounts: Record<string, number> = {};
  for (const t of ['register.party', 'register.person', 'register.organization', 'register.er_role', 'authz.role_delegation']) rowCounts[t] = await count(db, t);
  return {
    size,
    organizations,
    persons,
    dagl,
    delegated,
    firm: organizations[O - 1]!,
    employee: persons[P - 1]!,
    loadMs: performance.now() - started,
    rowCounts,
  };
}
