import { Details, Heading, Link as DsLink, Paragraph, Spinner, Table } from '@digdir/designsystemet-react';
import { Fragment, useMemo } from 'react';
import { api, url } from '../../api.ts';
import { format, useFormatters, useLanguage, useTexts } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { spacedOrgno } from '../../reportees.ts';
import { reporteePath, useFileSize, type Names } from './common.ts';
import { archiveTexts } from './texts.ts';
import './inbox.css';

interface PartyRef {
  partyId: number;
  type: 'person' | 'organization';
  orgno: string | null;
  name: string;
}

interface ArchivedFormTask {
  archiveReference: string;
  archivedAt: string;
  reporteeElementId: number;
  contentSha256: string;
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  serviceName: Names;
  reportee: PartyRef;
  caseId: string | null;
  externalShipmentReference: string | null;
  forms: { formId: number; dataFormatId: string; dataFormatVersion: number; isMain: boolean; endUserSystemReference: string; parentReference: string | null; formData: string }[];
  attachments: { attachmentId: number; name: string; fileName: string; attachmentTypeName: string | null; endUserSystemReference: string | null; parentReference: string | null; sizeBytes: number; sha256: string }[];
  signingSteps: { step: number; signer: PartyRef | null; endUserSystemId: number | null; signedAt: string; securityLevel: number; methods: string[] }[];
}

interface Field {
  label: string;
  value: string;
}

function parseXml(xml: string): Document | undefined {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return doc.getElementsByTagName('parsererror').length > 0 ? undefined : doc;
}

