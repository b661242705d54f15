import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Location } from './s3-location.js';

/** A multipart upload fed while the ZIP is being written, hashing the bytes on their way. */
export interface ZipUpload {
  /** Where the ZIP writer writes. */
  readonly input: Transform;
  /** Resolves once S3 has the whole object. */
  done(): Promise<{ readonly bytes: number; readonly sha256: string }>;
  /** Aborts the multipart upload so no orphan parts stay behind. */
  abort(): Promise<void>;
}

// Memory held by the upload is about queueSize × partSize; 4 × 8 MiB keeps it well inside the 64 MB budget while
// keeping four parts in flight. 8 MiB parts allow ZIPs up to 80 GB within S3's 10,000-part limit.
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

/** Starts uploading whatever is written to `input` to the given bucket and key as one object. */
export function startZipUpload(s3: S3Client, target: S3Location): ZipUpload {
  const hash = createHash('sha256');
  let bytes = 0;
  const input = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const upload = new Upload({
    client: s3,
    params: { Bucket: target.bucket, Key: target.key, Body: input, ContentType: 'application/zip' },
    partSize: PART_SIZE,
    queueSize: QUEUE_SIZE,
    leavePartsOnError: false,
  });
  const finished = upload.done();
  // A failed upload must also stop the ZIP writer, which would otherwise wait forever on a full buffer.
  finished.catch((error: unknown) => input.destroy(error instanceof Error ? error : new Error(String(error))));
  return {
    input,
    async done() {
      await finished;
      return { bytes, sha256: hash.digest('hex') };
    },
    async abort() {
      input.destroy();
      await upload.abort();
      await finished.catch(() => undefined);
    },
  };
}
