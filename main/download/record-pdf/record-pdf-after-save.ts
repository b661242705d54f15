/**
 * The record PDF as one optional step after a verified save: built from the saved ZIP beside it, logged, and put in
 * words for the summary. It never fails the save: every problem, a cancel included, becomes `{ problem }` that says the
 * ZIP was saved and verified. Its progress is the download's last phase, 'recordPdf', through the job's throttle.
 */
import type { DownloadProgress, DownloadSummary, RecordPdfSummary } from '../../../common/download.js';
import type { Manifest } from '../../../common/manifest.js';
import type { Logger } from '../../logging/logger.js';
import { createProgressReporter } from '../progress.js';
import { type RecordPdf, type RecordPdfError, type RecordPdfProgress, type SavedBy, recordPdfPathBeside } from './record-pdf.js';
import type { RecordPdfBuilder } from './run-record-pdf.js';

export interface RecordPdfAfterSave {
  readonly build: RecordPdfBuilder;
  readonly summary: DownloadSummary;
  readonly manifest: Pick<Manifest, 'documents'>;
  readonly patient: { readonly nhsNumber: string; readonly name?: string | undefined };
  readonly savedBy: SavedBy;
  readonly signal?: AbortSignal | undefined;
  readonly logger: Logger;
  /** Told once the PDF is saved, before the summary is returned (the audit event); a failure here is logged only. */
  readonly onSaved: (pdf: RecordPdf) => Promise<void>;
  /** The download's progress listener: told the phase 'recordPdf' as the step starts, then as documents are merged. */
  readonly onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** The least time between two updates that are not the first or the last; the job's own unless a test says. */
  readonly progressIntervalMs?: number | undefined;
}

export const RECORD_PDF_PROBLEM_LEAD = 'The ZIP was saved and verified. The PDF of the record could not be made:';

/** Builds and saves the record PDF beside the ZIP; what the summary says of it. */
export async function recordPdfAfterSave(step: RecordPdfAfterSave): Promise<RecordPdfSummary> {
  const { summary, patient, logger } = step;
  const started = performance.now();
  logger.info('record-pdf.start', { nhsNumber: patient.nhsNumber, documents: summary.included.length });
  const onProgress = progressOf(step);
  const built = await step.build({
    zipPath: summary.file,
    manifest: step.manifest,
    patient,
    savedBy: step.savedBy,
    savedAt: new Date(summary.savedAt),
    outputPath: recordPdfPathBeside(summary.file, patient.nhsNumber),
    signal: step.signal,
    onProgress,
  });
  const durationMs = Math.round(performance.now() - started);
  if (!built.ok) {
    const level = built.error.code === 'cancelled' ? 'info' : 'warn';
    logger[level]('record-pdf.end', { nhsNumber: patient.nhsNumber, ok: false, code: built.error.code, message: built.error.message, durationMs });
    return { problem: `${RECORD_PDF_PROBLEM_LEAD} ${reasonOf(built.error)}` };
  }
  const { path, sha256, bytes, pages, merged, zipOnly } = built.value;
  logger.info('record-pdf.end', { nhsNumber: patient.nhsNumber, ok: true, bytes, pages, merged, zipOnly: zipOnly.length, durationMs });
  await step.onSaved(built.value).catch((error: unknown) => logger.error('record-pdf.audit', { error }));
  return { file: path, sha256, bytes, pages, zipOnly: zipOnly.length };
}

/**
 * The builder's progress as the download's: the step is said at once (the documents as the ZIP counts them), before
 * the builder (a worker thread in the app) has opened the ZIP. The documents that could not be collected stay counted.
 */
function progressOf(step: RecordPdfAfterSave): ((progress: RecordPdfProgress) => void) | undefined {
  const listener = step.onProgress;
  if (listener === undefined) {
    return undefined;
  }
  const reporter = createProgressReporter(listener, step.progressIntervalMs);
  reporter.update({ phase: 'recordPdf', documentsDone: 0, documentsFailed: step.summary.missing.length, documentsTotal: step.summary.included.length, bytesDone: 0 });
  return ({ documentsDone, documentsTotal, bytesDone, bytesTotal }) => reporter.update({ documentsDone, documentsTotal, bytesDone, bytesTotal });
}

/**
 * Why, in words that follow the lead: the builder's own message speaks for itself alone (it says the ZIP is safe and
 * begins "The PDF of the record could not be…"), which the lead already says.
 */
function reasonOf(error: RecordPdfError): string {
  if (error.code === 'cancelled') {
    return 'it was cancelled before it was finished, and no PDF was left in the folder.';
  }
  const detail = error.message
    .replace(/\s*The ZIP is saved and has every document\./u, '')
    .replace(/^The PDF of the record could not be saved\.\s*/u, '')
    .replace(/^The PDF of the record could not be made from the saved ZIP\.\s*/u, 'the saved ZIP could not be read back. ')
    .replace(/^The PDF of the record could not be made because of an unexpected problem\.\s*/u, 'an unexpected problem stopped it. ')
    .trim();
  return /^[A-Z][a-z]/u.test(detail) ? `${detail.charAt(0).toLowerCase()}${detail.slice(1)}` : detail;
}
