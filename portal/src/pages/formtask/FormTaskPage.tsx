// A form task: the main form generated from its XSD (or its XML where the schema is beyond the generator),
// attachments, signing and send-in, then the receipt with the archived form set's PDF. `/formtasks/new`
// starts a new one for a service from the catalog.
import { Alert, Button, Card, ErrorSummary, Field, Heading, Input, Label, Link as DsLink, Paragraph, Select, Spinner, Table, Tag, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, url } from '../../api.ts';
import { format, useFormatters, useLanguage, useTexts, type Language } from '../../i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { useSession } from '../../session.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { checkForm, placeServerErrors, type FieldProblem } from './form-check.ts';
import { fieldId, fromXml, emptyGroup, setField, toXml, updateList, type FieldPath, type GroupValue, type WrittenForm } from './form-xml.ts';
import { GroupFields, type FormActions } from './FormFields.tsx';
import { formTaskTexts } from './texts.ts';
import { buildFormModel, type FormModel, type UnsupportedConstruct } from './xsd-model.ts';
import './formtask.css';

type T = (typeof formTaskTexts)['nb'];
type Names = Record<Language, string>;

interface Edition {
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  type: string;
  name: Names;
  isActive: boolean;
  forms: { dataFormatId: string; dataFormatVersion: number; kind: 'main' | 'sub'; name: Names; targetNamespace: string; rootElements: string[]; mainFile: string; files: string[] }[];
  attachmentRules: { attachmentTypeName: string; name: Names; minCount: number; maxCount: number; maxFileSize: number; allowedFileTypes: string[] }[];
  process: { type: 'FormFilling' | 'Signing' | 'SendIn' }[];
}

interface Instance {
  reporteeElementId: number;
  status: 'FillIn' | 'SignIn' | 'Archive';
  serviceCode: string;
  serviceEditionCode: number;
  archiveReference: string | null;
  signaturesRequired: number;
  forms: { formId: number; dataFormatId: string; dataFormatVersion: number; isMain: boolean; endUserSystemReference: string; completed: boolean; formData: string }[];
  attachments: { attachmentId: number; name: string; fileName: string; attachmentTypeName: string | null; sizeBytes: number }[];
  signatures: { step: number; signedAt: string }[];
  lastChangedAt: string;
}

interface Receipt {
  receiptId: number;
  receiptStatusCode: string;
  receiptText: string;
}

export default function FormTaskPage({ params, query }: RouteProps) {
  const reportee = params.reportee!;
  if (params.id === 'new') return <NewFormTask reportee={reportee} service={query.get('service')} edition={query.get('edition')} />;
  if (!/^\d{1,15}$/.test(params.id ?? '')) return <NotAFormTask />;
  return <FormTask reportee={reportee} id={Number(params.id)} />;
}

function NotAFormTask() {
  const t = useTexts(formTaskTexts);
  return (
    <Page title={t.notFoundTitle}>
      <Paragraph>{t.notFoundText}</Paragraph>
    </Page>
  );
}

