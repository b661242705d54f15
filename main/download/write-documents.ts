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
  readonly onDocumentDone?: (outcome: DocumentOutcome) => void;
}

/** A GET in the read-ahead: its stream, or why it failed (words already, or the error to judge in its turn). */
type Opened = { readonly ok: true; readonly stream: DocumentStream } | { readonly ok: false; readonly failure: unknown };

const DEFAULT_PREFETCH = 4;

/**
 * Streams each candidate from S3 into the ZIP in order, with bounded read-ahead.
 *
 * A document that cannot be fetched after retries is left out and reported as missing; the rest go on. A stall or a
 * cancel ends the whole job instead. Each response is dropped once its entry is written, so memory does not grow with
 * the number of documents.
 */
export async function writeDocuments(
  writer: ZipWriter,
  s3: S3Client,
  candidates: ReadonlyArray<ZipCandidate>,
  options: WriteOptions = {},
): Promise<DocumentOutcome[]> {
  const depth = Math.max(1, options.prefetch ?? DEFAULT_PREFETCH);
  // Only the responses in flight: index → the open GET.
  const opened = new Map<number, Promise<Opened>>();
  const open = (index: number): void => {
    const candidate = candidates[index];
    if (candidate !== undefined && !opened.has(index)) {
      opened.set(index, openCandidate(s3, candidate, options));
    }
  };
  const outcomes: DocumentOutcome[] = [];
  try {
    for (let index = 0; index < candidates.length; index += 1) {
      for (let ahead = index; ahead < index + depth; ahead += 1) {
        open(ahead);
      }
      const candidate = candidates[index] as ZipCandidate;
      const result = await (opened.get(index) as Promise<Opened>);
      opened.delete(index);
      const outcome = result.ok ? await addToZip(writer, candidate, result.stream) : missingOutcome(candidate, result.failure);
      outcomes.push(outcome);
      options.onDocumentDone?.(outcome);
    }
    return outcomes;
  } finally {
    // On cancel or failure, streams opened ahead must not keep their connections.
    await Promise.all([...opened.values()].map(async (pending) => destroy(await pending)));
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
