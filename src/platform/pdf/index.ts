/**
 * PDF rendering with pdfkit. Kept out of `platform/index.ts` so processes load pdfkit only when they render:
 * import it from here.
 */
export { renderPdf, type PdfModel } from './document.ts';
