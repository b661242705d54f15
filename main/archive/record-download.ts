import type { ArchiveEntry } from '../../common/archive.js';
import type { DownloadSummary } from '../../common/download.js';
import type { Manifest } from '../../common/manifest.js';
import { ArchiveError } from './archive-error.js';
import type { ArchiveIndex, NewArchiveEntry } from './archive-index.js';
import { readZipManifest } from './zip-reader.js';

/** The archive entry for a verified save, from its summary and the manifest written into the ZIP. */
export function archiveEntryFromDownload(
  summary: DownloadSummary,
  manifest: Pick<Manifest, 'nhsNumber' | 'documents'>,
  environment: string,
): NewArchiveEntry {
  return {
    source: 'download',
    nhsNumber: manifest.nhsNumber,
    savedAt: summary.savedAt,
    path: summary.file,
    bytes: summary.bytes,
    sha256: summary.sha256,
    documentCount: summary.included.length,
    missingCount: summary.missing.length,
    correlationId: summary.correlationId,
    environment,
    documents: manifest.documents,
  };
}

/** Adds a verified save to the archive, reading the manifest back from the saved file (offline). */
export async function recordDownload(index: ArchiveIndex, summary: DownloadSummary, environment: string): Promise<ArchiveEntry> {
  const manifest = await readZipManifest(summary.file);
  if (manifest === null) {
    throw new ArchiveError('not-a-zip', `The saved record ${summary.file} has no manifest, so it was not added to the archive.`);
  }
  return index.add(archiveEntryFromDownload(summary, manifest, environment));
}
