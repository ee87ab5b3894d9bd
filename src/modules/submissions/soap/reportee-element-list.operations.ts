import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import { bodySystemCredentials } from '../../../platform/soap/credentials.ts';
import type { CorrespondenceItem, MessageBoxFilter, MessageBoxItem, Submissions } from '../index.ts';

/** Altinn II answered the whole selection in one list; Tinn walks the use case's pages up to this many. */
const MAX_ELEMENTS = 1000;
const PAGE = 200;

type Language = 'nb' | 'nn' | 'en';
/** languageID: 1033 English, 2068 Nynorsk; 1044, 0 (unspecified) and the rest Bokmål. */
const languageOf = (id: number | undefined): Language => (id === 1033 ? 'en' : id === 2068 ? 'nn' : 'nb');

type Status = 'FillIn' | 'SignIn' | 'Archive' | 'NotOpenedNoConfirmationReq' | 'NotOpenedConfirmationReq' | 'OpenedNoConfirmedReq' | 'OpenedNotConfirmed' | 'Confirmed';

/** StatusName: the status as the portal named it, in the asked language. */
const STATUS_NAMES: Record<Status, Record<Language, string>> = {
  FillIn: { nb: 'Utfylling', nn: 'Utfylling', en: 'Completion' },
  SignIn: { nb: 'Signering', nn: 'Signering', en: 'Signing' },
  Archive: { nb: 'Sendt og arkivert', nn: 'Sendt og arkivert', en: 'Sent and archived' },
  NotOpenedNoConfirmationReq: { nb: 'Ikke åpnet', nn: 'Ikkje opna', en: 'Not opened' },
  NotOpenedConfirmationReq: { nb: 'Ikke åpnet', nn: 'Ikkje opna', en: 'Not opened' },
  OpenedNoConfirmedReq: { nb: 'Åpnet', nn: 'Opna', en: 'Opened' },
  OpenedNotConfirmed: { nb: 'Åpnet, ikke bekreftet', nn: 'Opna, ikkje stadfesta', en: 'Opened, not confirmed' },
  Confirmed: { nb: 'Bekreftet', nn: 'Stadfesta', en: 'Confirmed' },
};

/** A .NET client that leaves a DateTime unset sends DateTime.MinValue (0001-01-01): no bound. */
const dateBound = (d: Date | undefined) => (d && d.getUTCFullYear() > 1 ? d : undefined);

/**
 * ExternalSearchBEV2 → the message-box filter. Left out: SearchName (saved searches) and the partial match
 * of ArchiveReference (Tinn matches it whole). CollectionPages, EDialogue and ToBeProcessedByOthers ask for
 * kinds of elements Tinn does not have (collaboration, elements handed to others): no element answers them.
 */
function filterOf(s: Record<string, any>): MessageBoxFilter {
  const fromDate = dateBound(s.FromDate);
  const toDate = dateBound(s.ToDate);
  const serviceCodes: string[] = (s.ServiceCodeList?.string ?? []).filter((c: string | undefined) => typeof c === 'string' && c.trim() !== '').map((c: string) => c.trim());
  return {
    ...(fromDate ? { fromDate } : {}),
    ...(toDate ? { toDate } : {}),
    ...(serviceCodes.length > 0 ? { serviceCodes } : {}),
    ...(s.ServiceOwnerCode ? { serviceOwnerCode: s.ServiceOwnerCode } : {}),
    ...(s.ToBeProcessed ? { toBeProcessed: true } : {}),
    ...(s.SentAndArchived ? { sentAndArchived: true } : {}),
    ...(s.ArchiveReference ? { archiveReference: s.ArchiveReference } : {}),
    // CaseID is an int in the contract; 0 is what a client sends when it has none.
    ...(s.CaseID ? { caseId: String(s.CaseID) } : {}),
    ...(s.SearchString?.trim() ? { text: s.SearchString } : {}),
    ...(s.CollectionPages || s.EDialogue || s.ToBeProcessedByOthers ? { types: [] } : {}),
  };
}

