/** Opening a ZIP safely: every name and the directory's sizes checked before any content is read, then one entry streamed at a time. */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { systemErrorCode } from '../errors.js';
import { ArchiveError, fileError } from './archive-error.js';
import { DEFAULT_ZIP_LIMITS, DirectoryTally, entryRefusal, type ZipLimits } from './zip-limits.js';
import { isDirectoryName, unsafeNameReason } from './zip-names.js';

/** One entry of the central directory, with its name decoded and checked. */
export interface ScannedEntry {
  readonly name: string;
  readonly directory: boolean;
  readonly entry: yauzl.Entry;
  /** Why this entry is never read (it declares a bomb's compression); undefined when it may be read. */
  readonly refusal: string | undefined;
}

export interface StreamOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onChunk?: ((chunk: Buffer) => void) | undefined;
}

/** An open ZIP whose every entry name and declared size was checked before any content is read. */
export interface OpenZip {
  readonly file: string;
  readonly entries: ReadonlyArray<ScannedEntry>;
  /**
   * Streams one entry's content to `onChunk`, checking its size and CRC-32; returns its SHA-256. Stops the moment the
   * entry yields more than it declares ('unsafe-entry') or the signal aborts.
   */
  stream(scanned: ScannedEntry, options?: StreamOptions): Promise<string>;
}

// What the caller's chunk handler threw (a full disk, say) is its own failure, not damage in the ZIP.
class ConsumerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('The chunk handler failed', { cause: failure });
  }
}

const FILE_ERROR_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EBUSY']);

/** Opens a ZIP, checks every entry name and the directory's sizes against `limits`, runs `use`, and always closes it. */
export async function withZip<T>(file: string, use: (zip: OpenZip) => Promise<T>, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<T> {
  const zip = await openZip(file);
  try {
    const entries = await scanEntries(zip, file, limits);
    return await use({ file, entries, stream: (scanned, options) => streamEntry(zip, file, scanned, options) });
  } finally {
    zip.close();
  }
}

/** "This file is not a readable ZIP: …", with yauzl's or zlib's words as the detail. */
export function notAZip(file: string, error: unknown, entryName?: string): ArchiveError {
  const detail = error instanceof Error ? error.message : String(error);
  const where = entryName === undefined ? '' : ` The document "${entryName}" inside it is damaged.`;
  return new ArchiveError(
    'not-a-zip',
    `This file is not a readable ZIP: ${file}.${where} It may be incomplete (a copy or download that did not finish) or damaged; ask for a new copy. (Detail: ${detail})`,
    { cause: error },
  );
}

async function openZip(file: string): Promise<yauzl.ZipFile> {
  try {
    // decodeStrings: false, so every name is checked here with one rule and the error names the entry.
    // validateEntrySizes: false, because streamEntry holds each entry to its declared size itself and names it.
    return await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
  } catch (error) {
    throw FILE_ERROR_CODES.has(systemErrorCode(error) ?? '') ? fileError(error, file) : notAZip(file, error);
  }
}

async function scanEntries(zip: yauzl.ZipFile, file: string, limits: ZipLimits): Promise<ScannedEntry[]> {
  const tally = new DirectoryTally(file, zip.fileSize, limits);
  tally.checkEntryCount(zip.entryCount);
  const scanned: ScannedEntry[] = [];
  const names = new Set<string>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = checkedName(entry, file);
      if (names.has(name)) {
        throw unsafe(file, name, 'two entries have this name, so different tools could show different content');
      }
      names.add(name);
      tally.add(entry);
      scanned.push({ name, directory: isDirectoryName(name), entry, refusal: entryRefusal(entry, limits) });
    }
  } catch (error) {
    throw error instanceof ArchiveError ? error : notAZip(file, error);
  }
  return scanned;
}

// The Info-ZIP Unicode path field can carry a second name; both must be safe, as tools differ in which they use.
function checkedName(entry: yauzl.Entry, file: string): string {
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const plainName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, [], true);
  for (const candidate of new Set([name, plainName])) {
    const reason = unsafeNameReason(candidate);
    if (reason !== undefined) {
      throw unsafe(file, candidate, reason);
    }
  }
  return name;
}

function unsafe(file: string, name: string, reason: string): ArchiveError {
  return new ArchiveError(
    'unsafe-entry',
    `This ZIP cannot be opened safely: it contains an entry named ${JSON.stringify(name)}, and ${reason}. It may have been tampered with; do not extract it. (${file})`,
  );
}

async function streamEntry(zip: yauzl.ZipFile, file: string, scanned: ScannedEntry, { signal, onChunk }: StreamOptions = {}): Promise<string> {
  signal?.throwIfAborted();
  const { entry, name } = scanned;
  if (scanned.refusal !== undefined) {
    throw new ArchiveError('unsafe-entry', `The document "${name}" in ${file} cannot be opened safely. ${scanned.refusal}`);
  }
  if (entry.isEncrypted()) {
    throw new ArchiveError('not-a-zip', `The document "${name}" in ${file} is password-protected, so this app cannot open it.`);
  }
  const hash = createHash('sha256');
  let crc = 0;
  let received = 0;
  try {
    // Leaving the loop by a throw destroys the stream, so nothing more is inflated.
    for await (const chunk of await zip.openReadStreamPromise(entry)) {
      signal?.throwIfAborted();
      const bytes = chunk as Buffer;
      received += bytes.length;
      if (received > entry.uncompressedSize) {
        throw new ArchiveError(
          'unsafe-entry',
          `The document "${name}" in ${file} holds more than the ${entry.uncompressedSize} bytes it declares, so reading it was stopped. The ZIP may have been tampered with; do not extract it.`,
        );
      }
      crc = crc32(bytes, crc);
      hash.update(bytes);
      try {
        onChunk?.(bytes);
      } catch (error) {
        throw new ConsumerFailure(error);
      }
    }
  } catch (error) {
    if (error instanceof ConsumerFailure) {
      throw error.failure;
    }
    throw error instanceof ArchiveError || signal?.aborted === true ? error : notAZip(file, error, name);
  }
  if (received !== entry.uncompressedSize) {
    throw notAZip(file, new Error(`it holds ${received} of the ${entry.uncompressedSize} bytes it declares`), name);
  }
  // yauzl leaves the CRC to the caller; without this check a flipped bit in a stored entry would go unnoticed.
  if (crc !== entry.crc32) {
    throw notAZip(file, new Error('its CRC-32 checksum does not match'), name);
  }
  return hash.digest('hex');
}
