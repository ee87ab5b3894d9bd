import { Alert, Button, Dialog, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { format, useTexts } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { testenvTexts } from './texts.ts';

interface WorldSummary {
  persons: { created: number; existing: number };
  organizations: { created: number; existing: number };
  delegations: number;
  servicePolicies: number;
  dataSystems: number;
}

/** Empties every data schema and loads the world file again (POST /api/v1/testenv/reset), after a confirmation. */
export function Reset() {
  const t = useTexts(testenvTexts);
  const { session, refresh } = useSession();
  const headingId = useId();
  const titleId = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<WorldSummary>();

  const reset = async () => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    setAsking(false);
    try {
      const { world } = await api<{ world: WorldSummary }>('POST', '/api/v1/testenv/reset', undefined, { anonymous: true });
      setDone(world);
      // Every session went with the data: the portal asks again (logged out now).
      if (session) await refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {t.resetHeading}
      </Heading>
      <Paragraph>{t.resetIntro}</Paragraph>
      <ProblemAlert error={error} texts={{ 'TEST-00001': t.errWorld, 'TEST-00002': t.errWorld }} />
      <div>
        <Button data-color="danger" onClick={() => setAsking(true)} disabled={busy}>
          {t.resetButton}
        </Button>
      </div>
      <div role="status">
        {busy && <Spinner aria-label={t.resetting} data-size="md" />}
        {done && (
          <Alert data-color="success">
            <Paragraph>
              {format(t.resetDone, {
                persons: done.persons.created,
                organizations: done.organizations.created,
                delegations: done.delegations,
                services: done.servicePolicies,
              })}
            </Paragraph>
          </Alert>
        )}
      </div>
      <Dialog open={asking} onClose={() => setAsking(false)} closeButton={t.close} aria-labelledby={titleId}>
        <Dialog.Block>
          <Heading level={2} data-size="xs" id={titleId}>
            {t.resetConfirmTitle}
          </Heading>
        </Dialog.Block>
        <Dialog.Block className="stack">
          <Paragraph>{t.resetConfirmText}</Paragraph>
          <div className="row">
            <Button data-color="danger" onClick={() => void reset()}>
              {t.resetConfirm}
            </Button>
            <Button variant="secondary" onClick={() => setAsking(false)} autoFocus>
              {t.cancel}
            </Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </section>
  );
}