/** The problem codes this page expects, in the person's language. */
function problemTexts(t: T): Record<string, string> {
  return {
    'SUB-00001': t.serviceNotActive,
    'SUB-00002': t.reporteeTypeNotAllowed,
    'SUB-00003': t.notAuthorized,
    'SUB-00005': t.invalidFormSet,
    'SUB-00006': t.formInvalid,
    'SUB-00007': t.attachmentRefused,
    'SUB-00014': t.notFoundText,
    'SUB-00015': t.notReady,
    'SUB-00016': t.alreadySigned,
    'SUB-00017': t.alreadyArchived,
    'SUB-00021': t.attachmentGone,
    'CAT-00002': t.serviceNotFound,
    'CAT-00006': t.serviceNotFound,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Starting a new form task

function NewFormTask({ reportee, service, edition }: { reportee: string; service: string | null; edition: string | null }) {
  const t = useTexts(formTaskTexts);
  const { language } = useLanguage();
  const chosen = service && edition && /^\d+$/.test(edition) ? { service, edition: Number(edition) } : undefined;
  const catalog = useLoad(
    (signal) =>
      chosen
        ? api<Edition>('GET', url`/api/v1/services/${chosen.service}/${chosen.edition}`, undefined, { signal }).then((e) => [e])
        : api<{ services: Edition[] }>('GET', '/api/v1/services?type=FormTask', undefined, { signal }).then((r) => r.services.filter((s) => s.isActive)),
    [service, edition],
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const start = async (e: Edition) => {
    setBusy(true);
    setError(undefined);
    const body = { serviceCode: e.serviceCode, serviceEditionCode: e.serviceEditionCode };
    try {
      // Tinn starts the prefilled set waiting for the reportee, if there is one; else an empty form task.
      const id = (await api<Instance>('POST', url`/api/v1/reportees/${reportee}/formtasks/new`, body)).reporteeElementId;
      navigate(url`/r/${reportee}/formtasks/${id}`, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  if (chosen) {
    const e = catalog.data?.[0];
    return (
      <Page title={e ? e.name[language] : t.newTitle}>
        {catalog.loading && <Spinner aria-label={t.loading} />}
        <ProblemAlert error={catalog.error} texts={problemTexts(t)} />
        <ProblemAlert error={error} texts={problemTexts(t)} />
        {e && (
          <div className="stack narrow">
            <Paragraph>{format(t.newIntro, { service: e.name[language], code: e.serviceCode, edition: e.serviceEditionCode })}</Paragraph>
            {!e.isActive || e.type !== 'FormTask' ? (
              <Alert data-color="warning">
                <Paragraph>{t.serviceNotActive}</Paragraph>
              </Alert>
            ) : (
              <div className="row">
                <Button onClick={() => void start(e)} disabled={busy} aria-busy={busy}>
                  {t.startButton}
                </Button>
              </div>
            )}
          </div>
        )}
      </Page>
    );
  }
  return (
    <Page title={t.newTitle}>
      <Paragraph>{t.chooseService}</Paragraph>
      {catalog.loading && <Spinner aria-label={t.loading} />}
      <ProblemAlert error={catalog.error} texts={problemTexts(t)} />
      {catalog.data && catalog.data.length === 0 && <Paragraph>{t.noServices}</Paragraph>}
      {catalog.data && catalog.data.length > 0 && (
        <ul className="formtask-services">
          {catalog.data.map((e) => (
            <li key={`${e.serviceCode}/${e.serviceEditionCode}`}>
              <DsLink asChild>
                <Link to={`${url`/r/${reportee}/formtasks/new`}?service=${encodeURIComponent(e.serviceCode)}&edition=${e.serviceEditionCode}`}>{e.name[language]}</Link>
              </DsLink>{' '}
              <span className="formtask-muted">{format(t.serviceCode, { code: e.serviceCode, edition: e.serviceEditionCode })}</span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------------------
// A form task

interface Loaded {
  instance: Instance;
  edition: Edition;
  files: Record<string, string>;
}

/** A text answer (the XSD files), with Tinn's problem on failure. */
async function getText(path: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(path, { credentials: 'same-origin', signal, headers: { accept: 'application/xml, application/json' } });
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as Record<string, unknown>);
  return response.text();
}

async function loadFormTask(reportee: string, id: number, signal: AbortSignal): Promise<Loaded> {
  const instance = await api<Instance>('GET', url`/api/v1/reportees/${reportee}/formtasks/${id}`, undefined, { signal });
  const edition = await api<Edition>('GET', url`/api/v1/services/${instance.serviceCode}/${instance.serviceEditionCode}`, undefined, { signal });
  const main = edition.forms.find((f) => f.kind === 'main');
  const files: Record<string, string> = {};
  if (main) {
    // The main file is …/xsd; the files it includes or imports are served beside it under their relative names.
    const base = url`/api/v1/services/${edition.serviceCode}/${edition.serviceEditionCode}/forms/${main.dataFormatId}/${main.dataFormatVersion}`;
    const dir = main.mainFile.includes('/') ? main.mainFile.slice(0, main.mainFile.lastIndexOf('/') + 1) : '';
    await Promise.all(
      [main.mainFile, ...main.files.filter((f) => f !== main.mainFile)].map(async (file) => {
        const relative = file.startsWith(dir) ? file.slice(dir.length) : file;
        const path = file === main.mainFile ? `${base}/xsd` : `${base}/${relative.split('/').map(encodeURIComponent).join('/')}`;
        files[file] = await getText(path, signal);
      }),
    );
  }
  return { instance, edition, files };
}

function FormTask({ reportee, id }: { reportee: string; id: number }) {
  const t = useTexts(formTaskTexts);
  const { language } = useLanguage();
  const loaded = useLoad((signal) => loadFormTask(reportee, id, signal), [reportee, id]);
  const [instance, setInstance] = useState<Instance>();
  useEffect(() => setInstance(loaded.data?.instance), [loaded.data]);

  if (loaded.loading && !loaded.data) {
    return (
      <Page title={t.loadingTitle}>
        <Spinner aria-label={t.loading} data-size="lg" />
      </Page>
    );
  }
  if (!loaded.data || !instance) {
    const archived = loaded.error instanceof ApiError && loaded.error.code === 'SUB-00017';
    const reference = archived ? /AR\d+/.exec((loaded.error as ApiError).detail ?? '')?.[0] : undefined;
    return (
      <Page title={archived ? t.archivedTitle : t.notFoundTitle}>
        <ProblemAlert error={loaded.error} texts={problemTexts(t)} />
        {reference && (
          <DsLink asChild>
            <Link to={url`/r/${reportee}/archive/${reference}`}>{format(t.openArchived, { reference })}</Link>
          </DsLink>
        )}
        <DsLink asChild>
          <Link to={url`/r/${reportee}/inbox`}>{t.toInbox}</Link>
        </DsLink>
      </Page>
    );
  }
  return <FormTaskLoaded reportee={reportee} loaded={loaded.data} instance={instance} setInstance={setInstance} language={language} t={t} />;
}

interface LoadedProps {
  reportee: string;
  loaded: Loaded;
  instance: Instance;
  setInstance(i: Instance): void;
  language: Language;
  t: T;
}

type Mode = { kind: 'form'; model: FormModel & { root: NonNullable<FormModel['root']> } } | { kind: 'raw'; reasons: string[] };

function describeUnsupported(t: T, construct: UnsupportedConstruct, where: string): string {
  return format(t[`unsupported_${construct}`], { where });
}

/** What the page can do with this form: the generated form, or the XML (with the reasons). */
function chooseMode(loaded: Loaded, instance: Instance, language: Language, t: T): { mode: Mode; value: GroupValue; raw: string } {
  const main = loaded.edition.forms.find((f) => f.kind === 'main');
  const stored = instance.forms.find((f) => f.isMain)?.formData;
  if (!main) return { mode: { kind: 'raw', reasons: [t.noMainForm] }, value: {}, raw: stored ?? '' };
  const model = buildFormModel(loaded.files, main.mainFile, main.rootElements[0], language);
  const skeleton = `<?xml version="1.0" encoding="UTF-8"?>\n<${main.rootElements[0] ?? 'skjema'}${main.targetNamespace ? ` xmlns="${main.targetNamespace}"` : ''}>\n</${main.rootElements[0] ?? 'skjema'}>\n`;
  if (!model.root || model.unsupported.length > 0) {
    return { mode: { kind: 'raw', reasons: model.unsupported.map((u) => describeUnsupported(t, u.construct, u.where)) }, value: {}, raw: stored ?? skeleton };
  }
  if (stored === undefined) return { mode: { kind: 'form', model: model as FormModel & { root: NonNullable<FormModel['root']> } }, value: emptyGroup(model.root), raw: '' };
  try {
    const read = fromXml(model.root, stored);
    if (read.unknown.length > 0) return { mode: { kind: 'raw', reasons: [format(t.unreadable, { what: read.unknown.slice(0, 5).join(', ') })] }, value: {}, raw: stored };
    return { mode: { kind: 'form', model: model as FormModel & { root: NonNullable<FormModel['root']> } }, value: read.value, raw: '' };
  } catch {
    return { mode: { kind: 'raw', reasons: [format(t.unreadable, { what: main.rootElements[0] ?? '' })] }, value: {}, raw: stored };
  }
}

const STATUS_COLOR = { FillIn: 'info', SignIn: 'warning', Archive: 'success' } as const;

function FormTaskLoaded({ reportee, loaded, instance, setInstance, language, t }: LoadedProps) {
  const { edition } = loaded;
  const { dateTime } = useFormatters();
  // The model follows the language (labels from xs:documentation); the values stay as they are.
  const [initial] = useState(() => chooseMode(loaded, loaded.instance, language, t));
  const mode = useMemo(() => chooseMode(loaded, loaded.instance, language, t).mode, [loaded, language, t]);
  const [value, setValue] = useState<GroupValue>(initial.value);
  const [raw, setRaw] = useState(initial.raw);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [summaryKey, setSummaryKey] = useState(0);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState<'save' | 'send' | undefined>();
  const [dirty, setDirty] = useState(false);
  const summaryRef = useRef<HTMLElement>(null);
  const receiptRef = useRef<HTMLHeadingElement>(null);
  const pendingFocus = useRef<string | undefined>(undefined);
  const main = edition.forms.find((f) => f.kind === 'main');
  const archived = instance.status === 'Archive';
  const base = url`/api/v1/reportees/${reportee}/formtasks/${instance.reporteeElementId}`;

  useEffect(() => {
    if (pendingFocus.current) document.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = undefined;
  });
  useEffect(() => {
    if (summaryKey > 0) summaryRef.current?.focus();
  }, [summaryKey]);
  // Sent in: the receipt takes the place of the form, and focus goes to its heading.
  const wasArchived = useRef(archived);
  useEffect(() => {
    if (archived && !wasArchived.current) receiptRef.current?.focus();
    wasArchived.current = archived;
  }, [archived]);

  const errorsByPath = useMemo(() => {
    const map = new Map<FieldPath, string>();
    for (const p of problems) if (p.path !== undefined && !map.has(p.path)) map.set(p.path, problemText(t, p));
    return map;
  }, [problems, t]);

  const actions: FormActions = useMemo(
    () => ({
      setField(path, text) {
        setValue((v) => setField(v, path, text));
        setDirty(true);
        setProblems((ps) => ps.filter((p) => p.path !== path));
      },
      changeList(groupPath, name, change, focus) {
        setValue((v) => updateList(v, groupPath, name, change));
        setDirty(true);
        // Paths after a removed row move: the old messages no longer point right.
        setProblems([]);
        pendingFocus.current = focus;
      },
    }),
    [],
  );

  const showProblems = (ps: FieldProblem[]) => {
    setProblems(ps);
    setSummaryKey((k) => k + 1);
  };

  /** Saves the main form: checks first, then Tinn's validation, its errors at the fields. */
  const save = async (): Promise<Instance | undefined> => {
    if (!main) return undefined;
    setError(undefined);
    setStatus('');
    let written: WrittenForm | undefined;
    let formData: string;
    if (mode.kind === 'form') {
      const found = checkForm(mode.model.root, value);
      if (found.length > 0) {
        showProblems(found);
        return undefined;
      }
      written = toXml(mode.model.root, value);
      formData = written.xml;
    } else {
      if (raw.trim() === '') {
        showProblems([{ path: 'raw', code: 'required' }]);
        return undefined;
      }
      formData = raw;
    }
    const reference = instance.forms.find((f) => f.isMain)?.endUserSystemReference ?? 'main';
    try {
      const next = await api<Instance>('PUT', `${base}/forms/${encodeURIComponent(reference)}`, { dataFormatId: main.dataFormatId, dataFormatVersion: main.dataFormatVersion, formData, completed: true });
      setInstance(next);
      setProblems([]);
      setDirty(false);
      return next;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SUB-00006') {
        const serverErrors = err.errors.map((e) => ({ message: e.message, ...(e.line !== undefined ? { line: e.line } : {}) }));
        showProblems(mode.kind === 'form' ? placeServerErrors(mode.model.root, value, serverErrors, written?.lines) : serverErrors.map((e) => ({ path: 'raw', code: 'server', message: e.message, ...(e.line !== undefined ? { line: e.line } : {}) })));
      } else setError(err);
      return undefined;
    }
  };

  const onSave = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('save');
    const saved = await save();
    setBusy(undefined);
    if (saved) setStatus(format(t.saved, { time: dateTime(saved.lastChangedAt) }));
  };

  const hasSigning = edition.process.some((s) => s.type === 'Signing');
  const sendIn = async () => {
    setBusy('send');
    setError(undefined);
    setStatus('');
    try {
      let current: Instance | undefined = instance;
      if (dirty || !instance.forms.some((f) => f.isMain)) current = await save();
      if (!current) return;
      const next = hasSigning ? await api<Instance>('POST', `${base}/sign`, { sendIn: true }) : await api<Instance>('POST', `${base}/send-in`);
      setInstance(next);
      if (next.status !== 'Archive') setStatus(format(t.signedWaiting, { given: next.signatures.length, needed: next.signaturesRequired }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  const summaryItems = problems.map((p, i) => ({ key: `${p.path ?? 'none'}-${i}`, text: p.path === 'raw' && p.line !== undefined ? format(t.lineProblem, { line: p.line, message: problemText(t, p) }) : problemText(t, p), href: p.path === undefined ? undefined : p.path === 'raw' ? '#formtask-raw' : `#${fieldId(p.path)}`, label: p.path && p.path !== 'raw' ? labelOf(mode, p.path) : undefined }));

  return (
    <Page title={edition.name[language]}>
      <div className="stack">
        <div className="row formtask-meta">
          <Tag data-color={STATUS_COLOR[instance.status]}>{t[`status_${instance.status}`]}</Tag>
          <span className="formtask-muted">{format(t.taskMeta, { id: instance.reporteeElementId, changed: dateTime(instance.lastChangedAt) })}</span>
        </div>
        <div role="status" className="formtask-status">
          {status && <Paragraph>{status}</Paragraph>}
        </div>
        <ProblemAlert error={error} texts={problemTexts(t)} />
        {error instanceof ApiError && error.code === 'SUB-00015' && error.errors.length > 0 && (
          <ul className="formtask-missing">
            {error.errors.map((e, i) => (
              <li key={i}>{missingText(t, e, edition, language)}</li>
            ))}
          </ul>
        )}

        {archived ? (
          <ReceiptView reportee={reportee} instance={instance} edition={edition} language={language} t={t} headingRef={receiptRef} />
        ) : (
          <>
            {problems.length > 0 && (
              <ErrorSummary ref={summaryRef as React.RefObject<never>} tabIndex={-1} key={summaryKey}>
                <ErrorSummary.Heading>{t.summaryHeading}</ErrorSummary.Heading>
                <ErrorSummary.List>
                  {summaryItems.map((s) => (
                    <ErrorSummary.Item key={s.key}>
                      {s.href ? <ErrorSummary.Link href={s.href}>{s.label ? `${s.label}: ${s.text}` : s.text}</ErrorSummary.Link> : s.text}
                    </ErrorSummary.Item>
                  ))}
                </ErrorSummary.List>
              </ErrorSummary>
            )}

            <section className="stack" aria-labelledby="formtask-form-heading">
              <Heading level={2} data-size="md" id="formtask-form-heading">
                {main ? main.name[language] : t.formHeading}
              </Heading>
              <form className="stack formtask-form" onSubmit={(e) => void onSave(e)} noValidate>
                {mode.kind === 'form' ? (
                  <>
                    <Paragraph data-size="sm">{t.formIntro}</Paragraph>
                    <GroupFields group={mode.model.root} value={value} path="" errors={errorsByPath} actions={actions} t={t} readOnly={false} />
                  </>
                ) : (
                  <>
                    <Alert data-color="warning">
                      <Heading level={3} data-size="xs">
                        {t.rawHeading}
                      </Heading>
                      <Paragraph>{t.rawIntro}</Paragraph>
                      <ul>
                        {mode.reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    </Alert>
                    <Textfield
                      id="formtask-raw"
                      label={t.rawLabel}
                      multiline
                      rows={18}
                      className="formtask-raw"
                      spellCheck={false}
                      value={raw}
                      onChange={(e) => {
                        setRaw(e.target.value);
                        setDirty(true);
                      }}
                      error={problems.some((p) => p.path === 'raw') ? t.rawHasErrors : undefined}
                    />
                  </>
                )}
                <div className="row">
                  <Button type="submit" variant="secondary" disabled={busy !== undefined} aria-busy={busy === 'save'}>
                    {t.save}
                  </Button>
                  {dirty && <span className="formtask-muted">{t.unsaved}</span>}
                </div>
              </form>
            </section>

            {(edition.attachmentRules.length > 0 || instance.attachments.length > 0) && (
              <Attachments base={base} instance={instance} setInstance={setInstance} edition={edition} language={language} t={t} setStatus={setStatus} />
            )}

            <section className="stack narrow" aria-labelledby="formtask-send-heading">
              <Heading level={2} data-size="md" id="formtask-send-heading">
                {hasSigning ? t.signHeading : t.sendHeading}
              </Heading>
              <Paragraph>{hasSigning ? (instance.signaturesRequired > 1 ? format(t.signIntroMany, { n: instance.signaturesRequired }) : t.signIntro) : t.sendIntro}</Paragraph>
              {instance.signatures.length > 0 && <Paragraph>{format(t.signaturesGiven, { given: instance.signatures.length, needed: instance.signaturesRequired })}</Paragraph>}
              <div className="row">
                <Button onClick={() => void sendIn()} disabled={busy !== undefined} aria-busy={busy === 'send'}>
                  {hasSigning ? t.signAndSend : t.sendButton}
                </Button>
              </div>
            </section>
          </>
        )}
      </div>
    </Page>
  );
}

/** The label of the field at a path (with its row number inside repeating groups). */
function labelOf(mode: Mode, path: FieldPath): string | undefined {
  if (mode.kind !== 'form') return undefined;
  let node: { label: string; children?: unknown } | undefined;
  let group = mode.model.root;
  const labels: string[] = [];
  for (const step of path.split('/')) {
    const m = /^(.*)\[(\d+)\]$/.exec(step);
    const child = m && group.children.find((c) => c.name === m[1]);
    if (!child) return undefined;
    node = child;
    if (child.maxOccurs > 1) labels.push(`${child.label} ${Number(m![2]) + 1}`);
    else if (child.kind === 'field') labels.push(child.label);
    if (child.kind === 'group') group = child;
  }
  return node ? labels.join(' › ') : undefined;
}

function problemText(t: T, p: FieldProblem): string {
  switch (p.code) {
    case 'server':
    case 'unexpected':
      return format(t.problem_server, { message: p.message ?? '' });
    default:
      return format(t[`problem_${p.code}`], { limit: p.limit ?? '' });
  }
}

/** What SUB-00015 says is missing, in the person's words. */
function missingText(t: T, e: { path?: string; message: string; rule?: string }, edition: Edition, language: Language): string {
  if (e.rule === 'mainForm') return t.missingMainForm;
  if (e.rule === 'signing') return t.missingSignature;
  if (e.rule === 'completed') return t.missingCompleted;
  if (e.rule === 'minCount') {
    const rule = edition.attachmentRules.find((r) => e.message.includes(r.attachmentTypeName));
    return rule ? format(t.missingAttachment, { type: rule.name[language], min: rule.minCount }) : format(t.problem_server, { message: e.message });
  }
  return format(t.problem_server, { message: e.message });
}

// ---------------------------------------------------------------------------------------------------------
// Attachments

function fileSize(bytes: number, t: T): string {
  if (bytes < 1024) return format(t.sizeBytes, { n: bytes });
  if (bytes < 1024 * 1024) return format(t.sizeKb, { n: Math.ceil(bytes / 1024) });
  return format(t.sizeMb, { n: (bytes / 1024 / 1024).toFixed(1).replace('.', t.decimalSeparator) });
}

function Attachments({ base, instance, setInstance, edition, language, t, setStatus }: { base: string; instance: Instance; setInstance(i: Instance): void; edition: Edition; language: Language; t: T; setStatus(s: string): void }) {
  const { session } = useSession();
  const rules = edition.attachmentRules;
  const [type, setType] = useState(rules[0]?.attachmentTypeName ?? '');
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const rule = rules.find((r) => r.attachmentTypeName === type);
  const typeName = useCallback((name: string | null) => rules.find((r) => r.attachmentTypeName === name)?.name[language] ?? name ?? t.noType, [rules, language, t]);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!file) return failFile(t.fileRequired);
    const extension = file.name.includes('.') ? file.name.slice(file.name.lastIndexOf('.') + 1).toLowerCase() : '';
    if (rule && rule.allowedFileTypes.length > 0 && !rule.allowedFileTypes.includes(extension)) return failFile(format(t.fileType, { types: rule.allowedFileTypes.join(', ') }));
    if (rule && file.size > rule.maxFileSize) return failFile(format(t.fileTooLarge, { max: fileSize(rule.maxFileSize, t) }));
    if (file.size === 0) return failFile(t.fileEmpty);
    if (rule && instance.attachments.filter((a) => a.attachmentTypeName === type).length >= rule.maxCount) return failFile(format(t.fileTooMany, { max: rule.maxCount }));
    setFileError(undefined);
    setBusy(true);
    try {
      // The bytes go as a stream (no base64): the CSRF token from the session, as api() would send it.
      const query = new URLSearchParams({ name: file.name, fileName: file.name, ...(type ? { attachmentTypeName: type } : {}) });
      const response = await fetch(`${base}/attachments/stream?${query}`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/json', ...(session?.csrfToken ? { 'x-csrf-token': session.csrfToken } : {}) },
        body: file,
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok) throw new ApiError(response.status, body);
      setInstance(body as unknown as Instance);
      setFile(undefined);
      if (inputRef.current) inputRef.current.value = '';
      setStatus(format(t.uploaded, { name: file.name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const failFile = (message: string) => {
    setFileError(message);
    inputRef.current?.focus();
  };
  const remove = async (a: Instance['attachments'][number]) => {
    setError(undefined);
    try {
      setInstance(await api<Instance>('DELETE', `${base}/attachments/${a.attachmentId}`));
      setStatus(format(t.removed, { name: a.name }));
      inputRef.current?.focus();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="stack" aria-labelledby="formtask-attachments-heading">
      <Heading level={2} data-size="md" id="formtask-attachments-heading">
        {t.attachmentsHeading}
      </Heading>
      <ul className="formtask-rules">
        {rules.map((r) => (
          <li key={r.attachmentTypeName}>
            {format(r.minCount > 0 ? t.ruleRequired : t.ruleOptional, { type: r.name[language], min: r.minCount, max: r.maxCount, size: fileSize(r.maxFileSize, t), types: r.allowedFileTypes.join(', ') })}
          </li>
        ))}
      </ul>
      <ProblemAlert error={error} texts={problemTexts(t)} />
      {instance.attachments.length === 0 ? (
        <Paragraph>{t.noAttachments}</Paragraph>
      ) : (
        <Table aria-label={t.attachmentsTable} className="formtask-table">
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t.colName}</Table.HeaderCell>
              <Table.HeaderCell>{t.colType}</Table.HeaderCell>
              <Table.HeaderCell>{t.colSize}</Table.HeaderCell>
              <Table.HeaderCell>
                <span className="visually-hidden">{t.colActions}</span>
              </Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {instance.attachments.map((a) => (
              <Table.Row key={a.attachmentId}>
                <Table.Cell>{a.name}</Table.Cell>
                <Table.Cell>{typeName(a.attachmentTypeName)}</Table.Cell>
                <Table.Cell>{fileSize(a.sizeBytes, t)}</Table.Cell>
                <Table.Cell>
                  <Button variant="tertiary" data-size="sm" onClick={() => void remove(a)}>
                    {format(t.removeAttachment, { name: a.name })}
                  </Button>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {rules.length > 0 && (
        <form className="stack narrow" onSubmit={(e) => void upload(e)} noValidate>
          {rules.length > 1 && (
            <Field>
              <Label htmlFor="formtask-attachment-type">{t.attachmentType}</Label>
              <Select id="formtask-attachment-type" value={type} onChange={(e) => setType(e.target.value)}>
                {rules.map((r) => (
                  <Select.Option key={r.attachmentTypeName} value={r.attachmentTypeName}>
                    {r.name[language]}
                  </Select.Option>
                ))}
              </Select>
            </Field>
          )}
          <Field>
            <Label htmlFor="formtask-file">{rules.length > 1 ? t.chooseFile : format(t.chooseFileOf, { type: typeName(type) })}</Label>
            <Input
              id="formtask-file"
              ref={inputRef}
              type="file"
              accept={rule?.allowedFileTypes.map((x) => `.${x}`).join(',')}
              aria-invalid={fileError ? true : undefined}
              onChange={(e) => {
                setFile(e.target.files?.[0]);
                setFileError(undefined);
              }}
            />
            {fileError && <ValidationMessage>{fileError}</ValidationMessage>}
          </Field>
          <div className="row">
            <Button type="submit" variant="secondary" disabled={busy} aria-busy={busy}>
              {t.upload}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------------
// The receipt

function ReceiptView({ reportee, instance, edition, language, t, headingRef }: { reportee: string; instance: Instance; edition: Edition; language: Language; t: T; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { dateTime } = useFormatters();
  const reference = instance.archiveReference ?? '';
  const receipt = useLoad(
    (signal) => api<{ receipts: Receipt[] }>('GET', `/api/v1/receipts?referenceTypeName=ArchiveReference&referenceValue=${encodeURIComponent(reference)}`, undefined, { signal }).then((r) => r.receipts[0]),
    [reference],
  );
  const pdf = url`/api/v1/reportees/${reportee}/archive/${reference}/pdf`;
  return (
    <section className="stack narrow" aria-labelledby="formtask-receipt-heading">
      <Heading level={2} data-size="md" id="formtask-receipt-heading" ref={headingRef} tabIndex={-1}>
        {t.receiptHeading}
      </Heading>
      <Alert data-color="success">
        <Paragraph>{format(t.receiptText, { service: edition.name[language], time: dateTime(instance.lastChangedAt) })}</Paragraph>
      </Alert>
      <Card>
        <dl className="formtask-receipt">
          <dt>{t.archiveReference}</dt>
          <dd data-testid="archive-reference">{reference}</dd>
          <dt>{t.sentAt}</dt>
          <dd>{dateTime(instance.lastChangedAt)}</dd>
          <dt>{t.service}</dt>
          <dd>{edition.name[language]}</dd>
          {receipt.data && (
            <>
              <dt>{t.receiptNumber}</dt>
              <dd>{receipt.data.receiptId}</dd>
              <dt>{t.receiptFromTinn}</dt>
              <dd lang="en">{receipt.data.receiptText}</dd>
            </>
          )}
        </dl>
      </Card>
      <div className="row">
        <Button asChild variant="primary">
          <a href={pdf} download={`${reference}.pdf`}>
            {t.downloadPdf}
          </a>
        </Button>
        <DsLink asChild>
          <Link to={url`/r/${reportee}/archive/${reference}`}>{t.openArchive}</Link>
        </DsLink>
        <DsLink asChild>
          <Link to={url`/r/${reportee}/inbox`}>{t.toInbox}</Link>
        </DsLink>
      </div>
    </section>
  );
}
