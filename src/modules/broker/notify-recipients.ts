import Type from 'typebox';
import type { JobDefinition } from '../../platform/index.ts';
import { selectFile, selectRecipients } from './db/broker-store.ts';
import type { BrokerDeps } from './deps.ts';
import { NOTIFY_RECIPIENTS_JOB } from './upload-file.ts';

/**
 * Tells each recipient of a published file, with the service owner's template named in the service's
 * broker settings: tokens {0} the file name, {1} the sender's reference, {2} the sender's name. E-mail
 * where the recipient has an address, else SMS. Once per file, however often the job runs.
 */
export async function notifyRecipients(deps: BrokerDeps, fileReference: string): Promise<void> {
  const row = await selectFile(deps.db, fileReference);
  if (!row || row.status !== 'Published') return;
  const edition = await deps.catalog.uncheckedGetServiceEdition(row.service_code, row.service_edition_code);
  const template = edition.broker?.publishNotification;
  if (!template) return;
  const sender = await deps.register.uncheckedGetParty(row.sender_party_id);
  const recipients = await selectRecipients(deps.db, [fileReference]);
  await deps.notifications.uncheckedSendNotificationsAs(
    row.service_owner_code,
    'broker',
    recipients.map((r) => ({
      reporteeNumber: r.reportee_number,
      notificationType: template,
      receiverEndPoints: [{ transportType: 'EmailPreferred' }],
      textTokens: [{ tokenValue: row.file_name }, { tokenValue: row.senders_reference }, { tokenValue: sender.name }],
      service: { serviceCode: row.service_code, serviceEditionCode: row.service_edition_code },
    })),
    `${NOTIFY_RECIPIENTS_JOB}:${fileReference}`,
  );
}

export function notifyRecipientsJob(deps: BrokerDeps): JobDefinition<{ fileReference: string }> {
  return { kind: NOTIFY_RECIPIENTS_JOB, payload: Type.Object({ fileReference: Type.String() }), run: (payload) => notifyRecipients(deps, payload.fileReference) };
}
