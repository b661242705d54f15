import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { MAX_OBJECT_BYTES, ZipTooLargeError, partSize } from './part-sizes.js';
import type { S3Location } from './s3-location.js';
import type { ZipOutput } from './zip-output.js';
import { type CleanupOptions, cleanUp, deleteZipObject, isListed, type S3Object, type StoredZipLocation } from './zip-cleanup.js';

/** A multipart upload fed while the ZIP is being written, hashing the bytes on their way. */
export interface ZipUpload extends ZipOutput {
  /** Where the ZIP writer writes. */
  readonly input: Writable;
  /** Resolves once S3 has the whole object (the same promise each time). */
  done(): Promise<{ readonly location: StoredZipLocation; readonly bytes: number; readonly sha256: string }>;
  /** Stops the upload and removes whatever reached S3: no orphan parts, no half-made object. */
  abort(): Promise<void>;
}

export interface ZipUploadOptions extends CleanupOptions {
  /** Cancels the upload: parts in flight stop and `done()` rejects; the caller then calls `abort()`. */
  readonly signal?: AbortSignal;
  /** Told the multipart upload's id once S3 gives it, before any part is sent: the job journals it for the sweep. */
  readonly onMultipartStarted?: (uploadId: string) => Promise<void>;
}

// Parts are copied into a pool of QUEUE_SIZE + 1 buffers reused while the part size stays (QUEUE_SIZE in flight, one
// filling). lib-storage's Upload concatenates a fresh buffer per part instead; those outlive young-generation GCs and
// pile up until a full GC (docs/benchmarks.md: −35 to −50 MiB peak, −25 % time). Two parts in flight keep the link
// busy. With partSize's schedule that is 3 × 5 MiB of memory for any ZIP up to 14.6 GiB; larger parts beyond.
const QUEUE_SIZE = 2;

const CONTENT_TYPE = 'application/zip';
// S3 documents that a part still uploading may complete after an abort, so an upload still listed is aborted again.
const MAX_ABORTS = 3;

/** Starts uploading whatever is written to `input` to the given bucket and key as one object. */
export function startZipUpload(s3: S3Client, target: S3Location, options: ZipUploadOptions = {}): ZipUpload {
  const parts = new PartSender(s3, { Bucket: target.bucket, Key: target.key }, options);
  const hash = createHash('sha256');
  let free: Buffer[] = [];
  let current: Buffer | undefined;
  let filled = 0;
  let bytes = 0;

  const sendCurrent = async (): Promise<void> => {
    const buffer = current as Buffer;
    const length = filled;
    current = undefined;
    filled = 0;
    await parts.send(buffer.subarray(0, length), () => free.push(buffer));
  };

  const nextBuffer = (): Buffer => {
    const size = partSize(parts.nextPartNumber);
    // Buffers of an earlier, smaller part size are left to the GC.
    free = free.filter((buffer) => buffer.length === size);
    return free.pop() ?? Buffer.allocUnsafeSlow(size);
  };

  const write = async (chunk: Buffer): Promise<void> => {
    bytes += chunk.length;
    if (bytes > MAX_OBJECT_BYTES) {
      throw new ZipTooLargeError();
    }
    hash.update(chunk);
    for (let offset = 0; offset < chunk.length; ) {
      current ??= nextBuffer();
      const copied = chunk.copy(current, filled, offset);
      filled += copied;
      offset += copied;
      if (filled === current.length) {
        await sendCurrent();
      }
    }
  };

  const finish = async (): Promise<void> => {
    if (!parts.started) {
      // Smaller than one part: one PutObject instead of the three requests of a multipart upload.
      await parts.putWhole((current ?? Buffer.alloc(0)).subarray(0, filled));
      return;
    }
    if (filled > 0) {
      await sendCurrent();
    }
    await parts.complete();
  };

  const input = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      write(chunk).then(() => callback(), callback);
    },
    final(callback) {
      finish().then(() => callback(), callback);
    },
  });
  // A failed part stops the ZIP writer at once; it would otherwise go on filling parts that can never complete.
  parts.onFailure = (error) => input.destroy(error);
  const cancel = (): void => {
    parts.stop();
    input.destroy(options.signal?.reason instanceof Error ? options.signal.reason : new Error('Cancelled'));
  };
  if (options.signal?.aborted === true) {
    cancel();
  }
  options.signal?.addEventListener('abort', cancel, { once: true });
  // Rejects with the part's or the writer's error, or as a premature close when aborted.
  const uploaded = finished(input);
  uploaded.catch(() => undefined);

  let stored: ReturnType<ZipUpload['done']> | undefined;
  return {
    input,
    done() {
      // Asked by the ZIP's writer and by whoever wants the location: one answer for both.
      stored ??= (async () => {
        try {
          await uploaded;
        } finally {
          options.signal?.removeEventListener('abort', cancel);
        }
        return { location: parts.location, bytes, sha256: hash.digest('hex') };
      })();
      return stored;
    },
    async abort() {
      options.signal?.removeEventListener('abort', cancel);
      input.destroy();
      await parts.abort();
    },
  };
}

