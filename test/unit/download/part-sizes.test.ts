import { describe, expect, it } from 'vitest';
import { MAX_OBJECT_BYTES, PART_SIZE, partSize } from '../../../main/download/part-sizes.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
// S3's limit on the parts of one upload.
const MAX_PARTS = 10_000;

describe('partSize: any ZIP S3 can hold fits in its 10,000 parts', () => {
  const sizes = Array.from({ length: MAX_PARTS }, (_, index) => partSize(index + 1));

  it('holds S3’s largest object, 5 TiB, within 10,000 parts', () => {
    expect(sizes.reduce((total, size) => total + size, 0)).toBeGreaterThanOrEqual(MAX_OBJECT_BYTES);
  });

  it('keeps every part within S3’s limits (5 MiB to 5 GiB), never shrinking', () => {
    expect(Math.min(...sizes)).toBe(5 * MIB);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5 * GIB);
    expect(sizes.every((size, index) => index === 0 || size >= sizes[index - 1]!)).toBe(true);
  });

  it('keeps the 5 MiB parts, and so flat memory, for every ZIP up to 14 GiB', () => {
    const partsFor14GiB = Math.ceil((14 * GIB) / PART_SIZE);
    expect(sizes.slice(0, partsFor14GiB).every((size) => size === PART_SIZE)).toBe(true);
  });

  it('uses whole mebibytes, so parts stay aligned', () => {
    expect(sizes.every((size) => size % MIB === 0)).toBe(true);
  });

  it('fits a 100 GB ZIP, where 5 MiB parts stopped at 52 GB', () => {
    let total = 0;
    let parts = 0;
    while (total < 100e9) {
      parts += 1;
      total += partSize(parts);
    }
    expect(parts).toBeLessThan(MAX_PARTS);
    expect(partSize(parts)).toBeLessThanOrEqual(96 * MIB);
  });
});
