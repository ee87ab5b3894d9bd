import { Paragraph, Spinner, Tabs } from '@digdir/designsystemet-react';
import { api, url } from '../../api.ts';
import { format, useTexts } from '../../i18n.tsx';
import { navigate } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { CheckService } from './CheckService.tsx';
import { ClientAdministration } from './ClientAdministration.tsx';
import { GiveAccess } from './GiveAccess.tsx';
import { joinNames, type MyRights as MyRightsData, type RoleCatalog, type Service } from './model.ts';
import { MyRights } from './MyRights.tsx';
import { rightsTexts } from './texts.ts';
import { WhoHasAccess } from './WhoHasAccess.tsx';
import './rights.css';

type Tab = 'mine' | 'check' | 'access' | 'give' | 'clients';

/**
 * Access for a reportee (seed 004: "Profil, roller og rettigheter"): what I may do and why, a check of one
 * service with Tinn's reasons for a no, and for administrators who has access, giving it and client
 * administration. The tab is in the address (`?tab=`), so it survives a reload and the back button.
 */
export default function RightsPage({ params, query }: RouteProps) {
  const t = useTexts(rightsTexts);
  const reportee = params.reportee!;
  const rights = useLoad((signal) => api<MyRightsData>('GET', url`/api/v1/reportees/${reportee}/rights`, undefined, { signal }), [reportee]);
  const services = useLoad(
    (signal) =>
      api<{ services: Service[] }>('GET', '/api/v1/services', undefined, { signal }).then((a) =>
        a.services.filter((s) => s.isActive).sort((x, y) => x.serviceCode.localeCompare(y.serviceCode) || x.serviceEditionCode - y.serviceEditionCode),
      ),
    [],
  );
  const roles = useLoad((signal) => api<RoleCatalog>('GET', '/api/v1/roles', undefined, { signal }), []);
  const mine = rights.data;

  if (!mine) {
    return (
      <Page title={t.titleLoading}>
        {rights.error ? <ProblemAlert error={rights.error} texts={{ 'AUTZ-00014': t.errReportee, 'AUTZ-00015': t.errReportee, 'REG-00008': t.errReportee }} /> : <Spinner aria-label={t.loading} data-size="lg" />}
      </Page>
    );
  }

  const isAdministrator = mine.isMainAdministrator || mine.isAccessManager;
  const tabs: Tab[] = ['mine', 'check', ...(isAdministrator ? (['access', 'give'] as const) : []), ...(mine.isClientAdministrator ? (['clients'] as const) : [])];
  const asked = query.get('tab') as Tab | null;
  const tab: Tab = asked && tabs.includes(asked) ? asked : 'mine';
  const base = `/r/${encodeURIComponent(reportee)}/rights`;
  const show = (next: Tab) => navigate(next === 'mine' ? base : `${base}?tab=${next}`);
  const labels: Record<Tab, string> = { mine: t.tabMine, check: t.tabCheck, access: t.tabAccess, give: t.tabGive, clients: t.tabClients };
  const administrators = mine.administrators.map((p) => p.name);

  const panel = (which: Tab) => {
    if (which !== tab) return null;
    switch (which) {
      case 'mine':
        return <MyRights rights={mine} roles={roles.data} services={services.data} />;
      case 'check':
        return services.data ? <CheckService reportee={reportee} rights={mine} roles={roles.data} services={services.data} /> : services.error ? <ProblemAlert error={services.error} /> : <Spinner aria-label={t.loading} data-size="md" />;
      case 'access':
        return <WhoHasAccess reportee={reportee} rights={mine} roles={roles.data} services={services.data} />;
      case 'give':
        return services.data ? <GiveAccess reportee={reportee} rights={mine} roles={roles.data} services={services.data} onShowAccess={() => show('access')} /> : <Spinner aria-label={t.loading} data-size="md" />;
      case 'clients':
        return <ClientAdministration firm={reportee} rights={mine} roles={roles.data} />;
    }
  };

  return (
    <Page title={format(t.title, { reportee: mine.reportee.name })}>
      {!isAdministrator && (
        <Paragraph className="rights-administered">
          {administrators.length > 0 ? format(administrators.length === 1 ? t.administeredByOne : t.administeredBy, { reportee: mine.reportee.name, names: joinNames(administrators, t.and) }) : format(t.administeredByNobody, { reportee: mine.reportee.name })}
        </Paragraph>
      )}
      <Tabs value={tab} onChange={(v) => show(v as Tab)}>
        <Tabs.List aria-label={t.tabsLabel}>
          {tabs.map((v) => (
            <Tabs.Tab key={v} value={v}>
              {labels[v]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((v) => (
          <Tabs.Panel key={v} value={v} className="rights-panel">
            {panel(v)}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}
