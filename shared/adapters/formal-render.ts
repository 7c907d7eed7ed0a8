import fontkit from '@pdf-lib/fontkit';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { unzipSync, type Zippable, zipSync } from 'fflate';
import { type PDFFont, type PDFPage, PDFDocument, degrees, rgb } from 'pdf-lib';
import type { Block, FormalDocument, Line } from '#domain/formal-documents';
import boldFont from '../assets/fonts/LiberationSerif-Bold.ttf';
import regularFont from '../assets/fonts/LiberationSerif-Regular.ttf';

/**
 * One formal document model (shared/domain/formal-documents.ts) in two formats: DOCX for the secretariat to edit
 * and sign in their document office, PDF to read and file. Decree 30/2020's page: A4, margins top and bottom
 * 20 mm, left 30 mm, right 15 mm, Times New Roman 13–14 pt. The PDF embeds Liberation Serif (SIL OFL 1.1,
 * metric-compatible with Times New Roman, full Vietnamese coverage), shipped inside the bundle: no system font is
 * read at run time. Same model, same bytes: fixed zip timestamps and document dates, no random names.
 */

/** The instant a format stamps: the document's own date (midnight UTC for a calendar date), so the bytes depend on the inputs only. */
const documentInstant = (doc: FormalDocument): Date => {
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(doc.date) ? `${doc.date}T00:00:00Z` : doc.date);
  return Number.isNaN(at.getTime()) ? new Date(0) : at;
};
const MM = 72 / 25.4;
const TWIPS_PER_MM = 1440 / 25.4;
const MARGIN = { top: 20, bottom: 20, left: 30, right: 15 } as const;
const BODY_PT = 14;

// ---------------------------------------------------------------- DOCX

const alignOf = (a: Line['align']) =>
  a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : a === 'justify' ? AlignmentType.JUSTIFIED : AlignmentType.LEFT;

function paragraph(l: Line, after = 60): Paragraph {
  return new Paragraph({
    alignment: alignOf(l.align),
    spacing: { after, line: 276 },
    ...(l.indent ? { indent: { firstLine: Math.round(10 * TWIPS_PER_MM) } } : {}),
    children: [new TextRun({ text: l.text, bold: l.bold ?? false, italics: l.italic ?? false, size: (l.size ?? BODY_PT) * 2, font: 'Times New Roman' })],
  });
}

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
const single = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function docxBlock(block: Block): (Paragraph | Table)[] {
  switch (block.type) {
    case 'line':
      return [paragraph(block.line)];
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
    case 'columns':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          borders: noBorders,
          rows: [
            new TableRow({
              children: [block.left, block.right].map(
                (lines, i) =>
                  new TableCell({ width: { size: i === 0 ? 42 : 58, type: WidthType.PERCENTAGE }, borders: noBorders, children: lines.map((l) => paragraph(l, 0)) }),
              ),
            }),
          ],
        }),
        new Paragraph({ children: [] }),
      ];
    case 'table': {
      const cell = (text: string, width: number, bold: boolean, center: boolean) =>
        new TableCell({
          width: { size: width, type: WidthType.PERCENTAGE },
          borders: { top: single, bottom: single, left: single, right: single },
          children: [paragraph({ text, bold, size: 13, align: center ? 'center' : 'left' }, 0)],
        });
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: block.header.map((h, i) => cell(h, block.widths[i] ?? 10, true, true)) }),
            ...block.rows.map((r) => new TableRow({ children: r.map((t, i) => cell(t, block.widths[i] ?? 10, false, i === 0)) })),
          ],
        }),
      ];
    }
  }
}

