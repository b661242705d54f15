/**
 * The background trace copies (single pass, policy `traceCopy` 'background'): each saved ZIP uploaded to the ZIP
 * bucket after the person was told "Saved", one at a time, its checksum compared with the file's, the outcome
 * written to the trace row. A copy that fails is retried with growing delays (bounded per run) and taken up again
 * by the next run from its journal entry, as is one the app's quit cut short. The person's file is never touched.
 *
 * The window follows the copies through `onChange` and `status()`; IT reads them in the diagnostics text.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import type { TraceCopyStatus } from '../../common/download.js';
import type { AwsClients } from '../aws/clients.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { RetryDelays } from '../reliability/retry.js';
import { formatS3Location } from '../download/s3-location.js';
import { recordCopyOutcome, type CopyOutcome } from '../download/trace-copy/trace-copy-row.js';
import { CopyCannotBeMade, uploadFileCopy } from '../download/trace-copy/upload-file.js';
import { type JournalEntry, type TraceCopyRecord, journalEntry, readJournal } from './job-journal.js';
import { processIsRunning } from './process-is-running.js';

export interface TraceCopies {
  /** Starts the copy of a file saved just now, whose journal entry already names it; returns its first status. */
  start(correlationId: string, record: TraceCopyRecord, journal: JournalEntry): TraceCopyStatus;
  /** Takes up the copies an earlier run left unfinished (its process has ended); resolves how many. */
  resumeInterrupted(): Promise<number>;
  /** Every copy of this run, newest last. */
  status(): TraceCopyStatus[];
  /** Told each change of a copy's status; returns the unsubscribe function. */
  onChange(listener: (status: TraceCopyStatus) => void): () => void;
  /** Resolves once no copy is running or waiting to retry in this run. */
  idle(): Promise<void>;
  /** Stops every copy (the app quits): requests in flight end and their journal entries stay for the next run. */
  stop(): Promise<void>;
  /** One line per copy of this run, for the "Copy diagnostics" text. */
  diagnostics(): string[];
}

export interface TraceCopiesOptions {
  readonly clients: Pick<AwsClients, 's3' | 'dynamo'>;
  readonly config: Pick<Config, 'dataDir' | 'zipTraceTable'>;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** Waits before each retry of a failed copy in this run; its length bounds the retries. */
  readonly retryDelaysMs?: RetryDelays;
  /** Whether a process is running: an entry of a running process (the CLI beside the app) is its own copy. */
  readonly isRunning?: (pid: number) => boolean;
}

// Half a minute, then longer, up to an hour: about two hours of retrying in one run; the next start tries again.
const DEFAULT_RETRY_DELAYS_MS: RetryDelays = [30_000, 120_000, 600_000, 1_800_000, 3_600_000];

