import type { ArchiveSavedBy } from '../../common/archive.js';
import type { DownloadSummary } from '../../common/download.js';
import type { Manifest } from '../../common/manifest.js';
import type { NewArchiveEntry } from './archive-index.js';

/**
 * The archive entry for a verified save, from its summary and the manifest the job wrote into the ZIP (never read
 * back), with who saved it and the patient's name, so the archive can be searched by them offline, and the record
 * PDF saved beside it, if any.
 */
export function archiveEntryFromDownload(
  summary: DownloadSummary,
  manifest: Pick<Manifest, 'nhsNumber' | 'documents'>,
  environment: string,
  saved: { readonly by?: ArchiveSavedBy; readonly patientName?: string } = {},
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
    ...(saved.by === undefined ? {} : { savedBy: saved.by }),
    ...(saved.patientName === undefined || saved.patientName === '' ? {} : { patientName: saved.patientName }),
    ...(summary.recordPdf !== undefined && 'file' in summary.recordPdf ? { recordPdf: { path: summary.recordPdf.file, sha256: summary.recordPdf.sha256 } } : {}),
  };
}
