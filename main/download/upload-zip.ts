import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { Logger } from '../logging/logger.js';
import { formatS3Location } from './s3-location.js';
import type { S3Location } from './s3-location.js';

/** A multipart upload fed while the ZIP is being written, hashing the bytes on their way. */
export interface ZipUpload {
  /** Where the ZIP writer writes. */
  readonly input: Writable;
  /** Resolves once S3 has the whole object. */
  done(): Promise<{ readonly bytes: number; readonly sha256: string }>;
  /** Stops the upload and removes whatever reached S3: no orphan parts, no half-made object. */
  abort(): Promise<void>;
}

/** How a cleanup (abort, delete) of the ZIP's upload runs. */
export interface CleanupOptions {
  /** Where a failed cleanup is recorded, with the key: it must not pass unnoticed. */
  readonly log?: Pick<Logger, 'warn'>;
  /** How long each cleanup request may take; a stalled endpoint must not hold the job's end. */
  readonly cleanupTimeoutMs?: number;
}

export interface ZipUploadOptions extends CleanupOptions {
  /** Cancels the upload: parts in flight stop and `done()` rejects; the caller then calls `abort()`. */
  readonly signal?: AbortSignal;
}

// Parts are copied into a pool of QUEUE_SIZE + 1 buffers reused while the part size stays (QUEUE_SIZE in flight, one
// filling). lib-storage's Upload concatenates a fresh buffer per part instead; those outlive young-generation GCs and
// pile up until a full GC (docs/benchmarks.md: −35 to −50 MiB peak, −25 % time). Two parts in flight keep the link
// busy. The ZIP's size is unknown until it is written, so the part size grows with the part number (partSize):
// 5 MiB parts, and so 3 × 5 MiB of memory, for any ZIP up to 14.6 GiB; larger parts beyond.
const QUEUE_SIZE = 2;

/** The first parts' size: S3's minimum part. */
export const PART_SIZE = 5 * 1024 * 1024;
// S3's limits: 5 GiB a part, 5 TiB an object (and 10,000 parts, which partSize keeps to).
const MAX_PART_SIZE = 5 * 1024 ** 3;
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;
const MIB = 1024 * 1024;
const CONTENT_TYPE = 'application/zip';
const DEFAULT_CLEANUP_TIMEOUT_MS = 10_000;
// 5 MiB parts for the first 3,000 (ZIPs up to 14.6 GiB, most records by far), then a quarter larger every 200 parts:
// 10,000 parts then hold 8.7 TiB (≥ 5 TiB), and a 100 GB ZIP uses 90 MiB parts (3 × 90 MiB of buffers).
const PARTS_AT_MINIMUM = 3_000;
const PARTS_PER_STEP = 200;
const GROWTH_PER_STEP = 1.25;

/** The size of part `partNumber` (from 1): every part but the last has exactly this size. */
export function partSize(partNumber: number): number {
  const steps = Math.max(0, Math.ceil((partNumber - PARTS_AT_MINIMUM) / PARTS_PER_STEP));
  return Math.min(Math.floor((PART_SIZE * GROWTH_PER_STEP ** steps) / MIB) * MIB, MAX_PART_SIZE);
}

/** The ZIP outgrew what S3 can store as one object. */
export class ZipTooLargeError extends Error {
  override readonly name = 'ZipTooLargeError';

  constructor() {
    super(
      `This record is too large to download as one ZIP: the ZIP would pass the document store's limit of ${MAX_OBJECT_BYTES / 1024 ** 4} TiB per file. Nothing was saved. Contact your IT service desk.`,
    );
  }
}

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

  return {
    input,
    async done() {
      try {
        await uploaded;
      } finally {
        options.signal?.removeEventListener('abort', cancel);
      }
      return { bytes, sha256: hash.digest('hex') };
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
  private partsSent = 0;
  private failure: Error | undefined;

  constructor(
    private readonly s3: S3Client,
    private readonly object: { readonly Bucket: string; readonly Key: string },
    private readonly options: ZipUploadOptions,
  ) {}

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
    await this.s3.send(new PutObjectCommand({ ...this.object, Body: body, ContentLength: body.length, ContentType: CONTENT_TYPE }), {
      abortSignal: this.controller.signal,
    });
  }

  async complete(): Promise<void> {
    await Promise.all([...this.inFlight]);
    const Parts = [...this.completed].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await this.s3.send(new CompleteMultipartUploadCommand({ ...this.object, UploadId: await this.uploadId, MultipartUpload: { Parts } }), {
      abortSignal: this.controller.signal,
    });
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
      await cleanUp('abort-multipart-upload', this.object, this.options, (abortSignal) =>
        this.s3.send(new AbortMultipartUploadCommand({ ...this.object, UploadId: id }), { abortSignal }),
      );
    }
    // A PutObject or Complete cut off by the abort may still have finished on the server side.
    await deleteZipObject(this.s3, { bucket: this.object.Bucket, key: this.object.Key }, this.options);
  }

  private async create(): Promise<string> {
    const created = await this.s3.send(new CreateMultipartUploadCommand({ ...this.object, ContentType: CONTENT_TYPE }), {
      abortSignal: this.controller.signal,
    });
    if (created.UploadId === undefined) {
      throw new Error('S3 did not return an upload id');
    }
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

/** Deletes a ZIP object within the cleanup deadline; a failure is logged with the key, never thrown. */
export async function deleteZipObject(s3: S3Client, location: S3Location, options: CleanupOptions = {}): Promise<void> {
  const object = { Bucket: location.bucket, Key: location.key };
  await cleanUp('delete-object', object, options, (abortSignal) => s3.send(new DeleteObjectCommand(object), { abortSignal }));
}

// Each cleanup request has its own deadline; a failure is logged with the key and does not hide the job's own error.
async function cleanUp(
  operation: string,
  object: { readonly Bucket: string; readonly Key: string },
  options: CleanupOptions,
  request: (abortSignal: AbortSignal) => Promise<unknown>,
): Promise<void> {
  try {
    await request(AbortSignal.timeout(options.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS));
  } catch (error) {
    options.log?.warn('download.zip-cleanup-failed', {
      operation,
      location: formatS3Location({ bucket: object.Bucket, key: object.Key }),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}
