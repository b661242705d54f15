// Synthetic, viewable PDF 1.4 documents for the sandbox: pages, text content streams, padding and the xref table.

import { ascii, hashString, nextRandomState, requireInteger } from './shared.js';

const SYNTHETIC_NOTICE = 'Synthetic test document - not a real patient record';

interface SamplePdfOptions {
  readonly pages?: number;
  readonly paddingBytes?: number;
}

/** A valid, viewable PDF 1.4 whose pages show the title, a synthetic-data notice and the page number. */
export function samplePdf(title: string, options: SamplePdfOptions = {}): Buffer {
  const pages = options.pages ?? 1;
  const paddingBytes = options.paddingBytes ?? 0;
  requireInteger('pages', pages, 1);
  requireInteger('paddingBytes', paddingBytes, 0);

  // Object numbers: 1 catalog, 2 page tree, 3 font, then a (page, content) pair per page, then the padding.
  const pageObjectNumber = (index: number): number => 4 + index * 2;
  const pageNumbers = Array.from({ length: pages }, (_, index) => pageObjectNumber(index));
  const objects: Buffer[] = [
    ascii('<< /Type /Catalog /Pages 2 0 R >>'),
    ascii(`<< /Type /Pages /Kids [${pageNumbers.map((n) => `${n} 0 R`).join(' ')}] /Count ${pages} >>`),
    ascii('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
  ];
  for (let index = 0; index < pages; index += 1) {
    objects.push(pdfPage(pageObjectNumber(index) + 1), pdfStream(ascii(pageContent(title, index + 1, pages))));
  }
  if (paddingBytes > 0) {objects.push(pdfStream(pseudoRandomBytes(paddingBytes, hashString(title))));}
  return assemblePdf(objects);
}

/** Incompressible padding bytes from the seeded xorshift stream. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 0x9e3779b9; // xorshift never leaves zero
  for (let offset = 0; offset < length; offset += 4) {
    state = nextRandomState(state);
    for (let shift = 0; shift < 4 && offset + shift < length; shift += 1) {
      bytes[offset + shift] = (state >>> (shift * 8)) & 0xff;
    }
  }
  return bytes;
}

function pdfPage(contentObjectNumber: number): Buffer {
  return ascii(
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${contentObjectNumber} 0 R >>`,
  );
}

function pdfStream(data: Buffer): Buffer {
  return Buffer.concat([ascii(`<< /Length ${data.length} >>\nstream\n`), data, ascii('\nendstream')]);
}

function pageContent(title: string, pageNumber: number, pageCount: number): string {
  return [
    textLine(18, 72, 760, title),
    textLine(11, 72, 730, SYNTHETIC_NOTICE),
    textLine(10, 72, 60, `Page ${pageNumber} of ${pageCount}`),
  ].join('\n');
}

function textLine(fontSize: number, x: number, y: number, text: string): string {
  return `BT /F1 ${fontSize} Tf ${x} ${y} Td ${pdfLiteralString(text)} Tj ET`;
}

/** Renders text as a WinAnsi literal string, escaping every non-ASCII byte so the content stream stays ASCII. */
function pdfLiteralString(text: string): string {
  let body = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0x3f;
    // WinAnsi only agrees with Latin-1 for printable ASCII and 0xA0-0xFF.
    const drawable = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);
    if (!drawable) {body += '?';}
    else if (character === '(' || character === ')' || character === '\\') {body += `\\${character}`;}
    else if (code > 0x7e) {body += `\\${code.toString(8).padStart(3, '0')}`;}
    else {body += character;}
  }
  return `(${body})`;
}

function assemblePdf(objects: readonly Buffer[]): Buffer {
  // The high-bit comment line tells transfer tools the file is binary.
  const parts: Buffer[] = [ascii('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let length = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    const object = Buffer.concat([ascii(`${index + 1} 0 obj\n`), body, ascii('\nendobj\n')]);
    offsets.push(length);
    parts.push(object);
    length += object.length;
  });
  parts.push(ascii(pdfTrailer(offsets, length)));
  return Buffer.concat(parts);
}

function pdfTrailer(offsets: readonly number[], xrefOffset: number): string {
  // Every xref entry must be exactly 20 bytes, hence the space before each newline.
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  return (
    `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${entries}` +
    `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`
  );
}
