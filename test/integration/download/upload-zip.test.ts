import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../../main/setup/backend.js';
import { PART_SIZE } from '../../../main/download/part-sizes.js';
import { startZipUpload } from '../../../main/download/upload-zip.js';
import { deleteZipObject } from '../../../main/download/zip-cleanup.js';
import { createTestBucket, readObject, sha256Of } from '../../support/download-fixture.js';
import { openSandboxBackend } from '../../support/sandbox-backend.js';

/** Writes `bytes` in uneven pieces, as the ZIP writer does, waiting whenever the upload pushes back. */
async function writeInPieces(input: Writable, bytes: Buffer): Promise<void> {
  for (let offset = 0, size = 1; offset < bytes.length; offset += size, size = (size * 7 + 4099) % 300_000) {
    if (!input.write(bytes.subarray(offset, offset + size))) {
      await once(input, 'drain');
    }
  }
  input.end();
}

/**
 * Aborts `controller` when the client sends UploadPart number `partNumber` (observed, not mocked: the call goes on).
 * Returns what removes the observer.
 */
function cancelAtPart(s3: S3Client, partNumber: number, controller: AbortController): () => void {
  const name = `cancelAtPart${partNumber}`;
  s3.middlewareStack.add(
    (next) => (args) => {
      if ((args.input as { PartNumber?: number }).PartNumber === partNumber) {
        controller.abort();
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => s3.middlewareStack.remove(name);
}

/**
 * Answers the first `times` AbortMultipartUpload calls with success without sending them, as when a part still in
 * flight completes after the abort and the upload stays listed. Returns what removes the stand-in.
 */
function loseAborts(s3: S3Client, times: number): () => void {
  let lost = 0;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'AbortMultipartUploadCommand' && lost < times) {
        lost += 1;
        return { output: { $metadata: {} }, response: {} };
      }
      return next(args);
    },
    { step: 'initialize', name: 'loseAborts' },
  );
  return () => s3.middlewareStack.remove('loseAborts');
}

/** What S3 still stores under exactly this key: every version and delete marker, as IT would list them. */
async function storedUnder(s3: S3Client, bucket: string, key: string): Promise<string[]> {
  const listing = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  return [
    ...(listing.Versions ?? []).map((version) => `version ${version.Key} ${version.VersionId}`),
    ...(listing.DeleteMarkers ?? []).map((marker) => `delete marker ${marker.Key} ${marker.VersionId}`),
  ].filter((entry) => entry.split(' ').at(-2) === key);
}

/** The ids of the multipart uploads S3 lists as in progress for this key. */
async function uploadsOf(s3: S3Client, bucket: string, key: string): Promise<string[]> {
  const listing = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }));
  return (listing.Uploads ?? []).map((upload) => upload.UploadId ?? '');
}

/** A log that keeps its warnings, for tests that check what IT would see. */
function recordingLog(): { warnings: Array<{ event: string; fields: unknown }>; warn: (event: string, fields?: unknown) => void } {
  const warnings: Array<{ event: string; fields: unknown }> = [];
  return { warnings, warn: (event, fields) => warnings.push({ event, fields }) };
}

