/**
 * The running download's progress in words and as a percentage, for the progress view.
 *
 * Pure, like shared/format.ts, whose counts and sizes it builds on.
 */
import { formatCount, formatDocuments, formatMegabytes } from '../../shared/format.js';
import { type DownloadJobProgress, makingRecordPdf, stepsOf } from './download-progress-model.js';

/** "Step 2 of 4: Collecting documents", or "Step 5 of 5: Making the PDF of the record". */
export function describeStep(progress: Pick<DownloadJobProgress, 'recordPdf' | 'step'>): string {
  const steps = stepsOf(progress);
  return `Step ${progress.step} of ${steps.length}: ${steps[progress.step - 1] ?? ''}`;
}

/** The whole job, 0 to 100; rounded down, so 100 means done. */
export function downloadPercent(progress: DownloadJobProgress): number {
  return Math.floor(progress.fraction * 100);
}

/**
 * "5 of 12 documents collected", or undefined before the documents are counted. While the PDF is made, "5 of 12
 * documents done": a document that cannot go into the PDF is done too, listed in its index as in the ZIP only.
 */
export function formatDocumentsCollected(progress: DownloadJobProgress): string | undefined {
  if (progress.documentsTotal <= 0) {
    return undefined;
  }
  return `${formatCount(progress.documentsDone)} of ${formatDocuments(progress.documentsTotal)} ${makingRecordPdf(progress) ? 'done' : 'collected'}`;
}

/** What Cancel does while the PDF is made: the ZIP is saved and checked by then, and stays. */
export const CANCEL_KEEPS_THE_ZIP = 'The ZIP file is saved and checked. If you cancel now, only the PDF is stopped and the ZIP file stays in your folder.';

/** What the status says once Cancel is pressed. */
export function describeCancelling(progress: Pick<DownloadJobProgress, 'recordPdf' | 'step'>): string {
  return makingRecordPdf(progress) ? 'Cancelling the PDF of the record… The ZIP file stays saved.' : 'Cancelling the download…';
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
