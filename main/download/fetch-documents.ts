import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type RetryDelays, type RetryPolicy, withRetries } from '../reliability/retry.js';
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
  /** Backoff before each retry of a GET, and before each resume of a broken stream. */
  readonly retryDelaysMs?: RetryDelays;
  /** Called with each chunk's size as it passes, for progress. */
  readonly onBytes?: (count: number) => void;
}

const DEFAULT_RETRY_DELAYS: RetryDelays = [200, 800, 2_000];

/**
 * Opens a document's S3 object as a stream that survives dropped connections.
 *
 * The first GET is retried with backoff; when it still fails the document is missing and the caller leaves it out.
 * Once bytes flow, a broken stream resumes with a Range GET pinned to the same ETag, so a ZIP entry already
 * half-written never has to be abandoned.
 */
export async function openDocumentStream(s3: S3Client, location: S3Location, options: FetchOptions = {}): Promise<DocumentStream> {
  const policy: RetryPolicy = { delays: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS, signal: options.signal };
  const first = await withRetries(() => getObject(s3, location, undefined, options.signal), policy);
  const hash = createHash('sha256');
  let bytes = 0;
  const contentLength = first.ContentLength ?? 0;
  const etag = first.ETag;
  let body = first.Body as Readable | undefined;
  let chunks = body?.[Symbol.asyncIterator]();

  // One chunk's worth of work; its failure drops the connection, so the retry resumes where the bytes stopped.
  async function nextChunk(): Promise<Buffer | undefined> {
    try {
      if (chunks === undefined) {
        body = (await getObject(s3, location, { from: bytes, etag }, options.signal)).Body as Readable;
        chunks = body[Symbol.asyncIterator]();
      }
      const next = await chunks.next();
      if (next.done !== true) {
        return next.value as Buffer;
      }
      if (bytes >= contentLength) {
        return undefined;
      }
      throw new Error(`the connection closed after ${bytes} of ${contentLength} bytes`);
    } catch (error) {
      body?.destroy();
      body = undefined;
      chunks = undefined;
      throw error;
    }
  }

  // Each chunk gets the whole policy: only failures with no byte read in between count towards giving up.
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

  let digest: { readonly bytes: number; readonly sha256: string } | undefined;
  return {
    body: Readable.from(resumableChunks(), { objectMode: false }),
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