/** The copies of one running app (or CLI). */
export function createTraceCopies(options: TraceCopiesOptions): TraceCopies {
  const { clients, config, logger } = options;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const statuses = new Map<string, TraceCopyStatus>();
  const listeners = new Set<(status: TraceCopyStatus) => void>();
  const stopping = new AbortController();
  // One copy uploads at a time: the uplink is shared with whatever the person does next.
  let queue: Promise<void> = Promise.resolve();
  let running = 0;
  const isStopped = (): boolean => stopping.signal.aborted;

  const publish = (status: TraceCopyStatus): TraceCopyStatus => {
    statuses.set(status.correlationId, status);
    for (const listener of listeners) {
      listener(status);
    }
    return status;
  };

  async function copyOnce(correlationId: string, record: TraceCopyRecord, journal: JournalEntry, attempts: number): Promise<CopyOutcome> {
    const location = { bucket: record.bucket, key: record.key };
    const base = { mode: 'background', correlationId, location: formatS3Location(location), bytesTotal: record.bytes, attempts } as const;
    publish({ ...base, state: 'uploading', bytesUploaded: 0 });
    const copy = await uploadFileCopy({
      s3: clients.s3,
      file: record.file,
      expected: record,
      target: location,
      uploadId: record.uploadId,
      signal: stopping.signal,
      onUploadStarted: async (uploadId) => {
        record = { ...record, uploadId };
        await journal.note({ traceCopy: { ...record } });
      },
      onBytes: (bytesUploaded) => publish({ ...base, state: 'uploading', bytesUploaded }),
    });
    if (copy.storedChecksum === undefined) {
      return { state: 'unverified', completedAt: new Date(), versionId: copy.versionId, problem: 'The document store returned no checksum for the copy, so it could not be compared with the saved file.' };
    }
    if (copy.storedChecksum !== copy.localChecksum) {
      throw new ChecksumMismatch(copy.storedChecksum, copy.localChecksum);
    }
    return { state: 'complete', checksum: copy.storedChecksum, completedAt: new Date(), versionId: copy.versionId };
  }

  async function run(correlationId: string, first: TraceCopyRecord, journal: JournalEntry): Promise<void> {
    let record = first;
    const row = { id: record.traceId, correlationId };
    const base = { mode: 'background', correlationId, location: formatS3Location({ bucket: record.bucket, key: record.key }), bytesTotal: record.bytes } as const;
    for (let attempts = 0; ; attempts++) {
      try {
        const outcome = await copyOnce(correlationId, record, journal, attempts);
        await recordCopyOutcome(clients.dynamo, config.zipTraceTable, row, outcome, stopping.signal);
        await journal.remove();
        logger.info('trace-copy.end', { correlationId, state: outcome.state });
        publish({
          ...base,
          state: outcome.state,
          bytesUploaded: record.bytes,
          attempts,
          completedAt: outcome.state === 'failed' ? undefined : outcome.completedAt.toISOString(),
          ...(outcome.state === 'complete' ? { checksum: `CRC64NVME:${outcome.checksum}` } : {}),
          ...(outcome.state === 'unverified' ? { problem: outcome.problem } : {}),
        });
        return;
      } catch (error) {
        if (stopping.signal.aborted) {
          // The journal entry stays: the next run takes the copy up (and its multipart upload).
          return;
        }
        const problem = describeCopyFailure(error);
        logger.warn('trace-copy.failed', { correlationId, attempt: attempts + 1, problem });
        if (error instanceof CopyCannotBeMade) {
          await giveUp(record, row, journal, problem);
          publish({ ...base, state: 'failed', attempts: attempts + 1, givenUp: true, problem });
          return;
        }
        if (error instanceof ChecksumMismatch) {
          // What S3 holds is not the file: a new upload, not the parts of this one.
          await abortUpload(record);
          record = { ...record, uploadId: undefined };
          await journal.note({ traceCopy: { ...record } });
        }
        const delay = delays[attempts];
        if (delay === undefined) {
          // Retried at the next start, from the journal entry that stays.
          await recordCopyOutcome(clients.dynamo, config.zipTraceTable, row, { state: 'failed', problem }).catch(() => undefined);
          publish({ ...base, state: 'failed', attempts: attempts + 1, problem: `${problem} It will be tried again when the app next starts.` });
          return;
        }
        publish({ ...base, state: 'failed', attempts: attempts + 1, problem, nextAttemptAt: new Date(Date.now() + delay).toISOString() });
        // Unreferenced: a copy waiting to retry never keeps a finished CLI (or a test) from exiting.
        await sleep(delay, undefined, { signal: stopping.signal, ref: false }).catch(() => undefined);
        if (isStopped()) {
          return;
        }
      }
    }
  }

  /** A copy that can never be made (the saved file is gone or changed): recorded as failed, its entry and upload gone. */
  async function giveUp(record: TraceCopyRecord, row: { id: string; correlationId: string }, journal: JournalEntry, problem: string): Promise<void> {
    await abortUpload(record);
    await recordCopyOutcome(clients.dynamo, config.zipTraceTable, row, { state: 'failed', problem }).catch((error: unknown) =>
      logger.warn('trace-copy.record-failed', { traceId: row.id, error: describeCopyFailure(error) }),
    );
    await journal.remove();
  }

  async function abortUpload(record: TraceCopyRecord): Promise<void> {
    if (record.uploadId === undefined) {
      return;
    }
    await clients.s3
      .send(new AbortMultipartUploadCommand({ Bucket: record.bucket, Key: record.key, UploadId: record.uploadId }), { abortSignal: AbortSignal.timeout(10_000) })
      .catch((error: unknown) => logger.warn('trace-copy.abort-failed', { key: record.key, error: describeCopyFailure(error) }));
  }

  function enqueue(correlationId: string, record: TraceCopyRecord, journal: JournalEntry): TraceCopyStatus {
    running++;
    queue = queue
      .then(() => run(correlationId, record, journal))
      .catch((error: unknown) => logger.warn('trace-copy.failed', { correlationId, problem: describeCopyFailure(error) }))
      .finally(() => {
        running--;
      });
    return publish({ mode: 'background', state: 'uploading', correlationId, location: formatS3Location({ bucket: record.bucket, key: record.key }), bytesUploaded: 0, bytesTotal: record.bytes });
  }

  return {
    start: enqueue,
    async resumeInterrupted() {
      const isRunning = options.isRunning ?? processIsRunning;
      const { entries } = await readJournal(config.dataDir).catch(() => ({ entries: [] }));
      let resumed = 0;
      for (const entry of entries) {
        if (!('record' in entry) || entry.record.traceCopy === undefined || statuses.has(entry.record.correlationId)) {
          continue;
        }
        const { record } = entry;
        if (record.host !== hostname() || isRunning(record.pid)) {
          continue;
        }
        const journal = journalEntry(config.dataDir, record.correlationId, logger);
        // This run now owns the copy: a later start must not take it up while this one runs.
        await journal.replace({ traceCopy: record.traceCopy });
        logger.info('trace-copy.resume', { correlationId: record.correlationId });
        enqueue(record.correlationId, record.traceCopy as TraceCopyRecord, journal);
        resumed++;
      }
      return resumed;
    },
    status: () => [...statuses.values()],
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async idle() {
      while (running > 0) {
        await queue;
      }
    },
    async stop() {
      stopping.abort();
      await queue;
    },
    diagnostics: () => [...statuses.values()].map(describeForIt),
  };
}

