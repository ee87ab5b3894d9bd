import { api, url } from '../../api.ts';

export interface SystemType {
  systemTypeId: number;
  name: string;
  vendor: { orgno: string; name: string };
}

export interface DataSystem {
  systemId: number;
  owner: { partyId: number; type: 'person' | 'organization'; orgno: string | null; name: string };
  systemType: SystemType;
  description: string;
  createdAt: string;
  updatedAt: string;
  passwordChangedAt: string;
}

export const listSystems = (reportee: string, signal: AbortSignal) =>
  api<{ systems: DataSystem[] }>('GET', url`/api/v1/reportees/${reportee}/systems`, undefined, { signal }).then((a) => a.systems);

export const listSystemTypes = (signal: AbortSignal) => api<{ systemTypes: SystemType[] }>('GET', '/api/v1/system-types', undefined, { signal }).then((a) => a.systemTypes);

/** Types grouped by vendor, for the select's option groups. */
export function byVendor(types: SystemType[]): { vendor: string; types: SystemType[] }[] {
  const groups = new Map<string, SystemType[]>();
  for (const type of types) groups.set(type.vendor.name, [...(groups.get(type.vendor.name) ?? []), type]);
  return [...groups].map(([vendor, list]) => ({ vendor, types: list }));
}

/** A fresh idempotency key for one registration (a retry of the same submission gets the same system). */
export function newIdempotencyKey(): string | undefined {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : undefined;
}
