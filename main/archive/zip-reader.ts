import { type EntryCheck, MAX_VIEW_BYTES, type ZipDocument, type ZipEntryInfo, type ZipListing, type ZipManifestCheck } from '../../common/archive.js';
import { MANIFEST_ENTRY_NAME, type Manifest, type ManifestDocument } from '../../common/manifest.js';
import { ArchiveError } from './archive-error.js';
import { manifestSchema } from './archive-schema.js';
import { type OpenZip, type ScannedEntry, withZip } from './zip-file.js';
import { mediaTypeOf } from '../../common/media-types.js';
import { isViewable } from './zip-names.js';

/** Largest manifest read; ours are a few kB per hundred documents. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;
/** Largest document read into memory for viewing. */
export const DEFAULT_MAX_VIEW_BYTES = MAX_VIEW_BYTES;

/** The manifest found in a ZIP, or why a `manifest.json` there could not be used. */
interface ManifestRead {
  readonly manifest: Manifest | null;
  readonly problem: string | null;
}

/** Lists a ZIP's documents offline, hashing each and comparing it with the ZIP's own manifest when it has one. */
export async function listZip(file: string, signal?: AbortSignal): Promise<ZipListing> {
  return withZip(file, async (zip) => {
    const { manifest, problem } = await readManifest(zip);
    const byEntryName = includedByEntryName(manifest);
    const entries: ZipEntryInfo[] = [];
    for (const scanned of zip.entries) {
      if (scanned.directory || (manifest !== null && scanned.name === MANIFEST_ENTRY_NAME)) {
        continue;
      }
      signal?.throwIfAborted();
      entries.push(describeEntry(scanned, await zip.stream(scanned), byEntryName.get(scanned.name) ?? null, manifest !== null));
    }
    return { file, entries, manifest: manifest === null ? null : checkAgainst(manifest, entries), manifestProblem: problem };
  });
}

/** Reads one document from inside a ZIP into memory for viewing; nothing is written to disk. */
export async function readZipEntry(file: string, entryName: string, options: { readonly maxBytes?: number } = {}): Promise<ZipDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_VIEW_BYTES;
  return withZip(file, async (zip) => {
    const scanned = zip.entries.find((candidate) => candidate.name === entryName && !candidate.directory);
    if (scanned === undefined) {
      throw new ArchiveError('entry-not-found', `The document "${entryName}" is not in ${file}.`);
    }
    const bytes = await readCapped(zip, scanned, maxBytes, () => tooLargeToView(entryName, maxBytes));
    return { name: entryName, contentType: mediaTypeOf(entryName), sha256: bytes.sha256, bytes: bytes.data };
  });
}

/** The manifest inside a ZIP this app saved; null when there is none of ours. */
export async function readZipManifest(file: string): Promise<Manifest | null> {
  return withZip(file, async (zip) => (await readManifest(zip)).manifest);
}

async function readManifest(zip: OpenZip): Promise<ManifestRead> {
  const scanned = zip.entries.find((candidate) => candidate.name === MANIFEST_ENTRY_NAME);
  if (scanned === undefined) {
    return { manifest: null, problem: null };
  }
  const tooLarge = () => new ArchiveError('too-large', `its manifest.json is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB`);
  try {
    const { data } = await readCapped(zip, scanned, MAX_MANIFEST_BYTES, tooLarge);
    return parseManifest(data);
  } catch (error) {
    if (error instanceof ArchiveError && error.code === 'too-large') {
      return { manifest: null, problem: `The documents cannot be checked against a manifest: ${error.message}.` };
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

async function readCapped(zip: OpenZip, scanned: ScannedEntry, maxBytes: number, tooLarge: () => ArchiveError): Promise<{ data: Buffer; sha256: string }> {
  if (scanned.entry.uncompressedSize > maxBytes) {
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  // yauzl already holds entries to their declared size; this cap does not depend on that.
  const sha256 = await zip.stream(scanned, (chunk) => {
    total += chunk.length;
    if (total > maxBytes) {
      throw tooLarge();
    }
    chunks.push(chunk);
  });
  return { data: Buffer.concat(chunks), sha256 };
}

function tooLargeToView(entryName: string, maxBytes: number): ArchiveError {
  return new ArchiveError(
    'too-large',
    `"${entryName}" is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, too large to show here. Use "Show in folder" and open the ZIP with another program.`,
  );
}

function includedByEntryName(manifest: Manifest | null): Map<string, ManifestDocument> {
  const documents = (manifest?.documents ?? []).filter((document) => document.status === 'included' && document.entryName !== null);
  return new Map(documents.map((document) => [document.entryName ?? '', document]));
}

function describeEntry(scanned: ScannedEntry, sha256: string, document: ManifestDocument | null, hasManifest: boolean): ZipEntryInfo {
  const contentType = mediaTypeOf(scanned.name);
  const check: EntryCheck = !hasManifest || document === null ? 'not-in-manifest' : document.sha256 === sha256 ? 'matches' : 'differs';
  return {
    name: scanned.name,
    size: scanned.entry.uncompressedSize,
    compressedSize: scanned.entry.compressedSize,
    contentType,
    viewable: isViewable(contentType),
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
