/**
 * Splits a download audit message into parts that each fit the audit queue.
 *
 * A record of a few thousand documents lists more than one SQS message may hold, so the message goes as parts: each
 * carries every field of the original, a slice of `fileMetadataList`, `part` (from 1) and `parts`, the same
 * `correlationId`, and the event id `<original eventId>-<part>-of-<parts>`. Together the parts list every document
 * once, in the original order. Pure: the queue's limit is an input.
 */
import type { Result } from '../../common/result.js';
import type { AuditFileMetadata, DownloadAuditMessage } from './audit-messages.js';
import { wireMessageOf, wireSizeBytes } from './audit-wire.js';

export interface DownloadAuditPart extends DownloadAuditMessage {
  /** 1-based position of this part among the parts of one download. */
  readonly part: number;
  readonly parts: number;
}

/** Even one document with the shared fields exceeds the queue's limit: the queue can never accept this record. */
export interface DocumentTooLarge {
  readonly code: 'document-too-large';
  readonly message: string;
}

/** AWS's limit for a queue whose attributes cannot be read (queues created before 2025 default to 256 KiB). */
export const DEFAULT_MAXIMUM_MESSAGE_BYTES = 262_144;

// The size is measured exactly, but a margin keeps a part clear of any accounting AWS does not document (for example
// a future attribute the SDK adds). An eighth of a small queue's limit, at most 8 KiB.
const MAX_SAFETY_MARGIN_BYTES = 8_192;

/** The bytes a part may take on a queue with this limit. */
export function partBudgetBytes(maximumMessageBytes: number): number {
  return maximumMessageBytes - Math.min(MAX_SAFETY_MARGIN_BYTES, Math.floor(maximumMessageBytes / 8));
}

export function splitDownloadAudit(message: DownloadAuditMessage, maximumMessageBytes: number): Result<readonly DownloadAuditPart[], DocumentTooLarge> {
  const budget = partBudgetBytes(maximumMessageBytes);
  const files = message.fileMetadataList;
  // Measured with the widest numbers the parts could carry, so the real parts can only be smaller.
  const widest = Math.max(1, files.length);
  const sharedBytes = wireSizeBytes(wireMessageOf(partOf(message, [], widest, widest)));
  const slices: AuditFileMetadata[][] = [];
  let current: AuditFileMetadata[] = [];
  let currentBytes = sharedBytes;
  for (const file of files) {
    // The element as it appears in the list, and the comma before it (counted for the first too: a byte to spare).
    const fileBytes = Buffer.byteLength(JSON.stringify(file), 'utf8') + 1;
    if (sharedBytes + fileBytes > budget) {
      return {
        ok: false,
        error: {
          code: 'document-too-large',
          message: `One document's audit entry (${sharedBytes + fileBytes} bytes with the shared fields) exceeds the queue's ${budget}-byte part budget.`,
        },
      };
    }
    if (currentBytes + fileBytes > budget) {
      slices.push(current);
      current = [];
      currentBytes = sharedBytes;
    }
    current.push(file);
    currentBytes += fileBytes;
  }
  slices.push(current);
  return { ok: true, value: slices.map((slice, index) => partOf(message, slice, index + 1, slices.length)) };
}

function partOf(message: DownloadAuditMessage, slice: readonly AuditFileMetadata[], part: number, parts: number): DownloadAuditPart {
  return { ...message, eventId: `${message.eventId}-${part}-of-${parts}`, fileMetadataList: slice, part, parts };
}
