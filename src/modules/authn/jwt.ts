import { sign, verify, type KeyObject } from 'node:crypto';

/** The claims Tinn puts in its access tokens. */
export interface AccessClaims {
  iss: string;
  aud: 'tinn-api';
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  /** Kind of actor; absent means a person. */
  act?: 'person' | 'system' | 'serviceOwner' | 'enterpriseUser';
  /** Party id of the person (for a system: the user who came along, if any). */
  pid?: number;
  /** Security level 0–4. */
  lvl: number;
  /** Authentication methods (RFC 8176). */
  amr: string[];
  /** Session id, when the token was issued for a portal session. */
  sid?: string;
  /** Data system: SystemID (null when a person's user name stood in for it). */
  sys?: number | null;
  /** Data system: owner party; service owner: the organisation's party. */
  own?: number;
  /** Service owner: code, orgno and the agency system's name. */
  soc?: string;
  org?: string;
  sna?: string;
  /** Enterprise user: its user name (`pid` is its party, `own` its organisation's). */
  eun?: string;
  /** Service owner: the addresses (CIDR) the token may be used from. */
  ipl?: string[];
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Signs claims as a compact JWS with EdDSA (Ed25519). */
export function signJwt(claims: AccessClaims, kid: string, privateKey: KeyObject): string {
  const header = b64(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid }));
  const body = b64(JSON.stringify(claims));
  const signature = sign(null, Buffer.from(`${header}.${body}`), privateKey);
  return `${header}.${body}.${b64(signature)}`;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: string };

/**
 * Verifies a compact JWS: EdDSA only (no 'none', no algorithm switching), a known key id, the signature,
 * issuer, audience and time window (60 s leeway for clock skew between processes).
 */
export async function verifyJwt(
  token: string,
  keyFor: (kid: string) => Promise<KeyObject | undefined>,
  expected: { issuer: string; nowSeconds: number },
): Promise<VerifyResult> {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: unknown; kid?: unknown };
  let claims: AccessClaims;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (header.alg !== 'EdDSA' || typeof header.kid !== 'string') return { ok: false, reason: 'algorithm' };
  const key = await keyFor(header.kid);
  if (!key) return { ok: false, reason: 'unknown key' };
  if (!verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return { ok: false, reason: 'signature' };
  const leeway = 60;
  if (claims.iss !== expected.issuer || claims.aud !== 'tinn-api') return { ok: false, reason: 'issuer or audience' };
  if (typeof claims.exp !== 'number' || claims.exp + leeway < expected.nowSeconds) return { ok: false, reason: 'expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - leeway > expected.nowSeconds) return { ok: false, reason: 'not yet valid' };
  if (typeof claims.lvl !== 'number' || !Array.isArray(claims.amr)) return { ok: false, reason: 'claims' };
  const kind = claims.act ?? 'person';
  if (kind === 'person' && typeof claims.pid !== 'number') return { ok: false, reason: 'claims' };
  if (kind !== 'person' && typeof claims.own !== 'number') return { ok: false, reason: 'claims' };
  return { ok: true, claims };
}
