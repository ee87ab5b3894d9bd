import type { Kysely } from '../../../platform/index.ts';
import type { NotificationsDatabase, TemplateTextTable } from './tables.ts';

const t = (db: Kysely<any>) => db as Kysely<NotificationsDatabase>;

/** Replaces every text of one template (the PUT is the whole template). */
export async function replaceTemplateTexts(db: Kysely<any>, owner: string, notificationType: string, texts: readonly Omit<TemplateTextTable, 'service_owner_code' | 'notification_type'>[]): Promise<void> {
  await t(db).deleteFrom('notifications.template_text').where('service_owner_code', '=', owner).where('notification_type', '=', notificationType).execute();
  await t(db)
    .insertInto('notifications.template_text')
    .values(texts.map((x) => ({ ...x, service_owner_code: owner, notification_type: notificationType })))
    .execute();
}

/** The texts of one template, or of several (`notificationTypes`) at once. */
export async function selectTemplateTexts(db: Kysely<any>, owner: string, notificationTypes: readonly string[]): Promise<TemplateTextTable[]> {
  if (notificationTypes.length === 0) return [];
  return t(db)
    .selectFrom('notifications.template_text')
    .select(['service_owner_code', 'notification_type', 'language', 'transport', 'subject', 'body', 'updated_at'])
    .where('service_owner_code', '=', owner)
    .where('notification_type', 'in', notificationTypes)
    .orderBy('notification_type')
    .orderBy('transport')
    .orderBy('language')
    .execute();
}

/** Every template text of a service owner, by type. */
export async function selectAllTemplateTexts(db: Kysely<any>, owner: string): Promise<TemplateTextTable[]> {
  return t(db)
    .selectFrom('notifications.template_text')
    .select(['service_owner_code', 'notification_type', 'language', 'transport', 'subject', 'body', 'updated_at'])
    .where('service_owner_code', '=', owner)
    .orderBy('notification_type')
    .orderBy('transport')
    .orderBy('language')
    .execute();
}

/** Removes a template; the number of texts removed. */
export async function deleteTemplateTexts(db: Kysely<any>, owner: string, notificationType: string): Promise<number> {
  const r = await t(db).deleteFrom('notifications.template_text').where('service_owner_code', '=', owner).where('notification_type', '=', notificationType).executeTakeFirst();
  return Number(r.numDeletedRows);
}
