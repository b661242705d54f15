import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

// The checksum algorithms S3 accepts (x-amz-checksum-*) and returns, each as S3 encodes it: the big-endian digest in
// base64 ("Checking object integrity in Amazon S3", User Guide). CRC-64/NVME and CRC-32C have no Node built-in.

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** An incremental digest. */
export interface Hasher {
  update(chunk: Buffer): void;
  digest(): Buffer;
}

/** The header (and, capitalised, the XML element suffix) S3 uses for an algorithm: x-amz-checksum-crc64nvme. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The algorithm a name stands for (case-insensitive), or undefined. */
export function parseAlgorithm(name: string | undefined): ChecksumAlgorithm | undefined {
  const upper = name?.toUpperCase();
  return CHECKSUM_ALGORITHMS.find((algorithm) => algorithm === upper);
}

/** Digest length in bytes, to recognise a well-formed base64 value. */
export function digestLength(algorithm: ChecksumAlgorithm): number {
  return { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 }[algorithm];
}

export function hasherFor(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case 'CRC32': {
      let value = 0;
      return { update: (chunk) => void (value = crc32(chunk, value)), digest: () => uint32(value) };
    }
    case 'CRC32C':
      return crc32cHasher();
    case 'CRC64NVME':
      return crc64NvmeHasher();
    case 'SHA1':
    case 'SHA256': {
      const hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest() };
    }
  }
}

/** The base64 checksum of `bytes`. */
export function checksumOf(algorithm: ChecksumAlgorithm, bytes: Buffer): string {
  const hasher = hasherFor(algorithm);
  hasher.update(bytes);
  return hasher.digest().toString('base64');
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

// CRC-32C (Castagnoli), reflected polynomial 0x82F63B78.
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32cHasher(): Hasher {
  let crc = 0xffffffff;
  return {
    update(chunk) {
      let value = crc;
      for (let i = 0; i < chunk.length; i++) {
        value = (CRC32C_TABLE[(value ^ (chunk[i] as number)) & 0xff] as number) ^ (value >>> 8);
      }
      crc = value;
    },
    digest: () => uint32(crc ^ 0xffffffff),
  };
}

// CRC-64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, initial value and final XOR all ones. The 64-bit register is
// kept as two 32-bit halves so the inner loop stays in small integers.
const CRC64_TABLES = (() => {
  const high = new Uint32Array(256);
  const low = new Uint32Array(256);
  const polynomial = 0x9a6c9329ac4bc9b5n;
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) {
      c = c & 1n ? polynomial ^ (c >> 1n) : c >> 1n;
    }
    high[n] = Number(c >> 32n);
    low[n] = Number(c & 0xffffffffn);
  }
  return { high, low };
})();

function crc64NvmeHasher(): Hasher {
  let high = -1;
  let low = -1;
  const { high: tableHigh, low: tableLow } = CRC64_TABLES;
  return {
    update(chunk) {
      let h = high;
      let l = low;
      for (let i = 0; i < chunk.length; i++) {
        const index = (l ^ (chunk[i] as number)) & 0xff;
        l = ((l >>> 8) | (h << 24)) ^ (tableLow[index] as number);
        h = (h >>> 8) ^ (tableHigh[index] as number);
      }
      high = h >>> 0;
      low = l >>> 0;
    },
    digest() {
      const out = Buffer.alloc(8);
      out.writeUInt32BE((high ^ 0xffffffff) >>> 0, 0);
      out.writeUInt32BE((low ^ 0xffffffff) >>> 0, 4);
      return out;
    },
  };
}
