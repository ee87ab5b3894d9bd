import { createHash } from 'node:crypto';

export interface ArchiveContent {
  forms: { dataFormatId: string; dataFormatVersion: number; endUserSystemReference: string; parentReference: string | null; formData: string }[];
  attachments: { fileName: string; attachmentTypeName: string | null; sha256: string }[];
  signatures: { step: number; signerPartyId: number | null; endUserSystemId: number | null; securityLevel: number; signedAt: Date }[];
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

/** SHA-256 over what is archived: each form's identity and data, each attachment's hash, each signature. */
export function archiveContentHash(c: ArchiveContent): string {
  const h = createHash('sha256');
  for (const f of c.forms) h.update(`form ${JSON.stringify([f.dataFormatId, f.dataFormatVersion, f.endUserSystemReference, f.parentReference, sha256(f.formData)])}\n`);
  for (const a of c.attachments) h.update(`attachment ${JSON.stringify([a.fileName, a.attachmentTypeName, a.sha256])}\n`);
  for (const s of c.signatures) h.update(`signature ${JSON.stringify([s.step, s.signerPartyId, s.endUserSystemId, s.securityLevel, s.signedAt.toISOString()])}\n`);
  return h.digest('hex');
}
