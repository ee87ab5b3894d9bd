/** HTML from outside (correspondence bodies): an allow-list sanitizer on a browser-grade parser, and plain text of HTML. */
export { sanitizeHtml, htmlToText, type SanitizedHtml } from './sanitize.ts';
