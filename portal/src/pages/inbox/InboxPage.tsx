import { Alert, Button, Link as DsLink, Paragraph, Spinner, Tabs, Tag, Textfield } from '@digdir/designsystemet-react';
import { memo, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, url } from '../../api.ts';
import { format, useFormatters, useLanguage, useTexts, type Language } from '../../i18n.tsx';
import { findReportee, useReportees } from '../../reportees.ts';
import { Link, navigate } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { reporteePath, type CorrespondenceItem, type FormTaskItem, type MessageBoxItem, type MessageBoxPage } from './common.ts';
import { inboxTexts } from './texts.ts';
import './inbox.css';

type T = Record<keyof (typeof inboxTexts)['nb'], string>;
type Formatters = ReturnType<typeof useFormatters>;

const VIEWS = ['all', 'forms', 'messages', 'archive'] as const;
type View = (typeof VIEWS)[number];

/** What each tab asks the message box for (GET …/messagebox). */
const FILTERS: Record<View, Record<string, string>> = {
  all: {},
  forms: { type: 'FormTask', toBeProcessed: 'true' },
  messages: { type: 'Correspondence' },
  archive: { sentAndArchived: 'true' },
};

/** Items per "show more"; the API gives at most 200 per request. */
const PAGE = 50;
const MAX_PAGE = 200;
/** From this length on, rows off screen are left for the browser to lay out when scrolled to (inbox.css). */
const LONG_LIST = 200;
/** How many items an address may ask to show at once (`?n=`, kept so "back" returns to the same list). */
const MAX_SHOWN = 5000;

/**
 * Fetches pages (at most 200 each) until `want` items are there or the box has no more; `onPage` sees the
 * list after each page, so a long list shows its first items while the rest are on their way.
 */
async function fetchItems(
  reportee: string,
  filter: Record<string, string>,
  want: number,
  cursor: string | null,
  options: { signal?: AbortSignal; onPage?: (page: MessageBoxPage) => void } = {},
): Promise<MessageBoxPage> {
  let items: MessageBoxItem[] = [];
  let next = cursor;
  do {
    const query = new URLSearchParams(filter);
    query.set('limit', String(Math.min(MAX_PAGE, want - items.length)));
    if (next) query.set('cursor', next);
    const page = await api<MessageBoxPage>('GET', `${url`/api/v1/reportees/${reportee}/messagebox`}?${query}`, undefined, options.signal ? { signal: options.signal } : {});
    items = [...items, ...page.items];
    next = page.nextCursor;
    if (next && items.length < want) options.onPage?.({ items, nextCursor: next });
  } while (next && items.length < want);
  return { items, nextCursor: next };
}

function correspondenceState(item: CorrespondenceItem, t: T): { text: string; color: 'info' | 'success' | 'neutral' | 'warning' } {
  switch (item.state) {
    case 'Unread':
      return { text: t.unread, color: 'info' };
    case 'Read':
      return { text: t.read, color: 'neutral' };
    case 'Confirmed':
      return { text: t.confirmed, color: 'success' };
    case 'Archived':
      return { text: t.archived, color: 'neutral' };
    default:
      return { text: t.reserved, color: 'warning' };
  }
}

const formStatus = (item: FormTaskItem, t: T) => (item.status === 'FillIn' ? t.fillIn : item.status === 'SignIn' ? t.signIn : t.sent);

