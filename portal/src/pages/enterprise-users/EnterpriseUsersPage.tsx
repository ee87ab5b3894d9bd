import { Alert, Button, Heading, Link as DsLink, Paragraph, Spinner, Table } from '@digdir/designsystemet-react';
import { useId, useState } from 'react';
import { ApiError } from '../../api.ts';
import { format, useFormatters, useTexts } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { findReporteeName } from '../../reportees.ts';
import { ConfirmDialog, focusSoon } from '../../ui/ConfirmDialog.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { CreateEnterpriseUserForm } from './CreateEnterpriseUserForm.tsx';
import { deleteEnterpriseUser, listEnterpriseUsers, rotateEnterpriseUserPassword } from './enterprise-users.ts';
import { enterpriseUsersTexts } from './texts.ts';
import './enterprise-users.css';

/** What Tinn just answered: a new user or a new password, with the generated password when there is one. */
type Outcome = { kind: 'created' | 'rotated'; userName: string; secret?: string };
type Confirming = { action: 'rotate' | 'delete'; userName: string };

/**
 * "Virksomhetsbrukere" for an organisation: its enterprise users, a form to create one, a new generated
 * password and delete (each after a confirmation). A generated password is shown once, right after it is
 * made, and is gone as soon as the person moves on. Only someone who administers the organisation gets here.
 */
