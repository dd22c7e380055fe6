import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

/**
 * Documents the office hands out (certificates, reports, journals) as PDF with correct Czech
 * and Polish letters: a list of blocks laid out on A4 pages with wrapping and page numbers.
 * DejaVu Sans is embedded (subset), because the standard PDF fonts have no "ř" or "ł".
 */
export type PdfBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; bold?: boolean }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] }
  | { kind: 'spacer'; height?: number };

export interface PdfDocumentSpec {
  title: string;
  author?: string;
  subject?: string;
  /** BCP 47 language of the text, e.g. 'cs'. */
  lang?: string;
  /** Creation date written into the metadata; pass the clock's time for reproducible output. */
  createdAt?: Date;
  blocks: PdfBlock[];
  /** Printed at the bottom of each page, left of "page X / Y". */
  footer?: string;
  /** Word for "page" in the footer (default "strana"). */
  pageWord?: string;
}

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fontBytes: { regular: Buffer; bold: Buffer } | null = null;
function fonts() {
  fontBytes ??= {
    regular: fs.readFileSync(path.join(fontDir, 'DejaVuSans.ttf')),
    bold: fs.readFileSync(path.join(fontDir, 'DejaVuSans-Bold.ttf')),
  };
  return fontBytes;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const FOOTER_SPACE = 30;
const SIZES = { title: 18, heading: 13, body: 10.5, table: 9, footer: 8 };

export async function renderPdf(spec: PdfDocumentSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fonts().regular, { subset: true });
  const bold = await doc.embedFont(fonts().bold, { subset: true });
  doc.setTitle(spec.title, { showInWindowTitleBar: true });
  if (spec.author) doc.setAuthor(spec.author);
  if (spec.subject) doc.setSubject(spec.subject);
  doc.setLanguage(spec.lang ?? 'cs');
  doc.setProducer('Samospráva');
  doc.setCreator('Samospráva');
  const created = spec.createdAt ?? new Date();
  doc.setCreationDate(created);
  doc.setModificationDate(created);

  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;

  const ensure = (height: number) => {
    if (y - height < MARGIN + FOOTER_SPACE) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const line = (text: string, font: PDFFont, size: number, x = MARGIN) => {
    ensure(size * 1.4);
    y -= size * 1.4;
    page.drawText(text, { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });
  };
  const paragraph = (text: string, font: PDFFont, size: number, x = MARGIN, w = width) => {
    for (const l of wrap(text, font, size, w)) line(l, font, size, x);
  };

  for (const block of spec.blocks) {
    switch (block.kind) {
      case 'title':
        paragraph(block.text, bold, SIZES.title);
        y -= 8;
        break;
      case 'heading':
        ensure(SIZES.heading * 3);
        y -= 8;
        paragraph(block.text, bold, SIZES.heading);
        y -= 2;
        break;
      case 'paragraph':
        paragraph(block.text, block.bold ? bold : regular, SIZES.body);
        y -= 4;
        break;
      case 'spacer':
        y -= block.height ?? 12;
        break;
      case 'facts': {
        const labelWidth = Math.min(
          width * 0.4,
          Math.max(...block.rows.map(([l]) => bold.widthOfTextAtSize(l, SIZES.body))) + 12,
        );
        for (const [label, value] of block.rows) {
          const valueLines = wrap(value || '—', regular, SIZES.body, width - labelWidth);
          const labelLines = wrap(label, bold, SIZES.body, labelWidth - 6);
          const rows = Math.max(valueLines.length, labelLines.length);
          ensure(rows * SIZES.body * 1.4);
          for (let i = 0; i < rows; i++) {
            y -= SIZES.body * 1.4;
            if (labelLines[i]) page.drawText(labelLines[i]!, { x: MARGIN, y, size: SIZES.body, font: bold });
            if (valueLines[i])
              page.drawText(valueLines[i]!, { x: MARGIN + labelWidth, y, size: SIZES.body, font: regular });
          }
        }
        y -= 4;
        break;
      }
      case 'table':
        drawTable(block);
        break;
    }
  }

  function drawTable(block: Extract<PdfBlock, { kind: 'table' }>) {
    const n = block.columns.length;
    const weights = block.widths ?? block.columns.map(() => 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const cols = weights.map((w) => (w / total) * width);
    const size = SIZES.table;
    const lh = size * 1.35;
    const drawRow = (cells: string[], font: PDFFont, shade: boolean) => {
      const wrapped = cells.map((c, i) => wrap(c ?? '', font, size, cols[i]! - 6));
      const height = Math.max(1, ...wrapped.map((w) => w.length)) * lh + 4;
      ensure(height);
      if (shade)
        page.drawRectangle({ x: MARGIN, y: y - height, width, height, color: rgb(0.93, 0.93, 0.93) });
      let x = MARGIN;
      wrapped.forEach((ls, i) => {
        ls.forEach((l, k) => {
          page.drawText(l, { x: x + 3, y: y - (k + 1) * lh, size, font });
        });
        x += cols[i]!;
      });
      y -= height;
      page.drawLine({
        start: { x: MARGIN, y },
        end: { x: MARGIN + width, y },
        thickness: 0.5,
        color: rgb(0.6, 0.6, 0.6),
      });
    };
    y -= 4;
    drawRow(block.columns.slice(0, n), bold, true);
    for (const r of block.rows) drawRow(r, regular, false);
    y -= 6;
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const label = `${spec.pageWord ?? 'strana'} ${i + 1} / ${pages.length}`;
    const w = regular.widthOfTextAtSize(label, SIZES.footer);
    p.drawText(label, {
      x: A4[0] - MARGIN - w,
      y: MARGIN - 10,
      size: SIZES.footer,
      font: regular,
      color: rgb(0.35, 0.35, 0.35),
    });
    if (spec.footer) {
      const text = wrap(spec.footer, regular, SIZES.footer, width - w - 20)[0] ?? '';
      p.drawText(text, {
        x: MARGIN,
        y: MARGIN - 10,
        size: SIZES.footer,
        font: regular,
        color: rgb(0.35, 0.35, 0.35),
      });
    }
  });
  return doc.save();
}

/** Greedy word wrap by measured width; a word longer than the line is split by characters. */
export function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const out: string[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    let current = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const candidate = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= maxWidth) {
        current = candidate;
        continue;
      }
      if (current) out.push(current);
      current = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > maxWidth) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > maxWidth) cut--;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      current = rest;
    }
    out.push(current);
  }
  return out;
}
