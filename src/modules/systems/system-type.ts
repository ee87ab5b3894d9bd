import type { SystemTypeRow } from './db/system-type-store.ts';
import type { Register } from '../register/index.ts';

/** A vendor's product (an accounting or payroll system) that end users register data systems of. */
export interface SystemType {
  systemTypeId: number;
  name: string;
  vendor: { orgno: string; name: string };
  /** May submit signed data (Altinn II: the product may sign on the user's behalf). */
  maySubmitSignedData: boolean;
  /** Shown in production lists, not only in the test environment. */
  listedInProduction: boolean;
  status: 'pending' | 'approved';
  createdAt: Date;
  approvedAt: Date | null;
}

/** Rows with their vendor's orgno and name, read through the register's API. */
export async function toSystemTypes(register: Register, rows: SystemTypeRow[]): Promise<SystemType[]> {
  const vendors = new Map<number, { orgno: string; name: string }>();
  const out: SystemType[] = [];
  for (const r of rows) {
    let vendor = vendors.get(r.vendor_party_id);
    if (!vendor) {
      const party = await register.uncheckedGetParty(r.vendor_party_id);
      vendor = { orgno: party.type === 'organization' ? party.orgno : '', name: party.name };
      vendors.set(r.vendor_party_id, vendor);
    }
    out.push({
      systemTypeId: r.id,
      name: r.name,
      vendor,
      maySubmitSignedData: r.may_submit_signed_data,
      listedInProduction: r.listed_in_production,
      status: r.status,
      createdAt: r.created_at,
      approvedAt: r.approved_at,
    });
  }
  return out;
}
