/**
 * The record PDF's index: who the record is of and who saved it, then each document with its date, type and the
 * page it starts on, or "In the ZIP only" and why. Laid out first, so the number of index pages is known before any
 * page number is printed, then drawn at the front of the document with a link from each row to its document.
 */
import { type PDFDocument, type PDFFont, type PDFPage, PDFName, type PDFRef, StandardFonts, rgb } from 'pdf-lib';
import { A4 } from './add-document.js';
import { pageDestination } from './outline.js';
import { drawable, wrap } from './pdf-text.js';

export interface IndexHeader {
  readonly patientName?: string | undefined;
  /** Already grouped 3-3-4. */
  readonly nhsNumber: string;
  readonly savedAt: string;
  readonly savedBy: string;
}

/** One document as the index lists it; `start` is its first page counted from the first page after the index. */
export interface IndexEntry {
  readonly name: string;
  readonly date: string;
  readonly type: string;
  readonly placed: { readonly start: number; readonly firstPage: PDFRef } | { readonly zipOnly: string };
}

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

interface Row {
  readonly entry: IndexEntry;
  readonly date: string;
  readonly type: string;
  readonly nameLines: ReadonlyArray<string>;
  readonly noteLines: ReadonlyArray<string>;
  readonly height: number;
}

const MARGIN = 50;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const GAP = 10;
const COLUMNS = { date: 66, type: 68, page: 34 } as const;
const NAME_WIDTH = CONTENT_WIDTH - COLUMNS.date - COLUMNS.type - COLUMNS.page - 3 * GAP;
const X = {
  date: MARGIN,
  name: MARGIN + COLUMNS.date + GAP,
  type: MARGIN + COLUMNS.date + GAP + NAME_WIDTH + GAP,
  pageRight: A4.width - MARGIN,
} as const;
const TEXT_SIZE = 9.5;
const LINE = 12;
const ROW_GAP = 5;
const TITLE_SIZE = 18;
const BOTTOM = 60;
const ZIP_ONLY = 'In the ZIP only';

/** Draws the index as the first pages of `output`; returns how many pages it took. */
export async function drawIndex(output: PDFDocument, header: IndexHeader, entries: ReadonlyArray<IndexEntry>, omitted: number): Promise<number> {
  const fonts = { regular: await output.embedFont(StandardFonts.Helvetica), bold: await output.embedFont(StandardFonts.HelveticaBold) };
  const headerLines = headerText(fonts, header, entries, omitted);
  const pages = paginate(headerLines.length, entries.map((entry) => layoutRow(fonts, entry)));
  const indexPages = pages.length;
  pages.forEach((rows, pageIndex) => {
    const page = output.insertPage(pageIndex, [A4.width, A4.height]);
    let y = A4.height - MARGIN;
    if (pageIndex === 0) {
      page.drawText('Patient record', { x: MARGIN, y: y - TITLE_SIZE, size: TITLE_SIZE, font: fonts.bold });
      y -= TITLE_SIZE + 14;
      for (const line of headerLines) {
        page.drawText(line, { x: MARGIN, y: y - TEXT_SIZE, size: TEXT_SIZE + 0.5, font: fonts.regular });
        y -= LINE + 2;
      }
      y -= 10;
    } else {
      page.drawText(drawable(fonts.bold, `Patient record, NHS number ${header.nhsNumber}: index (continued)`), { x: MARGIN, y: y - 11, size: 11, font: fonts.bold });
      y -= 11 + 14;
    }
    y = drawColumnHeadings(page, fonts, y);
    for (const row of rows) {
      drawRow(output, page, fonts, row, y, indexPages);
      y -= row.height;
    }
    const footer = `Index, page ${pageIndex + 1} of ${indexPages}. Page numbers count from the first page of this PDF.`;
    page.drawText(footer, { x: MARGIN, y: 30, size: 8, font: fonts.regular, color: rgb(0.3, 0.3, 0.3) });
  });
  return indexPages;
}

function headerText(fonts: Fonts, header: IndexHeader, entries: ReadonlyArray<IndexEntry>, omitted: number): string[] {
  const merged = entries.filter((entry) => 'start' in entry.placed).length;
  const zipOnly = entries.length - merged;
  const lines = [
    ...(header.patientName === undefined ? [] : [`Patient: ${header.patientName}`]),
    `NHS number: ${header.nhsNumber}`,
    `Saved: ${header.savedAt}`,
    `Saved by: ${header.savedBy}`,
    `${count(entries.length, 'document')} in the ZIP: ${merged} in this PDF${zipOnly > 0 ? `, ${zipOnly} in the ZIP only` : ''}.`,
    ...(omitted > 0 ? [`${count(omitted, 'other document')} of this patient ${omitted === 1 ? 'is' : 'are'} not in the ZIP; its manifest says why.`] : []),
  ];
  return lines.flatMap((line) => wrap(fonts.regular, TEXT_SIZE + 0.5, drawable(fonts.regular, line), CONTENT_WIDTH));
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;
}

