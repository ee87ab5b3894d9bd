/** Altinn II's correspondence statuses as the service owner follows them (CorrespondenceStatusTypeV2). */
export const STATUS_TYPES = ['Created', 'Read', 'Confirmed', 'Reserved', 'Archived', 'DeletedByUser'] as const;
export type StatusType = (typeof STATUS_TYPES)[number];

/** Where a correspondence stands for its reportee. */
export type CorrespondenceState = 'Unread' | 'Read' | 'Confirmed' | 'Archived' | 'Reserved';

/** A way to answer (ReplyOption): a service to fill in, a submission to look at, or a link. */
export type ReplyOption =
  | { type: 'Service'; serviceCode: string; serviceEditionCode: number }
  | { type: 'ArchiveReference'; archiveReference: string }
  | { type: 'URL'; linkText: string; linkUrl: string };

export interface CorrespondenceAttachment {
  attachmentId: number;
  name: string;
  fileName: string;
  size: number;
  sha256: string;
  sendersReference: string | null;
}

/** A correspondence as its reportee reads it. */
export interface Correspondence {
  /** The ReporteeElementId: one series with form tasks. */
  correspondenceId: number;
  reporteeNumber: string;
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  /** Who it says it is from: messageSender, else the service owner's name. */
  sender: string;
  languageCode: 'nb' | 'nn' | 'en';
  title: string;
  summary: string;
  /** Sanitized HTML. */
  body: string;
  attachments: CorrespondenceAttachment[];
  replyOptions: ReplyOption[];
  state: CorrespondenceState;
  isConfirmationNeeded: boolean;
  allowForwarding: boolean;
  archiveReference: string | null;
  caseId: string | null;
  externalShipmentReference: string;
  visibleDateTime: Date;
  dueDateTime: Date | null;
  allowSystemDeleteDateTime: Date | null;
  readAt: Date | null;
  confirmedAt: Date | null;
  archivedAt: Date | null;
}

/** Attachments of one correspondence, together (Altinn II: 30 MB per web-service request). */
export const MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024;
export const MAX_ATTACHMENTS = 100;
export const MAX_BODY_CHARACTERS = 1_000_000;
export const MAX_STATUS_RESULTS = 1000;
