import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';

// Placeholder until the page is built (issue 7).
export default function TestenvPage(_props: RouteProps) {
  return <Page title="TestenvPage">{null}</Page>;
}
