import { DOWNLOAD_DESCRIPTION } from '../../main/audit/audit-messages.js';
import type { DownloadAuditPart } from '../../main/audit/audit-parts.js';
import { wireSizeBytes } from '../../main/audit/audit-wire.js';

/** A download's audit part as it sat on the queue, and its size there as SQS counts it. */
export interface QueuedAuditPart {
  readonly body: DownloadAuditPart;
  readonly wireBytes: number;
}

/** The download audit parts among messages taken off a queue, in part order; other events are left out. */
export function downloadAuditPartsOf(messages: ReadonlyArray<{ readonly body: string; readonly eventId: string | undefined }>): QueuedAuditPart[] {
  return messages
    .map((message) => ({
      body: JSON.parse(message.body) as DownloadAuditPart,
      wireBytes: wireSizeBytes({ body: message.body, attributes: { eventId: { DataType: 'String', StringValue: message.eventId ?? '' } } }),
    }))
    .filter((part) => (part.body.description as string) === DOWNLOAD_DESCRIPTION)
    .sort((a, b) => a.body.part - b.body.part);
}
