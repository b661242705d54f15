import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:https';
import type { DownloadErrorCode } from '../../common/error-codes.js';
import type { DownloadProgress, DownloadSummary, TraceCopyStatus } from '../../common/download.js';
import { parseNhsNumber } from '../../common/nhs-number.js';
import type { Manifest } from '../../common/manifest.js';
import type { Result } from '../../common/result.js';
import { APP_INFO } from '../app-info.js';
import { type AuditActor, nothingToDownloadAuditMessage } from '../audit/audit-messages.js';
import type { AuditOutbox } from '../audit/audit-outbox.js';
import type { AuditSender } from '../audit/audit-sender.js';
import { sendDownloadAudit } from '../audit/download-audit.js';
import type { AwsClients } from '../aws/clients.js';
import type { Config } from '../config/config.js';
import { type JournalEntry, journalEntry } from '../jobs/job-journal.js';
import { type TraceCopies, createTraceCopies } from '../jobs/trace-copies.js';
import { type Logger, silentLogger } from '../logging/logger.js';
import { type RetryDelays, withRetries } from '../reliability/retry.js';
import { queryDocuments } from '../search/query-documents.js';
import { type BuiltZip, type WrittenZip, buildZipInS3, writeZip, zipKey } from './build-zip.js';
import { ChosenDocumentsGone, NothingToDownload, describeDownloadFailure, isCancellation } from './download-failures.js';
import { downloadSummary } from './download-summary.js';
import { downloadedMessageFor, savedMessageFor, zipTraceFor } from './job-records.js';
import { maxEntryNameLengthFor } from './entry-names.js';
import { buildManifest, classifyDocuments } from './manifest.js';
import { presignZipDownload } from './presign.js';
import { createProgressReporter } from './progress.js';
import { localZipOutput } from './local-zip-output.js';
import { type S3Location, formatS3Location } from './s3-location.js';
import { placeWrittenZip } from './save/place-written-zip.js';
import { candidatePath } from './save/file-names.js';
import { type Reservation, discardReservation, reserveName } from './save/reservation.js';
import { type SavedFile, saveReserved } from './save/save-to-folder.js';
import { deleteZipObject } from './zip-cleanup.js';
import type { DocumentOutcome } from './write-documents.js';
import { type ZipTrace, markZipTrace, saveZipTrace } from './zip-trace.js';

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
  /** The app's background trace copies (policy `traceCopy` 'background'); a job without them starts its own. */
  readonly traceCopies?: TraceCopies;
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
 * Downloads every eligible document of a patient into one verified ZIP in the chosen folder.
 *
 * Policy `traceCopy` 'before-save' (the seed's order): reserve the file's name (the folder check) → query → ZIP
 * streamed to S3 → trace → audit in parts (fail closed) → presign → "saved" event held in the outbox → save → verify
 * → place → "saved" event released.
 * 'background' and 'none' (single pass): reserve → query → ZIP written into the reserved `.partial`, hashed as it is
 * written → trace (`CopyStatus` 'uploading' or 'none') → audit in parts (fail closed) → "saved" event held → verify →
 * place → "saved" event released; then, for 'background' only, the saved file's copy uploads to S3 in the background
 * (main/jobs/trace-copies.ts), so the person's file never waits for the uplink.
 * Expected failures come back as values with a message for a practice user; once the file is placed, nothing turns
 * it into a failure. The job journal (main/jobs/job-journal.ts) names what the job holds until it has ended and
 * cleaned up (or, for 'background', until its copy is in S3).
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
    const mode = config.traceCopy;
    const build = {
      s3: clients.s3,
      eligible,
      manifest: (outcomes: ReadonlyArray<DocumentOutcome>) =>
        buildManifest({ nhsNumber: this.nhsNumber, correlationId: this.correlationId, createdAt: new Date(), application: APP_INFO, outcomes, excluded, notChosen }),
      progress: this.progress,
      signal,
      retryDelaysMs: this.services.tuning?.retryDelaysMs,
      prefetch: this.services.tuning?.prefetch ?? this.services.config.maxParallelTransfers,
      maxEntryNameLength: maxEntryNameLengthFor(candidatePath(reservation.folder, reservation.fileName, reservation.index)),
      ...(this.services.logger === undefined ? {} : { log: this.services.logger }),
    };
    let zip: WrittenZip;
    let copyLocation: S3Location | undefined;
    if (mode === 'before-save') {
      this.zip = await buildZipInS3({ ...build, zipBucket: config.zipBucket, onUploadTarget: (target) => this.journal.note({ zip: target }) });
      await this.journal.note({ zip: this.zip.location });
      zip = this.zip;
      copyLocation = this.zip.location;
    } else {
      zip = await writeZip(build, localZipOutput(reservation.handle, reservation.folder), 'zipping');
      copyLocation = mode === 'background' ? { bucket: config.zipBucket, key: zipKey() } : undefined;
    }
    const traceId = await this.recordAndAudit(zip, actor, { location: copyLocation, copyStatus: mode === 'background' ? 'uploading' : mode === 'none' ? 'none' : undefined });
    const savedEvent = savedMessageFor({ correlationId: this.correlationId, nhsNumber: this.nhsNumber }, zip, actor);
    const held = await this.keepLocally('hold', () => this.services.auditOutbox.hold(savedEvent));
    const saving = this.zip === undefined ? this.placeInFolder(zip, reservation) : this.save(this.zip, reservation);
    const saved = await saving.catch(async (error: unknown) => {
      if (held) {
        await this.keepLocally('discard', () => this.services.auditOutbox.discard(savedEvent.eventId));
      }
      throw error;
    });
    // The file is in place: saved. Nothing of the job is left for a sweep to remove; a background copy takes it over.
    const traceCopy = await this.handOver(mode, saved, zip, copyLocation, traceId);
    // The event is released (or, if holding it failed, stored now), sent in the background.
    await this.keepLocally('confirm', () => (held ? this.services.auditOutbox.confirm(savedEvent.eventId) : this.services.auditOutbox.enqueue(savedEvent)));
    this.services.flushAuditInBackground();
    const ids = { correlationId: this.correlationId, traceId, zipLocation: copyLocation === undefined ? '' : formatS3Location(copyLocation) };
    return { summary: { ...downloadSummary(zip, excluded, saved, ids), ...(traceCopy === undefined ? {} : { traceCopy }) }, manifest: zip.manifest };
  }

  /** Single pass: the ZIP already in the reserved `.partial`, verified and placed; the save owns the reservation now. */
  private async placeInFolder(zip: WrittenZip, reservation: Reservation): Promise<SavedFile> {
    this.reservation = undefined;
    this.progress.update({ phase: 'verifying', bytesDone: 0, bytesTotal: zip.bytes });
    const placed = await placeWrittenZip(reservation, zip, this.request.signal);
    this.progress.update({ bytesDone: zip.bytes });
    return placed;
  }

  /**
   * After the file is placed: the journal entry goes, or (background) names the saved file for its trace copy, which
   * starts now. Resolves the copy's status for the summary; none for the seed's order.
   */
  private async handOver(mode: Config['traceCopy'], saved: SavedFile, zip: WrittenZip, copyLocation: S3Location | undefined, traceId: string): Promise<TraceCopyStatus | undefined> {
    if (mode !== 'background' || copyLocation === undefined) {
      await this.journal.remove();
      return mode === 'none' ? { mode, state: 'none', correlationId: this.correlationId } : undefined;
    }
    const record = { file: saved.path, bytes: zip.bytes, sha256: zip.sha256, ...copyLocation, traceId };
    await this.journal.replace({ traceCopy: record });
    const copies = this.services.traceCopies ?? createTraceCopies({ clients: this.services.clients, config: this.services.config, logger: this.log });
    return copies.start(this.correlationId, record, this.journal);
  }

  private async recordAndAudit(zip: WrittenZip, actor: AuditActor, copy: { readonly location: S3Location | undefined; readonly copyStatus: ZipTrace['copyStatus'] }): Promise<string> {
    const { clients, config } = this.services;
    this.progress.update({ phase: 'auditing', bytesDone: 0, bytesTotal: zip.bytes });
    const traceId = randomUUID();
    await this.journal.note({ traceId });
    // A job cancelled before this point, the start of this step included, leaves no trace row and no audit event.
    this.request.signal?.throwIfAborted();
    this.traceId = traceId;
    const ids = { id: traceId, correlationId: this.correlationId, nhsNumber: this.nhsNumber };
    await saveZipTrace(clients.dynamo, config.zipTraceTable, zipTraceFor(ids, zip, copy, actor, config.traceTtlDays));
    // Every part of the audit is accepted before any byte is saved: no audit, no data.
    await sendDownloadAudit(this.services.auditSender, downloadedMessageFor({ correlationId: this.correlationId, nhsNumber: this.nhsNumber }, zip, actor), this.request.signal);
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
