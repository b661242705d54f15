/**
 * Reads the record's documents back from the saved ZIP one at a time, in the order given, each checked against the
 * size and SHA-256 its manifest records; only the document being merged is ever in memory.
 *
 * Documents up to REUSED_BUFFER_BYTES are read into one buffer used again for the next: a fresh buffer a document
 * outlives the garbage collector's quick collections and waits for a full one, so a thousand of them held tens of
 * MiB at a time (docs/benchmarks.md, Memory). A larger document gets a buffer of its own, dropped after it.
 */
import type { ManifestDocument } from '../../../common/manifest.js';
import { ArchiveError } from '../../archive/archive-error.js';
import { type OpenZip, withZip } from '../../archive/zip-file.js';
import { memoryPacer } from '../../reliability/memory-pacer.js';

/**
 * A document's bytes, or why they could not be read, in words that follow "In the ZIP only:". The bytes are valid
 * only until `use` returns: the next document is read over them.
 */
export type DocumentRead = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

/**
 * The most one document may hold to be merged. pdf-lib parses a PDF whole, so a single document larger than this
 * would take several times its size in memory; it stays in the ZIP.
 */
export const MAX_MERGED_DOCUMENT_BYTES = 512 * 1024 * 1024;

/**
 * pdf-lib still makes fresh buffers for each document (a PDF's streams as it parses them, a PNG's pixels, a JPEG's
 * copy). A young-generation collection as each document is done frees them while they are still young; left to V8
 * they were promoted and piled up towards the 64 MiB of outside memory it waits for before a full collection. At
 * 1 GB this took the peak from 73 to 41 MiB above idle for 3 % more CPU; a full collection every 8 or 16 MiB of
 * documents saved about as much but cost 50–80 % more CPU (docs/benchmarks.md, "Memory — 2026-12-03").
 */
const COLLECT_AFTER_EACH_DOCUMENT = 1;

/** The largest document read into the reused buffer, which is then kept at that size until the PDF is made. */
export const REUSED_BUFFER_BYTES = 16 * 1024 * 1024;

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
    const buffer = new ReusedBuffer();
    const pacer = memoryPacer(COLLECT_AFTER_EACH_DOCUMENT, 'minor');
    for (const document of documents) {
      signal?.throwIfAborted();
      await use(document, await readOne(zip, byName.get(document.entryName), document, buffer, signal));
      pacer.processed(COLLECT_AFTER_EACH_DOCUMENT);
    }
  });
}

async function readOne(
  zip: OpenZip,
  scanned: OpenZip['entries'][number] | undefined,
  document: ManifestDocument,
  buffer: ReusedBuffer,
  signal: AbortSignal | undefined,
): Promise<DocumentRead> {
  if (scanned === undefined) {
    return { ok: false, reason: READ_REASONS.notFound };
  }
  const size = scanned.entry.uncompressedSize;
  if (size > MAX_MERGED_DOCUMENT_BYTES) {
    return { ok: false, reason: READ_REASONS.tooLarge };
  }
  // The entry's size is held to what it declares (zip-file.ts), so the bytes fit. They start at the start of their
  // ArrayBuffer: pdf-lib reads JPEGs through the whole ArrayBuffer from its start (add-document.ts copies those).
  const bytes = buffer.take(size);
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

/** One buffer for every document up to REUSED_BUFFER_BYTES, grown as needed; larger ones get their own. */
class ReusedBuffer {
  private buffer: Buffer | undefined;

  take(size: number): Buffer {
    if (size > REUSED_BUFFER_BYTES) {
      return Buffer.allocUnsafeSlow(size);
    }
    if (this.buffer === undefined || this.buffer.length < size) {
      // Grown in whole MiB, so a record whose documents grow a little at a time does not reallocate for each.
      this.buffer = Buffer.allocUnsafeSlow(Math.min(REUSED_BUFFER_BYTES, Math.ceil(size / MIB) * MIB));
    }
    return this.buffer.subarray(0, size);
  }
}

const MIB = 1024 * 1024;
