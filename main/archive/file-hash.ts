/** A file's size and SHA-256, and whether it still matches what the archive recorded. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { ArchiveProgress, ArchiveStatus } from '../../common/archive.js';
import { systemErrorCode } from '../errors.js';
import { ArchiveError, fileError } from './archive-error.js';

/** A file's size and SHA-256. */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/** What checking a file against its recorded digest found. */
export interface FileCheck {
  readonly status: ArchiveStatus;
  /** Set when the file exists but cannot be read. */
  readonly problem: string | null;
}

/**
 * Streams a file through SHA-256; throws ArchiveError when it is missing or unreadable, and the signal's reason when
 * it aborts. `onProgress` hears after every chunk.
 */
export async function hashFile(file: string, signal?: AbortSignal, onProgress?: (progress: ArchiveProgress) => void): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const totalBytes = onProgress === undefined ? 0 : ((await fileSize(file)) ?? 0);
    await pipeline(createReadStream(file), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.length;
        onProgress?.({ phase: 'hashing', doneBytes: bytes, totalBytes });
      }
    }, { signal });
  } catch (error) {
    throw error instanceof ArchiveError || signal?.aborted === true ? error : fileError(error, file);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Verified, changed or missing; a size difference answers without reading the file (nor reporting progress). */
export async function checkFile(
  file: string,
  expected: FileDigest,
  signal?: AbortSignal,
  onProgress?: (progress: ArchiveProgress) => void,
): Promise<FileCheck> {
  try {
    const size = await fileSize(file);
    if (size === undefined) {
      return { status: 'missing', problem: null };
    }
    if (size !== expected.bytes) {
      return { status: 'changed', problem: null };
    }
    const { sha256 } = await hashFile(file, signal, onProgress);
    return { status: sha256 === expected.sha256 ? 'verified' : 'changed', problem: null };
  } catch (error) {
    // A file we cannot read cannot be vouched for: it counts as missing, with the reason.
    if (error instanceof ArchiveError) {
      return { status: 'missing', problem: error.code === 'file-missing' ? null : error.message };
    }
    throw error;
  }
}

/** The size of a regular file; undefined when nothing (or a folder) is at that path. */
export async function fileSize(file: string): Promise<number | undefined> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats.size : undefined;
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT' || systemErrorCode(error) === 'ENOTDIR') {
      return undefined;
    }
    throw fileError(error, file);
  }
}
