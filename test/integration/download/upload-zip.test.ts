import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DeleteBucketCommand, DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../main/setup/backend.js';
import { PART_SIZE, startZipUpload } from '../../../main/download/upload-zip.js';
import { createTestBucket, listKeys, readObject, sha256Of } from '../../support/download-fixture.js';
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

describe('startZipUpload: the ZIP reaches S3 whole, whatever its size, or nothing stays behind', () => {
  let backend: Backend;
  let bucket: string;

  beforeAll(async () => {
    backend = await openSandboxBackend();
    bucket = await createTestBucket(backend);
  });
  afterAll(async () => {
    for (const key of await listKeys(backend, bucket)) {
      await backend.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
    await backend.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
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
    const upload = startZipUpload(backend.clients.s3, { bucket, key });

    await writeInPieces(upload.input, bytes);
    const result = await upload.done();

    expect(result).toEqual({ bytes: size, sha256: sha256Of(bytes) });
    expect(sha256Of(await readObject(backend, bucket, key))).toBe(sha256Of(bytes));
    const head = await backend.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe('application/zip');
  });

  it('stops the writer and rejects when S3 refuses the upload', async () => {
    const upload = startZipUpload(backend.clients.s3, { bucket: 'no-such-bucket-for-zips', key: 'tmp/refused.zip' });

    const writing = writeInPieces(upload.input, randomBytes(3 * PART_SIZE));

    await expect(upload.done()).rejects.toThrow();
    expect(upload.input.destroyed).toBe(true);
    await writing.catch(() => undefined);
  });

  it('logs a cleanup that fails with the object’s key, rather than swallowing it', async () => {
    const warnings: Array<{ event: string; fields: unknown }> = [];
    const log = { warn: (event: string, fields?: unknown) => warnings.push({ event, fields }) };
    const upload = startZipUpload(backend.clients.s3, { bucket: 'no-such-bucket-for-zips', key: 'tmp/refused.zip' }, { log });
    const writing = writeInPieces(upload.input, randomBytes(PART_SIZE + 1));
    await expect(upload.done()).rejects.toThrow();
    await writing.catch(() => undefined);

    await upload.abort();

    expect(warnings).toEqual([
      {
        event: 'download.zip-cleanup-failed',
        fields: expect.objectContaining({ operation: 'delete-object', location: 's3://no-such-bucket-for-zips/tmp/refused.zip' }),
      },
    ]);
  });

  it('stops at once when cancelled while parts upload, and leaves no object behind', async () => {
    const key = 'tmp/cancelled.zip';
    const controller = new AbortController();
    // Cancels as the third part is sent: the job's signal reaches the upload itself, not only the document reads.
    const stopObserving = cancelAtPart(backend.clients.s3, 3, controller);
    const upload = startZipUpload(backend.clients.s3, { bucket, key }, { signal: controller.signal, log: { warn: () => undefined } });
    const writing = writeInPieces(upload.input, randomBytes(6 * PART_SIZE));

    await expect(upload.done()).rejects.toMatchObject({ name: 'AbortError' });
    await writing.catch(() => undefined);
    await upload.abort();
    stopObserving();

    expect(controller.signal.aborted).toBe(true);
    expect(await listKeys(backend, bucket)).not.toContain(key);
  });

  it('leaves no object behind when aborted after some parts were sent', async () => {
    const key = 'tmp/aborted.zip';
    const upload = startZipUpload(backend.clients.s3, { bucket, key });
    upload.input.write(randomBytes(2 * PART_SIZE + 1));
    await new Promise((resolve) => setTimeout(resolve, 200));

    await upload.abort();

    await expect(upload.done()).rejects.toThrow();
    expect(await listKeys(backend, bucket)).not.toContain(key);
  });
});
