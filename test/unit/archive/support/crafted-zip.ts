/**
 * ZIPs built byte by byte whose central directory may lie: sizes that differ from the content, entries that share
 * their bytes, ZIP64 sizes beyond 4 GiB. The bomb tests build them here rather than committing binaries.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface CraftedEntry {
  readonly name: string;
  /** The content; stored as is, or deflated when `deflate` is set. */
  readonly content: Buffer;
  readonly deflate?: boolean;
  /** What the directory says the content's size is; the real size unless given. */
  readonly declaredSize?: number;
  /** Points this entry at the bytes of an earlier entry (by index) instead of its own: the overlapping-file bomb. */
  readonly sharesBytesWith?: number;
  /** Marks the entry as encrypted (general purpose flag bit 0), as a password-protected entry is. */
  readonly encrypted?: boolean;
}

const ZIP64_LIMIT = 0xffffffff;

/** The ZIP's bytes. Sizes of 4 GiB and more are written as ZIP64 extra fields in the central directory. */
export function craftedZip(entries: ReadonlyArray<CraftedEntry>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const placed: { readonly offset: number; readonly data: Buffer; readonly crc: number; readonly method: number }[] = [];
  let offset = 0;
  for (const entry of entries) {
    const nameBytes = Buffer.from(entry.name, 'utf8');
    const shared = entry.sharesBytesWith === undefined ? undefined : placed[entry.sharesBytesWith];
    const own = { offset, data: entry.deflate === true ? deflateRawSync(entry.content) : entry.content, crc: crc32(entry.content), method: entry.deflate === true ? 8 : 0 };
    const where = shared ?? own;
    if (shared === undefined) {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      writeCommonHeader(local, 4, { encrypted: entry.encrypted, nameLength: nameBytes.length, crc: where.crc, method: where.method, compressed: where.data.length, uncompressed: Math.min(entry.content.length, ZIP64_LIMIT - 1) });
      locals.push(local, nameBytes, where.data);
      offset += local.length + nameBytes.length + where.data.length;
    }
    placed.push(where);
    const declared = entry.declaredSize ?? entry.content.length;
    const zip64 = declared >= ZIP64_LIMIT;
    const extra = zip64 ? zip64Extra(declared) : Buffer.alloc(0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(zip64 ? 45 : 20, 4);
    writeCommonHeader(central, 6, { encrypted: entry.encrypted, nameLength: nameBytes.length, crc: where.crc, method: where.method, compressed: where.data.length, uncompressed: zip64 ? ZIP64_LIMIT : declared });
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(where.offset, 42);
    centrals.push(central, nameBytes, extra);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * `count` entries each declaring `declaredSize` bytes, all sharing one small deflated kernel: tiny on disk, huge in its
 * directory. The kernel is not really that large (building it would take the test as long as the bomb takes a victim);
 * the limits refuse the ZIP from its directory before any content would be inflated.
 */
export function overlappingBomb(count: number, declaredSize: number): Buffer {
  const kernel = Buffer.alloc(64 * 1024);
  return craftedZip(
    Array.from({ length: count }, (_, index) => ({ name: `part-${index}.pdf`, content: kernel, deflate: true, declaredSize, ...(index === 0 ? {} : { sharesBytesWith: 0 }) })),
  );
}

function zip64Extra(uncompressed: number): Buffer {
  const extra = Buffer.alloc(12);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8, 2);
  extra.writeBigUInt64LE(BigInt(uncompressed), 4);
  return extra;
}

// From "version needed" on, local and central headers share their layout up to the name length.
function writeCommonHeader(
  header: Buffer,
  at: number,
  fields: { encrypted?: boolean | undefined; nameLength: number; crc: number; method: number; compressed: number; uncompressed: number },
): void {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(0x800 | (fields.encrypted === true ? 0x1 : 0), at + 2);
  header.writeUInt16LE(fields.method, at + 4);
  header.writeUInt16LE(0, at + 6);
  header.writeUInt16LE(0x5821, at + 8);
  header.writeUInt32LE(fields.crc, at + 10);
  header.writeUInt32LE(fields.compressed, at + 14);
  header.writeUInt32LE(fields.uncompressed, at + 18);
  header.writeUInt16LE(fields.nameLength, at + 22);
}
