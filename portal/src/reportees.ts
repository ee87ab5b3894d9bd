// Whom the person may act for (GET /api/v1/reportees), loaded once per session and kept in memory only:
// the reportee page lists them, the shell names the one in the address ("acting for X").
import { useEffect, useState } from 'react';
import { api, url } from './api.ts';
import { useSession } from './session.tsx';

/** One party the person may act for (an organisation's sub-units come with it). */
export interface ReporteeUnit {
  partyId: number;
  type: 'person' | 'organization';
  orgno: string | null;
  name: string;
  unitType: 'main' | 'sub' | null;
  isDeleted: boolean;
}

export interface Reportee extends ReporteeUnit {
  subUnits: ReporteeUnit[];
}

// One list per session: keyed by the session's CSRF token, which is new for every login.
let cache: { key: string; list: Promise<Reportee[]> } | undefined;

function load(key: string): Promise<Reportee[]> {
  if (cache?.key !== key) {
    const list = api<{ reportees: Reportee[] }>('GET', '/api/v1/reportees').then((answer) => answer.reportees);
    cache = { key, list };
    // A failure is not kept: the next page asks again.
    list.catch(() => {
      if (cache?.list === list) cache = undefined;
    });
  }
  return cache.list;
}

/** Forgets the list (after a delegation changes whom the person may act for). */
export function forgetReportees(): void {
  cache = undefined;
}

/** The person's reportees: themself first, then other persons, then organisations with their sub-units. */
export function useReportees(): { reportees: Reportee[] | undefined; error: unknown; loading: boolean } {
  const { session } = useSession();
  const key = session?.csrfToken;
  const [state, setState] = useState<{ key: string | undefined; reportees: Reportee[] | undefined; error: unknown }>({ key: undefined, reportees: undefined, error: undefined });
  useEffect(() => {
    if (!key) return;
    let current = true;
    load(key).then(
      (reportees) => current && setState({ key, reportees, error: undefined }),
      (error: unknown) => current && setState({ key, reportees: undefined, error }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  const fresh = state.key === key && key !== undefined;
  return { reportees: fresh ? state.reportees : undefined, error: fresh ? state.error : undefined, loading: !fresh };
}

/** The address form of a reportee: `me` for the person themself, the organisation number, else `r<partyId>`. */
export function reporteeParam(unit: ReporteeUnit, self: boolean): string {
  if (self) return 'me';
  return unit.orgno ?? `r${unit.partyId}`;
}

/** Every reportee with its sub-units, flat. */
function allUnits(list: readonly Reportee[]): ReporteeUnit[] {
  return list.flatMap((r) => [r, ...r.subUnits]);
}

/** The reportee an address names (`me`, an organisation number or `r<partyId>`), if the person may act for it. */
export function findReportee(list: readonly Reportee[] | undefined, param: string): ReporteeUnit | undefined {
  if (!list || list.length === 0) return undefined;
  if (param === 'me') return list[0];
  const byParty = /^r(\d+)$/.exec(param);
  if (byParty) return allUnits(list).find((u) => u.partyId === Number(byParty[1]));
  const orgno = param.replace(/\s/g, '');
  return allUnits(list).find((u) => u.orgno === orgno);
}

/** "Fjordlys Regnskap AS (310000116)" or "Kari Nordmann" for an address's reportee; undefined when unknown. */
export function reporteeLabel(list: readonly Reportee[] | undefined, param: string): string | undefined {
  const unit = findReportee(list, param);
  if (!unit) return undefined;
  return unit.orgno ? `${unit.name} (${unit.orgno})` : unit.name;
}

/** 310000116 → "310 000 116", as organisation numbers are written. */
export function spacedOrgno(orgno: string): string {
  return orgno.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
}

/**
 * The reportee's name: an organisation's from the register (also when the person may not act for it, so a
 * denial can name it), else from the person's reportee list ('me' is the person themself). Undefined when
 * it cannot be found: the name is a nicety, pages work with the address's reportee.
 */
export async function findReporteeName(ref: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    if (/^\d{9}$/.test(ref)) return (await api<{ name: string }>('GET', url`/api/v1/organizations/${ref}`, undefined, { signal })).name;
    const { reportees } = await api<{ reportees: Reportee[] }>('GET', '/api/v1/reportees', undefined, { signal });
    return findReportee(reportees, ref)?.name;
  } catch {
    return undefined;
  }
}
