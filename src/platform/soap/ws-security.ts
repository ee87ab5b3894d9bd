import { createHash, timingSafeEqual } from 'node:crypto';
import type { XmlElement } from 'libxml2-wasm';
import { childElements } from './schema-model.ts';

/** WS-Security 1.0 (OASIS 2004) namespaces and the UsernameToken profile's password types. */
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PASSWORD_DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';

/** A UsernameToken as sent in `wsse:Security`. */
export interface UsernameToken {
  username: string;
  /** The password (PasswordText) or Base64(SHA-1(nonce + created + password)) (PasswordDigest). */
  password: string;
  passwordType: 'text' | 'digest';
  /** The nonce's bytes, when one came. */
  nonce: Buffer | undefined;
  /** `wsu:Created` of the token, as sent (the digest covers the exact text). */
  created: string | undefined;
}

const child = (el: XmlElement, ns: string, name: string) => childElements(el).find((c) => c.namespaceUri === ns && c.name === name);

/** The first UsernameToken of a `soap:Header`, or undefined when there is none. */
export function readUsernameToken(header: XmlElement | undefined): UsernameToken | undefined {
  const security = header && child(header, WSSE_NS, 'Security');
  const token = security && child(security, WSSE_NS, 'UsernameToken');
  if (!token) return undefined;
  const password = child(token, WSSE_NS, 'Password');
  const nonce = child(token, WSSE_NS, 'Nonce');
  const created = child(token, WSU_NS, 'Created');
  return {
    username: child(token, WSSE_NS, 'Username')?.content.trim() ?? '',
    password: password?.content ?? '',
    passwordType: password?.attr('Type')?.value === PASSWORD_DIGEST ? 'digest' : 'text',
    nonce: nonce ? Buffer.from(nonce.content.trim(), 'base64') : undefined,
    created: created?.content.trim(),
  };
}

/** Whether a PasswordDigest token was made with `password` (constant time). */
export function isDigestOf(token: UsernameToken, password: string): boolean {
  const expected = createHash('sha1')
    .update(Buffer.concat([token.nonce ?? Buffer.alloc(0), Buffer.from(token.created ?? '', 'utf8'), Buffer.from(password, 'utf8')]))
    .digest();
  const given = Buffer.from(token.password.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
