import type { S3Client } from '@aws-sdk/client-s3';
import { describeAwsError } from '../aws/errors.js';
import { isCancel, isStall } from '../reliability/retryable.js';
import type { DocumentMetadata } from '../search/document-metadata.js';
import { type DocumentStream, type FetchOptions, openDocumentStream } from './fetch-documents.js';
import { parseS3Location } from './s3-location.js';
import { type ZipWriter, shouldCompress } from './zip-writer.js';

/** An eligible document and the entry name chosen for it. */
export interface ZipCandidate {
  readonly document: DocumentMetadata;
  readonly entryName: string;
}

/** What became of one eligible document. */
export type DocumentOutcome =
  | { readonly status: 'included'; readonly candidate: ZipCandidate; readonly bytes: number; readonly sha256: string }
  | { readonly status: 'missing'; readonly candidate: ZipCandidate; readonly error: string };

export interface WriteOptions extends Pick<FetchOptions, 'signal' | 'retryDelaysMs' | 'onBytes'> {
  /** GETs kept in flight ahead of the writer, so it never waits for a response to start. */
  readonly prefetch?: number;
  /** Unread bytes of open documents beyond which no further one is opened ahead. */
  readonly readAheadBytes?: number;
  readonly onDocumentDone?: (outcome: DocumentOutcome) => void;
}

/** A GET in the read-ahead: its stream, or why it failed (words already, or the error to judge in its turn). */
type Opened = { readonly ok: true; readonly stream: DocumentStream } | { readonly ok: false; readonly failure: unknown };

const DEFAULT_PREFETCH = 4;
// Enough unread bytes to hide a GET's latency at loopback speed, few enough that a document opened ahead is read soon
// when the ZIP drains slowly. (Its connection is not cut meanwhile either way: main/reliability/no-byte-deadline.ts.)
const DEFAULT_READ_AHEAD_BYTES = 16 * 1024 * 1024;

/**
 * Streams each candidate from S3 into the ZIP in order, with bounded read-ahead.
 *
 * The read-ahead keeps up to `prefetch` GETs open, the one being written included, and opens one beyond it only while
 * the bytes expected unread stay under `readAheadBytes`, so a document is opened when it will be read soon. A document
 * that cannot be fetched after retries is left out and reported as missing; the rest go on. A stall or a cancel ends
 * the whole job instead. Each response is dropped once its entry is written, so memory does not grow with the number
 * of documents.
 */
export async function writeDocuments(
  writer: ZipWriter,
  s3: S3Client,
  candidates: ReadonlyArray<ZipCandidate>,
  options: WriteOptions = {},
): Promise<DocumentOutcome[]> {
  const depth = Math.max(1, options.prefetch ?? DEFAULT_PREFETCH);
  const readAheadBytes = options.readAheadBytes ?? DEFAULT_READ_AHEAD_BYTES;
  // Only the responses in flight: index → the open GET.
  const opened = new Map<number, Promise<Opened>>();
  const unread = new UnreadBytes();
  let writing = 0;
  let nextToOpen = 0;
  let ended = false;
  const openAhead = (): void => {
    while (!ended && nextToOpen < candidates.length && (nextToOpen === writing || (nextToOpen < writing + depth && unread.expected() < readAheadBytes))) {
      const index = nextToOpen;
      nextToOpen += 1;
      unread.opened();
      const onBytes = (count: number): void => {
        unread.read(index, count);
        options.onBytes?.(count);
        openAhead();
      };
      opened.set(index, openCandidate(s3, candidates[index] as ZipCandidate, { ...options, onBytes }).then((result) => {
        unread.answered(index, result.ok ? result.stream.contentLength : undefined);
        openAhead();
        return result;
      }));
    }
  };
  const outcomes: DocumentOutcome[] = [];
  try {
    for (; writing < candidates.length; writing += 1) {
      openAhead();
      const candidate = candidates[writing] as ZipCandidate;
      const result = await (opened.get(writing) as Promise<Opened>);
      opened.delete(writing);
      const outcome = result.ok ? await addToZip(writer, candidate, result.stream) : missingOutcome(candidate, result.failure);
      unread.done(writing);
      outcomes.push(outcome);
      options.onDocumentDone?.(outcome);
    }
    return outcomes;
  } finally {
    ended = true;
    // On cancel or failure, streams opened ahead must not keep their connections.
    await Promise.all([...opened.values()].map(async (pending) => destroy(await pending)));
  }
}

/**
 * The bytes of open documents not yet read: their lengths once their headers arrive, less what was read since; a GET
 * still awaiting its headers counts as the mean length seen so far (as unbounded before any is known, so the first
 * large document is not joined by others opened blind).
 */
class UnreadBytes {
  private readonly unread = new Map<number, number>();
  private awaitingHeaders = 0;
  private seenBytes = 0;
  private seenDocuments = 0;

  opened(): void {
    this.awaitingHeaders += 1;
  }

  answered(index: number, contentLength: number | undefined): void {
    this.awaitingHeaders -= 1;
    if (contentLength !== undefined) {
      this.unread.set(index, contentLength);
      this.seenBytes += contentLength;
      this.seenDocuments += 1;
    }
  }

  read(index: number, bytes: number): void {
    this.unread.set(index, (this.unread.get(index) ?? 0) - bytes);
  }

  done(index: number): void {
    this.unread.delete(index);
  }

  expected(): number {
    let total = 0;
    for (const bytes of this.unread.values()) {
      total += Math.max(0, bytes);
    }
    if (this.awaitingHeaders === 0) {
      return total;
    }
    return this.seenDocuments === 0 ? Number.POSITIVE_INFINITY : total + (this.awaitingHeaders * this.seenBytes) / this.seenDocuments;
  }
}

async function openCandidate(s3: S3Client, candidate: ZipCandidate, options: FetchOptions): Promise<Opened> {
  const location = parseS3Location(candidate.document.location);
  if (location === undefined) {
    return { ok: false, failure: 'The document has no valid storage location.' };
  }
  try {
    return { ok: true, stream: await openDocumentStream(s3, location, options) };
  } catch (error) {
    // Held as a value until its turn: a rejection waiting in the read-ahead would count as unhandled.
    return { ok: false, failure: error };
  }
}

// A stall or a cancel is the job's end, not one document's absence.
function missingOutcome(candidate: ZipCandidate, failure: unknown): DocumentOutcome {
  if (typeof failure === 'string') {
    return { status: 'missing', candidate, error: failure };
  }
  if (failure instanceof Error && (isStall(failure) || isCancel(failure))) {
    throw failure;
  }
  return { status: 'missing', candidate, error: missingReason(failure) };
}

async function addToZip(writer: ZipWriter, candidate: ZipCandidate, stream: DocumentStream): Promise<DocumentOutcome> {
  const { document, entryName } = candidate;
  await writer.addEntry(entryName, stream.body, {
    date: entryDate(document),
    compress: shouldCompress(document.contentType, document.fileName),
  });
  return { status: 'included', candidate, ...stream.digest() };
}

// ZIP entries need a real date; rows without a parseable one get the time of writing.
function entryDate(document: ZipCandidate['document']): Date {
  const time = Date.parse(document.indexed ?? document.created ?? '');
  return Number.isNaN(time) ? new Date() : new Date(time);
}

function missingReason(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NoSuchKey' || name === 'NotFound') {
    return 'The file was not found in storage.';
  }
  return describeAwsError(error, { service: 'S3', resource: 'document' }).message;
}

function destroy(opened: Opened): void {
  if (opened.ok) {
    opened.stream.body.destroy();
  }
}
