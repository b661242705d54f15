import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:https';
import type { DownloadErrorCode } from '../../common/error-codes.js';
import type { DownloadProgress, DownloadSummary } from '../../common/download.js';
import { parseNhsNumber } from '../../common/nhs-number.js';
import type { Manifest } from '../../common/manifest.js';
import type { Result } from '../../common/result.js';
import { APP_INFO } from '../app-info.js';
import {
  type AuditActor,
  type SavedAuditMessage,
  downloadAuditMessage,
  nothingToDownloadAuditMessage,
  savedAuditMessage,
} from '../audit/audit-messages.js';
import type { AuditOutbox } from '../audit/audit-outbox.js';
import type { AuditSender } from '../audit/audit-sender.js';
import { sendDownloadAudit } from '../audit/download-audit.js';
import type { AwsClients } from '../aws/clients.js';
import type { Config } from '../config/config.js';
import { type JournalEntry, journalEntry } from '../jobs/job-journal.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import { type RetryDelays, withRetries } from '../reliability/retry.js';
import { queryDocuments } from '../search/query-documents.js';
import { type BuiltZip, buildZipInS3 } from './build-zip.js';
import { ChosenDocumentsGone, NothingToDownload, describeDownloadFailure, isCancellation } from './download-failures.js';
import { downloadSummary, includedOf } from './download-summary.js';
import { maxEntryNameLengthFor } from './entry-names.js';
import { buildManifest, classifyDocuments } from './manifest.js';
import { presignZipDownload } from './presign.js';
import { createProgressReporter } from './progress.js';
import { formatS3Location } from './s3-location.js';
import { candidatePath } from './save/file-names.js';
import { type Reservation, discardReservation, reserveName } from './save/reservation.js';
import { type SavedFile, saveReserved } from './save/save-to-folder.js';
import { deleteZipObject } from './zip-cleanup.js';
import { markZipTrace, saveZipTrace } from './zip-trace.js';

/** What the job needs from the running app; the Electron shell, the CLI and the tests pass the same things. */
export interface DownloadServices {
  readonly clients: AwsClients;
  readonly config: Config;
  /** Who is acting, for the trace row and the audit events. */
  readonly actor: () => Promise<AuditActor>;
  readonly auditSender: Pick<AuditSender, 'sendAll' | 'maximumMessageBytes'>;
  readonly auditOutbox: Pick<AuditOutbox, 'enqueue' | 'hold' | 'confirm' | 'discard'>;
  /** Starts sending the outbox's events without waiting for the network; the app's one background flush. */
  readonly flushAuditInBackground: () => void;
  /** Where failures that must not change the job's outcome are written (an outbox write after the file is saved). */
  readonly logger?: Logger;
  readonly tuning?: { readonly retryDelaysMs?: RetryDelays; readonly prefetch?: number };
  /** The HTTPS agent for the presigned download: the same CA bundle and proxy as the SDK clients. */
  readonly httpsAgent?: Agent;
}

export interface DownloadRequest {
  readonly nhsNumber: string;
  /** Only these of the patient's documents (the user's choice); every eligible one when absent. */
  readonly documentIds?: ReadonlyArray<string>;
  readonly folder: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

/** A verified save as the job ends it: what the person is told, and the manifest the ZIP carries (for the archive). */
export interface SavedDownload {
  readonly summary: DownloadSummary;
  readonly manifest: Manifest;
}

export type DownloadError = { readonly code: DownloadErrorCode; readonly message: string };
/** What the job returns. */
export type DownloadJobResult = Result<SavedDownload, DownloadError>;
/** What the app's callers (the window, the CLI) are given: the summary alone. */
export type DownloadResult = Result<DownloadSummary, DownloadError>;

/**
 * Downloads every eligible document of a patient into one verified ZIP in the chosen folder, in the seed's order.
 *
 * Reserve the file's name (the folder check) → query → ZIP streamed to S3 → trace → audit in parts (fail closed) →
 * presign → "saved" event held in the outbox → save → verify → place → "saved" event released. Expected failures
 * come back as values with a message for a practice user; once the file is placed, nothing turns it into a failure.
 * The job journal (main/jobs/job-journal.ts) names what the job holds until it has ended and cleaned up.
 */
export async function downloadDocuments(services: DownloadServices, request: DownloadRequest): Promise<DownloadJobResult> {
  const nhsNumber = parseNhsNumber(request.nhsNumber);
  if (!nhsNumber.ok) {
    return { ok: false, error: { code: 'invalid-nhs-number', message: nhsNumber.message } };
  }
  const job = new DownloadJob(services, request, nhsNumber.value);
  try {
    return { ok: true, value: await job.run() };
  } catch (error) {
    await job.cleanUp(error);
    return job.describe(error);
  }
}

class DownloadJob {
  private readonly correlationId = randomUUID();
  private readonly progress;
  private readonly journal: JournalEntry;
  private zip: BuiltZip | undefined;
  /** The file's reserved name, held until the save takes it over. */
  private reservation: Reservation | undefined;
  /** Set before the trace row is written: a put whose answer is lost may still have stored it. */
  private traceId: string | undefined;

