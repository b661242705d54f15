// Structure checks for the synthetic JPEG: markers, frame header and a decode of the DC-only scan.

import { describe, expect, it } from 'vitest';
import { sampleJpeg } from '../../../../main/sandbox/sample-files/jpeg.js';

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
