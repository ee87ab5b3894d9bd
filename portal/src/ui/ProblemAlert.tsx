import { Alert, Paragraph } from '@digdir/designsystemet-react';
import { useLanguage } from '../i18n.tsx';
import { problemMessage } from './problems.ts';

/** A failure shown in the person's language, announced to screen readers. */
export function ProblemAlert({ error, texts }: { error: unknown; texts?: Partial<Record<string, string>> }) {
  const { language } = useLanguage();
  if (!error) return null;
  return (
    <Alert data-color="danger" role="alert">
      <Paragraph>{problemMessage(error, language, texts)}</Paragraph>
    </Alert>
  );
}