/** The document as DOCX (WordprocessingML), with docx's own zip re-packed with fixed timestamps. */
export async function renderDocx(doc: FormalDocument): Promise<Uint8Array> {
  const file = new Document({
    title: doc.title,
    creator: 'Ban Thi đua – Khen thưởng tỉnh',
    styles: { default: { document: { run: { font: 'Times New Roman', size: BODY_PT * 2 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: {
              top: Math.round(MARGIN.top * TWIPS_PER_MM),
              bottom: Math.round(MARGIN.bottom * TWIPS_PER_MM),
              left: Math.round(MARGIN.left * TWIPS_PER_MM),
              right: Math.round(MARGIN.right * TWIPS_PER_MM),
            },
          },
        },
        children: doc.blocks.flatMap(docxBlock),
      },
    ],
  });
  const packed = await Packer.toBuffer(file);
  // docx stamps the core properties with the time of packing and its zip entries with the clock: replace both.
  const entries = unzipSync(new Uint8Array(packed));
  const core = entries['docProps/core.xml'];
  if (core) {
    const stamp = documentInstant(doc).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const text = new TextDecoder().decode(core).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${stamp}$2`);
    entries['docProps/core.xml'] = new TextEncoder().encode(text);
  }
  // fflate reads the DOS time in local time: a local midnight is the same stamp in every time zone.
  const mtime = new Date(1980, 0, 1);
  const files: Zippable = {};
  for (const [name, data] of Object.entries(entries)) files[name] = [data, { mtime }];
  return zipSync(files, { level: 6 });
}

// ---------------------------------------------------------------- PDF

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

const PAGE = { width: 210 * MM, height: 297 * MM };
const LEFT = MARGIN.left * MM;
const RIGHT = PAGE.width - MARGIN.right * MM;
/** Oblique for italics (no italic face is shipped): pdf-lib's ySkew slants the glyphs, the baseline stays level. */
const ITALIC_SKEW = degrees(12);

/** Breaks text into lines that fit `width` at `size` (words; a word longer than the line is cut by characters). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const tried = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(tried, size) <= width) {
      current = tried;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    while (font.widthOfTextAtSize(current, size) > width && current.length > 1) {
      let cut = current.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut--;
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  lines.push(current);
  return lines;
}

class PdfWriter {
  private page!: PDFPage;
  private y = 0;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - MARGIN.top * MM;
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN.bottom * MM) this.newPage();
  }

  /** Lays out one line of the model in [x0, x1] from `top`; returns the height used. Draws only when `draw`. */
  lineBox(l: Line, x0: number, x1: number, top: number, draw: boolean): number {
    const size = l.size ?? BODY_PT;
    const font = l.bold ? this.fonts.bold : this.fonts.regular;
    const leading = size * 1.25;
    const indent = l.indent ? 10 * MM : 0;
    const rows = l.text ? wrap(l.text, font, size, x1 - x0 - indent) : [''];
    if (draw) {
      rows.forEach((text, i) => {
        const w = font.widthOfTextAtSize(text, size);
        const start = i === 0 ? x0 + indent : x0;
        const x = l.align === 'center' ? x0 + (x1 - x0 - w) / 2 : l.align === 'right' ? x1 - w : start;
        this.page.drawText(text, { x, y: top - size - i * leading, size, font, color: rgb(0, 0, 0), ...(l.italic ? { ySkew: ITALIC_SKEW } : {}) });
      });
    }
    return rows.length * leading;
  }

  line(l: Line): void {
    const h = this.lineBox(l, LEFT, RIGHT, this.y, false);
    this.ensure(h);
    this.lineBox(l, LEFT, RIGHT, this.y, true);
    this.y -= h + 3;
  }

  columns(left: readonly Line[], right: readonly Line[]): void {
    const split = LEFT + (RIGHT - LEFT) * 0.42;
    const height = (lines: readonly Line[], x0: number, x1: number) => lines.reduce((h, l) => h + this.lineBox(l, x0, x1, 0, false), 0);
    const h = Math.max(height(left, LEFT, split), height(right, split, RIGHT));
    this.ensure(h);
    let top = this.y;
    for (const l of left) top -= this.lineBox(l, LEFT, split, top, true);
    top = this.y;
    for (const l of right) top -= this.lineBox(l, split, RIGHT, top, true);
    this.y -= h + 10;
  }

  table(header: readonly string[], widths: readonly number[], rows: readonly (readonly string[])[]): void {
    const total = widths.reduce((a, b) => a + b, 0);
    const xs = [LEFT];
    for (const w of widths) xs.push(xs.at(-1)! + ((RIGHT - LEFT) * w) / total);
    const pad = 3;
    const row = (cells: readonly string[], bold: boolean) => {
      const lines = cells.map((text, i): Line => ({ text, bold, size: 12, align: bold || i === 0 ? 'center' : 'left' }));
      const h = Math.max(...lines.map((l, i) => this.lineBox(l, (xs[i] ?? LEFT) + pad, (xs[i + 1] ?? RIGHT) - pad, 0, false))) + 2 * pad;
      this.ensure(h);
      lines.forEach((l, i) => {
        const x0 = xs[i] ?? LEFT;
        const x1 = xs[i + 1] ?? RIGHT;
        this.lineBox(l, x0 + pad, x1 - pad, this.y - pad, true);
        this.page.drawRectangle({ x: x0, y: this.y - h, width: x1 - x0, height: h, borderColor: rgb(0, 0, 0), borderWidth: 0.5 });
      });
      this.y -= h;
    };
    row(header, true);
    for (const r of rows) row(r, false);
    this.y -= 8;
  }
}

/** The document as PDF with the embedded font (subset to the glyphs used), every date fixed. */
export async function renderPdf(doc: FormalDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  // Fixed names: pdf-lib would otherwise suffix the font's name with a number of its own.
  const fonts = {
    regular: await pdf.embedFont(regularFont, { subset: true, customName: 'LiberationSerif' }),
    bold: await pdf.embedFont(boldFont, { subset: true, customName: 'LiberationSerif-Bold' }),
  };
  pdf.setTitle(doc.title);
  pdf.setLanguage('vi-VN');
  pdf.setCreationDate(documentInstant(doc));
  pdf.setModificationDate(documentInstant(doc));
  const writer = new PdfWriter(pdf, fonts);
  for (const block of doc.blocks) {
    if (block.type === 'line') writer.line(block.line);
    else if (block.type === 'columns') writer.columns(block.left, block.right);
    else if (block.type === 'table') writer.table(block.header, block.widths, block.rows);
    else writer.newPage();
  }
  return pdf.save({ useObjectStreams: false });
}
