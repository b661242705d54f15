/**
 * The record PDF as one optional step after a verified save: built from the saved ZIP beside it, logged, and put in
 * words for the summary. It never fails the save: every problem, a cancel included, becomes `{ problem }` that says the
 * ZIP was saved and verified.
 */
import type { DownloadSummary, RecordPdfSummary } from '../../../common/download.js';
import type { Manifest } from '../../../common/manifest.js';
import type { Logger } from '../../logging/logger.js';
import { type RecordPdf, type RecordPdfError, type SavedBy, recordPdfPathBeside } from './record-pdf.js';
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
}

export const RECORD_PDF_PROBLEM_LEAD = 'The ZIP was saved and verified. The PDF of the record could not be made:';

/** Builds and saves the record PDF beside the ZIP; what the summary says of it. */
export async function recordPdfAfterSave(step: RecordPdfAfterSave): Promise<RecordPdfSummary> {
  const { summary, patient, logger } = step;
  const started = performance.now();
  logger.info('record-pdf.start', { nhsNumber: patient.nhsNumber, documents: summary.included.length });
  const built = await step.build({
    zipPath: summary.file,
    manifest: step.manifest,
    patient,
    savedBy: step.savedBy,
    savedAt: new Date(summary.savedAt),
    outputPath: recordPdfPathBeside(summary.file, patient.nhsNumber),
    signal: step.signal,
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
