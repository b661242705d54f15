/** Reading a ZIP offline: its documents listed and checked against its manifest, or one document read for viewing. */
import { type ArchiveProgress, type EntryCheck, MAX_VIEW_BYTES, type ZipDocument, type ZipEntryInfo, type ZipEntryStatus, type ZipListing, type ZipManifestCheck } from '../../common/archive.js';
import { MANIFEST_ENTRY_NAME, type Manifest, type ManifestDocument } from '../../common/manifest.js';
import { mediaTypeOf } from '../../common/media-types.js';
import { ArchiveError } from './archive-error.js';
import { manifestSchema } from './archive-schema.js';
import { type OpenZip, type ScannedEntry, type StreamOptions, withZip } from './zip-file.js';
import { isViewable } from './zip-names.js';

/** Largest manifest read; ours are a few kB per hundred documents. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;
/** Largest document read into memory for viewing. */
export const DEFAULT_MAX_VIEW_BYTES = MAX_VIEW_BYTES;

export interface ListOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: ArchiveProgress) => void) | undefined;
  /** Told to the UI with the listing; `MAX_VIEW_BYTES` unless the policy says otherwise. */
  readonly viewLimitBytes?: number | undefined;
}

/** The manifest found in a ZIP, or why a `manifest.json` there could not be used. */
interface ManifestRead {
  readonly manifest: Manifest | null;
  readonly problem: string | null;
}

/** What reading one entry found: its SHA-256, or why it could not be read. */
type EntryRead = { readonly status: 'readable'; readonly sha256: string } | { readonly status: Exclude<ZipEntryStatus, 'readable'>; readonly problem: string };

/**
 * Lists a ZIP's documents offline, hashing each and comparing it with the ZIP's own manifest when it has one. A
 * damaged or refused document is marked and the rest are still read; a signal stops it between any two chunks.
 */
export async function listZip(file: string, { signal, onProgress, viewLimitBytes = MAX_VIEW_BYTES }: ListOptions = {}): Promise<ZipListing> {
  return withZip(file, async (zip) => {
    const { manifest, problem } = await readManifest(zip, signal);
    const byEntryName = includedByEntryName(manifest);
    const documents = zip.entries.filter((scanned) => !scanned.directory && !(manifest !== null && scanned.name === MANIFEST_ENTRY_NAME));
    const totalBytes = documents.reduce((sum, scanned) => sum + (scanned.refusal === undefined ? scanned.entry.uncompressedSize : 0), 0);
    let doneBytes = 0;
    const onChunk = (chunk: Buffer) => {
      doneBytes += chunk.length;
      onProgress?.({ phase: 'listing', doneBytes, totalBytes });
    };
    const entries: ZipEntryInfo[] = [];
    for (const scanned of documents) {
      entries.push(describeEntry(scanned, await readEntry(zip, scanned, { signal, onChunk }), byEntryName.get(scanned.name) ?? null, manifest !== null));
    }
    return { file, entries, manifest: manifest === null ? null : checkAgainst(manifest, entries), manifestProblem: problem, viewLimitBytes };
  });
}

/**
 * Reads one document from inside a ZIP into memory for viewing; nothing is written to disk. One larger than
 * `maxBytes` (by its declared size) is refused with 'too-large' before a byte of it is read.
 */
export async function readZipEntry(
  file: string,
  entryName: string,
  options: { readonly maxBytes?: number | undefined; readonly signal?: AbortSignal | undefined } = {},
): Promise<ZipDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_VIEW_BYTES;
  return withZip(file, async (zip) => {
    const scanned = zip.entries.find((candidate) => candidate.name === entryName && !candidate.directory);
    if (scanned === undefined) {
      throw new ArchiveError('entry-not-found', `The document "${entryName}" is not in ${file}.`);
    }
    const bytes = await readCapped(zip, scanned, maxBytes, () => tooLargeToView(entryName, maxBytes), options.signal);
    return { name: entryName, contentType: mediaTypeOf(entryName), sha256: bytes.sha256, bytes: bytes.data };
  });
}

/** The manifest inside a ZIP this app saved; null when there is none of ours. */
export async function readZipManifest(file: string): Promise<Manifest | null> {
  return withZip(file, async (zip) => (await readManifest(zip)).manifest);
}

/** What a damaged document's row says after "Cannot be read: ": what happened, and that the rest of the ZIP is not affected. */
export const DAMAGED_ENTRY = 'the copy in the ZIP is damaged. The other documents are not affected.';
/** The same for a document stored with a password, which is not damaged and which other programs may open. */
export const PASSWORD_PROTECTED_ENTRY = 'it is password-protected, so this app cannot open it. The other documents are not affected.';

