import fs from 'node:fs/promises';
import { systemErrorCode } from '../../errors.js';
import { type RetryDelays, withRetries } from '../../reliability/retry.js';

// File operations on a file the save has just written, retried through the brief locks Windows puts on new files.

// Windows antivirus and indexers hold new files open briefly; graceful-fs and VS Code retry renames for the same reason.
const TRANSIENT_FS_CODES: ReadonlySet<string> = new Set(['EPERM', 'EACCES', 'EBUSY']);
// 10 ms more per try up to 100 ms: about three seconds in all.
const TRANSIENT_FS_DELAYS: RetryDelays = Array.from({ length: 35 }, (_, retry) => Math.min(10 * (retry + 1), 100));

export function retryTransientFsError<T>(operation: () => Promise<T>): Promise<T> {
  return withRetries(operation, { delays: TRANSIENT_FS_DELAYS, shouldRetry: (error) => TRANSIENT_FS_CODES.has(systemErrorCode(error) ?? '') });
}

export async function removeQuietly(filePath: string): Promise<void> {
  await retryTransientFsError(() => fs.rm(filePath, { force: true })).catch(() => undefined);
}