  constructor(
    private readonly services: DownloadServices,
    private readonly request: DownloadRequest,
    private readonly nhsNumber: string,
  ) {
    this.progress = createProgressReporter(request.onProgress);
    this.journal = journalEntry(services.config.dataDir, this.correlationId, this.log);
  }

  private get log(): Logger {
    return this.services.logger ?? silentLogger();
  }

  async run(): Promise<SavedDownload> {
    const { clients, config } = this.services;
    const signal = this.request.signal;
    // First, so a folder that is missing or read-only fails the job before anything is read, uploaded or audited.
    const reservation = await reserveName(this.request.folder, `patient-record-${this.nhsNumber}.zip`);
    this.reservation = reservation;
    await this.journal.note({ partialPath: reservation.partialPath });
    this.progress.update({ phase: 'querying' });
    const rows = await queryDocuments(clients.dynamo, { table: config.metadataTable, nhsNumber: this.nhsNumber, listedOnly: false, signal });
    const { eligible, excluded, notChosen, unknownIds } = classifyDocuments(rows, { documentIds: this.request.documentIds });
    if (unknownIds.length > 0) {
      throw new ChosenDocumentsGone();
    }
    const actor = await this.services.actor();
    if (eligible.length === 0) {
      await this.auditNothingToDownload(actor, excluded.length);
      throw new NothingToDownload();
    }
    this.zip = await buildZipInS3({
      s3: clients.s3,
      zipBucket: config.zipBucket,
      eligible,
      manifest: (outcomes) =>
        buildManifest({ nhsNumber: this.nhsNumber, correlationId: this.correlationId, createdAt: new Date(), application: APP_INFO, outcomes, excluded, notChosen }),
      progress: this.progress,
      signal,
      retryDelaysMs: this.services.tuning?.retryDelaysMs,
      prefetch: this.services.tuning?.prefetch ?? this.services.config.maxParallelTransfers,
      maxEntryNameLength: maxEntryNameLengthFor(candidatePath(reservation.folder, reservation.fileName, reservation.index)),
      ...(this.services.logger === undefined ? {} : { log: this.services.logger }),
      onUploadTarget: (zip) => this.journal.note({ zip }),
    });
    await this.journal.note({ zip: this.zip.location });
    const traceId = await this.recordAndAudit(this.zip, actor);
    const savedEvent = this.savedEvent(this.zip, actor);
    const held = await this.keepLocally('hold', () => this.services.auditOutbox.hold(savedEvent));
    const saved = await this.save(this.zip, reservation).catch(async (error: unknown) => {
      if (held) {
        await this.keepLocally('discard', () => this.services.auditOutbox.discard(savedEvent.eventId));
      }
      throw error;
    });
    // The file is in place: saved, so nothing of the job is left for a sweep to remove.
    await this.journal.remove();
    // The event is released (or, if holding it failed, stored now), sent in the background.
    await this.keepLocally('confirm', () => (held ? this.services.auditOutbox.confirm(savedEvent.eventId) : this.services.auditOutbox.enqueue(savedEvent)));
    this.services.flushAuditInBackground();
    return { summary: downloadSummary(this.zip, excluded, saved, { correlationId: this.correlationId, traceId }), manifest: this.zip.manifest };
  }

