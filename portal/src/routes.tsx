import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface RouteProps {
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface PortalRoute {
  pattern: string;
  page: LazyExoticComponent<ComponentType<RouteProps>>;
  /** Starts loading the page's code (the shell calls it while the session is still being asked for). */
  preload: () => void;
  /** Needs a logged-in person; others are public. */
  session: boolean;
}

// Pages load on first visit, so the first page costs only the shell and itself.
type PageModule = Promise<{ default: ComponentType<RouteProps> }>;
const page = (load: () => PageModule) => ({ page: lazy(load), preload: () => void load().catch(() => {}) });

export const routes: PortalRoute[] = [
  { pattern: '/login', ...page(() => import('./pages/login/LoginPage.tsx')), session: false },
  { pattern: '/reportees', ...page(() => import('./pages/reportees/ReporteesPage.tsx')), session: true },
  { pattern: '/r/:reportee/inbox', ...page(() => import('./pages/inbox/InboxPage.tsx')), session: true },
  { pattern: '/r/:reportee/correspondence/:id', ...page(() => import('./pages/inbox/CorrespondencePage.tsx')), session: true },
  { pattern: '/r/:reportee/archive/:reference', ...page(() => import('./pages/inbox/ArchiveItemPage.tsx')), session: true },
  { pattern: '/r/:reportee/formtasks/:id', ...page(() => import('./pages/formtask/FormTaskPage.tsx')), session: true },
  { pattern: '/r/:reportee/systems', ...page(() => import('./pages/systems/DataSystemsPage.tsx')), session: true },
  { pattern: '/r/:reportee/enterprise-users', ...page(() => import('./pages/enterprise-users/EnterpriseUsersPage.tsx')), session: true },
  { pattern: '/r/:reportee/rights', ...page(() => import('./pages/rights/RightsPage.tsx')), session: true },
  { pattern: '/profile', ...page(() => import('./pages/profile/ProfilePage.tsx')), session: true },
  { pattern: '/testenv', ...page(() => import('./pages/testenv/TestenvPage.tsx')), session: false },
];
