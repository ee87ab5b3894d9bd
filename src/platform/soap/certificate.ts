import type { TLSSocket } from 'node:tls';

/** What the SOAP edge knows of a client's (already verified) TLS certificate. */
export interface ClientCertificate {
  /** The subject, one `name=value` per line, as Node prints it. */
  subject: string;
  /**
   * The organisation number the certificate is issued to: Norwegian enterprise certificates (virksomhets-
   * sertifikat) carry it as the subject's serialNumber (older ones) or as organizationIdentifier
   * `NTRNO-<orgno>` (eIDAS ones).
   */
  orgno: string | undefined;
  /** SHA-256 fingerprint, for logs and audit. */
  fingerprint256: string;
}

/** Reads a subject's organisation number (see ClientCertificate.orgno). */
export function orgnoOfSubject(subject: string): string | undefined {
  for (const line of subject.split('\n')) {
    const [name, ...rest] = line.split('=');
    const value = rest.join('=').trim();
    const key = name?.trim();
    if ((key === 'organizationIdentifier' || key === '2.5.4.97') && /^NTRNO-\d{9}$/.test(value)) return value.slice(6);
    if (key === 'serialNumber' && /^\d{9}$/.test(value)) return value;
  }
  return undefined;
}

/** The verified client certificate of a TLS connection, or undefined on plain HTTP or without one. */
export function clientCertificateOf(socket: unknown): ClientCertificate | undefined {
  const tls = socket as Partial<TLSSocket>;
  if (!tls.encrypted || !tls.authorized || typeof tls.getPeerX509Certificate !== 'function') return undefined;
  const cert = tls.getPeerX509Certificate();
  if (!cert) return undefined;
  return { subject: cert.subject, orgno: orgnoOfSubject(cert.subject), fingerprint256: cert.fingerprint256 };
}