  private async recordAndAudit(zip: BuiltZip, actor: AuditActor): Promise<string> {
    const { clients, config } = this.services;
    this.progress.update({ phase: 'auditing', bytesDone: 0, bytesTotal: zip.bytes });
    const traceId = randomUUID();
    await this.journal.note({ traceId });
    // A job cancelled before this point, the start of this step included, leaves no trace row and no audit event.
    this.request.signal?.throwIfAborted();
    this.traceId = traceId;
    await saveZipTrace(clients.dynamo, config.zipTraceTable, {
      id: traceId,
      correlationId: this.correlationId,
      createdAt: new Date(),
      location: formatS3Location(zip.location),
      ttlDays: config.traceTtlDays,
      nhsNumber: this.nhsNumber,
      documentIds: includedOf(zip).map((outcome) => outcome.candidate.document.id),
      sha256: zip.sha256,
      sizeBytes: zip.bytes,
      principal: actor.principal,
    });
    // Every part of the audit is accepted before any byte is saved: no audit, no data.
    await sendDownloadAudit(
      this.services.auditSender,
      downloadAuditMessage({
        actor,
        correlationId: this.correlationId,
        nhsNumber: this.nhsNumber,
        now: new Date(),
        eventId: randomUUID(),
        files: includedOf(zip).map(({ candidate: { document } }) => ({
          id: document.id,
          fileName: document.fileName,
          fileType: document.contentType ?? 'application/octet-stream',
        })),
      }),
      this.request.signal,
    );
    return traceId;
  }

  private async save(zip: BuiltZip, reservation: Reservation): Promise<SavedFile> {
    const { clients, config } = this.services;
    const presign = () => presignZipDownload(clients.s3, zip.location, reservation.fileName, config.presignExpirySeconds);
    const url = await presign();
    // From here the save owns the reservation: it becomes the saved file, or the save removes it.
    this.reservation = undefined;
    return saveReserved(reservation, {
      url,
      refreshUrl: presign,
      expectedSha256: zip.sha256,
      expectedBytes: zip.bytes,
      signal: this.request.signal,
      onProgress: ({ phase, bytesDone }) => this.progress.update({ phase, bytesDone }),
      httpsAgent: this.services.httpsAgent,
      idleTimeoutMs: config.noByteTimeoutMs,
    });
  }

  /** The "saved" event, built before the save from what the save must match (the ZIP's SHA-256 and size). */
  private savedEvent(zip: BuiltZip, actor: AuditActor): SavedAuditMessage {
    return savedAuditMessage({
      actor,
      correlationId: this.correlationId,
      nhsNumber: this.nhsNumber,
      now: new Date(),
      eventId: randomUUID(),
      sha256: zip.sha256,
      bytes: zip.bytes,
      documentCount: includedOf(zip).length,
    });
  }

  /** A look at a record that had nothing to download is audited as a search is: stored durably, sent in the background. */
  private async auditNothingToDownload(actor: AuditActor, excludedCount: number): Promise<void> {
    const message = nothingToDownloadAuditMessage({ actor, correlationId: this.correlationId, nhsNumber: this.nhsNumber, now: new Date(), eventId: randomUUID(), excludedCount });
    await this.keepLocally('enqueue', () => this.services.auditOutbox.enqueue(message));
    this.services.flushAuditInBackground();
  }

  /**
   * An outbox write, retried; a failure is logged and never changes what the job reports (the file on disk, or
   * nothing to download, is the truth). Resolves whether it was written.
   */
  private async keepLocally(step: string, write: () => Promise<void>): Promise<boolean> {
    try {
      await withRetries(write, { delays: this.services.tuning?.retryDelaysMs ?? OUTBOX_RETRY_DELAYS_MS });
      return true;
    } catch (error) {
      this.log.error('audit.outbox', { step, correlationId: this.correlationId, error });
      return false;
    }
  }

  /**
   * Removes what a job that did not end in a verified save left: the reserved name in the folder, and the ZIP object,
   * so no patient data lingers in S3; marks its trace row, so the row claims no delivery; then its journal entry.
   */
  async cleanUp(error: unknown): Promise<void> {
    const { clients, config } = this.services;
    if (this.reservation !== undefined) {
      await discardReservation(this.reservation);
    }
    if (this.zip !== undefined) {
      await deleteZipObject(clients.s3, this.zip.location, { log: this.log });
    }
    if (this.traceId !== undefined) {
      const row = { id: this.traceId, correlationId: this.correlationId };
      await markZipTrace(clients.dynamo, config.zipTraceTable, row, this.isCancellation(error) ? 'cancelled' : 'failed', this.log);
    }
    await this.journal.remove();
  }

  private isCancellation(error: unknown): boolean {
    return isCancellation(error, this.request.signal);
  }

  describe(error: unknown): DownloadJobResult {
    return { ok: false, error: describeDownloadFailure(error, { signal: this.request.signal, correlationId: this.correlationId }) };
  }
}

const OUTBOX_RETRY_DELAYS_MS: RetryDelays = [50, 250, 1_000];
