/**
 * What a download job records of itself: its trace row, its "Downloaded documents" audit (sent in parts) and its
 * "Saved documents" event, each made from the ZIP as written (its documents, SHA-256 and size).
 */
import { randomUUID } from 'node:crypto';
import { type AuditActor, type SavedAuditMessage, downloadAuditMessage, savedAuditMessage } from '../audit/audit-messages.js';
import type { WrittenZip } from './build-zip.js';
import { includedOf } from './download-summary.js';
import { type S3Location, formatS3Location } from './s3-location.js';
import type { ZipTrace } from './zip-trace.js';

export interface JobIds {
  readonly correlationId: string;
  readonly nhsNumber: string;
}

/** Where the ZIP (or its copy) is kept, and the copy's state when the row is written (single pass only). */
export interface TraceCopyFields {
  readonly location: S3Location | undefined;
  readonly copyStatus: ZipTrace['copyStatus'];
}

export function zipTraceFor(ids: JobIds & { readonly id: string }, zip: WrittenZip, copy: TraceCopyFields, actor: AuditActor, ttlDays: number): ZipTrace {
  return {
    id: ids.id,
    correlationId: ids.correlationId,
    createdAt: new Date(),
    ...(copy.location === undefined ? {} : { location: formatS3Location(copy.location) }),
    ...(copy.copyStatus === undefined ? {} : { copyStatus: copy.copyStatus }),
    ttlDays,
    nhsNumber: ids.nhsNumber,
    documentIds: includedOf(zip).map((outcome) => outcome.candidate.document.id),
    sha256: zip.sha256,
    sizeBytes: zip.bytes,
    principal: actor.principal,
  };
}

export function downloadedMessageFor(ids: JobIds, zip: WrittenZip, actor: AuditActor) {
  return downloadAuditMessage({
    actor,
    correlationId: ids.correlationId,
    nhsNumber: ids.nhsNumber,
    now: new Date(),
    eventId: randomUUID(),
    files: includedOf(zip).map(({ candidate: { document } }) => ({
      id: document.id,
      fileName: document.fileName,
      fileType: document.contentType ?? 'application/octet-stream',
    })),
  });
}

/** The "saved" event, built before the save from what the save must match (the ZIP's SHA-256 and size). */
export function savedMessageFor(ids: JobIds, zip: WrittenZip, actor: AuditActor): SavedAuditMessage {
  return savedAuditMessage({
    actor,
    correlationId: ids.correlationId,
    nhsNumber: ids.nhsNumber,
    now: new Date(),
    eventId: randomUUID(),
    sha256: zip.sha256,
    bytes: zip.bytes,
    documentCount: includedOf(zip).length,
  });
}
