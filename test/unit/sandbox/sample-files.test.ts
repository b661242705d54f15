import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sampleJpeg, samplePdf, samplePng } from '../../../main/sandbox/sample-files.js';

describe('samplePdf', () => {
  it('starts with a PDF 1.4 header and ends with %%EOF', () => {
    const pdf = samplePdf('Discharge summary');
    expect(pdf.subarray(0, 9).toString('latin1')).toBe('%PDF-1.4\n');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('has an xref table whose every offset points at its own object', () => {
    for (const pdf of [samplePdf('One'), samplePdf('Three', { pages: 3, paddingBytes: 5000 })]) {
      const { offsets } = readXref(pdf);
      offsets.forEach((offset, index) => {
        expect(pdf.subarray(offset, offset + 20).toString('latin1')).toMatch(new RegExp(`^${index + 1} 0 obj\\n`));
      });
    }
  });

  it('declares a trailer /Size covering every object', () => {
    const pdf = samplePdf('Sized', { pages: 2 });
    const { offsets } = readXref(pdf);
    expect(pdf.toString('latin1')).toContain(`/Size ${offsets.length + 1} /Root 1 0 R`);
    expect(countMatches(pdf.toString('latin1'), /^\d+ 0 obj$/gm)).toBe(offsets.length);
  });

  it('gives every stream a /Length equal to its real byte length', () => {
    const pdf = samplePdf('Lengths', { pages: 2, paddingBytes: 777 });
    const streams = readStreams(pdf);
    expect(streams).toHaveLength(3);
    for (const { declaredLength, data } of streams) {expect(data.length).toBe(declaredLength);}
  });

  it('makes one page per requested page, each with title, notice and page number', () => {
    const pdf = samplePdf('Clinic letter', { pages: 3 });
    const text = pdf.toString('latin1');
    expect(text).toContain('/Count 3');
    expect(countMatches(text, /\/Type \/Page /g)).toBe(3);
    const contents = readStreams(pdf).map((stream) => stream.data.toString('latin1'));
    contents.forEach((content, index) => {
      expect(content).toContain('(Clinic letter) Tj');
      expect(content).toContain('(Synthetic test document - not a real patient record) Tj');
      expect(content).toContain(`(Page ${index + 1} of 3) Tj`);
    });
  });

  it('uses standard Helvetica with WinAnsi encoding', () => {
    expect(samplePdf('Font').toString('latin1')).toContain(
      '/Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding',
    );
  });

  it('escapes string delimiters and Latin-1 letters, and replaces what WinAnsi cannot draw', () => {
    const content = readStreams(samplePdf('Zoë (x) \\ 😀 Ω\u0085')).at(0)?.data.toString('latin1');
    expect(content).toContain('(Zo\\353 \\(x\\) \\\\ ? ??) Tj');
  });

  it('keeps every byte of the content streams ASCII', () => {
    const content = readStreams(samplePdf('Ærø – 東京')).at(0)?.data ?? Buffer.alloc(0);
    expect([...content].every((byte) => byte < 0x80)).toBe(true);
  });

  it('adds an incompressible padding stream of exactly paddingBytes', () => {
    const small = samplePdf('Big', { pages: 1 });
    const padded = samplePdf('Big', { pages: 1, paddingBytes: 100_000 });
    const padding = readStreams(padded).at(-1)?.data ?? Buffer.alloc(0);
    expect(padding.length).toBe(100_000);
    expect(padded.length).toBeGreaterThan(small.length + 100_000);
    expect(deflateSync(padding).length).toBeGreaterThan(99_000);
  });

  it('is deterministic for the same arguments', () => {
    const options = { pages: 2, paddingBytes: 1234 };
    expect(samplePdf('Same', options).equals(samplePdf('Same', options))).toBe(true);
    expect(samplePdf('Same').equals(samplePdf('Other'))).toBe(false);
  });

  it('rejects page counts and padding that are not sensible integers', () => {
    expect(() => samplePdf('x', { pages: 0 })).toThrow(RangeError);
    expect(() => samplePdf('x', { pages: 1.5 })).toThrow(RangeError);
    expect(() => samplePdf('x', { paddingBytes: -1 })).toThrow(RangeError);
  });
});

describe('samplePng', () => {
  it('starts with the PNG signature and has IHDR, IDAT and IEND chunks with valid CRCs', () => {
    const chunks = readPngChunks(samplePng(40, 30, 7));
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const chunk of chunks) {expect(chunk.storedCrc).toBe(referenceCrc32(Buffer.from(chunk.type, 'latin1'), chunk.data));}
  });

  it('declares the requested size as 8-bit RGB, non-interlaced', () => {
    const header = readPngChunks(samplePng(123, 45, 1)).at(0)?.data ?? Buffer.alloc(0);
    expect(header.readUInt32BE(0)).toBe(123);
    expect(header.readUInt32BE(4)).toBe(45);
    expect([...header.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
  });

  it('has image data that inflates to one filtered RGB row per scanline', () => {
    const idat = readPngChunks(samplePng(17, 9, 3)).find((chunk) => chunk.type === 'IDAT');
    const raw = inflateSync(idat?.data ?? Buffer.alloc(0));
    const rowLength = 1 + 17 * 3;
    expect(raw.length).toBe(rowLength * 9);
    for (let row = 0; row < 9; row += 1) {expect(raw[row * rowLength]).toBe(0);}
  });

  it('draws a different picture for a different seed, and the same one for the same seed', () => {
    expect(samplePng(32, 32, 1).equals(samplePng(32, 32, 1))).toBe(true);
    expect(samplePng(32, 32, 1).equals(samplePng(32, 32, 2))).toBe(false);
  });

  it('handles a 1x1 image', () => {
    expect(readPngChunks(samplePng(1, 1, 0))).toHaveLength(3);
  });

  it('rejects non-positive dimensions', () => {
    expect(() => samplePng(0, 10, 1)).toThrow(RangeError);
    expect(() => samplePng(10, 2.5, 1)).toThrow(RangeError);
  });
});

describe('sampleJpeg', () => {
  it('starts with SOI and ends with EOI', () => {
    const jpeg = sampleJpeg(1);
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
  });

  it('has well-formed segments up to the scan, including a JFIF header, SOF0, DQT, DHT and SOS', () => {
    const { segments } = readJpeg(sampleJpeg(2));
    const markers = segments.map((segment) => segment.marker);
    expect(markers[0]).toBe(0xe0);
    expect(segments[0]?.payload.subarray(0, 5).toString('latin1')).toBe('JFIF\0');
    expect(markers).toEqual(expect.arrayContaining([0xdb, 0xc0, 0xc4, 0xda]));
    expect(markers.at(-1)).toBe(0xda);
  });

  it('is a 64x64 8-bit baseline frame with three components', () => {
    const frame = readJpeg(sampleJpeg(3)).segments.find((segment) => segment.marker === 0xc0)?.payload;
    expect(frame?.[0]).toBe(8);
    expect(frame?.readUInt16BE(1)).toBe(64);
    expect(frame?.readUInt16BE(3)).toBe(64);
    expect(frame?.[5]).toBe(3);
  });

  it('has an entropy-coded scan that decodes to exactly one block per component per 8x8 tile', () => {
    for (const seed of [0, 1, 42, 99_999]) {
      const { segments, scan } = readJpeg(sampleJpeg(seed));
      expect(decodeDcOnlyScan(segments, scan)).toBe(8 * 8 * 3);
    }
  });

  it('contains no unstuffed 0xFF inside the scan', () => {
    const { scan } = readJpeg(sampleJpeg(5));
    scan.forEach((byte, index) => {
      if (byte === 0xff) {expect(scan[index + 1]).toBe(0x00);}
    });
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(sampleJpeg(10).equals(sampleJpeg(10))).toBe(true);
    expect(readJpeg(sampleJpeg(10)).scan.equals(readJpeg(sampleJpeg(11)).scan)).toBe(false);
  });
});

// ---------------------------------------------------------------- PDF readers

function readXref(pdf: Buffer): { offsets: number[] } {
  const text = pdf.toString('latin1');
  const startxref = /startxref\n(\d+)\n%%EOF\n?$/.exec(text);
  const xrefOffset = Number(startxref?.[1]);
  expect(text.slice(xrefOffset, xrefOffset + 5)).toBe('xref\n');
  const header = /^xref\n0 (\d+)\n/.exec(text.slice(xrefOffset));
  const count = Number(header?.[1]);
  const entriesStart = xrefOffset + (header?.[0].length ?? 0);
  const entries = Array.from({ length: count }, (_, index) =>
    text.slice(entriesStart + index * 20, entriesStart + (index + 1) * 20),
  );
  expect(entries[0]).toBe('0000000000 65535 f \n');
  const offsets = entries.slice(1).map((entry) => {
    expect(entry).toMatch(/^\d{10} 00000 n \n$/);
    return Number(entry.slice(0, 10));
  });
  expect(text.slice(entriesStart + count * 20)).toMatch(/^trailer\n/);
  return { offsets };
}

function readStreams(pdf: Buffer): Array<{ declaredLength: number; data: Buffer }> {
  const text = pdf.toString('latin1');
  const streams: Array<{ declaredLength: number; data: Buffer }> = [];
  for (const match of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('\nendstream', start);
    streams.push({ declaredLength: Number(match[1]), data: pdf.subarray(start, end) });
  }
  return streams;
}

function countMatches(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

// ---------------------------------------------------------------- PNG readers

interface PngChunk {
  readonly type: string;
  readonly data: Buffer;
  readonly storedCrc: number;
}

function readPngChunks(png: Buffer): PngChunk[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const data = png.subarray(offset + 8, offset + 8 + length);
    chunks.push({ type, data, storedCrc: png.readUInt32BE(offset + 8 + length) });
    offset += 12 + length;
  }
  expect(offset).toBe(png.length);
  return chunks;
}

/** Bitwise CRC-32 (ISO 3309), written independently of the implementation under test. */
function referenceCrc32(...parts: Buffer[]): number {
  let crc = 0xffffffff;
  for (const part of parts) {
    for (const byte of part) {
      crc ^= byte;
      for (let bit = 0; bit < 8; bit += 1) {crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;}
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------- JPEG readers

interface JpegSegment {
  readonly marker: number;
  readonly payload: Buffer;
}

function readJpeg(jpeg: Buffer): { segments: JpegSegment[]; scan: Buffer } {
  expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  const segments: JpegSegment[] = [];
  let offset = 2;
  for (;;) {
    expect(jpeg[offset]).toBe(0xff);
    const marker = jpeg[offset + 1] ?? 0;
    const length = jpeg.readUInt16BE(offset + 2);
    expect(length).toBeGreaterThanOrEqual(2);
    segments.push({ marker, payload: jpeg.subarray(offset + 4, offset + 2 + length) });
    offset += 2 + length;
    if (marker === 0xda) {break;}
    expect(offset).toBeLessThan(jpeg.length);
  }
  expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
  return { segments, scan: jpeg.subarray(offset, jpeg.length - 2) };
}

type HuffmanLookup = Map<string, number>;

function huffmanTables(segments: readonly JpegSegment[]): Map<number, HuffmanLookup> {
  const tables = new Map<number, HuffmanLookup>();
  for (const { payload } of segments.filter((segment) => segment.marker === 0xc4)) {
    const counts = [...payload.subarray(1, 17)];
    const values = payload.subarray(17);
    expect(values.length).toBe(counts.reduce((sum, count) => sum + count, 0));
    const lookup: HuffmanLookup = new Map();
    let code = 0;
    let valueIndex = 0;
    counts.forEach((count, lengthIndex) => {
      for (let n = 0; n < count; n += 1) {
        lookup.set(code.toString(2).padStart(lengthIndex + 1, '0'), values[valueIndex] ?? -1);
        code += 1;
        valueIndex += 1;
      }
      code <<= 1;
    });
    tables.set(payload[0] ?? -1, lookup);
  }
  return tables;
}

/** Decodes a scan whose blocks carry only DC terms, returning the number of blocks read. */
function decodeDcOnlyScan(segments: readonly JpegSegment[], scan: Buffer): number {
  const unstuffed = [...scan].filter((byte, index) => !(byte === 0x00 && scan[index - 1] === 0xff));
  const bits = unstuffed.map((byte) => byte.toString(2).padStart(8, '0')).join('');
  const tables = huffmanTables(segments);
  const dcTable = tables.get(0x00) ?? new Map<string, number>();
  const acTable = tables.get(0x10) ?? new Map<string, number>();
  let position = 0;
  const readSymbol = (table: HuffmanLookup): number => {
    for (let length = 1; length <= 16; length += 1) {
      const symbol = table.get(bits.slice(position, position + length));
      if (symbol !== undefined) {
        position += length;
        return symbol;
      }
    }
    throw new Error(`no Huffman code at bit ${position}`);
  };
  let blocks = 0;
  while (bits.length - position >= 8 || bits.slice(position).includes('0')) {
    const category = readSymbol(dcTable);
    expect(category).toBeLessThanOrEqual(11);
    position += category;
    expect(readSymbol(acTable)).toBe(0x00);
    blocks += 1;
  }
  expect(position).toBeLessThanOrEqual(bits.length);
  return blocks;
}
