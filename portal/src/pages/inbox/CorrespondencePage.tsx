import { Alert, Button, Dialog, Heading, Link as DsLink, Paragraph, Spinner, Tag } from '@digdir/designsystemet-react';
import { useEffect, useRef, useState } from 'react';
import { api, url } from '../../api.ts';
import { format, useFormatters, useTexts } from '../../i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { reporteePath, safeExternalUrl, useFileSize, type CorrespondenceState } from './common.ts';
import { correspondenceTexts } from './texts.ts';
import './inbox.css';

interface Correspondence {
  correspondenceId: number;
  reporteeNumber: string;
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  sender: string;
  languageCode: 'nb' | 'nn' | 'en';
  title: string;
  summary: string;
  body: string;
  attachments: { attachmentId: number; name: string; fileName: string; size: number; sha256: string; sendersReference: string | null }[];
  replyOptions: ({ type: 'Service'; serviceCode: string; serviceEditionCode: number } | { type: 'ArchiveReference'; archiveReference: string } | { type: 'URL'; linkText: string; linkUrl: string })[];
  state: CorrespondenceState;
  isConfirmationNeeded: boolean;
  allowForwarding: boolean;
  archiveReference: string | null;
  caseId: string | null;
  externalShipmentReference: string;
  visibleDateTime: string;
  dueDateTime: string | null;
  allowSystemDeleteDateTime: string | null;
  readAt: string | null;
  confirmedAt: string | null;
  archivedAt: string | null;
}

/**
 * The sender's HTML sits under this page's h1 and the "Content" h2: its headings move down two levels
 * (h1 → h3 …), so the page keeps one h1 and an unbroken outline. The input is Tinn's sanitized HTML, whose
 * tags are well formed and whose attribute values have `<` escaped, so a tag-name rewrite is exact.
 */
