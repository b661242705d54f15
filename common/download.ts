/** The download job's progress and outcome as the UI and the CLI see them (types only). */

export type DownloadPhase = 'querying' | 'zipping' | 'uploading' | 'auditing' | 'saving' | 'verifying';

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
}
