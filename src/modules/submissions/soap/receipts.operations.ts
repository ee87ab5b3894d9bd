import { AppError, PlatformProblems, type Actor, type ProblemItem } from '../../../platform/index.ts';
import type { SoapAuthenticator, SoapCall, SoapOperation } from '../../../platform/soap/index.ts';
import { bodySystemCredentials } from '../../../platform/soap/credentials.ts';
import { SubmissionProblems } from '../errors.ts';
import type { Submissions } from '../index.ts';
import { SETTABLE_STATUSES, type Receipt } from '../receipt.ts';
import { receiptExternal } from './receipt-external.ts';

/**
 * Altinn II's receipt contract has two generations side by side on the same endpoint: the V1 operations
 * (GetReceiptBasic, GetReceiptListBasic, SaveReceiptBasic) with the 2009/10 data contracts (ReceiptExternal,
 * ReferenceTypeName, ReceiptStatusCode), and the V2 ones (GetReceiptBasicV2, GetReceiptListBasicV2,
 * UpdateReceiptBasic) with the 2015/06 ones (Receipt, ReferenceType, ReceiptStatus). Both read and write the
 * same receipts through the same use cases as `GET/PUT /api/v1/receipts…`.
 */
type Generation = { reference: 'ReferenceTypeName' | 'ReferenceType'; status: 'ReceiptStatusCode' | 'ReceiptStatus'; write: (r: Receipt) => Record<string, unknown> };

/** A receipt as the 2015/06 `Receipt`: ReceiptExternal's fields under their V2 names (ReceiptTemplate is never set). */
function receiptV2(r: Receipt): Record<string, unknown> {
  const { ReceiptStatusCode: _status, ReceiptTypeName: _type, References: _refs, SubReceipts: _subs, ...same } = receiptExternal(r);
  return {
    ...same,
    ReceiptStatus: r.receiptStatusCode,
    ReceiptType: r.receiptTypeName,
    References: { Reference: r.references.map((x) => ({ ReferenceType: x.referenceTypeName, ReferenceValue: x.referenceValue })) },
    SubReceipts: { Receipt: r.subReceipts.map(receiptV2) },
  };
}

const V1: Generation = { reference: 'ReferenceTypeName', status: 'ReceiptStatusCode', write: receiptExternal };
const V2: Generation = { reference: 'ReferenceType', status: 'ReceiptStatus', write: receiptV2 };

// GetReceiptListV2 makes the window optional ("datoer er valgfritt"); the use case takes one, so an open
// end is the widest window a timestamp column holds comfortably.
const EARLIEST = new Date('1970-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59Z');

/** The same limits as the REST body of `PUT /api/v1/receipts/{id}`. */
const MAX_TEXT = 4000;
const MAX_REFERENCES = 20;
const MAX_REFERENCE_VALUE = 200;

type References = { referenceTypeName: string; referenceValue: string }[];

/** A ReferenceList as read by the schema (nil items dropped) → the use cases' references. */
function referencesOf(list: Record<string, any> | undefined, g: Generation): References {
  return ((list?.Reference ?? []) as (Record<string, any> | undefined)[])
    .filter((r): r is Record<string, any> => r !== undefined && r !== null)
    .map((r) => ({ referenceTypeName: r[g.reference] ?? 'NotSet', referenceValue: r.ReferenceValue ?? '' }));
}

const invalid = (detail: string, errors: ProblemItem[]) => new AppError(PlatformProblems.requestValidation, { detail, errors });

/**
 * GetReceipt: by ReceiptId, else by one reference (WorkFlowReference first, as Altinn II). WCF and JAXB
 * clients always send the int, so ReceiptId 0 means "not given". Nothing found, or nothing the caller may
 * read, is the same not-found (SUB-00009, ErrorID 30008).
 */
async function findReceipt(submissions: Submissions, actor: Actor, search: Record<string, any> | undefined, g: Generation): Promise<Receipt> {
  if (search?.ReceiptId) return submissions.getReceipt(actor, search.ReceiptId);
  const refs = referencesOf(search?.References, g);
  const reference = refs.find((r) => r.referenceTypeName === 'WorkFlowReference') ?? refs[0];
  if (!reference) throw new AppError(SubmissionProblems.invalidReceiptSearch, { detail: 'give a ReceiptId or one reference to search by' });
  const [newest] = await submissions.searchReceipts(actor, reference);
  if (!newest) throw new AppError(SubmissionProblems.receiptNotFound);
  return newest;
}

/** GetReceiptList: the type is required by the use case (absent is NotSet, refused with ErrorID 30101). */
function listReceipts(submissions: Submissions, actor: Actor, input: Record<string, any>): Promise<Receipt[]> {
  return submissions.listReceipts(actor, { receiptTypeName: input.receiptTypeName ?? 'NotSet', dateFrom: input.dateFrom ?? EARLIEST, dateTo: input.dateTo ?? LATEST });
}

/**
 * UpdateReceipt: the receipt by ReceiptId or ArchiveReference (the newest carrying it), then the use case.
 * The request is checked as REST checks its body; sub-receipts are not updated by Tinn, so a request that
 * asks for it is refused rather than half done.
 */
