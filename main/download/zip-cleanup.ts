/**
 * Removing what a ZIP upload left in S3, within a deadline: the stored ZIP (by its version, or every version and
 * delete marker of the job's own key) and an unfinished multipart upload. A failure is logged with the key, never
 * thrown over the job's own error.
 */
import { DeleteObjectCommand, ListMultipartUploadsCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../logging/logger.js';
import { type S3Location, formatS3Location } from './s3-location.js';

/** Where the ZIP is stored. On a versioned bucket only a delete naming its version removes it; any other adds a marker. */
export interface StoredZipLocation extends S3Location {
  /** The version S3 gave the ZIP; absent on an unversioned bucket, or when S3's answer never arrived. */
  readonly versionId?: string;
}

/** How a cleanup (abort, delete) of the ZIP's upload runs. */
export interface CleanupOptions {
  /** Where a failed cleanup is recorded, with the key: it must not pass unnoticed. */
  readonly log?: Pick<Logger, 'warn'>;
  /** How long each cleanup (all its requests) may take; a stalled endpoint must not hold the job's end. */
  readonly cleanupTimeoutMs?: number;
}

const DEFAULT_CLEANUP_TIMEOUT_MS = 10_000;

/** A bucket and key as the SDK's commands name them. */
export type S3Object = { readonly Bucket: string; readonly Key: string };

/**
 * Deletes the ZIP for good within the cleanup deadline: the version the upload made or, when it is unknown, every
 * version and delete marker of the key (a key of our own). A failure is logged with the key, never thrown.
 */
export async function deleteZipObject(s3: S3Client, location: StoredZipLocation, options: CleanupOptions = {}): Promise<void> {
  const object = { Bucket: location.bucket, Key: location.key };
  await cleanUp('delete-object', location, options, async (abortSignal) => {
    const versionIds = location.versionId === undefined ? await versionsOf(s3, object, abortSignal) : [location.versionId];
    for (const VersionId of versionIds) {
      await s3.send(new DeleteObjectCommand({ ...object, VersionId }), { abortSignal });
    }
  });
}

// One page each: the key is the job's own, so S3 holds a few versions and one upload of it, far from a page's 1,000.

/** Every version and delete marker of exactly this key (the prefix also matches longer keys). */
async function versionsOf(s3: S3Client, { Bucket, Key }: S3Object, abortSignal: AbortSignal): Promise<string[]> {
  const page = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix: Key }), { abortSignal });
  const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])];
  return entries.flatMap((entry) => (entry.Key === Key && entry.VersionId !== undefined ? [entry.VersionId] : []));
}

/** Whether S3 still lists the multipart upload as in progress. */
export async function isListed(s3: S3Client, { Bucket, Key }: S3Object, uploadId: string, abortSignal: AbortSignal): Promise<boolean> {
  const page = await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: Key }), { abortSignal });
  return (page.Uploads ?? []).some((upload) => upload.Key === Key && upload.UploadId === uploadId);
}

// Each cleanup has one deadline for all its requests; a failure is logged with the key and does not hide the job's own
// error.
export async function cleanUp(operation: string, location: S3Location, options: CleanupOptions, steps: (abortSignal: AbortSignal) => Promise<void>): Promise<void> {
  try {
    await steps(AbortSignal.timeout(options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS));
  } catch (error) {
    options.log?.warn('download.zip-cleanup-failed', {
      operation,
      location: formatS3Location(location),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}
