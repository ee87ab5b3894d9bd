import Type, { type Static } from 'typebox';
import { AppError, inTransaction, requireServiceOwner, type Actor, type ProblemItem } from '../../platform/index.ts';
import { deleteTemplateTexts, replaceTemplateTexts, selectAllTemplateTexts, selectTemplateTexts } from './db/template-store.ts';
import type { TemplateTextTable } from './db/tables.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationProblems } from './errors.ts';
import { findUnknownMacros } from './macros.ts';
import {
  MAX_EMAIL_BODY_CHARACTERS,
  MAX_EMAIL_SUBJECT_CHARACTERS,
  MAX_SMS_TEMPLATE_CHARACTERS,
  NOTIFICATION_TYPE_PATTERN,
  parseNotificationLanguage,
  type NotificationTemplate,
  type TemplateText,
} from './notification.ts';

/** A template as a service owner writes it: one text per language and transport. */
export const TemplateInputSchema = Type.Object(
  {
    texts: Type.Array(
      Type.Object(
        {
          language: Type.Union([Type.Literal('nb'), Type.Literal('nn'), Type.Literal('en'), Type.Literal(1044), Type.Literal(2068), Type.Literal(1033)]),
          transport: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
          subject: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'e-mail only, required there' })),
          body: Type.String({ description: 'plain text with tokens {0} {1} … and macros $reporteeName$ …' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 6 },
    ),
  },
  { additionalProperties: false },
);
export type TemplateInput = Static<typeof TemplateInputSchema>;

const characters = (s: string) => [...s].length;

function checkNotificationType(notificationType: string): void {
  if (!new RegExp(NOTIFICATION_TYPE_PATTERN).test(notificationType)) {
    throw new AppError(NotificationProblems.invalidTemplate, { errors: [{ path: 'notificationType', message: '1–100 letters, digits, . _ -', rule: 'pattern' }] });
  }
}

/** Every problem of a template's texts, with paths; the texts parsed when there are none. */
function checkTexts(input: TemplateInput): { texts: TemplateText[]; errors: ProblemItem[] } {
  const errors: ProblemItem[] = [];
  const texts: TemplateText[] = [];
  const seen = new Set<string>();
  input.texts.forEach((raw, i) => {
    const path = `texts/${i}`;
    const language = parseNotificationLanguage(raw.language, `${path}/language`);
    const key = `${language}/${raw.transport}`;
    if (seen.has(key)) errors.push({ path, message: `a second ${raw.transport} text in ${language}`, rule: 'unique' });
    seen.add(key);
    const body = raw.body;
    const subject = raw.subject ?? null;
    if (body.trim() === '') errors.push({ path: `${path}/body`, message: 'empty', rule: 'required' });
    if (raw.transport === 'sms') {
      if (subject !== null) errors.push({ path: `${path}/subject`, message: 'an SMS has no subject', rule: 'sms' });
      if (characters(body) > MAX_SMS_TEMPLATE_CHARACTERS) errors.push({ path: `${path}/body`, message: `more than ${MAX_SMS_TEMPLATE_CHARACTERS} characters`, rule: 'maxLength' });
    } else {
      if (subject === null || subject.trim() === '') errors.push({ path: `${path}/subject`, message: 'an e-mail needs a subject', rule: 'required' });
      else if (characters(subject) > MAX_EMAIL_SUBJECT_CHARACTERS) errors.push({ path: `${path}/subject`, message: `more than ${MAX_EMAIL_SUBJECT_CHARACTERS} characters`, rule: 'maxLength' });
      if (characters(body) > MAX_EMAIL_BODY_CHARACTERS) errors.push({ path: `${path}/body`, message: `more than ${MAX_EMAIL_BODY_CHARACTERS} characters`, rule: 'maxLength' });
    }
    for (const [field, text] of [['subject', subject], ['body', body]] as const) {
      if (text === null) continue;
      for (const p of findUnknownMacros(text)) errors.push({ path: `${path}/${field}`, message: `${p.message}: ${p.macro} at character ${p.index}`, rule: 'macro' });
    }
    texts.push({ language, transport: raw.transport, subject: raw.transport === 'email' ? subject : null, body });
  });
  return { texts, errors };
}

/** Rows of one template as its owner sees it. */
export function toTemplate(owner: string, notificationType: string, rows: readonly TemplateTextTable[]): NotificationTemplate {
  return {
    serviceOwnerCode: owner,
    notificationType,
    texts: rows.map((r) => ({ language: r.language, transport: r.transport, subject: r.subject, body: r.body })),
    updatedAt: rows.reduce((latest, r) => (r.updated_at > latest ? r.updated_at : latest), new Date(0)),
  };
}

/**
 * Creates or replaces the caller's template of this NotificationType (Altinn II: ordered in advance;
 * here the service owner's system saves it). Unknown macros, a missing e-mail subject, an SMS subject or
 * over-long texts are all reported at once (NOTF-00001) and nothing is saved.
 */
export async function saveNotificationTemplate(deps: NotificationsDeps, actor: Actor, notificationType: string, input: TemplateInput): Promise<NotificationTemplate> {
  return uncheckedSaveNotificationTemplate(deps, requireServiceOwner(actor).serviceOwnerCode, notificationType, input);
}

/** Saves a template for the service owner with this code; the caller has checked who asks (the test environment's world file). */
export async function uncheckedSaveNotificationTemplate(deps: NotificationsDeps, owner: string, notificationType: string, input: TemplateInput): Promise<NotificationTemplate> {
  checkNotificationType(notificationType);
  const { texts, errors } = checkTexts(input);
  if (errors.length > 0) throw new AppError(NotificationProblems.invalidTemplate, { detail: `${errors.length} problem(s)`, errors });
  const now = deps.clock.now();
  await inTransaction(deps.db, (trx) =>
    replaceTemplateTexts(
      trx,
      owner,
      notificationType,
      texts.map((x) => ({ language: x.language, transport: x.transport, subject: x.subject, body: x.body, updated_at: now })),
    ),
  );
  return { serviceOwnerCode: owner, notificationType, texts, updatedAt: now };
}

/** The caller's template of this type; NOTF-00002 when there is none. */
export async function getNotificationTemplate(deps: NotificationsDeps, actor: Actor, notificationType: string): Promise<NotificationTemplate> {
  const owner = requireServiceOwner(actor).serviceOwnerCode;
  const rows = await selectTemplateTexts(deps.db, owner, [notificationType]);
  if (rows.length === 0) throw new AppError(NotificationProblems.templateNotFound, { detail: `no template ${notificationType}` });
  return toTemplate(owner, notificationType, rows);
}

/** Every template of the caller's service owner. */
export async function listNotificationTemplates(deps: NotificationsDeps, actor: Actor): Promise<NotificationTemplate[]> {
  const owner = requireServiceOwner(actor).serviceOwnerCode;
  const rows = await selectAllTemplateTexts(deps.db, owner);
  const byType = new Map<string, TemplateTextTable[]>();
  for (const r of rows) byType.set(r.notification_type, [...(byType.get(r.notification_type) ?? []), r]);
  return [...byType].map(([type, texts]) => toTemplate(owner, type, texts));
}

/** Removes the caller's template (notifications already made keep their texts); NOTF-00002 when there is none. */
export async function deleteNotificationTemplate(deps: NotificationsDeps, actor: Actor, notificationType: string): Promise<void> {
  const owner = requireServiceOwner(actor).serviceOwnerCode;
  const removed = await deleteTemplateTexts(deps.db, owner, notificationType);
  if (removed === 0) throw new AppError(NotificationProblems.templateNotFound, { detail: `no template ${notificationType}` });
}
