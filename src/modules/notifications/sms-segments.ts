// How many SMS parts a text costs, as an operator bills it.
//
// A text that fits the GSM 03.38 default alphabet goes as 7-bit septets; one character outside it
// switches the whole message to UCS-2 (UTF-16). A single message holds 140 octets: 160 septets or
// 70 UTF-16 units. Longer texts are split, and each part spends 6 octets on the concatenation header
// (UDH), leaving 153 septets or 67 units. A part never ends halfway through an escape pair (GSM-7)
// or a surrogate pair (UCS-2), because handsets would show garbage, so such a part carries one unit
// less and the count can exceed ceil(units / 153).

/** Encoding, size and number of parts of one SMS text. */
export interface SmsSegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2 */
  units: number;
  segments: number;
  /** characters as a person counts them (code points) */
  characters: number;
}

/** Altinn II's limit on an SMS notification after substitution. */
export const MAX_SMS_CHARACTERS = 700;

/**
 * The GSM 03.38 basic table in code order, 0x00–0x7F, without ESC (0x1B), which introduces an
 * extension character rather than being one. The backtick is printable ASCII but not in the table,
 * so it forces UCS-2; "ç" is not either (only "Ç" at 0x09).
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅå' +
    'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
    ' !"#¤%&\'()*+,-./' +
    '0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
    '¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** Sent as ESC + a character, so each costs two septets. Form feed is 0x1B 0x0A. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
const PER_PART = { 'GSM-7': 153, 'UCS-2': 67 } as const;

/** Counts the encoding, units and parts an SMS text needs; an empty text is one (empty) part. */
export function countSmsSegments(text: string): SmsSegmentCount {
  // Split into code points: each costs 1 or 2 units and must stay whole within one part.
  const costs: number[] = [];
  let encoding: SmsSegmentCount['encoding'] = 'GSM-7';
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) costs.push(1);
    else if (GSM_EXTENSION.has(ch)) costs.push(2);
    else {
      encoding = 'UCS-2';
      break;
    }
  }
  if (encoding === 'UCS-2') {
    costs.length = 0;
    for (const ch of text) costs.push(ch.length); // 2 for a surrogate pair, 1 otherwise
  }

  const units = costs.reduce((sum, cost) => sum + cost, 0);
  return { encoding, units, segments: countParts(costs, units, encoding), characters: costs.length };
}

function countParts(costs: readonly number[], units: number, encoding: SmsSegmentCount['encoding']): number {
  if (units <= SINGLE[encoding]) return 1;
  const capacity = PER_PART[encoding];
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > capacity) {
      parts++;
      used = 0;
    }
    used += cost;
  }
  return parts;
}
