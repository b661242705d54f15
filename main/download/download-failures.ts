/**
 * How a download that did not end in a verified save is told to the person: one code and plain words per kind of
 * failure, whichever step it came from.
 */
import type { DownloadErrorCode } from '../../common/error-codes.js';
import { AuditRefusedError, AuditUnavailableError, auditRefusedMessage } from '../audit/audit-errors.js';
import { describeAwsError } from '../aws/errors.js';
import { DownloadFailure } from './build-zip.js';
import { SaveError } from './save/save-error.js';

/** The patient has nothing that can be downloaded: nothing is zipped, uploaded or audited as a download. */
export class NothingToDownload extends Error {}

/** A chosen id is not a row of the patient: the record changed since the search, so nothing is downloaded. */
export class ChosenDocumentsGone extends Error {}

/** True when the job stopped because the person cancelled it. */
export function isCancellation(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof SaveError && error.code === 'cancelled');
}

/** The failure as the person is told it. */
export function describeDownloadFailure(
  error: unknown,
  job: { readonly signal: AbortSignal | undefined; readonly correlationId: string },
): { readonly code: DownloadErrorCode; readonly message: string } {
  if (isCancellation(error, job.signal)) {
    return { code: 'cancelled', message: 'Download cancelled. Nothing was saved.' };
  }
  if (error instanceof ChosenDocumentsGone) {
    return { code: 'chosen-documents-gone', message: "Some chosen documents are no longer in this patient's record. Search again and choose again." };
  }
  if (error instanceof NothingToDownload) {
    return { code: 'nothing-to-download', message: 'There are no documents available to download for this patient.' };
  }
  if (error instanceof SaveError || error instanceof DownloadFailure) {
    return { code: error.code, message: error.message };
  }
  if (error instanceof AuditUnavailableError) {
    return { code: 'audit-unavailable', message: error.message };
  }
  if (error instanceof AuditRefusedError) {
    return { code: 'audit-refused', message: auditRefusedMessage(job.correlationId) };
  }
  return describeAwsError(error);
}
