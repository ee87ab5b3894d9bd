import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals secrets Tinn must be able to read back (today: system passwords, for WS-Security PasswordDigest),
 * with AES-256-GCM under a key that lives outside the database (`TINN_CREDENTIALS_KEY`), so a copy of the
 * database alone does not reveal them. Format: version 1 | 12-byte IV | 16-byte tag | ciphertext.
 */
export interface Sealer {
  seal(text: string): Uint8Array;
  /** The text, or throws when the bytes were not sealed with this key (or were changed). */
  open(sealed: Uint8Array): string;
}

const VERSION = 1;

/** A sealer for a 32-byte key given in base64. */
export function createSealer(keyBase64: string): Sealer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the credentials key must be 32 bytes, base64');
  return {
    seal(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const bytes = Buffer.from(sealed);
      if (bytes[0] !== VERSION || bytes.length < 29) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 13));
      decipher.setAuthTag(bytes.subarray(13, 29));
      return Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]).toString('utf8');
    },
  };
}
