import { Button, Link as DsLink, Paragraph, SkipLink, Spinner } from '@digdir/designsystemet-react';
import { Suspense, useEffect, useRef, useState } from 'react';
import { api } from './api.ts';
import { LANGUAGES, useLanguage, useTexts } from './i18n.tsx';
import { Link, matchPath, navigate, useLocation } from './router.tsx';
import { reporteeLabel, useReportees } from './reportees.ts';
import { routes } from './routes.tsx';
import { useSession } from './session.tsx';
import { languageNames, shellTexts } from './texts.ts';
import { Page } from './ui/Page.tsx';

/** The reportee of the current address, else the last one chosen, else the person themself. */
let lastReportee = 'me';

function useTestenvAvailable(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    api('GET', '/api/v1/testenv/outbox?limit=1', undefined, { anonymous: true }).then(
      () => setAvailable(true),
      () => setAvailable(false),
    );
  }, []);
  return available;
}

function LanguageSwitch() {
  const t = useTexts(shellTexts);
  const { language, setLanguage } = useLanguage();
  return (
    <div className="shell-languages" role="group" aria-label={t.language}>
      {LANGUAGES.map((l) => (
        <Button key={l} variant={l === language ? 'primary' : 'tertiary'} data-size="sm" aria-pressed={l === language} lang={l} onClick={() => setLanguage(l)}>
          {languageNames[l]}
        </Button>
      ))}
    </div>
  );
}

function Header({ reportee }: { reportee: string }) {
  const t = useTexts(shellTexts);
  const { session, logout } = useSession();
  const testenv = useTestenvAvailable();
  const { path } = useLocation();
  const item = (to: string, label: string) => (
    <li>
      <DsLink asChild>
        <Link to={to} aria-current={path === to ? 'page' : undefined}>
          {label}
        </Link>
      </DsLink>
    </li>
  );
  return (
    <header className="shell-header">
      <DsLink asChild className="shell-brand">
        <Link to="/" aria-label={t.home}>
          Tinn
        </Link>
      </DsLink>
      <nav className="shell-nav" aria-label={t.mainMenu}>
        <ul>
          {session && item(`/r/${encodeURIComponent(reportee)}/inbox`, t.inbox)}
          {session && item('/reportees', t.chooseReportee)}
          {session && item(`/r/${encodeURIComponent(reportee)}/systems`, t.dataSystems)}
          {/* Shown for every reportee (a person's page explains that enterprise users belong to organisations):
              deciding here would load the reportee list in the header on every page. */}
          {session && item(`/r/${encodeURIComponent(reportee)}/enterprise-users`, t.enterpriseUsers)}
          {session && item(`/r/${encodeURIComponent(reportee)}/rights`, t.rights)}
          {session && item('/profile', t.profile)}
          {testenv && item('/testenv', t.testenv)}
        </ul>
      </nav>
      <LanguageSwitch />
      {session ? (
        <Button variant="secondary" data-size="sm" onClick={() => void logout().then(() => navigate('/login'))}>
          {t.logout}
        </Button>
      ) : (
        path !== '/login' && (
          <Button variant="secondary" data-size="sm" onClick={() => navigate('/login')}>
            {t.login}
          </Button>
        )
      )}
    </header>
  );
}

/** "Acting for Fjordlys Regnskap AS (310000116)" under the header on every page about a reportee. */
function ActingFor({ reportee }: { reportee: string }) {
  const t = useTexts(shellTexts);
  const { reportees } = useReportees();
  const label = reporteeLabel(reportees, reportee);
  if (!label) return null;
  return (
    <Paragraph className="shell-acting" data-size="sm">
      {t.actingFor}: <strong>{label}</strong>{' '}
      <DsLink asChild>
        <Link to="/reportees">{t.chooseReportee}</Link>
      </DsLink>
    </Paragraph>
  );
}

function NotFound() {
  const t = useTexts(shellTexts);
  return (
    <Page title={t.notFoundTitle}>
      <Paragraph>{t.notFoundText}</Paragraph>
      <DsLink asChild>
        <Link to="/">{t.toStart}</Link>
      </DsLink>
    </Page>
  );
}

function Loading() {
  const t = useTexts(shellTexts);
  return <Spinner aria-label={t.loading} data-size="lg" />;
}

export function App() {
  const t = useTexts(shellTexts);
  const { path, query } = useLocation();
  const { session, expired } = useSession();
  const mainRef = useRef<HTMLElement>(null);

  const found = routes.map((route) => ({ route, params: matchPath(route.pattern, path) })).find((m) => m.params !== undefined);
  if (found?.params?.reportee) lastReportee = found.params.reportee;

  // The page's code loads while the session is asked for, not after.
  useEffect(() => found?.route.preload(), [found?.route]);

  // Where a page needs a session and there is none, the login page takes over (and comes back after).
  useEffect(() => {
    if (session === undefined) return;
    if (path === '/' || path === '') navigate(session ? '/reportees' : '/login', { replace: true });
    else if (found?.route.session && session === null) {
      const next = encodeURIComponent(path + (query.size > 0 ? `?${query}` : ''));
      navigate(`/login?next=${next}${expired ? '&expired=1' : ''}`, { replace: true });
    }
  }, [session, path, found, expired, query]);

  // Focus follows navigation: the new page's heading is focused and read out (WCAG 2.4.3). Lazy pages
  // render their heading a moment later, and React may mount it hidden first: try until it takes focus.
  const previousPath = useRef(path);
  useEffect(() => {
    if (previousPath.current === path) return;
    previousPath.current = path;
    const started = Date.now();
    const timer = window.setInterval(() => {
      const heading = mainRef.current?.querySelector<HTMLElement>('h1');
      heading?.focus();
      if ((heading && document.activeElement === heading) || Date.now() - started > 5000) window.clearInterval(timer);
    }, 30);
    return () => window.clearInterval(timer);
  }, [path]);

  const Current = found?.route.page;
  const ready = session !== undefined && !(found?.route.session && session === null);
  return (
    <>
      <SkipLink href="#main">{t.skipToContent}</SkipLink>
      <Header reportee={lastReportee} />
      {session && found?.params?.reportee && <ActingFor reportee={found.params.reportee} />}
      <main id="main" ref={mainRef} tabIndex={-1}>
        {!ready ? <Loading /> : Current ? (
          <Suspense fallback={<Loading />}>
            <Current key={path} params={found.params!} query={query} />
          </Suspense>
        ) : (
          <NotFound />
        )}
      </main>
    </>
  );
}
