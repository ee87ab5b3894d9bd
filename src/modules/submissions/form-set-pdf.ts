import type { Readable } from 'node:stream';
import { renderPdf, type PdfModel } from '../../platform/pdf/index.ts';
import { formFields } from '../../platform/xml/index.ts';
import { uncheckedLoadArchive } from './archive.ts';
import type { ArchivedElementRow } from './db/archive-store.ts';
import type { SubmissionsDeps } from './deps.ts';

const OSLO = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Oslo' });

/**
 * The form set as a PDF for people: every field of every form, the attachments and the signing steps.
 * Rendered on first request and stored once in the blob store beside the archive (the rendering is
 * deterministic, so two first requests store the same bytes); the archive itself never changes.
 */
export async function openFormSetPdf(deps: SubmissionsDeps, element: ArchivedElementRow): Promise<{ content: Readable; size: number }> {
  const key = `archive-pdf/${element.archive_reference}.pdf`;
  const existing = await deps.blobs.stat(key);
  if (existing) return { content: await deps.blobs.get(key), size: existing.size };
  const archive = await uncheckedLoadArchive(deps, element, false);
  const edition = await deps.catalog.uncheckedGetServiceEdition(archive.serviceCode, archive.serviceEditionCode);
  const formName = (id: string, version: number) => edition.forms.find((f) => f.dataFormatId === id && f.dataFormatVersion === version)?.name.nb ?? `${id} v${version}`;
  const model: PdfModel = {
    title: archive.serviceName.nb,
    subtitle: `Arkivreferanse ${archive.archiveReference}`,
    createdAt: archive.archivedAt,
    facts: [
      { label: 'Avgiver', value: archive.reportee.orgno ? `${archive.reportee.name} (${archive.reportee.orgno})` : archive.reportee.name },
      { label: 'Tjeneste', value: `${archive.serviceCode} utgave ${archive.serviceEditionCode} (${archive.serviceOwnerCode})` },
      { label: 'Arkivert', value: OSLO.format(archive.archivedAt) },
      ...(archive.externalShipmentReference ? [{ label: 'Forsendelsesreferanse', value: archive.externalShipmentReference }] : []),
      ...(archive.caseId ? [{ label: 'Saksnummer', value: archive.caseId }] : []),
    ],
    sections: [
      ...archive.forms.map((f) => ({ heading: `${formName(f.dataFormatId, f.dataFormatVersion)}${f.isMain ? '' : ' (underskjema)'}`, rows: formFields(f.formData) })),
      ...(archive.attachments.length > 0
        ? [{ heading: 'Vedlegg', rows: archive.attachments.map((a) => ({ depth: 0, label: a.name, value: `${a.fileName}, ${a.sizeBytes} byte${a.attachmentTypeName ? `, ${a.attachmentTypeName}` : ''}` })) }]
        : []),
      {
        heading: 'Signering',
        rows:
          archive.signingSteps.length === 0
            ? [{ depth: 0, label: 'Signert', value: 'nei (tjenesten krever ikke signering)' }]
            : archive.signingSteps.map((s) => ({
                depth: 0,
                label: `Steg ${s.step}`,
                value: `${s.signer?.name ?? 'datasystem'}${s.endUserSystemId ? ` via datasystem ${s.endUserSystemId}` : ''}, ${OSLO.format(s.signedAt)}, sikkerhetsnivå ${s.securityLevel}`,
              })),
      },
    ],
    footer: `Innholdets SHA-256: ${archive.contentSha256}`,
  };
  const pdf = await renderPdf(model);
  await deps.blobs.put(key, pdf);
  return { content: await deps.blobs.get(key), size: pdf.length };
}
