import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { AppError } from './errors/errors.ts';
import { PlatformProblems } from './errors/platform-problems.ts';

/** An SSH public key as Tinn keeps it: checked, with its fingerprint and a normalised one-line text. */
export interface SshPublicKey {
  /** The key type, e.g. `ssh-ed25519`. */
  algorithm: string;
  /** The key in SSH wire format (what a client presents when it logs in). */
  blob: Buffer;
  /** `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -l` shows it. */
  fingerprint: string;
  /** The text after the key (often user@host); empty when there is none. */
  comment: string;
  /** `algorithm base64 comment`, one line. */
  text: string;
}

/** A .pub file is a few hundred bytes (an RSA 16384-bit key about 2.8 KB); anything far beyond is no key. */
const MAX_TEXT_BYTES = 16 * 1024;
/** The key types OpenSSH makes today; DSA is left out (OpenSSH dropped it), and RSA needs 2048 bits (NIST's minimum). */
const ALGORITHMS = new Set(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa']);
const MIN_RSA_BITS = 2048;

function invalid(detail: string, cause?: unknown): AppError {
  return new AppError(PlatformProblems.invalidSshKey, { detail, ...(cause !== undefined ? { cause } : {}) });
}

/** The fingerprint of a key's wire-format blob: `SHA256:` + unpadded base64, as `ssh-keygen -l` prints it. */
export function sshFingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The bit length of an ssh-rsa blob's modulus (string type, mpint e, mpint n; RFC 4253 §6.6). */
function rsaModulusBits(blob: Buffer): number {
  let offset = 0;
  const next = (): Buffer => {
    const length = blob.readUInt32BE(offset);
    const value = blob.subarray(offset + 4, offset + 4 + length);
    if (value.length !== length) throw new RangeError('truncated ssh-rsa blob');
    offset += 4 + length;
    return value;
  };
  next();
  next();
  const modulus = next();
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start++;
  if (start === modulus.length) return 0;
  return (modulus.length - start - 1) * 8 + (32 - Math.clz32(modulus[start]!));
}

/**
 * Parses one SSH public key in OpenSSH format (`ssh-ed25519 AAAA… comment`, one line of a .pub or
 * authorized_keys file without options). Accepts Ed25519, ECDSA on P-256/384/521 and RSA of at least
 * 2048 bits; throws PLAT-00024 for anything else: private keys, DSA, short RSA, more than one key, other
 * formats, texts over 16 KB.
 */
export function parsePublicKey(text: string): SshPublicKey {
  if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES) throw invalid('the text is longer than 16 KB: a public key is one line of a few hundred characters');
  if (/PRIVATE KEY|PuTTY-User-Key-File/.test(text)) throw invalid('this is a private key: give the public key (the .pub file) and keep the private one to yourself');
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) throw invalid('no key given');
  if (lines.length > 1) throw invalid(`one key at a time: the text has ${lines.length} lines`);
  const [algorithm = '', base64 = '', ...rest] = lines[0]!.split(/\s+/);
  if (algorithm === 'ssh-dss') throw invalid('DSA keys are weak and no longer accepted by OpenSSH: make an ssh-ed25519 key (ssh-keygen -t ed25519)');
  if (!ALGORITHMS.has(algorithm)) throw invalid(`the key type ${JSON.stringify(algorithm.slice(0, 60))} is not accepted: use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid('the key after its type is not base64');
  const parsed = ssh2.utils.parseKey(`${algorithm} ${base64}`);
  if (parsed instanceof Error || Array.isArray(parsed)) throw invalid(`not a valid ${algorithm} key`, parsed);
  if (parsed.isPrivateKey()) throw invalid('this is a private key: give the public key (the .pub file)');
  const blob = parsed.getPublicSSH();
  if (parsed.type !== algorithm || !blob.equals(Buffer.from(base64, 'base64'))) throw invalid(`the key data is not a ${algorithm} key`);
  if (algorithm === 'ssh-rsa') {
    let bits: number;
    try {
      bits = rsaModulusBits(blob);
    } catch (err) {
      throw invalid('not a valid ssh-rsa key', err);
    }
    if (bits < MIN_RSA_BITS) throw invalid(`this RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are needed (or use ssh-ed25519)`);
  }
  // Control characters in a comment could rewrite a terminal or log line; nothing needs them.
  const comment = rest.join(' ').replace(/[\u0000-\u001f\u007f]/g, '');
  return { algorithm, blob, fingerprint: sshFingerprint(blob), comment, text: `${algorithm} ${blob.toString('base64')}${comment ? ` ${comment}` : ''}` };
}

/**
 * Whether `signature` over `data` was made with the private half of the public key `publicKeyText` (as
 * parsePublicKey normalised it); `hashAlgo` as the SSH layer reports it (rsa-sha2-256 → sha256), or
 * undefined for the key type's own. False, never a throw, for a key or signature that does not parse.
 */
export function verifySshSignature(publicKeyText: string, data: Buffer, signature: Buffer, hashAlgo: string | undefined): boolean {
  const key = ssh2.utils.parseKey(publicKeyText);
  if (key instanceof Error || Array.isArray(key)) return false;
  try {
    return key.verify(data, signature, hashAlgo) === true;
  } catch {
    return false;
  }
}

/**
 * A new Ed25519 key pair in OpenSSH format. ssh2's generator drops a leading zero byte of the public key
 * (about one key in 256 comes out 31 bytes long, which no SSH implementation accepts), so a pair whose public
 * key does not parse is thrown away and another made.
 */
export function generateEd25519KeyPair(comment?: string): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', comment ? { comment } : {});
    try {
      parsePublicKey(pair.public);
      return pair;
    } catch {
      // the 31-byte case: make another
    }
  }
}
