/**
 * The trace copy's upload: the saved local ZIP sent to S3 as one object, asking S3 for a full-object CRC-64/NVME
 * checksum that is also worked out here, so that what S3 stored can be compared with the file.
 *
 * The file is read part by part (sizes per part-sizes.ts); each part carries its own CRC-64/NVME (S3 refuses a part
 * whose bytes do not match it), and S3's full-object checksum in its answer is compared with the file's. An
 * upload already started (a run the app's quit cut short) goes on: parts S3 lists with the same size and checksum as
 * the file's are not sent again. The file must still hash to the SHA-256 recorded at save (the audited bytes): a file
 * changed since is never copied.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import {
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { MAX_OBJECT_BYTES, PART_SIZE, partSize } from '../part-sizes.js';
import type { S3Location } from '../s3-location.js';
import { Crc64Nvme, crc64NvmeOf } from './crc64-nvme.js';

export interface FileCopyRequest {
  readonly s3: S3Client;
  /** The saved ZIP. */
  readonly file: string;
  /** What the file held when it was saved (and audited). */
  readonly expected: { readonly bytes: number; readonly sha256: string };
  readonly target: S3Location;
  /** A multipart upload of this copy that an earlier run started: its parts are kept where they match. */
  readonly uploadId?: string;
  readonly signal?: AbortSignal;
  /** Told the multipart upload's id before any part is sent, to journal it. */
  readonly onUploadStarted?: (uploadId: string) => Promise<void>;
  /** Bytes of the file now in S3 (parts sent or found), as they go. */
  readonly onBytes?: (bytesUploaded: number) => void;
}

/** What S3 says it stored, beside what the file's bytes give. */
export interface FileCopy {
  readonly versionId?: string;
  /** CRC-64/NVME of the file as read now, base64. */
  readonly localChecksum: string;
  /** The full-object checksum S3 returned; undefined when the store returned none (nothing to compare). */
  readonly storedChecksum?: string;
  readonly storedChecksumType?: string;
}

/** The copy can never be made, however often it is tried: it is given up, with why. */
export class CopyCannotBeMade extends Error {
  override readonly name: string = 'CopyCannotBeMade';
}

/** The saved file is gone or no longer holds the bytes that were saved and audited: copying it would be a lie. */
export class LocalFileChanged extends CopyCannotBeMade {
  override readonly name = 'LocalFileChanged';
}

const ALGORITHM = 'CRC64NVME';