/** S3 stored something other than the file: the copy is retried as a new upload. */
class ChecksumMismatch extends Error {
  override readonly name = 'ChecksumMismatch';

  constructor(stored: string, local: string) {
    super(`The copy's checksum in the document store (CRC64NVME ${stored}) differs from the saved file's (${local}).`);
  }
}

function describeCopyFailure(error: unknown): string {
  if (error instanceof CopyCannotBeMade || error instanceof ChecksumMismatch) {
    return error.message;
  }
  return error instanceof Error ? `The copy could not be uploaded (${error.name}: ${error.message}).` : `The copy could not be uploaded (${String(error)}).`;
}

function describeForIt(status: TraceCopyStatus): string {
  const words = {
    uploading: `uploading ${status.bytesUploaded ?? 0} of ${status.bytesTotal ?? 0} bytes`,
    complete: `complete, checksum ${status.checksum ?? ''} matched the saved file`,
    unverified: 'UNVERIFIED: stored, but the store returned no checksum to compare',
    failed: `FAILED after ${status.attempts ?? 0} attempt(s)${status.nextAttemptAt === undefined ? '' : `, next attempt ${status.nextAttemptAt}`}`,
    none: 'not kept (policy traceCopy "none")',
  }[status.state];
  return `Trace copy ${status.correlationId} → ${status.location ?? 'none'}: ${words}${status.problem === undefined ? '' : `. ${status.problem}`}`;
}
