import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type RetryDelays, withRetries } from '../reliability/retry.js';
import { ConnectionDroppedError, isRetryable } from '../reliability/retryable.js';
import type { S3Location } from './s3-location.js';

/** One document's bytes as they stream, and what they turned out to be once fully read. */
export interface DocumentStream {
  readonly body: Readable;
  readonly contentLength: number;
  /** Valid once `body` has ended: the bytes read and their SHA-256. */
  digest(): { readonly bytes: number; readonly sha256: string };
}

export interface FetchOptions {
  readonly signal?: AbortSignal;
  /** Backoff before each resume of a broken stream. */
  readonly retryDelaysMs?: RetryDelays;
  /** Called with each chunk's size as it passes, for progress. */
  readonly onBytes?: (count: number) => void;
}

const DEFAULT_RETRY_DELAYS: RetryDelays = [200, 800, 2_000];

/**
 * Opens a document's S3 object as a stream that survives dropped connections.
 *
 * Each GET, the first and every resume, is retried by the S3 client alone (main/reliability/retry.ts: at most three
 * attempts, never for a missing object); when it still fails the failure is final. Once bytes flow, a broken stream
 * resumes with a Range GET pinned to the same ETag, so a ZIP entry already half-written never has to be abandoned.
 */
export async function openDocumentStream(s3: S3Client, location: S3Location, options: FetchOptions = {}): Promise<DocumentStream> {
  const first = await getObject(s3, location, undefined, options.signal);
  const hash = createHash('sha256');
  let bytes = 0;
  const contentLength = first.ContentLength ?? 0;
  const etag = first.ETag;
  let body = first.Body as Readable | undefined;
  let chunks = body?.[Symbol.asyncIterator]();
  // A resume GET that failed has had the client's own retries: another round here would multiply them.
  let resumeFailed = false;

  // One chunk's worth of work; its failure drops the connection, so the retry resumes where the bytes stopped.
  async function nextChunk(): Promise<Buffer | undefined> {
    try {
      if (chunks === undefined) {
        body = (await getObject(s3, location, { from: bytes, etag }, options.signal).catch((error: unknown) => {
          resumeFailed = true;
          throw error;
        })).Body as Readable;
        chunks = body[Symbol.asyncIterator]();
      }
      const next = await chunks.next();
      if (next.done !== true) {
        return next.value as Buffer;
      }
      if (bytes >= contentLength) {
        return undefined;
      }
      throw new ConnectionDroppedError(`the connection closed after ${bytes} of ${contentLength} bytes`);
    } catch (error) {
      body?.destroy();
      body = undefined;
      chunks = undefined;
      throw error;
    }
  }

  // Each chunk gets the whole policy: only failures with no byte read in between count towards giving up.
  const policy = {
    delays: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS,
    shouldRetry: (error: unknown) => !resumeFailed && isRetryable(error),
    signal: options.signal,
  };
  async function* resumableChunks(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        const chunk = await withRetries(nextChunk, policy);
        if (chunk === undefined) {
          return;
        }
        hash.update(chunk);
        bytes += chunk.length;
        options.onBytes?.(chunk.length);
        yield chunk;
      }
    } finally {
      // Also when the reader stops early: the connection must not stay open.
      body?.destroy();
    }
  }

  const stream = Readable.from(resumableChunks(), { objectMode: false });
  // A document opened ahead and dropped unread never starts the generator above, whose `finally` would let it go.
  stream.once('close', () => body?.destroy());
  let digest: { readonly bytes: number; readonly sha256: string } | undefined;
  return {
    body: stream,
    contentLength,
    digest: () => (digest ??= { bytes, sha256: hash.digest('hex') }),
  };
}

function getObject(s3: S3Client, location: S3Location, range: { from: number; etag: string | undefined } | undefined, signal?: AbortSignal) {
  return s3.send(
    new GetObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      ...(range === undefined ? {} : { Range: `bytes=${range.from}-`, IfMatch: range.etag }),
    }),
    { abortSignal: signal },
  );
}
