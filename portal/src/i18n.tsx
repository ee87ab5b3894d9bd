import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export const LANGUAGES = ['nb', 'nn', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A page's texts: the same keys in every language (the compiler checks nn and en against nb). */
export type Texts<K extends string> = Record<Language, Record<K, string>>;

/** Declares texts with nb as the model: nn and en must have exactly its keys. */
export function defineTexts<const K extends string>(texts: { nb: Record<K, string>; nn: Record<K, string>; en: Record<K, string> }): Texts<K> {
  return texts;
}

/** Fills `{name}` placeholders. */
export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const STORAGE_KEY = 'tinn.language';

function initialLanguage(): Language {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : 'nb';
}

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageState>({ language: 'nb', setLanguage: () => {} });

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setState(next);
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

/** The texts in the current language. */
export function useTexts<K extends string>(texts: Texts<K>): Record<K, string> {
  return texts[useLanguage().language];
}

/** Dates and times as people in Norway write them, in the current language. */
export function useFormatters() {
  const { language } = useLanguage();
  return useMemo(() => {
    const locale = language === 'en' ? 'en-GB' : language === 'nn' ? 'nn-NO' : 'nb-NO';
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Oslo' });
    return {
      dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : ''),
      date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : ''),
    };
  }, [language]);
}
