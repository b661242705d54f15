import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DownloadPhase } from '../../common/download.js';
import type { Manifest } from '../../common/manifest.js';
import { MANIFEST_ENTRY_NAME } from '../../common/manifest.js';
import type { Logger } from '../logging/logger.js';
import type { DocumentMetadata } from '../search/document-metadata.js';
import { assignEntryNames } from './entry-names.js';
import type { ProgressReporter } from './progress.js';
import type { S3Location } from './s3-location.js';
import type { RetryDelays } from '../reliability/retry.js';
import { ZipTooLargeError } from './part-sizes.js';
import { startZipUpload } from './upload-zip.js';
import type { StoredZipLocation } from './zip-cleanup.js';
import type { ZipOutput } from './zip-output.js';
import { type DocumentOutcome, writeDocuments } from './write-documents.js';
import { createZipWriter } from './zip-writer.js';

/** The ZIP as stored in S3, and what became of each eligible document. */
export interface BuiltZip {
  readonly location: StoredZipLocation;
  readonly bytes: number;
  readonly sha256: string;
  readonly outcomes: ReadonlyArray<DocumentOutcome>;
  /** The manifest written as the ZIP's last entry, kept so later steps need not read the ZIP back. */
  readonly manifest: Manifest;
}

export interface BuildZipRequest {
  readonly s3: S3Client;
  readonly zipBucket: string;
  readonly eligible: ReadonlyArray<DocumentMetadata>;
  /** Builds the manifest once every document's outcome is known; it is the ZIP's last entry. */
  readonly manifest: (outcomes: ReadonlyArray<DocumentOutcome>) => Manifest;
  readonly progress: ProgressReporter;
  readonly signal?: AbortSignal;
  readonly retryDelaysMs?: RetryDelays;
  readonly prefetch?: number;
  /** Where a failed cleanup of the ZIP object is recorded. */
  readonly log?: Pick<Logger, 'warn'>;
  /** The longest entry name, so every extracted path fits Windows' MAX_PATH; see maxEntryNameLengthFor. */
  readonly maxEntryNameLength?: number;
  /** Told where the ZIP goes before any byte is sent, then again with the multipart upload's id once S3 gives it. */
  readonly onUploadTarget?: (target: S3Location & { readonly uploadId?: string }) => Promise<void>;
}

/** A job failure with its own code and words, such as every document being unreadable. */
export class DownloadFailure extends Error {
  constructor(
    readonly code: 'all-missing' | 'zip-too-large',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Streams the eligible documents into a ZIP that is uploaded to `tmp/<uuid>.zip` while it is written.
 *
 * Nothing is held whole in memory. On any failure or cancel, also while the last parts upload, the multipart upload
 * is aborted and waited for, so no parts remain.
 */
export async function buildZipInS3(request: BuildZipRequest): Promise<BuiltZip> {
  const location = { bucket: request.zipBucket, key: zipKey() };
  const { onUploadTarget } = request;
  await onUploadTarget?.(location);
  const upload = startZipUpload(request.s3, location, {
    signal: request.signal,
    onMultipartStarted: onUploadTarget && ((uploadId) => onUploadTarget({ ...location, uploadId })),
    ...(request.log === undefined ? {} : { log: request.log }),
  });
  const written = await writeZip(request, upload, 'uploading');
  return { ...written, location: (await upload.done()).location };
}

/** A new ZIP object's key in the ZIP bucket: one of our own, never reused. */
export function zipKey(): string {
  return `tmp/${randomUUID()}.zip`;
}

/** A ZIP as written to an output: its size, SHA-256, what became of each document, and its manifest. */
export type WrittenZip = Omit<BuiltZip, 'location'>;

/**
 * Writes the ZIP into `output`: every eligible document, then the manifest. On failure or cancel the output is
 * aborted (and waited for) before the error goes on. `finishing` is the phase shown while the output takes the end.
 */
export async function writeZip(request: Omit<BuildZipRequest, 'zipBucket' | 'onUploadTarget'>, output: ZipOutput, finishing: DownloadPhase): Promise<WrittenZip> {
  const { progress } = request;
  const writer = createZipWriter(output.input);
  const entryNames = assignEntryNames(
    request.eligible.map((document) => document.fileName),
    request.maxEntryNameLength === undefined ? {} : { maxNameLength: request.maxEntryNameLength },
  );
  try {
    progress.update({ phase: 'zipping', documentsTotal: request.eligible.length, documentsDone: 0, bytesDone: 0 });
    const outcomes = await writeDocuments(
      writer,
      request.s3,
      request.eligible.map((document, index) => ({ document, entryName: entryNames[index] ?? document.fileName })),
      {
        signal: request.signal,
        retryDelaysMs: request.retryDelaysMs,
        prefetch: request.prefetch,
        onBytes: (count) => progress.addBytes(count),
        // A missing document is not progress: it is counted apart, and the done count says how many are in the ZIP.
        onDocumentDone: (outcome) => {
          const { documentsDone, documentsFailed } = progress.current();
          progress.update(outcome.status === 'included' ? { documentsDone: documentsDone + 1 } : { documentsFailed: documentsFailed + 1 });
        },
      },
    );
    if (!outcomes.some((outcome) => outcome.status === 'included')) {
      throw new DownloadFailure('all-missing', allMissingMessage(outcomes));
    }
    const manifest = request.manifest(outcomes);
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await writer.addEntry(MANIFEST_ENTRY_NAME, Readable.from([manifestBytes]), { date: new Date(), compress: true });
    progress.update({ phase: finishing });
    await writer.finish();
    const { bytes, sha256 } = await output.done();
    return { bytes, sha256, outcomes, manifest };
  } catch (error) {
    writer.abort(error instanceof Error ? error : new Error(String(error)));
    await output.abort();
    if (error instanceof ZipTooLargeError) {
      throw new DownloadFailure('zip-too-large', error.message);
    }
    throw error;
  }
}

function allMissingMessage(outcomes: ReadonlyArray<DocumentOutcome>): string {
  const names = outcomes.map((outcome) => outcome.candidate.document.fileName).join(', ');
  return `None of the documents could be read from storage (${names}), so no ZIP was made. Try again later; if it keeps happening, contact your IT service desk.`;
}
