import { describe, expect, it } from 'vitest';
import { CHECKSUM_ALGORITHMS, checksumOf, digestLength, hasherFor } from '../../../main/sandbox/s3/checksums.js';

// The standard check values: each algorithm's digest of the ASCII bytes "123456789".
const CHECK_VALUES = {
  CRC32: 'cbf43926',
  CRC32C: 'e3069283',
  CRC64NVME: 'ae8b14860a799888',
  SHA1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441',
  SHA256: '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
} as const;

describe('the sandbox S3 checksums', () => {
  it.each(CHECKSUM_ALGORITHMS)('computes %s as the standard check value says', (algorithm) => {
    expect(Buffer.from(checksumOf(algorithm, Buffer.from('123456789')), 'base64').toString('hex')).toBe(CHECK_VALUES[algorithm]);
    expect(Buffer.from(checksumOf(algorithm, Buffer.alloc(0)), 'base64')).toHaveLength(digestLength(algorithm));
  });

  it.each(CHECKSUM_ALGORITHMS)('gives the same %s whatever the bytes are split into', (algorithm) => {
    const bytes = Buffer.from('Lettre de l’hôpital – Zoë Müller, Þórunn Ægisdóttir '.repeat(300));
    const hasher = hasherFor(algorithm);
    for (let offset = 0, size = 1; offset < bytes.length; offset += size, size = (size * 3 + 1) % 997) {
      hasher.update(bytes.subarray(offset, offset + size));
    }

    expect(hasher.digest().toString('base64')).toBe(checksumOf(algorithm, bytes));
  });
});