/** One line of the box. Memoised: "show more" re-renders only the new lines. */
const Row = memo(function Row({ item, reportee, t, fmt, language }: { item: MessageBoxItem; reportee: string; t: T; fmt: Formatters; language: Language }) {
  const changed = (
    <span className="inbox-date">
      <span className="visually-hidden">{t.changed} </span>
      <time dateTime={item.lastChangedAt}>{fmt.date(item.lastChangedAt)}</time>
    </span>
  );
  if (item.reporteeElementType === 'Correspondence') {
    const unread = item.state === 'Unread';
    const state = correspondenceState(item, t);
    return (
      <li className={unread ? 'inbox-item inbox-unread' : 'inbox-item'}>
        <div className="inbox-text">
          <DsLink asChild>
            <Link to={reporteePath(reportee, 'correspondence', item.reporteeElementId)} className="inbox-title">
              {item.title}
            </Link>
          </DsLink>
          <span className="inbox-meta">
            {t.kindMessage}
            {item.sender ? ` · ${format(t.from, { sender: item.sender })}` : ''}
            {item.dueDateTime ? ` · ${format(t.due, { date: fmt.date(item.dueDateTime) })}` : ''}
          </span>
        </div>
        <div className="inbox-tags">
          <Tag data-color={state.color} data-size="sm" variant={unread ? 'default' : 'outline'}>
            {state.text}
          </Tag>
          {item.isConfirmationNeeded && (item.state === 'Unread' || item.state === 'Read') && (
            <Tag data-color="warning" data-size="sm" variant="outline">
              {t.mustConfirm}
            </Tag>
          )}
        </div>
        {changed}
      </li>
    );
  }
  const archived = item.status === 'Archive' && item.archiveReference;
  return (
    <li className="inbox-item">
      <div className="inbox-text">
        <DsLink asChild>
          <Link to={archived ? reporteePath(reportee, 'archive', item.archiveReference!) : reporteePath(reportee, 'formtasks', item.reporteeElementId)} className="inbox-title">
            {item.title[language]}
          </Link>
        </DsLink>
        <span className="inbox-meta">
          {t.kindForm}
          {item.archiveReference ? ` · ${item.archiveReference}` : ''}
        </span>
      </div>
      <div className="inbox-tags">
        <Tag data-color={archived ? 'success' : 'accent'} data-size="sm" variant="outline">
          {formStatus(item, t)}
        </Tag>
      </div>
      {changed}
    </li>
  );
});

