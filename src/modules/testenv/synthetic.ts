import type { Random } from '../../platform/index.ts';
import { individualRange, makeOrgno, makeSyntheticNationalId } from '../register/index.ts';

const FIRST_NAMES = ['Kari', 'Ola', 'Ingrid', 'Lars', 'Sigrid', 'Håkon', 'Nora', 'Magnus', 'Astrid', 'Eirik', 'Solveig', 'Bjørn', 'Liv', 'Tor', 'Ragnhild', 'Sindre', 'Maja', 'Øystein', 'Hedda', 'Jonas'];
const LAST_NAMES = ['Nordmann', 'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen', 'Berg', 'Haugen', 'Hagen', 'Eriksen', 'Dahl', 'Lie', 'Strand', 'Solberg', 'Bakken'];
const ORG_WORDS = ['Fjord', 'Nordlys', 'Vidde', 'Bre', 'Skog', 'Elv', 'Havbris', 'Fjell', 'Kyst', 'Lysning'];
const ORG_KINDS = ['Regnskap', 'Bygg', 'Handel', 'Data', 'Transport', 'Fisk', 'Energi', 'Konsult', 'Design', 'Eiendom'];

const pick = <T>(random: Random, list: readonly T[]): T => list[random.int(0, list.length)]!;

export function syntheticName(random: Random): { firstName: string; lastName: string } {
  return { firstName: pick(random, FIRST_NAMES), lastName: pick(random, LAST_NAMES) };
}

export function syntheticOrganizationName(random: Random, form: string): string {
  return `${pick(random, ORG_WORDS)} ${pick(random, ORG_KINDS)} ${form}`;
}

/** A random birth date between 1940 and 2005, or the given one. */
export function syntheticBirthDate(random: Random): string {
  const year = random.int(1940, 2006);
  const month = random.int(1, 13);
  const day = random.int(1, 29);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A synthetic national id (month + 80) for the birth date, with a random individual number. */
export function syntheticNationalId(random: Random, birthDate: string, kind: 'fnr' | 'dnr'): string {
  const [lo, hi] = individualRange(Number(birthDate.slice(0, 4)));
  for (;;) {
    const id = makeSyntheticNationalId(birthDate, random.int(lo, hi + 1), kind);
    if (id) return id;
  }
}

/** A synthetic organisation number in the 3xx xxx xxx range used for test units. */
export function syntheticOrgno(random: Random): string {
  for (;;) {
    const orgno = makeOrgno(`3${String(random.int(0, 10_000_000)).padStart(7, '0')}`);
    if (orgno) return orgno;
  }
}

/** A Norwegian mobile number in the 9xx xx xxx range. */
export function syntheticMobile(random: Random): string {
  return `+479${String(random.int(0, 10_000_000)).padStart(7, '0')}`;
}
