import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Agent } from 'node:https';
import type { BackgroundSync } from './background-sync.js';

// What one save is asked to do, and the state its steps (range requests, writes, verification) share meanwhile.

/** What to download into a reserved name, and what it must hash to. */
export interface ReservedSaveRequest {
  /** Presigned GET URL (http: in the sandbox, https: in AWS). */
  readonly url: string;
  /** Gives a fresh presigned URL when the current one is rejected as expired (HTTP 403 "Request has expired"). */
  readonly refreshUrl: () => Promise<string>;
  /** SHA-256 of the ZIP as hex, recorded at upload. */
  readonly expectedSha256: string;
  /** Size of the ZIP in bytes, recorded at upload. */
  readonly expectedBytes: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SaveProgress) => void;
  /** First retry delay in ms, doubled per failed try; defaults to 200. */
  readonly retryDelayMs?: number;
  /** How long a connection may move no byte before the save fails as stalled; defaults to 30 s. */
  readonly idleTimeoutMs?: number;
  /** The corporate CA bundle and proxy (main/aws/tls.ts) for https: URLs; Node's global agent without it. */
  readonly httpsAgent?: Agent;
}

/** One progress update; at most about ten a second plus a final one. */
export interface SaveProgress {
  readonly phase: 'saving' | 'verifying';
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** How far the download has got: `offset` counts the bytes on disk, `hash` the bytes hashed. */
export interface Transfer {
  url: string;
  /** The URL was re-signed and has not yet been answered with bytes: a 403 now is not an expiry. */
  urlJustSigned: boolean;
  offset: number;
  hash: Hash;
  etag: string | undefined;
}

export type ReportProgress = (phase: SaveProgress['phase'], bytesDone: number, force?: boolean) => void;

export interface SaveJob {
  readonly request: ReservedSaveRequest;
  /** The user's folder, for the messages. */
  readonly folder: string;
  /** The partial file. */
  readonly handle: FileHandle;
  readonly transfer: Transfer;
  readonly report: ReportProgress;
  readonly syncer: BackgroundSync;
}

export function startTransfer(url: string): Transfer {
  return { url, urlJustSigned: false, offset: 0, hash: createHash('sha256'), etag: undefined };
}

/** The bytes held were of no use and the file was emptied: a retry starts from the first byte. */
export class RestartedFromZero extends Error {
  override readonly name = 'RestartedFromZero';
}

/** Empties the partial file and forgets what it held: the bytes received so far are of no use. */
export async function restartFromZero(job: SaveJob): Promise<void> {
  await job.handle.truncate(0);
  job.transfer.offset = 0;
  job.transfer.hash = createHash('sha256');
  job.transfer.etag = undefined;
}
