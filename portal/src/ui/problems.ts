import { defineTexts, format, type Language } from '../i18n.tsx';
import { ApiError } from '../api.ts';

// Problem codes a person meets in the portal, in their language. Others fall back to a general sentence
// with the code (docs/errors.md explains every code).
const known = defineTexts({
  nb: {
    'AUTN-00001': 'Feil fødselsnummer, brukernavn eller passord.',
    'AUTN-00002': 'For mange mislykkede forsøk. Kontoen er sperret en stund; prøv igjen senere.',
    'AUTN-00003': 'Du har ikke registrert mobilnummer, så vi kan ikke sende engangskode. Kontakt brukerstøtte.',
    'AUTN-00004': 'Du har ikke satt passord ennå.',
    'AUTN-00005': 'Engangskoden er feil.',
    'AUTN-00006': 'Engangskoden er utløpt eller allerede brukt. Start innloggingen på nytt.',
    'AUTN-00007': 'Passordet må ha 8–128 tegn, med minst én bokstav og ett siffer.',
    'AUTN-00008': 'Nåværende passord er feil.',
    'AUTN-00009': 'Dette krever et høyere sikkerhetsnivå.',
    'AUTN-00013': 'For mange forsøk. Vent litt og prøv igjen.',
    'AUTN-00024': 'Økten din kunne ikke bekreftes. Last siden på nytt.',
    'PLAT-00004': 'Noen av feltene er ikke fylt ut riktig.',
    'PLAT-00013': 'Du er ikke logget inn.',
    'AUTZ-00015': 'Fant ikke aktøren. Velg hvem du vil representere på nytt.',
    network: 'Fikk ikke kontakt med Tinn. Sjekk nettforbindelsen og prøv igjen.',
    fallback: 'Noe gikk galt ({code}).',
  },
  nn: {
    'AUTN-00001': 'Feil fødselsnummer, brukarnamn eller passord.',
    'AUTN-00002': 'For mange mislukka forsøk. Kontoen er sperra ei stund; prøv igjen seinare.',
    'AUTN-00003': 'Du har ikkje registrert mobilnummer, så vi kan ikkje sende eingongskode. Kontakt brukarstøtte.',
    'AUTN-00004': 'Du har ikkje sett passord enno.',
    'AUTN-00005': 'Eingongskoden er feil.',
    'AUTN-00006': 'Eingongskoden har gått ut eller er alt brukt. Start innlogginga på nytt.',
    'AUTN-00007': 'Passordet må ha 8–128 teikn, med minst éin bokstav og eitt siffer.',
    'AUTN-00008': 'Noverande passord er feil.',
    'AUTN-00009': 'Dette krev eit høgare tryggingsnivå.',
    'AUTN-00013': 'For mange forsøk. Vent litt og prøv igjen.',
    'AUTN-00024': 'Økta di kunne ikkje stadfestast. Last sida på nytt.',
    'PLAT-00004': 'Nokre av felta er ikkje fylte ut rett.',
    'PLAT-00013': 'Du er ikkje logga inn.',
    'AUTZ-00015': 'Fann ikkje aktøren. Vel kven du vil representere på nytt.',
    network: 'Fekk ikkje kontakt med Tinn. Sjekk nettsambandet og prøv igjen.',
    fallback: 'Noko gjekk gale ({code}).',
  },
  en: {
    'AUTN-00001': 'Wrong national identity number, user name or password.',
    'AUTN-00002': 'Too many failed attempts. The account is locked for a while; try again later.',
    'AUTN-00003': 'You have no mobile number registered, so we cannot send a one-time code. Contact support.',
    'AUTN-00004': 'You have not set a password yet.',
    'AUTN-00005': 'The one-time code is wrong.',
    'AUTN-00006': 'The one-time code has expired or was already used. Start the login again.',
    'AUTN-00007': 'The password must have 8–128 characters, with at least one letter and one digit.',
    'AUTN-00008': 'The current password is wrong.',
    'AUTN-00009': 'This needs a higher security level.',
    'AUTN-00013': 'Too many attempts. Wait a little and try again.',
    'AUTN-00024': 'Your session could not be confirmed. Reload the page.',
    'PLAT-00004': 'Some fields are not filled in correctly.',
    'PLAT-00013': 'You are not logged in.',
    'AUTZ-00015': 'No such party. Choose whom to act for again.',
    network: 'Could not reach Tinn. Check your connection and try again.',
    fallback: 'Something went wrong ({code}).',
  },
});

type KnownCode = keyof (typeof known)['nb'];

/**
 * A failure as a sentence in the person's language. Pages may pass their own texts for the codes they
 * expect; those win over the common ones.
 */
export function problemMessage(error: unknown, language: Language, own: Partial<Record<string, string>> = {}): string {
  const texts = known[language];
  if (!(error instanceof ApiError)) return texts.network;
  const ownText = own[error.code];
  if (ownText) return ownText;
  if (error.code in texts) return texts[error.code as KnownCode];
  return format(texts.fallback, { code: error.code });
}
