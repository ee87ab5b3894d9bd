import { api, url } from '../../api.ts';

/** An enterprise user (virksomhetsbruker) as its organisation's administrators see it: never a password. */
export interface EnterpriseUser {
  userName: string;
  organization: { orgno: string; name: string };
  createdAt: string;
  passwordChangedAt: string | null;
}

/** A user with the password Tinn generated for it (`secret`): answered this once, never again. */
export interface EnterpriseUserWithSecret {
  user: EnterpriseUser;
  secret?: string;
}

export const listEnterpriseUsers = (reportee: string, signal: AbortSignal) =>
  api<{ enterpriseUsers: EnterpriseUser[] }>('GET', url`/api/v1/reportees/${reportee}/enterprise-users`, undefined, { signal }).then((a) => a.enterpriseUsers);

/** Creates a user; without a password Tinn generates one (the answer's `secret`). */
export const createEnterpriseUser = (reportee: string, userName: string, password: string | undefined) =>
  api<EnterpriseUserWithSecret>('POST', url`/api/v1/reportees/${reportee}/enterprise-users`, password === undefined ? { userName } : { userName, password });

/** Gives the user a new generated password (the old one stops working at once). */
export const rotateEnterpriseUserPassword = (reportee: string, userName: string) =>
  api<EnterpriseUserWithSecret>('PUT', url`/api/v1/reportees/${reportee}/enterprise-users/${userName}/password`, {});

export const deleteEnterpriseUser = (reportee: string, userName: string) => api<void>('DELETE', url`/api/v1/reportees/${reportee}/enterprise-users/${userName}`);
