/**
 * The limits every ZIP the app opens is held to (offline review, import, save a copy), so a "ZIP bomb" is refused from
 * its central directory in a moment instead of being inflated for hours.
 */
import type yauzl from 'yauzl';
import { ArchiveError } from './archive-error.js';

export interface ZipLimits {
  /** Far beyond any patient record; stops a crafted directory from making the app list millions of entries. */
  readonly maxEntries: number;
  /** The most content all entries together may declare. */
  readonly maxTotalBytes: number;
  /** All entries together may declare at most this many times the ZIP's own size (or `smallZipAllowanceBytes`). */
  readonly maxTotalRatio: number;
  /** Declared content any ZIP may have whatever its ratio: a few small, very compressible files are harmless. */
  readonly smallZipAllowanceBytes: number;
  /** Entries declaring more than this are held to `maxEntryRatio`. */
  readonly largeEntryBytes: number;
  /** Uncompressed to compressed. Scans and PDFs compress a few times at most; deflate's own ceiling is about 1,032. */
  readonly maxEntryRatio: number;
}

const MIB = 1024 * 1024;

// The largest records the app saves are about 15 GiB; 64 GiB leaves room without letting a directory ask for terabytes.
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 64 * 1024 * MIB,
  maxTotalRatio: 100,
  smallZipAllowanceBytes: 100 * MIB,
  largeEntryBytes: MIB,
  maxEntryRatio: 100,
};

/** Adds up the central directory as it is read and refuses the ZIP the moment it declares more than the limits allow. */
export class DirectoryTally {
  private declaredBytes = 0;
  private compressedBytes = 0;

  constructor(
    private readonly file: string,
    private readonly fileSize: number,
    private readonly limits: ZipLimits,
  ) {}

  /** Throws 'too-large' when the directory lists more entries than supported. */
  checkEntryCount(entryCount: number): void {
    if (entryCount > this.limits.maxEntries) {
      throw new ArchiveError(
        'too-large',
        `This ZIP lists ${entryCount.toLocaleString('en-GB')} files; the app opens at most ${this.limits.maxEntries.toLocaleString('en-GB')}. It is not a patient record this app can show. (${this.file})`,
      );
    }
  }

  /** Throws 'too-large' or 'unsafe-entry' when this entry takes the ZIP past a limit. */
  add(entry: yauzl.Entry): void {
    this.declaredBytes += entry.uncompressedSize;
    this.compressedBytes += entry.compressedSize;
    // Entries that claim more compressed bytes than the file holds share their bytes: the overlapping-file bomb.
    if (this.compressedBytes > this.fileSize) {
      throw new ArchiveError(
        'unsafe-entry',
        `This ZIP cannot be opened safely: its files claim more bytes than the ZIP holds, so they overlap, a trick used by "ZIP bombs". Do not extract it. (${this.file})`,
      );
    }
    const allowed = Math.min(this.limits.maxTotalBytes, Math.max(this.fileSize * this.limits.maxTotalRatio, this.limits.smallZipAllowanceBytes));
    if (this.declaredBytes > allowed) {
      throw new ArchiveError(
        'too-large',
        `This ZIP cannot be opened: it says it unpacks to more than ${readableSize(this.declaredBytes)} from a file of ${readableSize(this.fileSize)}, far more than patient documents take. It may be a "ZIP bomb"; do not extract it. (${this.file})`,
      );
    }
  }
}

/** Why one entry is not read at all (it would inflate far beyond what documents do); undefined when it may be read. */
export function entryRefusal(entry: yauzl.Entry, limits: ZipLimits = DEFAULT_ZIP_LIMITS): string | undefined {
  const { uncompressedSize, compressedSize } = entry;
  if (uncompressedSize <= limits.largeEntryBytes || uncompressedSize <= compressedSize * limits.maxEntryRatio) {
    return undefined;
  }
  return `It says it unpacks to ${readableSize(uncompressedSize)} from ${readableSize(compressedSize)}, compressed more than ${limits.maxEntryRatio} to 1, which documents never are. It was not opened, in case it is a "ZIP bomb".`;
}

function readableSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(bytes / 1e3)} kB`;
}
