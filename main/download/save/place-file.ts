import fs from 'node:fs/promises';
import { systemErrorCode } from '../../errors.js';
import { MAX_NAME_CANDIDATES, PARTIAL_SUFFIX, candidatePath, createExclusive, pathExists, tooManyNames } from './file-names.js';
import type { Reservation } from './reservation.js';
import { fsSaveError } from './save-error.js';
import { removeQuietly, retryTransientFsError } from './transient-fs.js';

// Puts the verified partial file under its final name, never over another file, and makes the new entry durable.

/**
 * Places the (closed) partial file under the reserved name, or the next free one when that was taken meanwhile; two
 * saves may have raced, or the user may have created the name. Returns the final path.
 */
export async function placeVerifiedFile(reservation: Reservation): Promise<string> {
  const { folder, fileName, partialPath } = reservation;
  for (let index = reservation.index; index < MAX_NAME_CANDIDATES; index++) {
    const target = candidatePath(folder, fileName, index);
    // Another save's partial file is its claim on that name.
    if (index > reservation.index && (await pathExists(`${target}${PARTIAL_SUFFIX}`, folder))) {
      continue;
    }
    if (await placeWithoutOverwrite(partialPath, target, folder)) {
      await syncFolder(folder);
      return target;
    }
  }
  throw tooManyNames(folder, fileName);
}

// link() fails with EEXIST instead of replacing, atomically, on POSIX and NTFS; rename() would silently overwrite.
// Returns false when the target is taken.
async function placeWithoutOverwrite(partialPath: string, target: string, folder: string): Promise<boolean> {
  try {
    await fs.link(partialPath, target);
  } catch (error) {
    if (systemErrorCode(error) === 'EEXIST') {
      return false;
    }
    return renameOverOwnPlaceholder(partialPath, target, folder);
  }
  await removeQuietly(partialPath);
  return true;
}

// For file systems without hard links (FAT/exFAT USB sticks, some network shares): claim the name with an exclusive
// empty file, then rename over our own claim. The empty file is visible only for the instant of the rename.
async function renameOverOwnPlaceholder(partialPath: string, target: string, folder: string): Promise<boolean> {
  const placeholder = await createExclusive(target, folder);
  if (placeholder === undefined) {
    return false;
  }
  await placeholder.close();
  try {
    await retryTransientFsError(() => fs.rename(partialPath, target));
  } catch (error) {
    await removeQuietly(target);
    throw fsSaveError(error, folder);
  }
  return true;
}

// Makes the new directory entry itself durable on POSIX; Windows cannot open a folder for syncing.
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') {
    return;
  }
  try {
    const handle = await fs.open(folder, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // The file is already saved and verified; this is only extra durability.
  }
}