export default function InboxPage({ params, query }: RouteProps) {
  const t = useTexts(inboxTexts);
  const fmt = useFormatters();
  const { language } = useLanguage();
  const reportee = params.reportee!;
  const { reportees } = useReportees();
  const unknownReportee = reportees !== undefined && findReportee(reportees, reportee) === undefined;

  const view: View = (VIEWS as readonly string[]).includes(query.get('view') ?? '') ? (query.get('view') as View) : 'all';
  const text = query.get('q') ?? '';
  const [search, setSearch] = useState(text);
  // Back and forward change the address's search: the field follows.
  useEffect(() => setSearch(text), [text]);
  // How many items to show when the list (re)loads: the address keeps it, so "back" restores the list.
  const wanted = Math.min(Math.max(Number(query.get('n')) || PAGE, 1), MAX_SHOWN);
  const wantedRef = useRef(wanted);
  wantedRef.current = wanted;

  const filter = { ...FILTERS[view], ...(text.trim() ? { text: text.trim() } : {}) };
  const filterKey = JSON.stringify(filter);
  const [box, setBox] = useState<{ key: string; page: MessageBoxPage; partial?: boolean }>();
  const [error, setError] = useState<unknown>();
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: undefined });
  const listRef = useRef<HTMLUListElement>(null);
  const focusFrom = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (unknownReportee) return;
    const controller = new AbortController();
    setError(undefined);
    const onPage = (page: MessageBoxPage) => !controller.signal.aborted && setBox({ key: filterKey, page, partial: true });
    fetchItems(reportee, JSON.parse(filterKey) as Record<string, string>, wantedRef.current, null, { signal: controller.signal, onPage }).then(
      (page) => setBox({ key: filterKey, page }),
      (err: unknown) => !controller.signal.aborted && setError(err),
    );
    return () => controller.abort();
  }, [reportee, filterKey, unknownReportee]);

  // After "show more", focus goes to the first new item, so keyboard users continue where the list grew.
  useEffect(() => {
    if (focusFrom.current === undefined) return;
    listRef.current?.querySelectorAll<HTMLAnchorElement>('.inbox-title')[focusFrom.current]?.focus();
    focusFrom.current = undefined;
  }, [box]);

  const current = box?.key === filterKey ? box.page : undefined;
  const partial = box?.partial === true;

  const address = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    next.delete('deleted');
    const qs = next.toString();
    return reporteePath(reportee, 'inbox') + (qs ? `?${qs}` : '');
  };

  const showMore = async () => {
    if (!current?.nextCursor || partial) return;
    setMore({ busy: true, error: undefined });
    try {
      const page = await fetchItems(reportee, filter, PAGE, current.nextCursor);
      focusFrom.current = current.items.length;
      const items = [...current.items, ...page.items];
      setBox({ key: filterKey, page: { items, nextCursor: page.nextCursor } });
      navigate(address({ n: String(items.length) }), { replace: true });
      setMore({ busy: false, error: undefined });
    } catch (err) {
      setMore({ busy: false, error: err });
    }
  };

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    navigate(address({ q: search.trim(), n: undefined }));
  };

  const empty = text.trim() ? format(t.noMatch, { query: text.trim() }) : { all: t.emptyAll, forms: t.emptyForms, messages: t.emptyMessages, archive: t.emptyArchive }[view];

  const list = current && (
    <div className="stack">
      <Paragraph role="status" data-size="sm">
        {current.items.length === 0 ? empty : `${current.items.length === 1 ? t.countOne : format(t.count, { count: current.items.length })}${current.nextCursor ? '' : ` ${t.allShown}`}`}
      </Paragraph>
      {partial && <Spinner aria-label={t.loadingMore} data-size="sm" />}
      {current.items.length > 0 && (
        <ul className={current.items.length > LONG_LIST ? 'inbox-list inbox-long' : 'inbox-list'} ref={listRef} aria-label={t.listLabel}>
          {current.items.map((item) => (
            <Row key={`${item.reporteeElementType}-${item.reporteeElementId}`} item={item} reportee={reportee} t={t} fmt={fmt} language={language} />
          ))}
        </ul>
      )}
      <ProblemAlert error={more.error} />
      {current.nextCursor && !partial && (
        <Button variant="secondary" onClick={() => void showMore()} disabled={more.busy}>
          {more.busy ? t.loadingMore : t.more}
        </Button>
      )}
    </div>
  );

  return (
    <Page
      title={t.title}
      actions={
        !unknownReportee && (
          <Button asChild variant="secondary">
            <Link to={reporteePath(reportee, 'formtasks', 'new')}>{t.newForm}</Link>
          </Button>
        )
      }
    >
      {query.get('deleted') === '1' && (
        <Alert data-color="success" role="status">
          <Paragraph>{t.deleted}</Paragraph>
        </Alert>
      )}
      {unknownReportee ? (
        <Alert data-color="warning">
          <Paragraph>{t.noReportee}</Paragraph>
          <DsLink asChild>
            <Link to="/reportees">{t.chooseReportee}</Link>
          </DsLink>
        </Alert>
      ) : (
        <>
          <form role="search" className="row" onSubmit={submitSearch}>
            <Textfield id="inbox-search" type="search" label={t.search} description={t.searchHint} value={search} onChange={(e) => setSearch(e.target.value)} className="inbox-search" />
            <Button type="submit" variant="secondary">
              {t.searchButton}
            </Button>
            {text && (
              <Button
                type="button"
                variant="tertiary"
                onClick={() => {
                  setSearch('');
                  navigate(address({ q: undefined, n: undefined }));
                }}
              >
                {t.clearSearch}
              </Button>
            )}
          </form>
          <Tabs value={view} onChange={(v) => navigate(address({ view: v === 'all' ? undefined : v, n: undefined }))}>
            <Tabs.List aria-label={t.tabs}>
              {VIEWS.map((v) => (
                <Tabs.Tab key={v} value={v}>
                  {{ all: t.all, forms: t.forms, messages: t.messages, archive: t.archive }[v]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {VIEWS.map((v) => (
              <Tabs.Panel key={v} value={v} className="inbox-panel">
                {v === view && (error ? <ProblemAlert error={error} /> : current ? list : <Spinner aria-label={t.loading} data-size="md" />)}
              </Tabs.Panel>
            ))}
          </Tabs>
        </>
      )}
    </Page>
  );
}
