import fs from 'node:fs/promises';
import { saveError } from './save-error.js';

// Whether the folder has room for the ZIP; asked at save time, the first moment the ZIP's size is known.

const FREE_SPACE_MARGIN_BYTES = 1024 * 1024;

/** Throws SaveError 'disk-full' when the folder's file system reports too little free space for `expectedBytes`. */
export async function checkFreeSpace(folder: string, expectedBytes: number): Promise<void> {
  const statfs = (fs as Partial<typeof fs>).statfs;
  if (statfs === undefined) {
    return;
  }
  // Some network drives and pseudo file systems (sysfs, some FUSE mounts) cannot report free space: statfs fails, or
  // reports a size of zero blocks. The write itself still catches a full disk.
  const space = await statfs(folder).catch(() => undefined);
  if (space === undefined || space.blocks === 0) {
    return;
  }
  if (space.bavail * space.bsize < expectedBytes + FREE_SPACE_MARGIN_BYTES) {
    throw saveError('disk-full', folder);
  }
}
