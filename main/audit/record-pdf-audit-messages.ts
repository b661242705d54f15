/**
 * The audit message for a record PDF saved beside a verified ZIP (issue 16 §8): which file, by its SHA-256, size and
 * pages, under the download's correlation id, never its path or name. Pure, like ./audit-messages.ts.
 */
import { type AuditActorFields, type AuditEvent, type AuditMessageInput, actorFields } from './audit-messages.js';

export const SAVED_RECORD_PDF_DESCRIPTION = 'Saved record PDF';

export interface SavedRecordPdfAuditMessage extends AuditEvent, AuditActorFields {
  readonly timestamp: string;
  /** The download's: the PDF was made from the ZIP that download saved. */
  readonly correlationId: string;
  readonly nhsNumber: string;
  /** Lower-case hex SHA-256 of the saved PDF. */
  readonly sha256: string;
  readonly bytes: number;
  /** Every page, the index's included. */
  readonly pages: number;
  /** Documents whose pages are in the PDF. */
  readonly documentCount: number;
  /** Documents of the ZIP named in the PDF's index as "in the ZIP only". */
  readonly zipOnlyCount: number;
  readonly description: typeof SAVED_RECORD_PDF_DESCRIPTION;
}

export function savedRecordPdfAuditMessage(
  input: AuditMessageInput & { readonly sha256: string; readonly bytes: number; readonly pages: number; readonly documentCount: number; readonly zipOnlyCount: number },
): SavedRecordPdfAuditMessage {
  return {
    timestamp: input.now.toISOString(),
    correlationId: input.correlationId,
    nhsNumber: input.nhsNumber,
    sha256: input.sha256,
    bytes: input.bytes,
    pages: input.pages,
    documentCount: input.documentCount,
    zipOnlyCount: input.zipOnlyCount,
    description: SAVED_RECORD_PDF_DESCRIPTION,
    eventId: input.eventId,
    ...actorFields(input.actor),
  };
}