function demoteHeadings(html: string): string {
  return html.replace(/<(\/?)h([1-6])(?=[\s>])/gi, (_whole, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + 2)}`);
}

type Done = 'confirmed' | 'archived' | undefined;

export default function CorrespondencePage({ params }: RouteProps) {
  const t = useTexts(correspondenceTexts);
  const fmt = useFormatters();
  const fileSize = useFileSize();
  const reportee = params.reportee!;
  const id = params.id!;
  const base = url`/api/v1/reportees/${reportee}/correspondences/${id}`;
  // Reading it here marks it read (GET), as Altinn II did.
  const validId = /^\d{1,15}$/.test(id);
  const loaded = useLoad((signal) => (validId ? api<Correspondence>('GET', base, undefined, { signal }) : Promise.resolve(undefined)), [base]);
  const [current, setCurrent] = useState<Correspondence>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done>();
  const [error, setError] = useState<unknown>();
  const [asking, setAsking] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const c = current ?? loaded.data;

  useEffect(() => {
    if (done) statusRef.current?.focus();
  }, [done]);

  // The dialog opens in its own effect, which runs first: then the safe choice takes focus.
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  const problemTexts = { 'CORR-00005': t.notFound, 'CORR-00006': t.noAccess, 'CORR-00007': t.notNeeded, 'CORR-00008': t.notReady, 'AUTZ-00015': t.notFound, 'AUTZ-00014': t.notFound };

  const act = async (what: 'confirm' | 'archive') => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setCurrent(await api<Correspondence>('POST', `${base}/${what}`));
      setDone(what === 'confirm' ? 'confirmed' : 'archived');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api('DELETE', base);
      navigate(`${reporteePath(reportee, 'inbox')}?deleted=1`);
    } catch (err) {
      setAsking(false);
      setError(err);
      setBusy(false);
    }
  };

  const back = (
    <DsLink asChild>
      <Link to={reporteePath(reportee, 'inbox')}>{t.backToInbox}</Link>
    </DsLink>
  );

  if (!c) {
    return (
      <Page title={t.loadingTitle}>
        {!validId ? (
          <Alert data-color="danger" role="alert">
            <Paragraph>{t.notFound}</Paragraph>
          </Alert>
        ) : loaded.error ? (
          // Not this reportee's, deleted, or not the person's to read: a translated message, the same for all.
          <ProblemAlert error={loaded.error} texts={problemTexts} />
        ) : (
          <Spinner aria-label={t.loading} data-size="md" />
        )}
        {back}
      </Page>
    );
  }

  const stateText = { Unread: t.unread, Read: t.read, Confirmed: t.confirmed, Archived: t.archived, Reserved: t.reserved }[c.state];
  const mustConfirm = c.isConfirmationNeeded && !c.confirmedAt;
  const mayArchive = c.state !== 'Archived' && !mustConfirm;
  const fact = (label: string, value: string | null | undefined) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null;

  return (
    <Page title={c.title}>
      {back}
      {done && (
        <Alert data-color="success" role="status" ref={statusRef} tabIndex={-1}>
          <Paragraph>{done === 'confirmed' ? t.confirmedNow : t.archivedNow}</Paragraph>
        </Alert>
      )}
      <ProblemAlert error={error} texts={problemTexts} />

      <section aria-labelledby="corr-details" className="stack">
        <Heading level={2} data-size="xs" id="corr-details" className="visually-hidden">
          {t.details}
        </Heading>
        <dl className="corr-facts">
          <dt>{t.status}</dt>
          <dd>
            <Tag data-color={c.state === 'Confirmed' ? 'success' : 'neutral'} data-size="sm">
              {stateText}
            </Tag>
          </dd>
          {fact(t.sender, c.sender)}
          {fact(t.received, fmt.dateTime(c.visibleDateTime))}
          {fact(t.due, fmt.dateTime(c.dueDateTime))}
          {fact(t.readAt, fmt.dateTime(c.readAt))}
          {fact(t.confirmedAt, fmt.dateTime(c.confirmedAt))}
          {fact(t.archivedAt, fmt.dateTime(c.archivedAt))}
          {fact(t.caseId, c.caseId)}
          {c.archiveReference && (
            <>
              <dt>{t.archiveReference}</dt>
              <dd>
                <DsLink asChild>
                  <Link to={reporteePath(reportee, 'archive', c.archiveReference)}>{c.archiveReference}</Link>
                </DsLink>
              </dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="corr-content" className="stack">
        <Heading level={2} data-size="sm" id="corr-content">
          {t.content}
        </Heading>
        {/*
          The only server HTML the portal renders: the correspondence's summary and body, which Tinn sanitizes
          when the service owner sends them (an allow-list of tags and attributes; no scripts, event handlers,
          styles, images or remote loads; links get rel="noopener noreferrer nofollow"). The CSP forbids inline
          scripts besides, so even a sanitizer miss could not run code here.
        */}
        <div className="corr-content corr-summary" lang={c.languageCode} dangerouslySetInnerHTML={{ __html: demoteHeadings(c.summary) }} />
        <div className="corr-content" lang={c.languageCode} dangerouslySetInnerHTML={{ __html: demoteHeadings(c.body) }} />
      </section>

      {c.attachments.length > 0 && (
        <section aria-labelledby="corr-attachments" className="stack">
          <Heading level={2} data-size="sm" id="corr-attachments">
            {t.attachments}
          </Heading>
          <ul className="file-list">
            {c.attachments.map((a) => (
              <li key={a.attachmentId}>
                {/* A plain link: the browser sends the session cookie itself and saves the file (download). */}
                <DsLink href={`${base}/attachments/${a.attachmentId}`} download={a.fileName}>
                  {format(t.download, { name: a.name })}
                </DsLink>
                <span className="file-info">{format(t.fileInfo, { fileName: a.fileName, size: fileSize(a.size) })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {c.replyOptions.length > 0 && (
        <section aria-labelledby="corr-replies" className="stack">
          <Heading level={2} data-size="sm" id="corr-replies">
            {t.replies}
          </Heading>
          <ul className="file-list">
            {c.replyOptions.map((r, i) => {
              if (r.type === 'URL') {
                const href = safeExternalUrl(r.linkUrl);
                return (
                  <li key={i}>
                    {href ? (
                      <DsLink href={href} target="_blank" rel="noopener noreferrer nofollow">
                        {r.linkText} <span className="visually-hidden">{t.external}</span>
                      </DsLink>
                    ) : (
                      r.linkText
                    )}
                  </li>
                );
              }
              if (r.type === 'ArchiveReference') {
                return (
                  <li key={i}>
                    <DsLink asChild>
                      <Link to={reporteePath(reportee, 'archive', r.archiveReference)}>{format(t.replyArchive, { reference: r.archiveReference })}</Link>
                    </DsLink>
                  </li>
                );
              }
              return <li key={i}>{format(t.replyService, { serviceCode: r.serviceCode, edition: r.serviceEditionCode })}</li>;
            })}
          </ul>
        </section>
      )}

      <section aria-labelledby="corr-actions" className="stack">
        <Heading level={2} data-size="sm" id="corr-actions">
          {t.actions}
        </Heading>
        {mustConfirm && <Paragraph>{t.confirmHint}</Paragraph>}
        <div className="row">
          {mustConfirm && (
            <Button onClick={() => void act('confirm')} disabled={busy}>
              {t.confirm}
            </Button>
          )}
          {mayArchive && (
            <Button variant={mustConfirm ? 'secondary' : 'primary'} onClick={() => void act('archive')} disabled={busy}>
              {t.archive}
            </Button>
          )}
          <Button variant="secondary" data-color="danger" onClick={() => setAsking(true)} disabled={busy}>
            {t.delete}
          </Button>
        </div>
      </section>

      <Dialog open={asking} onClose={() => setAsking(false)} closeButton={t.close} aria-labelledby="corr-delete-title">
        <Dialog.Block>
          <Heading level={2} data-size="xs" id="corr-delete-title">
            {t.deleteTitle}
          </Heading>
        </Dialog.Block>
        <Dialog.Block>
          <Paragraph>{format(t.deleteText, { title: c.title })}</Paragraph>
          <div className="row">
            <Button data-color="danger" onClick={() => void remove()} disabled={busy}>
              {t.deleteConfirm}
            </Button>
            <Button variant="secondary" onClick={() => setAsking(false)} ref={cancelRef}>
              {t.cancel}
            </Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </Page>
  );
}