describe('startZipUpload: the ZIP reaches S3 whole, whatever its size, or nothing stays behind', () => {
  let backend: Backend;
  let s3: S3Client;
  /** Versioned, as production ZIP buckets are. */
  let bucket: string;
  let unversionedBucket: string;

  beforeAll(async () => {
    backend = await openSandboxBackend();
    s3 = backend.clients.s3;
    bucket = await createTestBucket(backend);
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    unversionedBucket = await createTestBucket(backend);
  });
  afterAll(async () => {
    for (const name of [bucket, unversionedBucket]) {
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: name }));
      for (const { Key, UploadId } of uploads.Uploads ?? []) {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: name, Key, UploadId }));
      }
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: name }));
      for (const { Key, VersionId } of [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]) {
        await s3.send(new DeleteObjectCommand({ Bucket: name, Key, VersionId }));
      }
      await s3.send(new DeleteBucketCommand({ Bucket: name }));
    }
    await backend.close();
  });

  it.each([
    ['in several parts, the last one short', 2 * PART_SIZE + 12_345],
    ['in parts that end exactly on a part boundary', 2 * PART_SIZE],
    ['in one PutObject when smaller than a part', 300_000],
    ['as an empty object', 0],
  ])('uploads a ZIP %s with its size and SHA-256', async (_case, size) => {
    const bytes = randomBytes(size);
    const key = `tmp/upload-${size}.zip`;
    const upload = startZipUpload(s3, { bucket, key });

    await writeInPieces(upload.input, bytes);
    const result = await upload.done();

    // The version S3 stored, so that exactly this ZIP can be deleted later.
    const [stored] = await storedUnder(s3, bucket, key);
    expect(stored).toBe(`version ${key} ${result.location.versionId}`);
    expect(result).toEqual({ location: { bucket, key, versionId: expect.any(String) }, bytes: size, sha256: sha256Of(bytes) });
    expect(sha256Of(await readObject(backend, bucket, key))).toBe(sha256Of(bytes));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe('application/zip');
  });

  it.each([
    ['a multipart upload on a versioned bucket', () => bucket, 2 * PART_SIZE + 1],
    ['one PutObject on a versioned bucket', () => bucket, 1_000],
    ['a multipart upload on a bucket without versioning', () => unversionedBucket, 2 * PART_SIZE + 1],
  ])('deletes the ZIP of %s for good: no version and no delete marker remain', async (_case, bucketOf, size) => {
    const target = { bucket: bucketOf(), key: `tmp/delete-${randomBytes(4).toString('hex')}.zip` };
    const log = recordingLog();
    const upload = startZipUpload(s3, target);
    await writeInPieces(upload.input, randomBytes(size));
    const { location } = await upload.done();

    await deleteZipObject(s3, location, { log });

    expect(await storedUnder(s3, target.bucket, target.key)).toEqual([]);
    expect(log.warnings).toEqual([]);
  });

  it('deletes every version and delete marker of the key when the ZIP’s version is unknown, and nothing of another key', async () => {
    const key = 'tmp/version-unknown.zip';
    const neighbour = `${key}.other`;
    for (const name of [key, key, neighbour]) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: name, Body: randomBytes(100) }));
    }
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    expect(await storedUnder(s3, bucket, key)).toHaveLength(3);

    await deleteZipObject(s3, { bucket, key });

    expect(await storedUnder(s3, bucket, key)).toEqual([]);
    expect(await storedUnder(s3, bucket, neighbour)).toHaveLength(1);
  });

  it('stops the writer and rejects when S3 refuses the upload', async () => {
    const upload = startZipUpload(s3, { bucket: 'no-such-bucket-for-zips', key: 'tmp/refused.zip' });

    const writing = writeInPieces(upload.input, randomBytes(3 * PART_SIZE));

    await expect(upload.done()).rejects.toThrow();
    expect(upload.input.destroyed).toBe(true);
    await writing.catch(() => undefined);
  });

  it('logs a cleanup that fails with the object’s key, rather than swallowing it', async () => {
    const log = recordingLog();
    const upload = startZipUpload(s3, { bucket: 'no-such-bucket-for-zips', key: 'tmp/refused.zip' }, { log });
    const writing = writeInPieces(upload.input, randomBytes(PART_SIZE + 1));
    await expect(upload.done()).rejects.toThrow();
    await writing.catch(() => undefined);

    await upload.abort();

    expect(log.warnings).toEqual([
      {
        event: 'download.zip-cleanup-failed',
        fields: expect.objectContaining({ operation: 'delete-object', location: 's3://no-such-bucket-for-zips/tmp/refused.zip' }),
      },
    ]);
  });

  it('stops at once when cancelled after three parts were sent, and leaves no upload listed and no version stored', async () => {
    const key = 'tmp/cancelled.zip';
    const controller = new AbortController();
    const log = recordingLog();
    // Cancels as the fourth part is sent: the job's signal reaches the upload itself, not only the document reads.
    const stopObserving = cancelAtPart(s3, 4, controller);
    try {
      const upload = startZipUpload(s3, { bucket, key }, { signal: controller.signal, log });
      const writing = writeInPieces(upload.input, randomBytes(6 * PART_SIZE));

      await expect(upload.done()).rejects.toMatchObject({ name: 'AbortError' });
      await writing.catch(() => undefined);
      await upload.abort();
    } finally {
      stopObserving();
    }

    expect(controller.signal.aborted).toBe(true);
    expect(await uploadsOf(s3, bucket, key)).toEqual([]);
    expect(await storedUnder(s3, bucket, key)).toEqual([]);
    expect(log.warnings).toEqual([]);
  });

  it('leaves no upload and no version behind when aborted after some parts were sent', async () => {
    const key = 'tmp/aborted.zip';
    const upload = startZipUpload(s3, { bucket, key });
    upload.input.write(randomBytes(2 * PART_SIZE + 1));
    await vi.waitFor(async () => expect(await uploadsOf(s3, bucket, key)).toHaveLength(1));

    await upload.abort();

    await expect(upload.done()).rejects.toThrow();
    expect(await uploadsOf(s3, bucket, key)).toEqual([]);
    expect(await storedUnder(s3, bucket, key)).toEqual([]);
  });

  it('takes an upload S3 no longer knows (NoSuchUpload) as aborted, and logs nothing', async () => {
    const key = 'tmp/already-aborted.zip';
    const log = recordingLog();
    const upload = startZipUpload(s3, { bucket, key }, { log });
    upload.input.write(randomBytes(PART_SIZE + 1));
    await vi.waitFor(async () => expect(await uploadsOf(s3, bucket, key)).toHaveLength(1));
    const [UploadId] = await uploadsOf(s3, bucket, key);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));

    await upload.abort();

    expect(log.warnings).toEqual([]);
    expect(await storedUnder(s3, bucket, key)).toEqual([]);
  });

  it('aborts again while S3 still lists the upload after an abort', async () => {
    const key = 'tmp/listed-after-abort.zip';
    const log = recordingLog();
    const upload = startZipUpload(s3, { bucket, key }, { log });
    upload.input.write(randomBytes(PART_SIZE + 1));
    await vi.waitFor(async () => expect(await uploadsOf(s3, bucket, key)).toHaveLength(1));
    const stopLosing = loseAborts(s3, 2);
    try {
      await upload.abort();
    } finally {
      stopLosing();
    }

    expect(await uploadsOf(s3, bucket, key)).toEqual([]);
    expect(log.warnings).toEqual([]);
  });

  it('logs the key when the upload stays listed however often it is aborted', async () => {
    const key = 'tmp/stays-listed.zip';
    const log = recordingLog();
    const upload = startZipUpload(s3, { bucket, key }, { log });
    upload.input.write(randomBytes(PART_SIZE + 1));
    await vi.waitFor(async () => expect(await uploadsOf(s3, bucket, key)).toHaveLength(1));
    const stopLosing = loseAborts(s3, Number.POSITIVE_INFINITY);
    try {
      await upload.abort();
    } finally {
      stopLosing();
    }

    expect(log.warnings).toEqual([
      { event: 'download.zip-cleanup-failed', fields: expect.objectContaining({ operation: 'abort-multipart-upload', location: `s3://${bucket}/${key}` }) },
    ]);
  });
});