function layoutRow(fonts: Fonts, entry: IndexEntry): Row {
  const nameLines = wrap(fonts.regular, TEXT_SIZE, drawable(fonts.regular, entry.name), NAME_WIDTH);
  const noteLines = 'zipOnly' in entry.placed ? wrap(fonts.regular, TEXT_SIZE - 1, drawable(fonts.regular, `${ZIP_ONLY}: ${entry.placed.zipOnly}.`), NAME_WIDTH) : [];
  const date = drawable(fonts.regular, entry.date);
  const type = drawable(fonts.regular, entry.type);
  const dateLines = wrap(fonts.regular, TEXT_SIZE, date, COLUMNS.date).length;
  const lines = Math.max(nameLines.length + noteLines.length, dateLines, 1);
  return { entry, date, type, nameLines, noteLines, height: lines * LINE + ROW_GAP };
}

const HEADINGS_HEIGHT = LINE + 8;
// Where rows start: these follow what drawIndex draws above them.
const FIRST_PAGE_TOP = (headerLineCount: number) => A4.height - MARGIN - (TITLE_SIZE + 14) - headerLineCount * (LINE + 2) - 10 - HEADINGS_HEIGHT;
const LATER_PAGE_TOP = A4.height - MARGIN - (11 + 14) - HEADINGS_HEIGHT;

/** Rows into pages, never splitting a row; always at least one page, even for an empty record. */
function paginate(headerLineCount: number, rows: ReadonlyArray<Row>): Row[][] {
  const pages: Row[][] = [[]];
  let room = FIRST_PAGE_TOP(headerLineCount) - BOTTOM;
  for (const row of rows) {
    const current = pages[pages.length - 1] as Row[];
    if (row.height > room && current.length > 0) {
      pages.push([row]);
      room = LATER_PAGE_TOP - BOTTOM - row.height;
    } else {
      current.push(row);
      room -= row.height;
    }
  }
  return pages;
}

function drawColumnHeadings(page: PDFPage, fonts: Fonts, top: number): number {
  const y = top - TEXT_SIZE;
  page.drawText('Date', { x: X.date, y, size: TEXT_SIZE, font: fonts.bold });
  page.drawText('Document', { x: X.name, y, size: TEXT_SIZE, font: fonts.bold });
  page.drawText('Type', { x: X.type, y, size: TEXT_SIZE, font: fonts.bold });
  const pageHeading = 'Page';
  page.drawText(pageHeading, { x: X.pageRight - fonts.bold.widthOfTextAtSize(pageHeading, TEXT_SIZE), y, size: TEXT_SIZE, font: fonts.bold });
  page.drawLine({ start: { x: MARGIN, y: y - 4 }, end: { x: X.pageRight, y: y - 4 }, thickness: 0.5, color: rgb(0.5, 0.5, 0.5) });
  return top - HEADINGS_HEIGHT;
}

function drawRow(output: PDFDocument, page: PDFPage, fonts: Fonts, row: Row, top: number, indexPages: number): void {
  const baseline = (line: number) => top - TEXT_SIZE - line * LINE;
  wrap(fonts.regular, TEXT_SIZE, row.date, COLUMNS.date).forEach((line, index) => page.drawText(line, { x: X.date, y: baseline(index), size: TEXT_SIZE, font: fonts.regular }));
  row.nameLines.forEach((line, index) => page.drawText(line, { x: X.name, y: baseline(index), size: TEXT_SIZE, font: fonts.regular }));
  row.noteLines.forEach((line, index) =>
    page.drawText(line, { x: X.name, y: baseline(row.nameLines.length + index), size: TEXT_SIZE - 1, font: fonts.regular, color: rgb(0.55, 0.2, 0) }),
  );
  page.drawText(row.type, { x: X.type, y: baseline(0), size: TEXT_SIZE, font: fonts.regular });
  const placed = row.entry.placed;
  const pageText = 'start' in placed ? String(indexPages + placed.start + 1) : '-';
  page.drawText(pageText, { x: X.pageRight - fonts.regular.widthOfTextAtSize(pageText, TEXT_SIZE), y: baseline(0), size: TEXT_SIZE, font: fonts.regular });
  if ('start' in placed) {
    addLink(output, page, [MARGIN, top - row.height + ROW_GAP / 2, X.pageRight, top], placed.firstPage);
  }
}

/** A click anywhere on the row opens the document's first page. */
function addLink(output: PDFDocument, page: PDFPage, rect: readonly [number, number, number, number], target: PDFRef): void {
  const context = output.context;
  const link = context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [...rect], Border: [0, 0, 0] });
  link.set(PDFName.of('Dest'), pageDestination(output, target));
  page.node.addAnnot(context.register(link));
}
