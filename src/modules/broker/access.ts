import { AppError, type Actor } from '../../platform/index.ts';
import type { DenyReason, Reportee } from '../authz/index.ts';
import type { BrokerFile, BrokerRecipient, FileEvent } from './broker-file.ts';
import { selectEvents, selectFile, selectRecipients, type FileRow, type RecipientRow } from './db/broker-store.ts';
import type { BrokerDeps } from './deps.ts';
import { BrokerProblems } from './errors.ts';

/** A file transfer opened for one side: its sender, or one of its recipients (only once published). */
export interface OpenedFile {
  row: FileRow;
  side: 'sender' | 'recipient';
  reportee: Reportee;
}

const refused = (side: 'sender' | 'recipient', reasons: DenyReason[]) =>
  new AppError(side === 'sender' ? BrokerProblems.senderNotAuthorized : BrokerProblems.recipientNotAuthorized, { detail: reasons.map((r) => r.message).join('; '), data: { reasons } });

/**
 * Opens a file transfer for the actor: as its sender (Write on the service for the sending reportee) or as
 * a recipient (Read for a recipient reportee; never before the file is published). With `reporteeRef` the
 * actor names the side it acts for and a refusal comes with its reasons (audited); without, the first side
 * the actor may act for is taken and nothing is audited. A file the actor has no side in is BRK-00005, like
 * one that does not exist. `only` limits the sides looked at.
 */
export async function openFile(deps: BrokerDeps, actor: Actor, fileReference: string, options: { reporteeRef?: string | undefined; only?: 'sender' | 'recipient'; forUpdate?: boolean } = {}): Promise<OpenedFile> {
  const row = /^[0-9a-f-]{36}$/i.test(fileReference) ? await selectFile(deps.db, fileReference.toLowerCase(), options.forUpdate) : undefined;
  if (!row) throw new AppError(BrokerProblems.notFound);
  const service = { serviceCode: row.service_code, serviceEditionCode: row.service_edition_code };
  const recipients = row.published_at === null ? [] : (await selectRecipients(deps.db, [row.file_reference])).map((r) => r.party_id);
  const sides: { side: 'sender' | 'recipient'; partyId: number }[] = [
    ...(options.only !== 'recipient' ? [{ side: 'sender' as const, partyId: row.sender_party_id }] : []),
    ...(options.only !== 'sender' ? recipients.map((partyId) => ({ side: 'recipient' as const, partyId })) : []),
  ];
  if (options.reporteeRef !== undefined) {
    const reportee = await deps.authz.resolveReportee(actor, options.reporteeRef);
    const side = sides.find((s) => s.partyId === reportee.partyId);
    if (!side) throw new AppError(BrokerProblems.notFound);
    const decision = await deps.authz.decide(actor, { reportee, ...service, operation: side.side === 'sender' ? 'Write' : 'Read' });
    if (decision.decision === 'Deny') throw refused(side.side, decision.reasons);
    return { row, side: side.side, reportee };
  }
  for (const side of sides) {
    const reportee = await deps.authz.uncheckedGetReportee(side.partyId);
    const decision = await deps.authz.decide(actor, { reportee, ...service, operation: side.side === 'sender' ? 'Write' : 'Read', auditDenial: false });
    if (decision.decision === 'Permit') return { row, side: side.side, reportee };
  }
  throw new AppError(BrokerProblems.notFound);
}

/** How a party is named to others: an organisation by orgno, a person by `r<partyId>` (national ids stay out). */
const numberOf = (p: { type: string; partyId: number; orgno?: string | null }) => (p.type === 'organization' && p.orgno ? p.orgno : `r${p.partyId}`);

/** Files as the caller sees them: the sender every recipient, a recipient only itself. Names in one register round. */
export async function presentFiles(deps: BrokerDeps, opened: readonly { row: FileRow; side: 'sender' | 'recipient'; viewerPartyId: number }[]): Promise<BrokerFile[]> {
  const recipients = await selectRecipients(deps.db, [...new Set(opened.map((o) => o.row.file_reference))]);
  const byFile = new Map<string, RecipientRow[]>();
  for (const r of recipients) byFile.set(r.file_reference, [...(byFile.get(r.file_reference) ?? []), r]);
  const partyIds = new Set<number>([...opened.map((o) => o.row.sender_party_id), ...recipients.map((r) => r.party_id)]);
  const { organizations, persons } = await deps.register.uncheckedListParties([...partyIds]);
  const parties = new Map<number, { name: string; number: string }>();
  for (const o of organizations) parties.set(o.organization.partyId, { name: o.organization.name, number: o.organization.orgno });
  for (const p of persons) parties.set(p.partyId, { name: p.name, number: numberOf(p) });
  return opened.map(({ row, side, viewerPartyId }) => {
    const sender = parties.get(row.sender_party_id) ?? { name: '', number: `r${row.sender_party_id}` };
    const shown = (byFile.get(row.file_reference) ?? []).filter((r) => side === 'sender' || r.party_id === viewerPartyId);
    return {
      fileReference: row.file_reference,
      serviceCode: row.service_code,
      serviceEditionCode: row.service_edition_code,
      sender: { reporteeNumber: sender.number, name: sender.name },
      sendersReference: row.senders_reference,
      fileName: row.file_name,
      properties: row.properties,
      checksum: row.checksum ?? row.declared_checksum,
      checksumAlgorithm: row.checksum_algorithm,
      status: row.status,
      lastChangedAt: row.changed_at,
      fileSize: row.size,
      uploadedBytes: row.received,
      failure: side === 'sender' ? row.failure : null,
      sentAt: row.created_at,
      publishedAt: row.published_at,
      expiresAt: row.expires_at,
      purgedAt: row.purged_at,
      viewer: side,
      recipients: shown.map(
        (r): BrokerRecipient => ({
          // The sender named its recipients by number; a recipient sees itself as it was named.
          reporteeNumber: r.reportee_number,
          name: parties.get(r.party_id)?.name ?? '',
          status: r.status,
          lastDownloadedAt: r.last_downloaded_at,
          confirmedAt: r.confirmed_at,
        }),
      ),
    };
  });
}

export async function presentFile(deps: BrokerDeps, opened: OpenedFile): Promise<BrokerFile> {
  return (await presentFiles(deps, [{ row: opened.row, side: opened.side, viewerPartyId: opened.reportee.partyId }]))[0]!;
}

/** The transfer's history, for its sender. */
export async function listEvents(deps: BrokerDeps, fileReference: string): Promise<FileEvent[]> {
  const rows = await selectEvents(deps.db, fileReference);
  const recipients = new Map((await selectRecipients(deps.db, [fileReference])).map((r) => [r.party_id, r.reportee_number]));
  return rows.map((e) => ({ at: e.at, event: e.event, recipient: e.recipient_party_id === null ? null : (recipients.get(e.recipient_party_id) ?? null), detail: e.detail }));
}

/** Who did something, for the record: a person, a data system (with its user) or an enterprise user. */
export function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case 'person':
      return `person:r${actor.partyId}`;
    case 'system':
      return `system:${actor.systemId}${actor.user ? `/r${actor.user.partyId}` : ''}`;
    case 'enterpriseUser':
      return `enterpriseUser:${actor.userName}`;
    case 'serviceOwner':
      return `serviceOwner:${actor.systemName}`;
  }
}
