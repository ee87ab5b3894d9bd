import PDFDocument from 'pdfkit';

/** A document for people: a title, a few facts, then sections of labelled rows (indented by depth). */
export interface PdfModel {
  title: string;
  subtitle?: string;
  /** Shown in the document's metadata and as its creation date, so the same model renders the same bytes. */
  createdAt: Date;
  facts: { label: string; value: string }[];
  sections: { heading: string; rows: { depth: number; label: string; value: string | null }[] }[];
  footer?: string;
}

const MARGIN = 50;
const INDENT = 14;

/**
 * Renders a model to PDF with pdfkit's standard fonts (WinAnsi: Norwegian letters included). Deterministic
 * for the same model: fixed dates and ID, no compression variation, so a document generated twice is the
 * same bytes and can be stored once.
 */
export function renderPdf(model: PdfModel): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: true,
    info: { Title: model.title, Producer: 'Tinn', Creator: 'Tinn', CreationDate: model.createdAt, ModDate: model.createdAt },
    bufferPages: true,
  });
  // pdfkit derives the file ID from the creation date and a random part; fix it for repeatable output.
  (doc as unknown as { _id: Buffer })._id = Buffer.alloc(16, 0x54);
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(16).text(model.title, { width });
  if (model.subtitle) doc.moveDown(0.2).font('Helvetica').fontSize(11).fillColor('#444').text(model.subtitle, { width }).fillColor('#000');
  doc.moveDown(0.8).fontSize(10);
  for (const f of model.facts) {
    doc.font('Helvetica-Bold').text(`${f.label}: `, { continued: true, width }).font('Helvetica').text(f.value || '–');
  }
  for (const s of model.sections) {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(s.heading, { width }).moveDown(0.3).fontSize(10);
    for (const r of s.rows) {
      const x = MARGIN + Math.min(r.depth, 10) * INDENT;
      const w = width - (x - MARGIN);
      if (r.value === null) doc.font('Helvetica-Bold').text(r.label, x, undefined, { width: w });
      else doc.font('Helvetica').text(`${r.label}: `, x, undefined, { width: w, continued: true }).font('Helvetica-Bold').text(r.value === '' ? '–' : r.value);
    }
  }
  if (model.footer) doc.moveDown(1.5).font('Helvetica').fontSize(8).fillColor('#555').text(model.footer, MARGIN, undefined, { width });
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    doc.font('Helvetica').fontSize(8).fillColor('#555').text(`${i + 1} / ${pages.count}`, MARGIN, doc.page.height - MARGIN + 15, { width, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
