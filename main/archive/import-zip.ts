import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ArchiveImport, ArchiveProgress, ZipListing } from '../../common/archive.js';
import { fileError } from './archive-error.js';
import type { ArchiveIndex, NewArchiveEntry } from './archive-index.js';
import { type FileDigest, hashFile } from './file-hash.js';
import { listZip } from './zip-reader.js';

/**
 * "Add a ZIP…": checks the file is a readable ZIP within the bomb limits (and its manifest, when it has ours), then
 * archives it. The signal stops the hashing or the listing between any two chunks.
 */
export async function importZip(index: ArchiveIndex, file: string, signal?: AbortSignal, onProgress?: (progress: ArchiveProgress) => void): Promise<ArchiveImport> {
  const path = resolve(file);
  const modified = await modifiedAt(path);
  const digest = await hashFile(path, signal, onProgress);
  const listing = await listZip(path, { signal, onProgress });
  const existing = index.list().find(({ entry }) => entry.path === path && entry.sha256 === digest.sha256);
  if (existing !== undefined) {
    return { entry: existing.entry, listing, alreadyArchived: true };
  }
  return { entry: index.add(importedEntry(path, digest, listing, modified)), listing, alreadyArchived: false };
}

function importedEntry(path: string, digest: FileDigest, listing: ZipListing, modified: Date): NewArchiveEntry {
  const manifest = listing.manifest?.manifest;
  const base = { source: 'import' as const, path, bytes: digest.bytes, sha256: digest.sha256, environment: null };
  if (manifest === undefined || listing.manifest === null) {
    return { ...base, nhsNumber: null, savedAt: modified.toISOString(), documentCount: listing.entries.length, missingCount: 0, correlationId: null, documents: [] };
  }
  return {
    ...base,
    nhsNumber: manifest.nhsNumber,
    // The manifest's date is when the record left the store, which a copy's file time may not be.
    savedAt: manifest.createdAt,
    documentCount: manifest.counts.included,
    missingCount: manifest.counts.missing,
    correlationId: manifest.correlationId,
    documents: manifest.documents,
    manifestVerified: listing.manifest.verified,
  };
}

async function modifiedAt(path: string): Promise<Date> {
  try {
    return (await stat(path)).mtime;
  } catch (error) {
    throw fileError(error, path);
  }
}
