import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ChecksumAlgorithm } from './checksums.js';

// The sandbox S3's state: buckets, every version of every key, and multipart uploads in progress. Object bytes live
// in files (blobs/); the rest in memory, and, for a sandbox kept on disk, in an append-only journal replayed at start.

export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface StoredChecksum {
  readonly algorithm: ChecksumAlgorithm;
  /** Base64; a composite checksum ends in -N. */
  readonly value: string;
  readonly type: ChecksumType;
}

/** Headers S3 keeps with an object and returns on GET and HEAD. */
export type ObjectHeaders = Readonly<Record<string, string>>;

export interface ObjectVersion {
  readonly versionId: string;
  readonly deleteMarker: boolean;
  readonly lastModified: string;
  /** Hex MD5, or the multipart form `md5-of-md5s-N`; unquoted. */
  readonly etag: string;
  readonly size: number;
  readonly blob?: string;
  readonly headers: ObjectHeaders;
  readonly checksum?: StoredChecksum;
  /** Sizes of the parts of a multipart object, for GET ?partNumber. */
  readonly partSizes?: ReadonlyArray<number>;
}

export type VersioningStatus = 'Enabled' | 'Suspended' | undefined;

export interface Bucket {
  readonly name: string;
  readonly created: string;
  versioning: VersioningStatus;
  /** Every key's versions, newest first. */
  readonly keys: Map<string, ObjectVersion[]>;
}

export interface UploadedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly blob: string;
  readonly lastModified: string;
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

export interface Upload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
  readonly headers: ObjectHeaders;
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumType?: ChecksumType;
  readonly parts: Map<number, UploadedPart>;
}

type JournalEntry =
  | { readonly t: 'bucket'; readonly name: string; readonly created: string }
  | { readonly t: 'bucket-delete'; readonly name: string }
  | { readonly t: 'versioning'; readonly name: string; readonly status: VersioningStatus }
  | { readonly t: 'version'; readonly bucket: string; readonly key: string; readonly version: ObjectVersion }
  | { readonly t: 'version-delete'; readonly bucket: string; readonly key: string; readonly versionId: string }
  | { readonly t: 'upload'; readonly upload: Omit<Upload, 'parts'> }
  | { readonly t: 'part'; readonly uploadId: string; readonly part: UploadedPart }
  | { readonly t: 'upload-end'; readonly uploadId: string };

