// Synthetic 8-bit RGB PNG images for the sandbox: chunk framing and the seeded stripe-and-gradient pixels.

import { crc32, deflateSync } from 'node:zlib';
import { ascii, requireInteger, seedPalette } from './shared.js';

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
