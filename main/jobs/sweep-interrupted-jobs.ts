/**
 * The start-up sweep: finishes the cleanup of downloads a crash (or a power cut, or a killed process) cut short, from
 * what their journal entries name (job-journal.ts), and nothing else: never another file in the folder, never another
 * upload or object under the ZIP prefix. The bucket's `AbortIncompleteMultipartUpload` lifecycle rule is the backstop
 * for what a job started but could not journal.
 */
import { hostname } from 'node:os';
import { isAbsolute } from 'node:path';
import { rm } from 'node:fs/promises';
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import type { Logger } from '../logging/logger.js';
import type { Backend } from '../setup/backend.js';
import { PARTIAL_SUFFIX } from '../download/save/file-names.js';
import { type StoredZipLocation, cleanUp, deleteZipObject } from '../download/zip-cleanup.js';
import { markZipTrace } from '../download/zip-trace.js';
import { type JournalRecord, readJournal } from './job-journal.js';
import { processIsRunning } from './process-is-running.js';

export interface SweepOptions {
  /** Whether a process is running; an entry of a running process (this app, or the CLI beside it) is a live job. */
  readonly isRunning?: (pid: number) => boolean;
}

/** Sweeps every entry left by a process that is no longer running on this computer; logs what it did for each. */
export async function sweepInterruptedJobs(backend: Pick<Backend, 'clients' | 'config'>, logger: Logger, options: SweepOptions = {}): Promise<void> {
  const isRunning = options.isRunning ?? processIsRunning;
  const { entries, leftoverTemporaries } = await readJournal(backend.config.dataDir).catch((error: unknown) => {
    logger.warn('jobs.sweep-failed', { error });
    return { entries: [], leftoverTemporaries: [] };
  });
  await Promise.all(leftoverTemporaries.map((file) => rm(file, { force: true }).catch(() => undefined)));
  for (const entry of entries) {
    if ('unreadable' in entry) {
      // Nothing in it can be trusted to name our own files: it is reported and dropped, never acted on.
      logger.warn('jobs.sweep-unreadable-entry', { file: entry.file, problem: entry.unreadable });
      await rm(entry.file, { force: true }).catch(() => undefined);
      continue;
    }
    const { record } = entry;
    // Another computer's entry (a shared profile) cannot be told live or dead from here.
    if (record.host !== hostname() || isRunning(record.pid)) {
      continue;
    }
    // A saved file whose trace copy is still to go: nothing of it is removed; the trace copies take it up again.
    if (record.traceCopy !== undefined) {
      continue;
    }
    logger.info('jobs.sweep', { correlationId: record.correlationId, startedAt: record.startedAt, ...(await sweepJob(backend, record, logger)) });
    await rm(entry.file, { force: true }).catch((error: unknown) => logger.warn('jobs.sweep-failed', { file: entry.file, error }));
  }
}

/** Removes what one interrupted job named; resolves what it swept, for the log. Failures are logged apart, never thrown. */
async function sweepJob(backend: Pick<Backend, 'clients' | 'config'>, record: JournalRecord, logger: Logger): Promise<Record<string, unknown>> {
  const { s3, dynamo } = backend.clients;
  const done: Record<string, unknown> = {};
  // Only a reserved file's own name: a path the job could not have reserved is never removed.
  if (record.partialPath !== undefined && isAbsolute(record.partialPath) && record.partialPath.endsWith(PARTIAL_SUFFIX)) {
    await rm(record.partialPath, { force: true })
      .then(() => (done.partialFile = record.partialPath))
      .catch((error: unknown) => logger.warn('jobs.sweep-partial-failed', { file: record.partialPath, error }));
  }
  if (record.zip !== undefined) {
    const { uploadId, ...stored } = record.zip;
    const location: StoredZipLocation = stored;
    if (uploadId !== undefined) {
      await cleanUp('abort-multipart-upload', location, { log: logger }, (abortSignal) => abortUpload(backend, location, uploadId, abortSignal));
      done.upload = uploadId;
    }
    // A ZIP that was stored, or whose upload completed before the crash, is deleted by its own key (and version).
    await deleteZipObject(s3, location, { log: logger });
    done.zip = `s3://${location.bucket}/${location.key}`;
  }
  if (record.traceId !== undefined) {
    await markZipTrace(dynamo, backend.config.zipTraceTable, { id: record.traceId, correlationId: record.correlationId }, 'failed', logger);
    done.traceId = record.traceId;
  }
  return done;
}

async function abortUpload(backend: Pick<Backend, 'clients'>, location: StoredZipLocation, UploadId: string, abortSignal: AbortSignal): Promise<void> {
  try {
    await backend.clients.s3.send(new AbortMultipartUploadCommand({ Bucket: location.bucket, Key: location.key, UploadId }), { abortSignal });
  } catch (error) {
    // Completed or aborted before the crash: nothing left to abort.
    if (!(error instanceof Error && error.name === 'NoSuchUpload')) {
      throw error;
    }
  }
}
