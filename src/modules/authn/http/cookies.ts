import { SESSION_COOKIE } from '../authenticate.ts';

/** The session token from a Cookie header, if any. */
export function sessionTokenFrom(cookieHeader: string | string[] | undefined): string | undefined {
  const header = Array.isArray(cookieHeader) ? cookieHeader.join('; ') : cookieHeader;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The Bearer token of an Authorization header, if any. */
export function bearerFrom(authorization: string | string[] | undefined): string | undefined {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  const m = value ? /^Bearer\s+(\S+)$/i.exec(value.trim()) : null;
  return m ? m[1] : undefined;
}

/** An `ApiKey` header's value (agency systems), if any. */
export function apiKeyFrom(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Set-Cookie for the session: HttpOnly, SameSite=Lax, Secure over TLS (or as configured). Its lifetime is
 * relative (Max-Age), so a browser whose clock differs from the server's keeps it as long as the session.
 */
export function sessionCookie(token: string, lifetimeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(lifetimeSeconds))}${secure ? '; Secure' : ''}`;
}

/** Set-Cookie that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}