async function saveReceipt(submissions: Submissions, actor: Actor, save: Record<string, any> | undefined, g: Generation): Promise<Receipt> {
  const errors: ProblemItem[] = [];
  const status = save?.[g.status];
  if (!(SETTABLE_STATUSES as readonly string[]).includes(status)) errors.push({ path: `receipt/${g.status}`, message: `one of ${SETTABLE_STATUSES.join(', ')}`, rule: 'enum' });
  const text: unknown = save?.ReceiptText;
  if (typeof text !== 'string' || text.length < 1 || text.length > MAX_TEXT) errors.push({ path: 'receipt/ReceiptText', message: `1 to ${MAX_TEXT} characters`, rule: 'length' });
  const references = referencesOf(save?.References, g);
  if (references.length > MAX_REFERENCES) errors.push({ path: 'receipt/References', message: `at most ${MAX_REFERENCES}`, rule: 'maxItems' });
  references.forEach((r, i) => {
    if (r.referenceValue.length < 1 || r.referenceValue.length > MAX_REFERENCE_VALUE) errors.push({ path: `receipt/References/${i}/ReferenceValue`, message: `1 to ${MAX_REFERENCE_VALUE} characters`, rule: 'length' });
  });
  const subReceipts = Object.values(save?.SubReceipts ?? {}).flat().filter((s) => s !== undefined && s !== null);
  if (subReceipts.length > 0) errors.push({ path: 'receipt/SubReceipts', message: 'Tinn updates the receipt itself, not its sub-receipts', rule: 'unsupported' });
  const archiveReference: string = save?.ArchiveReference ?? '';
  if (save?.ReceiptId && archiveReference) errors.push({ path: 'receipt', message: 'ReceiptId or ArchiveReference, not both', rule: 'oneOf' });
  if (!save?.ReceiptId && !archiveReference) errors.push({ path: 'receipt', message: 'ReceiptId or ArchiveReference', rule: 'oneOf' });
  if (errors.length > 0) throw invalid('the receipt update is not one Tinn can make', errors);

  let receiptId: number = save!.ReceiptId;
  if (!receiptId) {
    // Several receipts may carry one archive reference: the newest wins, as in Altinn II.
    const found = await submissions.searchReceipts(actor, { referenceTypeName: 'ArchiveReference', referenceValue: archiveReference });
    if (found.length === 0) throw new AppError(SubmissionProblems.receiptNotFound);
    receiptId = Math.max(...found.map((r) => r.receiptId));
  }
  return submissions.updateReceipt(actor, receiptId, { receiptStatusCode: status, receiptText: text as string, ...(references.length > 0 ? { references } : {}) });
}

/** The receipt operations for whoever `actorOf` says called. */
function receiptOperations(submissions: Submissions, actorOf: (input: Record<string, any>, call: SoapCall) => Promise<Actor>): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    GetReceiptBasic: async (input, call) => ({ GetReceiptBasicResult: V1.write(await findReceipt(submissions, await actorOf(input, call), input.receipt, V1)) }),
    GetReceiptBasicV2: async (input, call) => ({ GetReceiptBasicV2Result: V2.write(await findReceipt(submissions, await actorOf(input, call), input.receipt, V2)) }),

    GetReceiptListBasic: async (input, call) => ({
      GetReceiptListBasicResult: { ReceiptExternal: (await listReceipts(submissions, await actorOf(input, call), input)).map(V1.write) },
    }),
    GetReceiptListBasicV2: async (input, call) => ({
      GetReceiptListBasicV2Result: { Receipt: (await listReceipts(submissions, await actorOf(input, call), input)).map(V2.write) },
    }),

    SaveReceiptBasic: async (input, call) => ({ SaveReceiptBasicResult: V1.write(await saveReceipt(submissions, await actorOf(input, call), input.receipt, V1)) }),
    UpdateReceiptBasic: async (input, call) => ({ UpdateReceiptBasicResult: V2.write(await saveReceipt(submissions, await actorOf(input, call), input.receipt, V2)) }),
  };
}

/**
 * ReceiptExternalBasic (`/IntermediaryExternal/ReceiptExternalBasic.svc`): an end-user system reads and
 * updates the receipts it may see, with its SystemID and password in the body (no user: the contract has
 * none). Same use cases as `GET /api/v1/receipts`, `GET/PUT /api/v1/receipts/{id}`.
 */
export function receiptExternalOperations(submissions: Submissions, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return receiptOperations(submissions, (input, call) => auth.system(bodySystemCredentials(input), call));
}

/**
 * ReceiptAgencyExternalBasic (`/IntermediaryExternal/ReceiptAgencyExternalBasic.svc`): the service owner's
 * agency system reads and updates the receipts of its services. Same use cases as the REST receipts.
 */
export function receiptAgencyOperations(submissions: Submissions, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return receiptOperations(submissions, (input, call) => auth.serviceOwner({ systemName: input.systemUserName, password: input.systemPassword }, call));
}
