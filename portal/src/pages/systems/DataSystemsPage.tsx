import { Alert, Button, Heading, Link as DsLink, Paragraph, Spinner, Table } from '@digdir/designsystemet-react';
import { useId, useState } from 'react';
import { api, ApiError, url } from '../../api.ts';
import { format, useTexts } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { findReporteeName } from '../../reportees.ts';
import { ConfirmDialog, focusSoon } from '../../ui/ConfirmDialog.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { listSystems, listSystemTypes, type DataSystem } from './data-systems.ts';
import { EditSystemForm, type EditOutcome } from './EditSystemForm.tsx';
import { RegisterSystemForm } from './RegisterSystemForm.tsx';
import { systemsTexts } from './texts.ts';
import './systems.css';

type Notice = { text: 'changed' | 'changedPassword' | 'deleted' | 'unchanged'; id: number };

/**
 * "Registrer datasystem" for a reportee: its data systems (ID, description, type), a form to register a new
 * one (the SystemID is shown when it is made), change and delete (after a confirmation). Only someone who
 * administers the reportee gets here; anyone else is told why not.
 */
export default function DataSystemsPage({ params }: RouteProps) {
  const reportee = params.reportee!;
  const t = useTexts(systemsTexts);
  const listHeadingId = useId();
  const name = useLoad((signal) => findReporteeName(reportee, signal), [reportee]);
  const systems = useLoad((signal) => listSystems(reportee, signal), [reportee]);
  const types = useLoad((signal) => listSystemTypes(signal), []);
  const [editing, setEditing] = useState<number>();
  const [deleting, setDeleting] = useState<DataSystem>();
  const [deleteError, setDeleteError] = useState<unknown>();
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>();
  // The SystemID just made, shown until the person goes on to change or delete something.
  const [registered, setRegistered] = useState<DataSystem>();

  const reporteeName = name.data ?? reportee;
  const title = name.data ? format(t.titleFor, { name: name.data }) : t.title;
  const denied = systems.error instanceof ApiError && ['SYS-00005', 'AUTZ-00014', 'AUTZ-00015', 'PLAT-00018'].includes(systems.error.code);
  const editedSystem = systems.data?.find((s) => s.systemId === editing);

  const startEdit = (id: number) => {
    setNotice(undefined);
    setRegistered(undefined);
    setEditing(id);
  };

  const finishEdit = (id: number, outcome: EditOutcome) => {
    setEditing(undefined);
    if (outcome.kind === 'saved') {
      setNotice({ text: outcome.passwordChanged ? 'changedPassword' : 'changed', id });
      systems.reload();
    } else if (outcome.kind === 'unchanged') setNotice({ text: 'unchanged', id });
    focusSoon(`edit-${id}`);
  };

  const startDelete = (system: DataSystem) => {
    setNotice(undefined);
    setRegistered(undefined);
    setDeleteError(undefined);
    setDeleting(system);
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    setDeleteBusy(true);
    try {
      await api('DELETE', url`/api/v1/reportees/${reportee}/systems/${deleting.systemId}`);
      if (editing === deleting.systemId) setEditing(undefined);
      setNotice({ text: 'deleted', id: deleting.systemId });
      setDeleting(undefined);
      systems.reload();
      focusSoon(listHeadingId);
    } catch (err) {
      setDeleteError(err);
    } finally {
      setDeleteBusy(false);
    }
  };

  return (
    <Page title={title}>
      <Paragraph>{t.intro}</Paragraph>
      {(systems.loading || types.loading) && !systems.data && !systems.error && <Spinner aria-label={t.loading} data-size="md" />}
      {denied ? (
        <div className="stack">
          <ProblemAlert
            error={systems.error}
            texts={{ 'SYS-00005': format(t.denied, { name: reporteeName }), 'AUTZ-00014': t.noReportee, 'AUTZ-00015': t.noReportee, 'PLAT-00018': t.levelTooLow }}
          />
          <Paragraph>
            <DsLink asChild>
              <Link to="/reportees">{t.chooseReportee}</Link>
            </DsLink>
          </Paragraph>
        </div>
      ) : (
        <ProblemAlert error={systems.error ?? types.error} />
      )}
      {systems.data && types.data && (
        <>
          <RegisterSystemForm
            reportee={reportee}
            types={types.data}
            onRegistered={(system) => {
              setNotice(undefined);
              setRegistered(system);
              systems.reload();
            }}
          >
            <div role="status">
              {registered && (
                <Alert data-color="success" className="systems-registered">
                  <Heading level={3} data-size="xs">
                    {t.registeredHeading}
                  </Heading>
                  <Paragraph data-size="lg" className="systems-new-id">
                    {format(t.registeredId, { id: registered.systemId })}
                  </Paragraph>
                  <Paragraph>{format(t.registeredHow, { id: registered.systemId })}</Paragraph>
                </Alert>
              )}
            </div>
          </RegisterSystemForm>
          <section className="systems-section" aria-labelledby={listHeadingId}>
            <Heading level={2} data-size="md" id={listHeadingId} tabIndex={-1} className="systems-focus-target">
              {t.listHeading}
            </Heading>
            <div role="status">
              {notice && (
                <Alert data-color={notice.text === 'unchanged' ? 'info' : 'success'}>
                  <Paragraph>{format(t[notice.text], { id: notice.id })}</Paragraph>
                </Alert>
              )}
            </div>
            {systems.data.length === 0 ? (
              <Paragraph>{t.none}</Paragraph>
            ) : (
              <Table aria-label={format(t.listCaption, { name: reporteeName })} border zebra>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t.id}</Table.HeaderCell>
                    <Table.HeaderCell>{t.description}</Table.HeaderCell>
                    <Table.HeaderCell>{t.type}</Table.HeaderCell>
                    <Table.HeaderCell>{t.actions}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {systems.data.map((system) => {
                    const rowLabel = format(t.rowLabel, { id: system.systemId, description: system.description });
                    return (
                      <Table.Row key={system.systemId}>
                        <Table.Cell>{system.systemId}</Table.Cell>
                        <Table.Cell>{system.description}</Table.Cell>
                        <Table.Cell>{system.systemType.name}</Table.Cell>
                        <Table.Cell>
                          <div className="row systems-actions">
                            <Button id={`edit-${system.systemId}`} variant="secondary" data-size="sm" aria-expanded={editing === system.systemId} onClick={() => startEdit(system.systemId)}>
                              {t.edit}
                              <span className="visually-hidden"> {rowLabel}</span>
                            </Button>
                            <Button variant="tertiary" data-color="danger" data-size="sm" onClick={() => startDelete(system)}>
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
          {editedSystem && (
            <EditSystemForm key={editedSystem.systemId} reportee={reportee} system={editedSystem} types={types.data} onDone={(outcome) => finishEdit(editedSystem.systemId, outcome)} />
          )}
        </>
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        heading={deleting ? format(t.deleteHeading, { id: deleting.systemId }) : ''}
        text={deleting ? format(t.deleteText, { id: deleting.systemId, description: deleting.description }) : ''}
        confirmText={t.confirmDelete}
        cancelText={t.cancel}
        closeText={t.close}
        danger
        busy={deleteBusy}
        error={deleteError}
        errorTexts={{ 'SYS-00006': t.notFound, 'PLAT-00018': t.levelTooLow }}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(undefined)}
      />
    </Page>
  );
}
