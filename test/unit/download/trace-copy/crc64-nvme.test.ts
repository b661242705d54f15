import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Crc64Nvme, crc64NvmeOf } from '../../../../main/download/trace-copy/crc64-nvme.js';
import { checksumOf } from '../../../../main/sandbox/s3/checksums.js';

describe('CRC-64/NVME as S3 gives it', () => {
  it('has the catalogued check value for "123456789" (0xAE8B14860A799888), big-endian in base64', () => {
    expect(Buffer.from(crc64NvmeOf(Buffer.from('123456789')), 'base64').toString('hex')).toBe('ae8b14860a799888');
    expect(crc64NvmeOf(Buffer.alloc(0))).toBe(Buffer.alloc(8).toString('base64'));
  });

  it('agrees with the sandbox S3 for every length around the eight-byte step', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = randomBytes(length);
      expect(crc64NvmeOf(bytes)).toBe(checksumOf('CRC64NVME', bytes));
    }
    const large = randomBytes(1_000_003);
    expect(crc64NvmeOf(large)).toBe(checksumOf('CRC64NVME', large));
  });

  it('gives the same value however the bytes are split, as a file read part by part', () => {
    const bytes = randomBytes(100_000);
    const crc = new Crc64Nvme();
    for (const [start, end] of [[0, 1], [1, 13], [13, 4_096], [4_096, 70_001], [70_001, 100_000]] as const) {
      crc.update(bytes.subarray(start, end));
    }
    expect(crc.digestBase64()).toBe(crc64NvmeOf(bytes));
  });
});
