import { useMemo } from 'react';
import { useLanguage, type Language } from '../../i18n.tsx';

export type Names = Record<Language, string>;

/** A form task in the message box (work list or archive). */
export interface FormTaskItem {
  reporteeElementId: number;
  reporteeElementType: 'FormTask';
  status: 'FillIn' | 'SignIn' | 'Archive';
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  title: Names;
  archiveReference: string | null;
  caseId: string | null;
  externalShipmentReference: string | null;
  createdAt: string;
  lastChangedAt: string;
  lastChangeType: 'Saved' | 'Archived';
}

export type CorrespondenceState = 'Unread' | 'Read' | 'Confirmed' | 'Archived' | 'Reserved';

/** A correspondence in the message box. */
export interface CorrespondenceItem {
  reporteeElementId: number;
  reporteeElementType: 'Correspondence';
  state: CorrespondenceState;
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  title: string;
  sender: string | null;
  archiveReference: string | null;
  caseId: string | null;
  externalShipmentReference: string;
  isConfirmationNeeded: boolean;
  dueDateTime: string | null;
  createdAt: string;
  lastChangedAt: string;
}

export type MessageBoxItem = FormTaskItem | CorrespondenceItem;

export interface MessageBoxPage {
  items: MessageBoxItem[];
  nextCursor: string | null;
}

/** The portal address of a reportee's page: `/r/<reportee>/<rest>`. */
export function reporteePath(reportee: string, ...rest: (string | number)[]): string {
  return ['/r', reportee, ...rest].map((part, i) => (i === 0 ? part : encodeURIComponent(String(part)))).join('/');
}

/** File sizes as "12 kB" / "1,2 MB" in the current language. */
export function useFileSize(): (bytes: number) => string {
  const { language } = useLanguage();
  return useMemo(() => {
    const locale = language === 'en' ? 'en-GB' : language === 'nn' ? 'nn-NO' : 'nb-NO';
    const unit = (name: string, digits: number) => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: digits });
    const b = unit('byte', 0);
    const kb = unit('kilobyte', 0);
    const mb = unit('megabyte', 1);
    return (bytes: number) => (bytes < 1000 ? b.format(bytes) : bytes < 1_000_000 ? kb.format(bytes / 1000) : mb.format(bytes / 1_000_000));
  }, [language]);
}

/** Only web addresses become links (a reply option's URL comes from the sender). */
export function safeExternalUrl(value: string): string | undefined {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
