/** Where a file transfer stands. Cancelled, Expired and Failed are final; Published is the only state recipients see content in. */
export const FILE_STATUSES = ['Initialized', 'Uploading', 'Published', 'Cancelled', 'Expired', 'Failed'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

/** Where one recipient stands: waiting for the upload, the file published to them, their download confirmed. */
export const RECIPIENT_STATUSES = ['Initialized', 'Published', 'Downloaded'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** Statuses a list can ask for: a file's, or Downloaded (the caller's recipient confirmed it). */
export const LIST_STATUSES = [...FILE_STATUSES, 'Downloaded'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export type ChecksumAlgorithm = 'sha256' | 'md5';

/** Altinn 3's property list: at most 10, keys up to 50 characters, values up to 300. */
export const MAX_PROPERTIES = 10;
export const MAX_RECIPIENTS = 100;

/** One file transfer as the caller sees it: the sender sees every recipient, a recipient only itself. */
export interface BrokerFile {
  fileReference: string;
  serviceCode: string;
  serviceEditionCode: number;
  sender: { reporteeNumber: string; name: string };
  sendersReference: string;
  fileName: string;
  properties: Record<string, string>;
  /** The declared checksum until publication, then the verified one (hex). */
  checksum: string | null;
  checksumAlgorithm: ChecksumAlgorithm;
  status: FileStatus;
  /** The last change: a status, a chunk, a download. */
  lastChangedAt: Date;
  /** Known from the first upload request on. */
  fileSize: number | null;
  uploadedBytes: number;
  /** Why a transfer failed: a problem code and what was found. */
  failure: string | null;
  sentAt: Date;
  publishedAt: Date | null;
  expiresAt: Date;
  purgedAt: Date | null;
  /** Whose view this is. */
  viewer: 'sender' | 'recipient';
  recipients: BrokerRecipient[];
}

export interface BrokerRecipient {
  reporteeNumber: string;
  name: string;
  status: RecipientStatus;
  lastDownloadedAt: Date | null;
  confirmedAt: Date | null;
}

/** One step in a transfer's history (the sender's view). */
export interface FileEvent {
  at: Date;
  event: 'Initialized' | 'UploadStarted' | 'Published' | 'Downloaded' | 'DownloadConfirmed' | 'AllConfirmedDownloaded' | 'Purged' | 'Cancelled' | 'Expired' | 'Failed';
  recipient: string | null;
  detail: string | null;
}

/** A checksum as given: 64 hex digits are SHA-256, 32 are MD5 (what Altinn 3's broker takes). */
export function parseChecksum(text: string): { algorithm: ChecksumAlgorithm; hex: string } | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return { algorithm: 'sha256', hex: text.toLowerCase() };
  if (/^[0-9a-fA-F]{32}$/.test(text)) return { algorithm: 'md5', hex: text.toLowerCase() };
  return undefined;
}

/** `bytes start-end/total` (RFC 9110 §14.4), as a chunk of an upload names itself. */
export interface ContentRange {
  start: number;
  end: number;
  total: number;
}

export function parseContentRange(header: string): ContentRange | undefined {
  const m = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(header.trim());
  if (!m) return undefined;
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return start <= end && end < total ? { start, end, total } : undefined;
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range of a file of `size` bytes; undefined for none or several; 'unsatisfiable' when outside. */
export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

