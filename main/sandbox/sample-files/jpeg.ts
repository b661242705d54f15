// Synthetic 64x64 baseline colour JPEG images for the sandbox: segments, Huffman tables and the DC-only scan.

import { ascii, seedPalette } from './shared.js';

const JPEG_BLOCKS_PER_SIDE = 8;

// ITU T.81 Annex K.3 luminance DC table: categories 0-11, enough for any 8-bit DC difference.
const DC_LUMINANCE_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_LUMINANCE_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// Each tile is a flat colour, so every block's AC coefficients are zero and only end-of-block is ever coded.
const EOB_ONLY_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const EOB_ONLY_VALUES = [0x00];

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