/** The S3 side: one multipart upload with at most QUEUE_SIZE parts in flight, or one PutObject for a small ZIP. */
class PartSender {
  onFailure: (error: Error) => void = () => undefined;
  private readonly controller = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly completed: CompletedPart[] = [];
  private uploadId: Promise<string> | undefined;
  private versionId: string | undefined;
  private partsSent = 0;
  private failure: Error | undefined;

  constructor(
    private readonly s3: S3Client,
    private readonly object: S3Object,
    private readonly options: ZipUploadOptions,
  ) {}

  get location(): StoredZipLocation {
    return { bucket: this.object.Bucket, key: this.object.Key, versionId: this.versionId };
  }

  get started(): boolean {
    return this.uploadId !== undefined;
  }

  get nextPartNumber(): number {
    return this.partsSent + 1;
  }

  /** Waits for a free slot, then sends `body` as the next part; `release` runs once S3 no longer needs its bytes. */
  async send(body: Buffer, release: () => void): Promise<void> {
    while (this.inFlight.size >= QUEUE_SIZE && this.failure === undefined) {
      await Promise.race(this.inFlight).catch(() => undefined);
    }
    if (this.failure !== undefined) {
      release();
      throw this.failure;
    }
    this.uploadId ??= this.create();
    const part = this.uploadPart(body, ++this.partsSent).finally(() => {
      this.inFlight.delete(part);
      release();
    });
    part.catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
      this.onFailure(this.failure);
    });
    this.inFlight.add(part);
  }

  async putWhole(body: Buffer): Promise<void> {
    const stored = await this.s3.send(new PutObjectCommand({ ...this.object, Body: body, ContentLength: body.length, ContentType: CONTENT_TYPE }), {
      abortSignal: this.controller.signal,
    });
    this.versionId = stored.VersionId;
  }

  async complete(): Promise<void> {
    await Promise.all([...this.inFlight]);
    const Parts = [...this.completed].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    const stored = await this.s3.send(new CompleteMultipartUploadCommand({ ...this.object, UploadId: await this.uploadId, MultipartUpload: { Parts } }), {
      abortSignal: this.controller.signal,
    });
    this.versionId = stored.VersionId;
  }

  /** Stops every request in flight and any later one. */
  stop(): void {
    this.controller.abort();
  }

  async abort(): Promise<void> {
    this.stop();
    await Promise.allSettled([...this.inFlight]);
    // A failed CreateMultipartUpload left no upload to abort.
    const id = await this.uploadId?.catch(() => undefined);
    if (id !== undefined) {
      await cleanUp('abort-multipart-upload', this.location, this.options, (abortSignal) => this.abortUntilGone(id, abortSignal));
    }
    // A PutObject or Complete cut off by the abort may still have finished on the server side.
    await deleteZipObject(this.s3, this.location, this.options);
  }

  private async abortUntilGone(UploadId: string, abortSignal: AbortSignal): Promise<void> {
    for (let attempt = 0; attempt < MAX_ABORTS; attempt++) {
      try {
        await this.s3.send(new AbortMultipartUploadCommand({ ...this.object, UploadId }), { abortSignal });
      } catch (error) {
        if (error instanceof Error && error.name === 'NoSuchUpload') {
          return;
        }
        throw error;
      }
      if (!(await isListed(this.s3, this.object, UploadId, abortSignal))) {
        return;
      }
    }
    throw new Error(`the multipart upload ${UploadId} is still listed after ${MAX_ABORTS} aborts`);
  }

  private async create(): Promise<string> {
    const created = await this.s3.send(new CreateMultipartUploadCommand({ ...this.object, ContentType: CONTENT_TYPE }), {
      abortSignal: this.controller.signal,
    });
    if (created.UploadId === undefined) {
      throw new Error('S3 did not return an upload id');
    }
    await this.options.onMultipartStarted?.(created.UploadId);
    return created.UploadId;
  }

  private async uploadPart(body: Buffer, PartNumber: number): Promise<void> {
    const UploadId = await (this.uploadId as Promise<string>);
    const result = await this.s3.send(new UploadPartCommand({ ...this.object, UploadId, PartNumber, Body: body, ContentLength: body.length }), {
      abortSignal: this.controller.signal,
    });
    if (result.ETag === undefined) {
      throw new Error(`S3 returned no ETag for part ${PartNumber}`);
    }
    this.completed.push({ PartNumber, ETag: result.ETag });
  }
}
