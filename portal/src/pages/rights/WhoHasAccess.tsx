import { Alert, Button, Heading, Paragraph, Spinner, Table } from '@digdir/designsystemet-react';
import { useId, useRef, useState } from 'react';
import { api, url } from '../../api.ts';
import { format, useFormatters, useTexts } from '../../i18n.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import type { Delegation, MyRights, RoleCatalog, Service } from './model.ts';
import { delegationProblemTexts, partyLabel, PartyDetail, RevokeDialog, useNames } from './parts.tsx';
import { rightsTexts } from './texts.ts';

/** Section c (administrators): the reportee's live delegations, each revocable after a confirmation. */
export function WhoHasAccess({ reportee, rights, roles, services }: { reportee: string; rights: MyRights; roles: RoleCatalog | undefined; services: Service[] | undefined }) {
  const t = useTexts(rightsTexts);
  const { date } = useFormatters();
  const names = useNames(roles, services);
  const headingId = useId();
  // After a revocation the row and its button are gone: focus goes back to the section's heading.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const list = useLoad((signal) => api<{ delegations: Delegation[] }>('GET', url`/api/v1/reportees/${reportee}/delegations`, undefined, { signal }).then((a) => a.delegations), [reportee]);
  const [pending, setPending] = useState<Delegation>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [revoked, setRevoked] = useState<string>();
  const reporteeName = rights.reportee.name;

  const revoke = async () => {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('DELETE', url`/api/v1/reportees/${reportee}/delegations/${pending.delegationId}`);
      setRevoked(format(t.revoked, { who: pending.recipient.name, what: names.given(pending) }));
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setPending(undefined);
      headingRef.current?.focus();
    }
  };

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId} ref={headingRef} tabIndex={-1} className="rights-section-heading">
        {t.accessHeading}
      </Heading>
      <Paragraph>{format(t.accessIntro, { reportee: reporteeName })}</Paragraph>
      <div role="status">
        {revoked && (
          <Alert data-color="success">
            <Paragraph>{revoked}</Paragraph>
          </Alert>
        )}
      </div>
      <ProblemAlert error={error ?? list.error} texts={delegationProblemTexts(t)} />
      {list.loading && !list.data ? (
        <Spinner aria-label={t.loading} data-size="md" />
      ) : list.data && list.data.length === 0 ? (
        <Paragraph>{format(t.noDelegations, { reportee: reporteeName })}</Paragraph>
      ) : (
        list.data && (
          <Table zebra className="rights-table">
            <caption>{format(t.delegationsCaption, { reportee: reporteeName })}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t.colRecipient}</Table.HeaderCell>
                <Table.HeaderCell>{t.colGiven}</Table.HeaderCell>
                <Table.HeaderCell>{t.colGivenBy}</Table.HeaderCell>
                <Table.HeaderCell>{t.colValidTo}</Table.HeaderCell>
                <Table.HeaderCell>
                  <span className="visually-hidden">{t.colActions}</span>
                </Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {list.data.map((d) => (
                <Table.Row key={d.delegationId}>
                  <Table.Cell>
                    {d.recipient.name} <PartyDetail party={d.recipient} />
                  </Table.Cell>
                  <Table.Cell>
                    {names.given(d)}
                    {d.viaFirm && <span className="rights-detail">{format(t.viaFirm, { firm: partyLabel(d.viaFirm) })}</span>}
                  </Table.Cell>
                  <Table.Cell>
                    {d.delegatedBy.name}
                    <span className="rights-detail">{date(d.createdAt)}</span>
                  </Table.Cell>
                  <Table.Cell>{d.validTo ? date(d.validTo) : t.noEnd}</Table.Cell>
                  <Table.Cell>
                    <Button variant="secondary" data-color="danger" data-size="sm" onClick={() => setPending(d)} aria-label={format(t.revokeFor, { who: d.recipient.name, what: names.given(d) })}>
                      {t.revoke}
                    </Button>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )
      )}
      <RevokeDialog
        pending={pending && { who: pending.recipient.name, what: names.given(pending), reportee: reporteeName }}
        busy={busy}
        onConfirm={() => void revoke()}
        onCancel={() => setPending(undefined)}
      />
    </section>
  );
}
