import { Heading } from '@digdir/designsystemet-react';
import { useEffect, type ReactNode } from 'react';

/**
 * A page: its heading is the `h1` the shell moves focus to after each navigation, and its text is the
 * document title.
 */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} – Tinn`;
  }, [title]);
  return (
    <>
      <div className="page-head">
        <Heading level={1} data-size="lg" tabIndex={-1} className="page-heading">
          {title}
        </Heading>
        {actions}
      </div>
      {children}
    </>
  );
}