export default function EnterpriseUsersPage({ params }: RouteProps) {
  const reportee = params.reportee!;
  const t = useTexts(enterpriseUsersTexts);
  const { dateTime } = useFormatters();
  const listHeadingId = useId();
  const name = useLoad((signal) => findReporteeName(reportee, signal), [reportee]);
  const users = useLoad((signal) => listEnterpriseUsers(reportee, signal), [reportee]);
  const [outcome, setOutcome] = useState<Outcome>();
  const [deleted, setDeleted] = useState<string>();
  const [confirming, setConfirming] = useState<Confirming>();
  const [confirmError, setConfirmError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const reporteeName = name.data ?? reportee;
  const title = name.data ? format(t.titleFor, { name: name.data }) : t.title;
  const refusals = ['SYS-00005', 'SYS-00017', 'AUTZ-00014', 'AUTZ-00015', 'PLAT-00018'];
  const denied = users.error instanceof ApiError && refusals.includes(users.error.code);
  const [rolesBefore, rolesAfter] = t.roles.split('{link}');

  const startConfirm = (action: Confirming['action'], userName: string) => {
    setOutcome(undefined);
    setDeleted(undefined);
    setConfirmError(undefined);
    setConfirming({ action, userName });
  };

  const confirm = async () => {
    if (!confirming) return;
    const { action, userName } = confirming;
    setBusy(true);
    try {
      if (action === 'rotate') {
        const { secret } = await rotateEnterpriseUserPassword(reportee, userName);
        setOutcome({ kind: 'rotated', userName, ...(secret ? { secret } : {}) });
        focusSoon(`rotate-${userName}`);
      } else {
        await deleteEnterpriseUser(reportee, userName);
        setDeleted(userName);
        focusSoon(listHeadingId);
      }
      setConfirming(undefined);
      users.reload();
    } catch (err) {
      setConfirmError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={title}>
      <Paragraph>{t.intro}</Paragraph>
      <Paragraph>
        {rolesBefore}
        <DsLink asChild>
          <Link to={`/r/${encodeURIComponent(reportee)}/rights`}>{t.rolesLink}</Link>
        </DsLink>
        {rolesAfter}
      </Paragraph>
      {users.loading && !users.data && !users.error && <Spinner aria-label={t.loading} data-size="md" />}
      {denied ? (
        <div className="stack">
          <ProblemAlert
            error={users.error}
            texts={{ 'SYS-00005': format(t.denied, { name: reporteeName }), 'SYS-00017': t.person, 'AUTZ-00014': t.noReportee, 'AUTZ-00015': t.noReportee, 'PLAT-00018': t.levelTooLow }}
          />
          <Paragraph>
            <DsLink asChild>
              <Link to="/reportees">{t.chooseReportee}</Link>
            </DsLink>
          </Paragraph>
        </div>
      ) : (
        <ProblemAlert error={users.error} />
      )}
      {users.data && (
        <>
          <CreateEnterpriseUserForm
            reportee={reportee}
            onCreated={({ user, secret }) => {
              setDeleted(undefined);
              setOutcome({ kind: 'created', userName: user.userName, ...(secret ? { secret } : {}) });
              users.reload();
            }}
          >
            <div role="status">{outcome?.kind === 'created' && <OutcomeNotice outcome={outcome} />}</div>
          </CreateEnterpriseUserForm>
          <section className="enterprise-users-section" aria-labelledby={listHeadingId}>
            <Heading level={2} data-size="md" id={listHeadingId} tabIndex={-1} className="enterprise-users-focus-target">
              {t.listHeading}
            </Heading>
            <div role="status">
              {outcome?.kind === 'rotated' && <OutcomeNotice outcome={outcome} />}
              {deleted && (
                <Alert data-color="success">
                  <Paragraph>{format(t.deleted, { userName: deleted })}</Paragraph>
                </Alert>
              )}
            </div>
            {users.data.length === 0 ? (
              <Paragraph>{t.none}</Paragraph>
            ) : (
              <Table aria-label={format(t.listCaption, { name: reporteeName })} border zebra>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t.userName}</Table.HeaderCell>
                    <Table.HeaderCell>{t.created}</Table.HeaderCell>
                    <Table.HeaderCell>{t.passwordChanged}</Table.HeaderCell>
                    <Table.HeaderCell>{t.actions}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {users.data.map((user) => {
                    const rowLabel = format(t.rowLabel, { userName: user.userName });
                    return (
                      <Table.Row key={user.userName}>
                        <Table.Cell>{user.userName}</Table.Cell>
                        <Table.Cell>{dateTime(user.createdAt)}</Table.Cell>
                        <Table.Cell>{dateTime(user.passwordChangedAt)}</Table.Cell>
                        <Table.Cell>
                          <div className="row enterprise-users-actions">
                            <Button id={`rotate-${user.userName}`} variant="secondary" data-size="sm" onClick={() => startConfirm('rotate', user.userName)}>
                              {t.newPassword}
                              <span className="visually-hidden"> {rowLabel}</span>
                            </Button>
                            <Button variant="tertiary" data-color="danger" data-size="sm" onClick={() => startConfirm('delete', user.userName)}>
                              {t.delete}
                              <span className="visually-hidden"> {rowLabel}</span>
                            </Button>
                          </div>
                        </Table.Cell>
                      </Table.Row>
                    );
                  })}
                </Table.Body>
              </Table>
            )}
          </section>
        </>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        heading={confirming ? format(confirming.action === 'rotate' ? t.rotateHeading : t.deleteHeading, { userName: confirming.userName }) : ''}
        text={confirming ? format(confirming.action === 'rotate' ? t.rotateText : t.deleteText, { userName: confirming.userName }) : ''}
        confirmText={confirming?.action === 'rotate' ? t.confirmRotate : t.confirmDelete}
        cancelText={t.cancel}
        closeText={t.close}
        danger={confirming?.action === 'delete'}
        busy={busy}
        error={confirmError}
        errorTexts={{ 'SYS-00015': t.notFound, 'PLAT-00018': t.levelTooLow }}
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(undefined)}
      />
    </Page>
  );
}

/** A new user or password; a generated password is shown here once, with the note that it is not shown again. */
function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  const t = useTexts(enterpriseUsersTexts);
  return (
    <Alert data-color="success" className="enterprise-users-outcome">
      <Heading level={3} data-size="xs">
        {format(outcome.kind === 'created' ? t.createdHeading : t.rotatedHeading, { userName: outcome.userName })}
      </Heading>
      {outcome.secret ? (
        <>
          <Paragraph>
            {t.secret} <code className="enterprise-users-secret">{outcome.secret}</code>
          </Paragraph>
          <Paragraph>
            <strong>{t.secretNote}</strong>
          </Paragraph>
        </>
      ) : (
        <Paragraph>{format(t.createdOwnPassword, { userName: outcome.userName })}</Paragraph>
      )}
    </Alert>
  );
}
