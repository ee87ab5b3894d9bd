import { Button, Dialog, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useId } from 'react';
import { ProblemAlert } from './ProblemAlert.tsx';

export interface ConfirmDialogProps {
  /** Open while there is something to confirm. */
  open: boolean;
  heading: string;
  text: string;
  confirmText: string;
  cancelText: string;
  closeText: string;
  /** A destructive step (delete) gets the danger colour. */
  danger?: boolean;
  busy: boolean;
  /** What went wrong with the last attempt, shown in the dialog with the page's texts per problem code. */
  error: unknown;
  errorTexts?: Partial<Record<string, string>>;
  onConfirm(): void;
  onCancel(): void;
}

/** The confirmation step before something that cannot be undone (a delete, a new password). */
export function ConfirmDialog(p: ConfirmDialogProps) {
  const headingId = useId();
  return (
    <Dialog open={p.open} onClose={p.onCancel} closeButton={p.closeText} aria-labelledby={headingId}>
      {p.open && (
        <Dialog.Block>
          <div className="stack">
            <Heading level={2} data-size="sm" id={headingId}>
              {p.heading}
            </Heading>
            <Paragraph>{p.text}</Paragraph>
            <ProblemAlert error={p.error} {...(p.errorTexts ? { texts: p.errorTexts } : {})} />
            <div className="row">
              <Button data-color={p.danger ? 'danger' : undefined} disabled={p.busy} onClick={p.onConfirm}>
                {p.confirmText}
              </Button>
              <Button variant="secondary" onClick={p.onCancel}>
                {p.cancelText}
              </Button>
            </div>
          </div>
        </Dialog.Block>
      )}
    </Dialog>
  );
}

/** Moves focus to the element with this id once React has drawn it. */
export const focusSoon = (id: string) => window.setTimeout(() => document.getElementById(id)?.focus(), 0);
