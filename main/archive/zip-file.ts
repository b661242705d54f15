import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { systemErrorCode } from '../errors.js';
import { ArchiveError, fileError } from './archive-error.js';
import { isDirectoryName, unsafeNameReason } from './zip-names.js';

/** One entry of the central directory, with its name decoded and checked. */
export interface ScannedEntry {
  readonly name: string;
  readonly directory: boolean;
  readonly entry: yauzl.Entry;
}

/** An open ZIP whose every entry name was checked before any content is read. */
export interface OpenZip {
  readonly file: string;
  readonly entries: ReadonlyArray<ScannedEntry>;
  /** Streams one entry's content to `onChunk`, checking its CRC-32; returns its SHA-256. */
  stream(scanned: ScannedEntry, onChunk?: (chunk: Buffer) => void): Promise<string>;
}

// Far beyond any patient record; stops a crafted central directory from making the app list millions of entries.
const MAX_ENTRIES = 20_000;
const FILE_ERROR_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EBUSY']);

/** Opens a ZIP, checks every entry name, runs `use`, and always closes it. */
export async function withZip<T>(file: string, use: (zip: OpenZip) => Promise<T>): Promise<T> {
  const zip = await openZip(file);
  try {
    const entries = await scanEntries(zip, file);
    return await use({ file, entries, stream: (scanned, onChunk) => streamEntry(zip, file, scanned, onChunk) });
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
    return await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw FILE_ERROR_CODES.has(systemErrorCode(error) ?? '') ? fileError(error, file) : notAZip(file, error);
  }
}

async function scanEntries(zip: yauzl.ZipFile, file: string): Promise<ScannedEntry[]> {
  if (zip.entryCount > MAX_ENTRIES) {
    throw notAZip(file, new Error(`it lists ${zip.entryCount} entries; at most ${MAX_ENTRIES} are supported`));
  }
  const scanned: ScannedEntry[] = [];
  const names = new Set<string>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = checkedName(entry, file);
      if (names.has(name)) {
        throw unsafe(file, name, 'two entries have this name, so different tools could show different content');
      }
      names.add(name);
      scanned.push({ name, directory: isDirectoryName(name), entry });
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

async function streamEntry(zip: yauzl.ZipFile, file: string, scanned: ScannedEntry, onChunk?: (chunk: Buffer) => void): Promise<string> {
  if (scanned.entry.isEncrypted()) {
    throw new ArchiveError('not-a-zip', `The document "${scanned.name}" in ${file} is password-protected, so this app cannot open it.`);
  }
  const hash = createHash('sha256');
  let crc = 0;
  try {
    for await (const chunk of await zip.openReadStreamPromise(scanned.entry)) {
      const bytes = chunk as Buffer;
      crc = crc32(bytes, crc);
      hash.update(bytes);
      onChunk?.(bytes);
    }
  } catch (error) {
    throw error instanceof ArchiveError ? error : notAZip(file, error, scanned.name);
  }
  // yauzl leaves the CRC to the caller; without this check a flipped bit in a stored entry would go unnoticed.
  if (crc !== scanned.entry.crc32) {
    throw notAZip(file, new Error('its CRC-32 checksum does not match'), scanned.name);
  }
  return hash.digest('hex');
}
