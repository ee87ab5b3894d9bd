const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** Text or an attribute value safe to write between tags or in quotes. */
export function escapeXml(value: string | number): string {
  return String(value).replace(/[<>&"']/g, (c) => ENTITIES[c]!);
}