/** Every filled-in field of a form, labelled by its path; repeated groups are numbered ("linje 2 › sats"). */
function formFields(doc: Document): Field[] {
  const fields: Field[] = [];
  const walk = (element: Element, path: string[]) => {
    const children = Array.from(element.children);
    if (children.length === 0) {
      const value = element.textContent?.trim();
      if (value) fields.push({ label: path.join(' › '), value });
      return;
    }
    const counts = new Map<string, number>();
    for (const child of children) counts.set(child.localName, (counts.get(child.localName) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const child of children) {
      const n = (seen.get(child.localName) ?? 0) + 1;
      seen.set(child.localName, n);
      walk(child, [...path, counts.get(child.localName)! > 1 ? `${child.localName} ${n}` : child.localName]);
    }
  };
  walk(doc.documentElement, []);
  return fields;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The form's XML, indented two spaces a level (shown as text, never as markup). */
function prettyXml(doc: Document): string {
  const lines: string[] = [];
  const write = (element: Element, depth: number) => {
    const pad = '  '.repeat(depth);
    const attributes = Array.from(element.attributes).map((a) => ` ${a.name}="${escapeXml(a.value).replace(/"/g, '&quot;')}"`).join('');
    const children = Array.from(element.children);
    const text = element.textContent?.trim() ?? '';
    if (children.length === 0) {
      lines.push(text ? `${pad}<${element.tagName}${attributes}>${escapeXml(text)}</${element.tagName}>` : `${pad}<${element.tagName}${attributes}/>`);
      return;
    }
    lines.push(`${pad}<${element.tagName}${attributes}>`);
    for (const child of children) write(child, depth + 1);
    lines.push(`${pad}</${element.tagName}>`);
  };
  write(doc.documentElement, 0);
  return lines.join('\n');
}

function FormView({ form, t }: { form: ArchivedFormTask['forms'][number]; t: Record<keyof (typeof archiveTexts)['nb'], string> }) {
  const doc = useMemo(() => parseXml(form.formData), [form.formData]);
  const fields = useMemo(() => (doc ? formFields(doc) : []), [doc]);
  const headingId = `form-${form.formId}`;
  return (
    <section aria-labelledby={headingId} className="stack">
      <Heading level={3} data-size="xs" id={headingId}>
        {format(form.isMain ? t.mainForm : t.subForm, { id: form.dataFormatId, version: form.dataFormatVersion })}
      </Heading>
      {doc && fields.length > 0 ? (
        <dl className="archive-fields" aria-label={t.fields}>
          {fields.map((f, i) => (
            <Fragment key={i}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        doc && <Paragraph>{t.noFields}</Paragraph>
      )}
      <Details>
        <Details.Summary>{t.showXml}</Details.Summary>
        <Details.Content>
          <pre className="archive-xml">{doc ? prettyXml(doc) : form.formData}</pre>
        </Details.Content>
      </Details>
    </section>
  );
}

export default function ArchiveItemPage({ params }: RouteProps) {
  const t = useTexts(archiveTexts);
  const fmt = useFormatters();
  const { language } = useLanguage();
  const fileSize = useFileSize();
  const reportee = params.reportee!;
  const reference = params.reference!;
  const base = url`/api/v1/reportees/${reportee}/archive/${reference}`;
  const { data: a, error } = useLoad((signal) => api<ArchivedFormTask>('GET', base, undefined, { signal }), [base]);
  const problemTexts = { 'SUB-00010': t.notFound, 'SUB-00003': t.noAccess, 'AUTZ-00015': t.notFound, 'AUTZ-00014': t.notFound, 'PLAT-00004': t.notFound };

  const back = (
    <DsLink asChild>
      <Link to={`${reporteePath(reportee, 'inbox')}?view=archive`}>{t.backToInbox}</Link>
    </DsLink>
  );

  if (!a) {
    return (
      <Page title={t.loadingTitle}>
        {error ? <ProblemAlert error={error} texts={problemTexts} /> : <Spinner aria-label={t.loading} data-size="md" />}
        {back}
      </Page>
    );
  }

  const fact = (label: string, value: string | null | undefined) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null;

  return (
    <Page title={a.serviceName[language]}>
      {back}
      <section aria-labelledby="archive-details" className="stack">
        <Heading level={2} data-size="sm" id="archive-details">
          {t.details}
        </Heading>
        <dl className="corr-facts">
          {fact(t.service, `${a.serviceName[language]} (${a.serviceCode}/${a.serviceEditionCode})`)}
          {fact(t.archiveReference, a.archiveReference)}
          {fact(t.archivedAt, fmt.dateTime(a.archivedAt))}
          {fact(t.reportee, a.reportee.orgno ? `${a.reportee.name} (${spacedOrgno(a.reportee.orgno)})` : a.reportee.name)}
          {fact(t.caseId, a.caseId)}
          {fact(t.shipment, a.externalShipmentReference)}
        </dl>
        {/* A plain link: the browser sends the session cookie and saves the PDF Tinn renders of the form set. */}
        <Paragraph>
          <DsLink href={`${base}/pdf`} download={`${a.archiveReference}.pdf`}>
            {t.pdf}
          </DsLink>
        </Paragraph>
      </section>

      <section aria-labelledby="archive-forms" className="stack">
        <Heading level={2} data-size="sm" id="archive-forms">
          {t.forms}
        </Heading>
        {a.forms.map((form) => (
          <FormView key={form.formId} form={form} t={t} />
        ))}
      </section>

      <section aria-labelledby="archive-attachments" className="stack">
        <Heading level={2} data-size="sm" id="archive-attachments">
          {t.attachments}
        </Heading>
        {a.attachments.length === 0 ? (
          <Paragraph>{t.noAttachments}</Paragraph>
        ) : (
          <ul className="file-list">
            {a.attachments.map((file) => (
              <li key={file.attachmentId}>
                <DsLink href={`${base}/attachments/${file.attachmentId}`} download={file.fileName}>
                  {format(t.download, { name: file.name })}
                </DsLink>
                <span className="file-info">
                  {format(t.fileInfo, { fileName: file.fileName, size: fileSize(file.sizeBytes) })}
                  {file.attachmentTypeName ? ` · ${file.attachmentTypeName}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="archive-signing" className="stack">
        <Heading level={2} data-size="sm" id="archive-signing">
          {t.signing}
        </Heading>
        {a.signingSteps.length === 0 ? (
          <Paragraph>{t.noSigning}</Paragraph>
        ) : (
          <Table>
            <caption className="visually-hidden">{t.signingCaption}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t.step}</Table.HeaderCell>
                <Table.HeaderCell>{t.signer}</Table.HeaderCell>
                <Table.HeaderCell>{t.signedAt}</Table.HeaderCell>
                <Table.HeaderCell>{t.level}</Table.HeaderCell>
                <Table.HeaderCell>{t.methods}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {a.signingSteps.map((s) => (
                <Table.Row key={s.step}>
                  <Table.Cell>{s.step}</Table.Cell>
                  <Table.Cell>
                    {s.signer?.name ?? ''}
                    {s.endUserSystemId !== null ? `${s.signer ? ' · ' : ''}${format(t.system, { id: s.endUserSystemId })}` : ''}
                  </Table.Cell>
                  <Table.Cell>{fmt.dateTime(s.signedAt)}</Table.Cell>
                  <Table.Cell>{s.securityLevel}</Table.Cell>
                  <Table.Cell>{s.methods.join(', ')}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </section>
    </Page>
  );
}
