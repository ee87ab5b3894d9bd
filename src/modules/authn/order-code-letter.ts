import { AppError, createIdempotently, requirePerson, type Actor } from '../../platform/index.ts';
import { AuthnProblems } from './errors.ts';
import { audit } from './audit.ts';
import { insertCodeLetter } from './db/code-letter-store.ts';
import type { AuthnDeps } from './deps.ts';
import { hashCode } from './passwords.ts';

/** Codes per letter. Altinn's code letters held a few dozen; a new letter replaces the old one. */
export const CODES_PER_LETTER = 40;

const LETTER = {
  nb: { subject: 'Kodebrev fra Tinn', intro: 'Her er engangskodene dine. Når et datasystem ber om det, bruker du koden med nummeret det oppgir. Hver kode kan brukes én gang. Et nytt kodebrev erstatter dette.' },
  nn: { subject: 'Kodebrev frå Tinn', intro: 'Her er eingongskodane dine. Når eit datasystem ber om det, bruker du koden med nummeret det oppgir. Kvar kode kan brukast éin gong. Eit nytt kodebrev erstattar dette.' },
  en: { subject: 'Code letter from Tinn', intro: 'These are your one-time codes. When a data system asks, use the code with the number it gives. Each code works once. A new code letter replaces this one.' },
};

/** Name and postal address lines for the envelope. */
function envelope(name: string, address: { street?: string; postalCode?: string; postalCity?: string; country?: string } | null): string {
  const lines = [name, address?.street, [address?.postalCode, address?.postalCity].filter(Boolean).join(' '), address?.country && address.country !== 'NO' ? address.country : undefined];
  return lines.filter((l) => l && l.trim() !== '').join('\n');
}

/**
 * Orders a code letter (kodebrev) for AltinnPin: numbered one-time codes, stored hashed, sent by post to the
 * person's registered address (the letter outbox). Replaces any earlier letter. For the logged-in person only.
 */
export async function orderCodeLetter(deps: AuthnDeps, actor: Actor, idempotencyKey?: string): Promise<{ letterId: string; codes: number; sentTo: string; replayed: boolean }> {
  const person = requirePerson(actor);
  const registered = await deps.register.uncheckedFindPersonByPartyId(person.partyId);
  if (!registered?.address?.street || !registered.address.postalCode) throw new AppError(AuthnProblems.noPostalAddress);
  const profile = await deps.profile.uncheckedGetPersonProfile(person.partyId);
  const letterId = deps.random.uuid();
  const codes = Array.from({ length: CODES_PER_LETTER }, () => String(deps.random.int(0, 1_000_000)).padStart(6, '0'));
  const now = deps.clock.now();
  // A retried order (same key) must not print and post a second letter that revokes the first.
  const { id, replayed } = await deps.db.transaction().execute((trx) =>
    createIdempotently(trx, deps.clock, { scope: `authn.code-letter:${person.partyId}`, key: idempotencyKey, request: {} }, async () => {
      await insertCodeLetter(trx, { id: letterId, party_id: person.partyId, created_at: now }, codes.map((code, i) => hashCode(`${letterId}:${i + 1}`, code)));
      await audit(deps, trx, { event: 'code-letter.order', outcome: 'success', partyId: person.partyId, detail: { letterId, codes: codes.length } });
      return letterId;
    }),
  );
  if (replayed) return { letterId: id, codes: CODES_PER_LETTER, sentTo: registered.address.postalCity ?? '', replayed };
  const text = LETTER[profile.language];
  const to = envelope(registered.name, registered.address);
  const list = codes.map((c, i) => `${String(i + 1).padStart(2, ' ')}: ${c}`).join('\n');
  await deps.letters.send({ to, subject: text.subject, text: `${text.intro}\n\n${list}\n` });
  return { letterId, codes: codes.length, sentTo: registered.address.postalCity ?? '', replayed: false };
}
