import { crc32, deflateSync } from 'node:zlib';

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

/** A valid 8-bit RGB PNG with a stripe-and-gradient pattern whose colours depend on the seed. */
export function samplePng(width: number, height: number, seed: number): Buffer {
  requireInteger('width', width, 1);
  requireInteger('height', height, 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pngScanlines(width, height, seed))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid 64x64 baseline (SOF0) colour JPEG of 8x8 tiles whose colours depend on the seed. */
export function sampleJpeg(seed: number): Buffer {
  const size = JPEG_BLOCKS_PER_SIDE * 8;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    jpegSegment(0xfe, ascii(`Synthetic test image, seed ${seed}`)),
    jpegSegment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    jpegSegment(0xc0, Buffer.from([8, 0, size, 0, size, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0])),
    jpegSegment(0xc4, jpegHuffmanTable(0x00, DC_LUMINANCE_BITS, DC_LUMINANCE_VALUES)),
    jpegSegment(0xc4, jpegHuffmanTable(0x10, EOB_ONLY_BITS, EOB_ONLY_VALUES)),
    jpegSegment(0xda, Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0])),
    jpegEntropyData(jpegTileColours(seed)),
    Buffer.from([0xff, 0xd9]),
  ]);
}

// ---------------------------------------------------------------- shared helpers

function requireInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer of at least ${minimum}, got ${value}`);
  }
}

function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

/** Xorshift32: cheap, deterministic, and good enough that deflate cannot shrink the output. */
function nextRandomState(state: number): number {
  let next = state;
  next ^= next << 13;
  next ^= next >>> 17;
  next ^= next << 5;
  return next >>> 0;
}

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

// ---------------------------------------------------------------- PDF

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

// ---------------------------------------------------------------- PNG

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([ascii(type), data]);
  const framed = Buffer.alloc(typeAndData.length + 8);
  framed.writeUInt32BE(data.length, 0);
  typeAndData.copy(framed, 4);
  framed.writeUInt32BE(crc32(typeAndData), framed.length - 4);
  return framed;
}

function pngScanlines(width: number, height: number, seed: number): Buffer {
  const rowLength = 1 + width * 3; // leading filter byte 0 (None) per row
  const pixels = Buffer.alloc(rowLength * height);
  const palette = seedPalette(seed, 4);
  const stripeWidth = Math.max(1, Math.ceil(width / 8));
  for (let y = 0; y < height; y += 1) {
    const shade = height > 1 ? y / (height - 1) : 0;
    for (let x = 0; x < width; x += 1) {
      const base = palette[Math.floor(x / stripeWidth) % palette.length] ?? [0, 0, 0];
      const offset = y * rowLength + 1 + x * 3;
      base.forEach((channel, index) => {
        pixels[offset + index] = Math.round(channel * (1 - 0.6 * shade));
      });
    }
  }
  return pixels;
}

function seedPalette(seed: number, count: number): Array<readonly [number, number, number]> {
  let state = hashString(`palette:${seed}`) || 1;
  return Array.from({ length: count }, () => {
    state = nextRandomState(state);
    return [state & 0xff, (state >>> 8) & 0xff, (state >>> 16) & 0xff] as const;
  });
}

// ---------------------------------------------------------------- JPEG

const JPEG_BLOCKS_PER_SIDE = 8;

// ITU T.81 Annex K.3 luminance DC table: categories 0-11, enough for any 8-bit DC difference.
const DC_LUMINANCE_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_LUMINANCE_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// Each tile is a flat colour, so every block's AC coefficients are zero and only end-of-block is ever coded.
const EOB_ONLY_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const EOB_ONLY_VALUES = [0x00];

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

function jpegHuffmanTable(classAndId: number, bits: readonly number[], values: readonly number[]): Buffer {
  return Buffer.from([classAndId, ...bits, ...values]);
}

/** Canonical Huffman codes (T.81 Annex C) keyed by symbol. */
function huffmanCodes(bits: readonly number[], values: readonly number[]): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let valueIndex = 0;
  bits.forEach((count, lengthIndex) => {
    for (let n = 0; n < count; n += 1) {
      codes.set(values[valueIndex] ?? 0, { code, length: lengthIndex + 1 });
      code += 1;
      valueIndex += 1;
    }
    code <<= 1;
  });
  return codes;
}

/** YCbCr colour per 8x8 tile, row-major: diagonal gradient between two seed-derived colours. */
function jpegTileColours(seed: number): Array<readonly [number, number, number]> {
  const [from = [0, 0, 0], to = [255, 255, 255]] = seedPalette(seed, 2);
  const tiles: Array<readonly [number, number, number]> = [];
  const steps = 2 * (JPEG_BLOCKS_PER_SIDE - 1);
  for (let row = 0; row < JPEG_BLOCKS_PER_SIDE; row += 1) {
    for (let column = 0; column < JPEG_BLOCKS_PER_SIDE; column += 1) {
      const mix = (row + column) / steps;
      const rgb = from.map((channel, index) => channel + ((to[index] ?? 0) - channel) * mix);
      tiles.push(rgbToYCbCr(rgb[0] ?? 0, rgb[1] ?? 0, rgb[2] ?? 0));
    }
  }
  return tiles;
}

function rgbToYCbCr(red: number, green: number, blue: number): readonly [number, number, number] {
  const clamp = (value: number): number => Math.min(255, Math.max(0, Math.round(value)));
  return [
    clamp(0.299 * red + 0.587 * green + 0.114 * blue),
    clamp(128 - 0.168736 * red - 0.331264 * green + 0.5 * blue),
    clamp(128 + 0.5 * red - 0.418688 * green - 0.081312 * blue),
  ];
}

function jpegEntropyData(tiles: ReadonlyArray<readonly [number, number, number]>): Buffer {
  const dcCodes = huffmanCodes(DC_LUMINANCE_BITS, DC_LUMINANCE_VALUES);
  const endOfBlock = huffmanCodes(EOB_ONLY_BITS, EOB_ONLY_VALUES).get(0x00) ?? { code: 0, length: 1 };
  const writer = new JpegBitWriter();
  const previousDc = [0, 0, 0];
  for (const tile of tiles) {
    tile.forEach((sample, component) => {
      // With a quantiser of 1, a flat block's DC coefficient is 8 x (level-shifted sample).
      const dc = (sample - 128) * 8;
      writeDcDifference(writer, dcCodes, dc - (previousDc[component] ?? 0));
      previousDc[component] = dc;
      writer.write(endOfBlock.code, endOfBlock.length);
    });
  }
  return writer.finish();
}

function writeDcDifference(
  writer: JpegBitWriter,
  dcCodes: Map<number, { code: number; length: number }>,
  difference: number,
): void {
  const category = difference === 0 ? 0 : Math.floor(Math.log2(Math.abs(difference))) + 1;
  const huffman = dcCodes.get(category);
  if (!huffman) {throw new Error(`DC difference ${difference} is out of range`);}
  writer.write(huffman.code, huffman.length);
  // Negative differences are sent as their ones' complement in `category` bits.
  if (category > 0) {writer.write(difference < 0 ? difference + (1 << category) - 1 : difference, category);}
}

class JpegBitWriter {
  private readonly bytes: number[] = [];
  private accumulator = 0;
  private bitCount = 0;

  write(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit -= 1) {
      this.accumulator = (this.accumulator << 1) | ((value >>> bit) & 1);
      this.bitCount += 1;
      if (this.bitCount === 8) {this.flushByte();}
    }
  }

  finish(): Buffer {
    // Pad the last byte with one-bits, as T.81 F.1.2.3 requires.
    while (this.bitCount !== 0) {this.write(1, 1);}
    return Buffer.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.accumulator);
    // A 0xFF in entropy-coded data must be stuffed with 0x00 so it is not read as a marker.
    if (this.accumulator === 0xff) {this.bytes.push(0x00);}
    this.accumulator = 0;
    this.bitCount = 0;
  }
}
