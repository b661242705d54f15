/**
 * Reads the record's documents back from the saved ZIP one at a time, in the order given, each checked against the
 * size and SHA-256 its manifest records; only the document being merged is ever in memory.
 */
import type { ManifestDocument } from '../../../common/manifest.js';
import { ArchiveError } from '../../archive/archive-error.js';
import { type OpenZip, withZip } from '../../archive/zip-file.js';

/** A document's bytes, or why they could not be read, in words that follow "In the ZIP only:". */
export type DocumentRead = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

/**
 * The most one document may hold to be merged. pdf-lib parses a PDF whole, so a single document larger than this
 * would take several times its size in memory; it stays in the ZIP.
 */
export const MAX_MERGED_DOCUMENT_BYTES = 512 * 1024 * 1024;

export const READ_REASONS = {
  notFound: 'it could not be found inside the ZIP under its name',
  unreadable: 'it could not be read from the ZIP',
  changed: 'it does not match the copy that was saved',
  tooLarge: `it is larger than ${MAX_MERGED_DOCUMENT_BYTES / (1024 * 1024)} MB, too large to add to one PDF`,
} as const;

/**
 * Calls `use` with each document in turn, waiting for it before reading the next. Throws ArchiveError when the ZIP
 * itself cannot be opened; a document that cannot be read is passed on as a reason, not thrown.
 */
export async function readDocuments<D extends ManifestDocument & { readonly entryName: string }>(
  zipPath: string,
  documents: ReadonlyArray<D>,
  signal: AbortSignal | undefined,
  use: (document: D, read: DocumentRead) => Promise<void>,
): Promise<void> {
  await withZip(zipPath, async (zip) => {
    const byName = new Map(zip.entries.filter((scanned) => !scanned.directory).map((scanned) => [scanned.name, scanned]));
    for (const document of documents) {
      signal?.throwIfAborted();
      await use(document, await readOne(zip, byName.get(document.entryName), document, signal));
    }
  });
}

async function readOne(
  zip: OpenZip,
  scanned: OpenZip['entries'][number] | undefined,
  document: ManifestDocument,
  signal: AbortSignal | undefined,
): Promise<DocumentRead> {
  if (scanned === undefined) {
    return { ok: false, reason: READ_REASONS.notFound };
  }
  const size = scanned.entry.uncompressedSize;
  if (size > MAX_MERGED_DOCUMENT_BYTES) {
    return { ok: false, reason: READ_REASONS.tooLarge };
  }
  // The entry's size is held to what it declares (zip-file.ts), so the bytes fit. Not from the shared pool: pdf-lib
  // reads some formats through the whole underlying ArrayBuffer.
  const bytes = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  let sha256: string;
  try {
    sha256 = await zip.stream(scanned, {
      signal,
      onChunk: (chunk) => {
        filled += chunk.copy(bytes, filled);
      },
    });
  } catch (error) {
    if (error instanceof ArchiveError && signal?.aborted !== true) {
      return { ok: false, reason: READ_REASONS.unreadable };
    }
    throw error;
  }
  if ((document.sha256 !== null && document.sha256 !== sha256) || (document.size !== null && document.size !== size)) {
    return { ok: false, reason: READ_REASONS.changed };
  }
  return { ok: true, bytes };
}
