const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };
/** Characters XML 1.0 cannot carry at all (controls, unpaired surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or an attribute value safe to write between tags or in quotes; characters XML cannot carry become U+FFFD. */
export function escapeXml(value: string | number): string {
  return String(value)
    .replace(NOT_XML, '\uFFFD')
    .replace(/[<>&"']/g, (c) => ENTITIES[c]!);
}