async function readEntry(zip: OpenZip, scanned: ScannedEntry, options: StreamOptions): Promise<EntryRead> {
  if (scanned.entry.isEncrypted()) {
    return { status: 'unreadable', problem: PASSWORD_PROTECTED_ENTRY };
  }
  try {
    return { status: 'readable', sha256: await zip.stream(scanned, options) };
  } catch (error) {
    if (error instanceof ArchiveError && error.code === 'unsafe-entry') {
      return { status: 'refused', problem: error.message };
    }
    // The row names the document already; the reader's own words (checksums, offsets) would be jargon on screen.
    if (error instanceof ArchiveError && error.code === 'not-a-zip') {
      return { status: 'unreadable', problem: DAMAGED_ENTRY };
    }
    throw error;
  }
}

async function readManifest(zip: OpenZip, signal?: AbortSignal): Promise<ManifestRead> {
  const scanned = zip.entries.find((candidate) => candidate.name === MANIFEST_ENTRY_NAME);
  if (scanned === undefined) {
    return { manifest: null, problem: null };
  }
  const tooLarge = () => new ArchiveError('too-large', `its manifest.json is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB`);
  try {
    const { data } = await readCapped(zip, scanned, MAX_MANIFEST_BYTES, tooLarge, signal);
    return parseManifest(data);
  } catch (error) {
    if (error instanceof ArchiveError && error.code === 'too-large') {
      return { manifest: null, problem: `The documents cannot be checked against a manifest: ${error.message}.` };
    }
    if (error instanceof ArchiveError && (error.code === 'not-a-zip' || error.code === 'unsafe-entry')) {
      return { manifest: null, problem: `The ZIP's manifest.json cannot be read, so its documents cannot be checked against it. ${error.message}` };
    }
    throw error;
  }
}

function parseManifest(data: Buffer): ManifestRead {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    return { manifest: null, problem: 'The ZIP has a manifest.json that is not valid JSON, so its documents cannot be checked against it.' };
  }
  const parsed = manifestSchema.safeParse(json);
  return parsed.success
    ? { manifest: parsed.data, problem: null }
    : { manifest: null, problem: 'The ZIP has a manifest.json that was not written by this app, so its documents cannot be checked against it.' };
}

// One buffer of the declared size, filled in place: no list of chunks and no second copy to join them.
async function readCapped(zip: OpenZip, scanned: ScannedEntry, maxBytes: number, tooLarge: () => ArchiveError, signal?: AbortSignal): Promise<{ data: Buffer; sha256: string }> {
  if (scanned.entry.uncompressedSize > maxBytes) {
    throw tooLarge();
  }
  const data = Buffer.alloc(scanned.entry.uncompressedSize);
  let filled = 0;
  // zip.stream stops an entry at its declared size, so the chunks always fit.
  const sha256 = await zip.stream(scanned, {
    signal,
    onChunk: (chunk) => {
      filled += chunk.copy(data, filled);
    },
  });
  return { data, sha256 };
}

function tooLargeToView(entryName: string, maxBytes: number): ArchiveError {
  return new ArchiveError(
    'too-large',
    `"${entryName}" is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, too large to show here. Open the ZIP with another program, or save a copy of the document and open that.`,
  );
}

function includedByEntryName(manifest: Manifest | null): Map<string, ManifestDocument> {
  const documents = (manifest?.documents ?? []).filter((document) => document.status === 'included' && document.entryName !== null);
  return new Map(documents.map((document) => [document.entryName ?? '', document]));
}

function describeEntry(scanned: ScannedEntry, read: EntryRead, document: ManifestDocument | null, hasManifest: boolean): ZipEntryInfo {
  const contentType = mediaTypeOf(scanned.name);
  const sha256 = read.status === 'readable' ? read.sha256 : null;
  const check: EntryCheck = !hasManifest || document === null ? 'not-in-manifest' : sha256 !== null && document.sha256 === sha256 ? 'matches' : 'differs';
  return {
    name: scanned.name,
    size: scanned.entry.uncompressedSize,
    compressedSize: scanned.entry.compressedSize,
    contentType,
    viewable: isViewable(contentType) && read.status === 'readable',
    status: read.status,
    problem: read.status === 'readable' ? null : read.problem,
    sha256,
    check,
    document,
  };
}

function checkAgainst(manifest: Manifest, entries: ReadonlyArray<ZipEntryInfo>): ZipManifestCheck {
  const present = new Set(entries.map((entry) => entry.name));
  const absentEntries = [...includedByEntryName(manifest).keys()].filter((name) => !present.has(name));
  const verified = absentEntries.length === 0 && entries.every((entry) => entry.check === 'matches');
  return { manifest, absentEntries, verified };
}