/** Compares keys as S3 orders them: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export class S3Store {
  readonly buckets = new Map<string, Bucket>();
  readonly uploads = new Map<string, Upload>();
  private readonly blobs: string;
  private readonly journal: string | undefined;

  constructor(directory: string, persistent: boolean) {
    this.blobs = join(directory, 'blobs');
    mkdirSync(this.blobs, { recursive: true });
    this.journal = persistent ? join(directory, 'journal.jsonl') : undefined;
    if (this.journal !== undefined && existsSync(this.journal)) {
      for (const line of readFileSync(this.journal, 'utf8').split('\n')) {
        if (line.trim() !== '') {
          this.apply(JSON.parse(line) as JournalEntry);
        }
      }
    }
  }

  /** A new file path for an object's or a part's bytes, and its name for the records. */
  newBlob(): { readonly name: string; readonly path: string } {
    const name = randomUUID();
    return { name, path: this.blobPath(name) };
  }

  blobPath(name: string): string {
    return join(this.blobs, name);
  }

  removeBlob(name: string | undefined): void {
    if (name !== undefined) {
      try {
        unlinkSync(this.blobPath(name));
      } catch {
        // Already gone.
      }
    }
  }

  createBucket(name: string): void {
    this.record({ t: 'bucket', name, created: new Date().toISOString() });
  }

  deleteBucket(name: string): void {
    this.record({ t: 'bucket-delete', name });
  }

  setVersioning(name: string, status: VersioningStatus): void {
    this.record({ t: 'versioning', name, status });
  }

  /** Adds a version as the newest; in a bucket without versioning (or suspended) it replaces the `null` version. */
  putVersion(bucket: Bucket, key: string, version: Omit<ObjectVersion, 'versionId' | 'lastModified'>): ObjectVersion {
    const versionId = bucket.versioning === 'Enabled' ? newVersionId() : 'null';
    const replaced = (bucket.keys.get(key) ?? []).find((existing) => existing.versionId === versionId);
    const stored: ObjectVersion = { ...version, versionId, lastModified: new Date().toISOString() };
    this.record({ t: 'version', bucket: bucket.name, key, version: stored });
    if (replaced !== undefined && replaced.blob !== stored.blob) {
      this.removeBlob(replaced.blob);
    }
    return stored;
  }

  /** Removes one version for good (and its bytes). */
  deleteVersion(bucket: Bucket, key: string, versionId: string): ObjectVersion | undefined {
    const version = (bucket.keys.get(key) ?? []).find((existing) => existing.versionId === versionId);
    if (version !== undefined) {
      this.record({ t: 'version-delete', bucket: bucket.name, key, versionId });
      this.removeBlob(version.blob);
    }
    return version;
  }

  createUpload(upload: Omit<Upload, 'parts' | 'uploadId' | 'initiated'>): Upload {
    const created = { ...upload, uploadId: randomBytes(24).toString('base64url'), initiated: new Date().toISOString() };
    this.record({ t: 'upload', upload: created });
    return this.uploads.get(created.uploadId) as Upload;
  }

  putPart(upload: Upload, part: UploadedPart): void {
    const replaced = upload.parts.get(part.partNumber);
    this.record({ t: 'part', uploadId: upload.uploadId, part });
    if (replaced !== undefined) {
      this.removeBlob(replaced.blob);
    }
  }

  /** Forgets an upload and removes its parts' bytes. */
  endUpload(upload: Upload): void {
    this.record({ t: 'upload-end', uploadId: upload.uploadId });
    for (const part of upload.parts.values()) {
      this.removeBlob(part.blob);
    }
  }

  private record(entry: JournalEntry): void {
    this.apply(entry);
    if (this.journal !== undefined) {
      appendFileSync(this.journal, `${JSON.stringify(entry)}\n`);
    }
  }

  private apply(entry: JournalEntry): void {
    switch (entry.t) {
      case 'bucket':
        this.buckets.set(entry.name, { name: entry.name, created: entry.created, versioning: undefined, keys: new Map() });
        return;
      case 'bucket-delete':
        this.buckets.delete(entry.name);
        return;
      case 'versioning': {
        const bucket = this.buckets.get(entry.name);
        if (bucket !== undefined) {
          bucket.versioning = entry.status;
        }
        return;
      }
      case 'version': {
        const versions = this.buckets.get(entry.bucket)?.keys;
        if (versions !== undefined) {
          const others = (versions.get(entry.key) ?? []).filter((existing) => existing.versionId !== entry.version.versionId);
          versions.set(entry.key, [entry.version, ...others]);
        }
        return;
      }
      case 'version-delete': {
        const versions = this.buckets.get(entry.bucket)?.keys;
        const remaining = (versions?.get(entry.key) ?? []).filter((existing) => existing.versionId !== entry.versionId);
        if (remaining.length === 0) {
          versions?.delete(entry.key);
        } else {
          versions?.set(entry.key, remaining);
        }
        return;
      }
      case 'upload':
        this.uploads.set(entry.upload.uploadId, { ...entry.upload, parts: new Map() });
        return;
      case 'part':
        this.uploads.get(entry.uploadId)?.parts.set(entry.part.partNumber, entry.part);
        return;
      case 'upload-end':
        this.uploads.delete(entry.uploadId);
        return;
    }
  }
}

/** A version id shaped like S3's: 32 URL-safe characters. */
function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}
