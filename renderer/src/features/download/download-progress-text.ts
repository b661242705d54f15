/**
 * The running download's progress in words and as a percentage, for the progress view.
 *
 * Pure, like shared/format.ts, whose counts and sizes it builds on.
 */
import { formatCount, formatDocuments, formatMegabytes } from '../../shared/format.js';
import { DOWNLOAD_STEPS, type DownloadJobProgress } from './download-progress-model.js';

/** "Step 2 of 4: Collecting documents". */
export function describeStep(step: number): string {
  return `Step ${step} of ${DOWNLOAD_STEPS.length}: ${DOWNLOAD_STEPS[step - 1] ?? ''}`;
}

/** The whole job, 0 to 100; rounded down, so 100 means done. */
export function downloadPercent(progress: DownloadJobProgress): number {
  return Math.floor(progress.fraction * 100);
}

/** "5 of 12 documents collected", or undefined before the documents are counted. */
export function formatDocumentsCollected(progress: DownloadJobProgress): string | undefined {
  if (progress.documentsTotal <= 0) {
    return undefined;
  }
  return `${formatCount(progress.documentsDone)} of ${formatDocuments(progress.documentsTotal)} collected`;
}

/** "2 documents could not be collected", or undefined when none has failed. */
export function formatDocumentsFailed(progress: DownloadJobProgress): string | undefined {
  return progress.documentsFailed > 0 ? `${formatDocuments(progress.documentsFailed)} could not be collected` : undefined;
}

/** "1.2 MB of 3.4 MB" once the total is known, "1.2 MB read" before. */
export function formatBytesDone(progress: DownloadJobProgress): string {
  return progress.bytesTotal === undefined
    ? `${formatMegabytes(progress.bytesDone)} read`
    : `${formatMegabytes(progress.bytesDone)} of ${formatMegabytes(progress.bytesTotal)}`;
}

/** "2.5 MB a second". */
export function formatSpeed(bytesPerSecond: number): string {
  return `${formatMegabytes(bytesPerSecond)} a second`;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** "Less than a minute left", "About 3 minutes left", "About 2 hours left": an estimate, so rounded. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < MINUTE) {
    return 'Less than a minute left';
  }
  if (seconds < 90 * MINUTE) {
    const minutes = Math.round(seconds / MINUTE);
    return `About ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} left`;
  }
  return `About ${Math.round(seconds / HOUR)} hours left`;
}