const caseIdOf = (caseId: string | null) => (caseId !== null && /^\d{1,9}$/.test(caseId) ? Number(caseId) : undefined);

function correspondenceStatus(i: CorrespondenceItem): { status: Status; correspondenceStatus: string } {
  switch (i.state) {
    case 'Archived':
      return { status: 'Archive', correspondenceStatus: 'Archived' };
    case 'Confirmed':
      return { status: 'Confirmed', correspondenceStatus: 'Confirmed' };
    case 'Read':
      return { status: i.isConfirmationNeeded ? 'OpenedNotConfirmed' : 'OpenedNoConfirmedReq', correspondenceStatus: 'Read' };
    default:
      // Unread, and Reserved (which the reportee sees as unread, as REST shows it).
      return { status: i.isConfirmationNeeded ? 'NotOpenedConfirmationReq' : 'NotOpenedNoConfirmationReq', correspondenceStatus: 'Created' };
  }
}

/** One message-box line as ReporteeElementBEV2; what the use case does not know is left out. */
function elementOf(i: MessageBoxItem | CorrespondenceItem, language: Language): Record<string, unknown> {
  const common = {
    ArchiveReference: i.archiveReference ?? undefined,
    CaseID: caseIdOf(i.caseId),
    ExternalServiceCode: i.serviceCode,
    LastChangedDate: i.lastChangedAt,
    ReporteeElementId: i.reporteeElementId,
    ReporteeElementType: i.reporteeElementType,
    ServiceEditionVersion: i.serviceEditionCode,
    ServiceOwnerCode: i.serviceOwnerCode,
  };
  if (i.reporteeElementType === 'FormTask') {
    const archived = i.status === 'Archive';
    return {
      ...common,
      // Tinn keeps one id when a form task is archived: it is the archive id and the id it had before.
      ArchiveId: archived ? i.reporteeElementId : undefined,
      LastChangeType: i.lastChangeType,
      SEReporteeElementID: archived ? i.reporteeElementId : undefined,
      Status: i.status,
      StatusName: STATUS_NAMES[i.status][language],
      TaskStatus: i.status === 'FillIn' ? 'FormFilling' : i.status === 'SignIn' ? 'Signing' : 'Archive',
      Title: i.title[language],
    };
  }
  const { status, correspondenceStatus: cs } = correspondenceStatus(i);
  return {
    ...common,
    // An archived message keeps its id too: GetArchivedCorrespondenceBasic takes it as archiveId.
    ArchiveId: i.state === 'Archived' ? i.reporteeElementId : undefined,
    CorrespondenceStatus: cs,
    DueDate: i.dueDateTime ?? undefined,
    LastChangeType: i.state === 'Archived' ? 'Archived' : 'Sent',
    Status: status,
    StatusName: STATUS_NAMES[status][language],
    Title: i.title,
  };
}

/**
 * ReporteeElementListExternalBasic (`/ServiceEngineExternal/ReporteeElementListExternalBasic.svc`): a data
 * system lists a reportee's message box (work list, archive and correspondence) over SOAP 1.1, with its
 * SystemID and password and its user's password and one-time code in the body. The same use case as
 * `GET /api/v1/reportees/{reportee}/messagebox`: only what the system and its user may see.
 */
export function reporteeElementListOperations(submissions: Submissions, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    GetReporteeElementListBasicV2: async (input, call) => {
      const actor = await auth.system(bodySystemCredentials(input), call);
      const search = input.searchBE ?? {};
      const filter = filterOf(search);
      const language = languageOf(input.languageID);
      const items: (MessageBoxItem | CorrespondenceItem)[] = [];
      let cursor: string | null = null;
      do {
        const page = await submissions.listMessageBox(actor, search.Reportee ?? '', { ...filter, limit: Math.min(PAGE, MAX_ELEMENTS - items.length), ...(cursor ? { cursor } : {}) });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null && items.length < MAX_ELEMENTS);
      return { GetReporteeElementListBasicV2Result: { ReporteeElementBEV2: items.map((i) => elementOf(i, language)) } };
    },
  };
}
