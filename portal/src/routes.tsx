import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface RouteProps {
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface PortalRoute {
  pattern: string;
  page: LazyExoticComponent<ComponentType<RouteProps>>;
  /** Needs a logged-in person; others are public. */
  session: boolean;
}

// Pages load on first visit, so the first page costs only the shell and itself.
const page = (load: () => Promise<{ default: ComponentType<RouteProps> }>) => lazy(load);

export const routes: PortalRoute[] = [
  { pattern: '/login', page: page(() => import('./pages/login/LoginPage.tsx')), session: false },
  { pattern: '/reportees', page: page(() => import('./pages/reportees/ReporteesPage.tsx')), session: true },
  { pattern: '/r/:reportee/inbox', page: page(() => import('./pages/inbox/InboxPage.tsx')), session: true },
  { pattern: '/r/:reportee/correspondence/:id', page: page(() => import('./pages/inbox/CorrespondencePage.tsx')), session: true },
  { pattern: '/r/:reportee/archive/:reference', page: page(() => import('./pages/inbox/ArchiveItemPage.tsx')), session: true },
  { pattern: '/r/:reportee/formtasks/:id', page: page(() => import('./pages/formtask/FormTaskPage.tsx')), session: true },
  { pattern: '/r/:reportee/systems', page: page(() => import('./pages/systems/DataSystemsPage.tsx')), session: true },
  { pattern: '/r/:reportee/rights', page: page(() => import('./pages/rights/RightsPage.tsx')), session: true },
  { pattern: '/profile', page: page(() => import('./pages/profile/ProfilePage.tsx')), session: true },
  { pattern: '/testenv', page: page(() => import('./pages/testenv/TestenvPage.tsx')), session: false },
];