/** Uploads the file to `target`; throws LocalFileChanged, or the S3 error (retried by the caller). */
export async function uploadFileCopy(request: FileCopyRequest): Promise<FileCopy> {
  const handle = await open(request.file, 'r').catch((error: unknown) => {
    throw new LocalFileChanged(`The saved file ${request.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  });
  try {
    const { size } = await handle.stat();
    if (size !== request.expected.bytes) {
      throw new LocalFileChanged(`The saved file ${request.file} is ${size} bytes, not the ${request.expected.bytes} saved`);
    }
    // S3 holds at most 5 TiB an object: refused before any byte is sent (the person's file is saved whatever its size).
    if (size > MAX_OBJECT_BYTES) {
      throw new CopyCannotBeMade(`The saved file is ${size} bytes, past the document store's limit of ${MAX_OBJECT_BYTES} bytes (5 TiB) an object: no copy can be kept.`);
    }
    const reader = new PartReader(handle, request.expected);
    return size <= PART_SIZE ? await putWhole(request, reader) : await putInParts(request, reader);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads the file part by part, hashing the whole file (SHA-256 and CRC-64/NVME) on the way. Every part is read into
 * the same buffer (grown only when the part size grows): a fresh 5 MiB buffer a part would leave hundreds of them
 * for the garbage collector, which frees them late enough to raise the app's memory by tens of MiB (docs/benchmarks.md).
 */
class PartReader {
  private readonly sha256 = createHash('sha256');
  private readonly crc = new Crc64Nvme();
  private offset = 0;
  private buffer: Buffer | undefined;

  constructor(
    private readonly handle: FileHandle,
    private readonly expected: FileCopyRequest['expected'],
  ) {}

  get done(): boolean {
    return this.offset >= this.expected.bytes;
  }

  get bytesRead(): number {
    return this.offset;
  }

  /** The next part's bytes: valid only until the next call, which reads over them. */
  async next(length: number): Promise<Buffer> {
    const size = Math.min(length, this.expected.bytes - this.offset);
    if (this.buffer === undefined || this.buffer.length < size) {
      this.buffer = Buffer.allocUnsafeSlow(size);
    }
    const part = this.buffer.subarray(0, size);
    for (let filled = 0; filled < part.length; ) {
      const { bytesRead } = await this.handle.read(part, filled, part.length - filled, this.offset + filled);
      if (bytesRead === 0) {
        throw new LocalFileChanged('The saved file became shorter while it was copied');
      }
      filled += bytesRead;
    }
    this.offset += part.length;
    this.sha256.update(part);
    this.crc.update(part);
    return part;
  }

  /** The file's CRC-64/NVME, once every byte was read and the SHA-256 matched the saved one. */
  checkedChecksum(): string {
    if (this.sha256.digest('hex') !== this.expected.sha256.toLowerCase()) {
      throw new LocalFileChanged('The saved file no longer matches the SHA-256 recorded when it was saved');
    }
    return this.crc.digestBase64();
  }
}

async function putWhole(request: FileCopyRequest, reader: PartReader): Promise<FileCopy> {
  const body = await reader.next(request.expected.bytes);
  const localChecksum = reader.checkedChecksum();
  const stored = await request.s3.send(
    new PutObjectCommand({
      Bucket: request.target.bucket,
      Key: request.target.key,
      Body: body,
      ContentLength: body.length,
      ContentType: 'application/zip',
      ChecksumAlgorithm: ALGORITHM,
      ChecksumCRC64NVME: localChecksum,
    }),
    { abortSignal: request.signal },
  );
  request.onBytes?.(body.length);
  return { versionId: stored.VersionId, localChecksum, storedChecksum: stored.ChecksumCRC64NVME, storedChecksumType: stored.ChecksumType };
}

async function putInParts(request: FileCopyRequest, reader: PartReader): Promise<FileCopy> {
  const object = { Bucket: request.target.bucket, Key: request.target.key };
  const { signal } = request;
  let listed = request.uploadId === undefined ? undefined : await listedParts(request.s3, object, request.uploadId, signal);
  let uploadId = listed === undefined ? undefined : request.uploadId;
  if (uploadId === undefined) {
    const created = await request.s3.send(
      new CreateMultipartUploadCommand({ ...object, ContentType: 'application/zip', ChecksumAlgorithm: ALGORITHM, ChecksumType: 'FULL_OBJECT' }),
      { abortSignal: signal },
    );
    if (created.UploadId === undefined) {
      throw new Error('S3 did not return an upload id');
    }
    uploadId = created.UploadId;
    listed = new Map();
    await request.onUploadStarted?.(uploadId);
  }
  const parts: CompletedPart[] = [];
  for (let PartNumber = 1; !reader.done; PartNumber++) {
    signal?.throwIfAborted();
    const body = await reader.next(partSize(PartNumber));
    const checksum = crc64NvmeOf(body);
    const earlier = listed?.get(PartNumber);
    if (earlier !== undefined && earlier.size === body.length && earlier.checksum === checksum) {
      parts.push({ PartNumber, ETag: earlier.etag, ChecksumCRC64NVME: checksum });
    } else {
      const sent = await request.s3.send(
        new UploadPartCommand({ ...object, UploadId: uploadId, PartNumber, Body: body, ContentLength: body.length, ChecksumAlgorithm: ALGORITHM, ChecksumCRC64NVME: checksum }),
        { abortSignal: signal },
      );
      if (sent.ETag === undefined) {
        throw new Error(`S3 returned no ETag for part ${PartNumber}`);
      }
      parts.push({ PartNumber, ETag: sent.ETag, ChecksumCRC64NVME: checksum });
    }
    request.onBytes?.(reader.bytesRead);
  }
  const localChecksum = reader.checkedChecksum();
  const stored = await request.s3.send(
    // The whole file's checksum is compared with S3's answer rather than sent: the sandbox's S3 checks a Complete's
    // x-amz-checksum-* header against the request's XML body and refuses it (BadDigest).
    new CompleteMultipartUploadCommand({ ...object, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
    { abortSignal: signal },
  );
  return { versionId: stored.VersionId, localChecksum, storedChecksum: stored.ChecksumCRC64NVME, storedChecksumType: stored.ChecksumType };
}

type ListedPart = { readonly size: number; readonly etag: string; readonly checksum: string | undefined };

/** The parts S3 holds of an earlier run's upload, by number; undefined when the upload is gone (completed or aborted). */
async function listedParts(s3: S3Client, object: { Bucket: string; Key: string }, UploadId: string, signal?: AbortSignal): Promise<Map<number, ListedPart> | undefined> {
  const parts = new Map<number, ListedPart>();
  let marker: string | undefined;
  try {
    do {
      const page = await s3.send(new ListPartsCommand({ ...object, UploadId, PartNumberMarker: marker }), { abortSignal: signal });
      for (const part of page.Parts ?? []) {
        if (part.PartNumber !== undefined && part.ETag !== undefined) {
          parts.set(part.PartNumber, { size: part.Size ?? -1, etag: part.ETag, checksum: part.ChecksumCRC64NVME });
        }
      }
      marker = page.IsTruncated === true ? page.NextPartNumberMarker : undefined;
    } while (marker !== undefined);
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchUpload') {
      return undefined;
    }
    throw error;
  }
  return parts;
}
