/** The download job's progress and outcome as the UI and the CLI see them (types, and the trace copy's modes). */

/**
 * 'recordPdf' comes last, after a verified save, only when the PDF of the whole record was asked for: its documents
 * are those merged into the PDF or listed as in the ZIP only so far, its bytes their sizes.
 */
export type DownloadPhase = 'querying' | 'zipping' | 'uploading' | 'auditing' | 'saving' | 'verifying' | 'recordPdf';

export interface DownloadProgress {
  readonly phase: DownloadPhase;
  /** Documents collected into the ZIP so far. */
  readonly documentsDone: number;
  /** Documents that could not be read: listed as missing, never counted as done. */
  readonly documentsFailed: number;
  readonly documentsTotal: number;
  readonly bytesDone: number;
  /** Unknown while documents are still being read. */
  readonly bytesTotal?: number;
}

export interface IncludedDocument {
  readonly id: string;
  readonly fileName: string;
  readonly entryName: string;
}

export interface MissingDocument {
  readonly id: string;
  readonly fileName: string;
  readonly error: string;
}

export interface ExcludedDocument {
  readonly id: string;
  readonly fileName: string;
  readonly reason: string;
}

/** A verified save: where the ZIP is, what it holds, and what was left out and why. */
export interface DownloadSummary {
  /** Absolute path of the saved ZIP. */
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly included: ReadonlyArray<IncludedDocument>;
  readonly missing: ReadonlyArray<MissingDocument>;
  readonly excluded: ReadonlyArray<ExcludedDocument>;
  readonly correlationId: string;
  readonly zipLocation: string;
  readonly traceId: string;
  readonly savedAt: string;
  /** Set when the save could not be added to the local archive; the save itself is fine. */
  readonly archiveProblem?: string;
  /** The ZIP's trace copy in S3 as it stood when the file was saved; it may go on in the background (TraceCopyStatus). */
  readonly traceCopy?: TraceCopyStatus;
  /** Asked for only: the PDF of the whole record saved beside the ZIP, or why it could not be made (the ZIP is saved either way). */
  readonly recordPdf?: RecordPdfSummary;
}

/** The record PDF (issue 16 §8): where it is, its SHA-256, size and pages, and how many documents are in the ZIP only. */
export type RecordPdfSummary =
  | { readonly file: string; readonly sha256: string; readonly bytes: number; readonly pages: number; readonly zipOnly: number }
  | { readonly problem: string };

/**
 * When the ZIP's copy goes to S3 (policy `traceCopy`): 'before-save' uploads it first and saves by downloading it
 * back (the original order); 'background' writes the ZIP straight to the folder and uploads the saved file afterwards;
 * 'none' keeps no copy in S3.
 */
export const TRACE_COPY_MODES = ['background', 'before-save', 'none'] as const;
export type TraceCopyMode = (typeof TRACE_COPY_MODES)[number];

/**
 * Where the copy stands. 'complete': S3 holds it and its full-object checksum matched the file's. 'unverified': S3
 * holds it but returned no checksum to compare, so nothing proves it matches. 'failed': no good copy yet (retried
 * while the app runs, and at the next start). 'none': no copy is kept (mode 'none').
 */
export type TraceCopyState = 'uploading' | 'complete' | 'unverified' | 'failed' | 'none';

export interface TraceCopyStatus {
  readonly mode: TraceCopyMode;
  readonly state: TraceCopyState;
  /** The download's correlation id: the copy belongs to that saved file. */
  readonly correlationId: string;
  /** Where the copy is (or goes): s3://bucket/key; absent for 'none'. */
  readonly location?: string;
  readonly bytesUploaded?: number;
  readonly bytesTotal?: number;
  /** The copy's full-object checksum as S3 returned it (CRC64NVME, base64), once complete. */
  readonly checksum?: string;
  readonly completedAt?: string;
  /** Failed attempts so far, and when the next one starts (ISO time), while 'failed'. */
  readonly attempts?: number;
  readonly nextAttemptAt?: string;
  /** True once a failed copy can never be made (the saved file is gone or changed, or too big): no more tries. */
  readonly givenUp?: boolean;
  /** Why the copy failed or is unverified, in words for IT. */
  readonly problem?: string;
}
