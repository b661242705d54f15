/**
 * A running download's progress in words and as a percentage, for the progress view.
 *
 * Pure, like shared/format.ts, whose counts and sizes it builds on.
 */
import type { DownloadPhase, DownloadProgress } from '../../../../common/download.js';
import { assertNever } from '../../shared/assert-never.js';
import { formatCount, formatDocuments, formatMegabytes } from '../../shared/format.js';

/** The download phase in words. */
export function describePhase(phase: DownloadPhase): string {
  switch (phase) {
    case 'querying':
      return 'Finding documents';
    case 'zipping':
      return 'Adding documents to the ZIP';
    case 'uploading':
      return 'Finishing the ZIP';
    case 'auditing':
      return 'Recording the download';
    case 'saving':
      return 'Saving to your folder';
    case 'verifying':
      return 'Checking the saved file';
    default:
      return assertNever(phase);
  }
}

/**
 * How far the current phase is, 0 to 100: bytes once their total is known (auditing, saving, verifying),
 * otherwise documents (zipping, and uploading once every document is in), otherwise 0 (querying).
 */
export function downloadPercent(progress: DownloadProgress): number {
  const { bytesDone, bytesTotal, documentsDone, documentsTotal } = progress;
  if (bytesTotal !== undefined && bytesTotal > 0) {
    return percent(bytesDone, bytesTotal);
  }
  if (documentsTotal > 0) {
    return percent(documentsDone, documentsTotal);
  }
  return 0;
}

/** "5 of 12 documents", or undefined before the documents are counted. */
export function formatDocumentsDone(progress: DownloadProgress): string | undefined {
  return progress.documentsTotal > 0 ? `${formatCount(progress.documentsDone)} of ${formatDocuments(progress.documentsTotal)}` : undefined;
}

/** "1.2 MB of 3.4 MB" once the total is known, "1.2 MB read" before. */
export function formatBytesDone(progress: DownloadProgress): string {
  return progress.bytesTotal === undefined
    ? `${formatMegabytes(progress.bytesDone)} read`
    : `${formatMegabytes(progress.bytesDone)} of ${formatMegabytes(progress.bytesTotal)}`;
}

function percent(done: number, total: number): number {
  return Math.min(100, Math.max(0, Math.round((done / total) * 100)));
}
