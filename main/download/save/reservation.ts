import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PARTIAL_SUFFIX, MAX_NAME_CANDIDATES, assertPlainFileName, candidatePath, createExclusive, pathExists, tooManyNames } from './file-names.js';
import { saveError, toSaveError } from './save-error.js';
import { removeQuietly } from './transient-fs.js';

// A save's claim on a name: '<name>.partial', created with O_EXCL ('wx') under the first free candidate name, so of two
// saves racing for the same name only one wins it and the other moves on to '(1)'. No empty file ever appears under a
// final name: that is taken only at the end (place-file.ts). Creating the partial file is also the one check of the
// folder that decides (exists, is a folder, takes new files), which is why the download job reserves first.

export interface Reservation {
  readonly folder: string;
  readonly fileName: string;
  /** Which candidate name ('name', 'name(1)', …) the partial file reserves. */
  readonly index: number;
  readonly partialPath: string;
  /** The partial file, open for writing. */
  readonly handle: FileHandle;
}

/**
 * Claims a free name for `fileName` in `folder`; throws SaveError ('folder-missing', 'folder-not-writable') when
 * the folder cannot take the file. Whoever holds the reservation must save into it or discard it.
 */
export async function reserveName(folder: string, fileName: string): Promise<Reservation> {
  try {
    assertPlainFileName(fileName);
    if (!path.isAbsolute(folder)) {
      throw saveError('folder-missing', folder);
    }
    for (let index = 0; index < MAX_NAME_CANDIDATES; index++) {
      const target = candidatePath(folder, fileName, index);
      if (await pathExists(target, folder)) {
        continue;
      }
      const partialPath = `${target}${PARTIAL_SUFFIX}`;
      const handle = await createExclusive(partialPath, folder);
      if (handle !== undefined) {
        return { folder, fileName, index, partialPath, handle };
      }
    }
    throw tooManyNames(folder, fileName);
  } catch (error) {
    throw toSaveError(error, folder, undefined);
  }
}

/** Gives the name up: closes the partial file and removes it, quietly. */
export async function discardReservation(reservation: Reservation): Promise<void> {
  // Windows cannot delete a file that is still open.
  await reservation.handle.close().catch(() => undefined);
  await removeQuietly(reservation.partialPath);
}
