/**
 * How a verified save turned out for the user: how many of the patient's documents are in the ZIP, and which are not
 * and why, in words. Pure, from main's DownloadSummary.
 */
import type { DownloadSummary } from '../../../../common/download.js';
import { describeExclusion, NOT_COLLECTED } from '../../shared/unavailable-reasons.js';

/** A document of the record that is not in the ZIP. */
export interface NotSavedDocument {
  readonly id: string;
  readonly fileName: string;
  /** In words, e.g. "Still being checked for viruses". */
  readonly reason: string;
  /** main's own message, for "Technical details" only. */
  readonly technicalReason: string;
}

export interface SaveOutcome {
  readonly saved: number;
  /** The documents of the record the user saw: saved, and not saved for any reason but deletion. */
  readonly total: number;
  /** Documents that could not be collected first, then those that could not be downloaded, each in main's order. */
  readonly notSaved: ReadonlyArray<NotSavedDocument>;
  /** Deleted documents are no longer part of the record: left out of the count, named only in the technical details. */
  readonly deleted: number;
}

/** main's reason for a document deleted from the record. */
const DELETED_REASON = 'deleted';

export function toSaveOutcome(summary: DownloadSummary): SaveOutcome {
  const notCollected = summary.missing.map(
    (document): NotSavedDocument => ({ id: document.id, fileName: document.fileName, reason: NOT_COLLECTED, technicalReason: document.error }),
  );
  const notDownloadable = summary.excluded
    .filter((document) => document.reason !== DELETED_REASON)
    .map((document): NotSavedDocument => ({
      id: document.id,
      fileName: document.fileName,
      reason: describeExclusion(document.reason),
      technicalReason: document.reason,
    }));
  const notSaved = [...notCollected, ...notDownloadable];
  return {
    saved: summary.included.length,
    total: summary.included.length + notSaved.length,
    notSaved,
    deleted: summary.excluded.length - notDownloadable.length,
  };
}
