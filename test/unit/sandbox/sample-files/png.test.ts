// Structure checks for the synthetic PNG: signature, chunk CRCs, header fields and scanlines.

import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { samplePng } from '../../../../main/sandbox/sample-files/png.js';

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
