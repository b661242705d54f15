/**
 * CRC-64/NVME, the checksum S3 keeps for a whole object ("full-object" checksum): reflected polynomial
 * 0x9A6C9329AC4BC9B5, initial value and final XOR all ones; S3 gives it as the big-endian 8 bytes in base64.
 *
 * Node has no built-in for it, so this is the table method, eight bytes a step ("slicing by 8"), with the 64-bit
 * register kept as two 32-bit halves so the loop stays in small integers (~700 MB/s here, as fast as SHA-256).
 */

const SLICES = 8;
const POLYNOMIAL = 0x9a6c9329ac4bc9b5n;

/** TABLES[k * 512 + 2n] and [+1]: the low and high halves of byte n's contribution k bytes back. */
const TABLES = (() => {
  const table = new Uint32Array(SLICES * 512);
  const base: bigint[] = [];
  for (let n = 0; n < 256; n++) {
    let crc = BigInt(n);
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1n ? POLYNOMIAL ^ (crc >> 1n) : crc >> 1n;
    }
    base.push(crc);
  }
  for (let n = 0; n < 256; n++) {
    let crc = base[n] as bigint;
    for (let slice = 0; slice < SLICES; slice++) {
      table[slice * 512 + n * 2] = Number(crc & 0xffffffffn);
      table[slice * 512 + n * 2 + 1] = Number(crc >> 32n);
      crc = (crc >> 8n) ^ (base[Number(crc & 0xffn)] as bigint);
    }
  }
  return table;
})();

/** An incremental CRC-64/NVME. */
export class Crc64Nvme {
  private low = 0xffffffff;
  private high = 0xffffffff;

  update(data: Uint8Array): this {
    const t = TABLES;
    let low = this.low;
    let high = this.high;
    let i = 0;
    const whole = data.length - (data.length % SLICES);
    while (i < whole) {
      // The next eight bytes XORed into the register, least significant byte first (a reflected CRC).
      const a = (low ^ ((data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24))) >>> 0;
      const b = (high ^ ((data[i + 4] as number) | ((data[i + 5] as number) << 8) | ((data[i + 6] as number) << 16) | ((data[i + 7] as number) << 24))) >>> 0;
      const i7 = 7 * 512 + (a & 0xff) * 2;
      const i6 = 6 * 512 + ((a >>> 8) & 0xff) * 2;
      const i5 = 5 * 512 + ((a >>> 16) & 0xff) * 2;
      const i4 = 4 * 512 + (a >>> 24) * 2;
      const i3 = 3 * 512 + (b & 0xff) * 2;
      const i2 = 2 * 512 + ((b >>> 8) & 0xff) * 2;
      const i1 = 512 + ((b >>> 16) & 0xff) * 2;
      const i0 = (b >>> 24) * 2;
      low = ((t[i7] as number) ^ (t[i6] as number) ^ (t[i5] as number) ^ (t[i4] as number) ^ (t[i3] as number) ^ (t[i2] as number) ^ (t[i1] as number) ^ (t[i0] as number)) >>> 0;
      high =
        ((t[i7 + 1] as number) ^ (t[i6 + 1] as number) ^ (t[i5 + 1] as number) ^ (t[i4 + 1] as number) ^ (t[i3 + 1] as number) ^ (t[i2 + 1] as number) ^ (t[i1 + 1] as number) ^ (t[i0 + 1] as number)) >>> 0;
      i += SLICES;
    }
    for (; i < data.length; i++) {
      const index = ((low ^ (data[i] as number)) & 0xff) * 2;
      low = (((low >>> 8) | (high << 24)) ^ (t[index] as number)) >>> 0;
      high = ((high >>> 8) ^ (t[index + 1] as number)) >>> 0;
    }
    this.low = low;
    this.high = high;
    return this;
  }

  /** The checksum as S3 writes it: the big-endian digest in base64. */
  digestBase64(): string {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.high ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.low ^ 0xffffffff) >>> 0, 4);
    return out.toString('base64');
  }
}

/** The CRC-64/NVME of `bytes`, base64 as S3 writes it. */
export function crc64NvmeOf(bytes: Uint8Array): string {
  return new Crc64Nvme().update(bytes).digestBase64();
}
