import { Alert, Paragraph, Spinner, Tabs } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { useTexts } from '../../i18n.tsx';
import { navigate } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { OrganizationForm } from './OrganizationForm.tsx';
import { Outbox } from './Outbox.tsx';
import { PersonForm } from './PersonForm.tsx';
import { Reset } from './Reset.tsx';
import { TestLogin } from './TestLogin.tsx';
import { testenvTexts } from './texts.ts';
import './testenv.css';

const TABS = ['person', 'organization', 'login', 'outbox', 'reset'] as const;
type Tab = (typeof TABS)[number];

/**
 * The test environment (on with --testenv): synthetic persons and organisations, logging in as one of them
 * at a chosen security level, the outbox of every SMS, e-mail and letter, and a reset of the whole world.
 * Public, like the test environment's API. The tab is in the address (`?tab=`).
 */
export default function TestenvPage({ query }: RouteProps) {
  const t = useTexts(testenvTexts);
  const [loginSsn, setLoginSsn] = useState('');
  const probe = useLoad((signal) => api('GET', '/api/v1/testenv/outbox?limit=1', undefined, { signal, anonymous: true }).then(() => true), []);
  const asked = query.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'person';
  const show = (next: Tab) => navigate(next === 'person' ? '/testenv' : `/testenv?tab=${next}`);
  const logInAs = (ssn: string) => {
    setLoginSsn(ssn);
    show('login');
  };
  const labels: Record<Tab, string> = { person: t.tabPerson, organization: t.tabOrganization, login: t.tabLogin, outbox: t.tabOutbox, reset: t.tabReset };

  const off = probe.error instanceof ApiError && probe.error.status === 404;
  return (
    <Page title={t.title}>
      {probe.loading && !probe.data ? (
        <Spinner aria-label={t.loading} data-size="lg" />
      ) : off ? (
        <Alert data-color="info">
          <Paragraph>{t.off}</Paragraph>
        </Alert>
      ) : probe.error ? (
        <ProblemAlert error={probe.error} />
      ) : (
        <>
          <Paragraph>{t.intro}</Paragraph>
          <Tabs value={tab} onChange={(v) => show(v as Tab)}>
            <Tabs.List aria-label={t.tabsLabel}>
              {TABS.map((v) => (
                <Tabs.Tab key={v} value={v}>
                  {labels[v]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {TABS.map((v) => (
              <Tabs.Panel key={v} value={v} className="testenv-panel">
                {v === tab &&
                  {
                    person: <PersonForm onLogIn={logInAs} />,
                    organization: <OrganizationForm onLogIn={logInAs} />,
                    login: <TestLogin key={loginSsn} initialSsn={loginSsn} />,
                    outbox: <Outbox />,
                    reset: <Reset />,
                  }[v]}
              </Tabs.Panel>
            ))}
          </Tabs>
        </>
      )}
    </Page>
  );
}
